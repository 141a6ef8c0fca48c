"""JSON event tables: a list of event objects, or an object holding `events` (and `sources`).

Sources may be nested in each event (`"sources": [{"publisher": ...}]`) or kept in a separate
`sources` list that events reference by id. Every event keeps the line of the file where its
object starts, so problems point at it. TimelineJS JSON is recognised here and handed on.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.io.reading import read_bytes
from viewer.record.problems import LoadError, Problem, line_items
from viewer.record.raw import RawTable

_WS = " \t\n\r"
_decoder = json.JSONDecoder()
_digits_decoder = json.JSONDecoder(parse_int=str)
"""For a value holding an integer too long for Python to convert (4,300 digits): its digits."""
MAX_NESTING = 32
"""Levels of lists and objects a cell's value may have; deeper ones are not shown."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JsonDocument:
    """A decoded document with the line of each element of its top-level event list."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.root: object = None
        self.lists: dict[str, tuple[list, list[int]]] = {}
        self._end = 0
        self._counted = (0, 1)  # (offset, line at that offset): lines are counted forward
        # Half characters (lone surrogates) can only be written as \uD800-style escapes: one
        # search tells whether any value must be mended as it is decoded (clean files: no cost).
        self.surrogates = _SURROGATE_ESCAPE.search(text) is not None
        self.mended: list[tuple[str | None, int, str, object]] = []
        """(list name or None, place in the list or line, key, mended value) of each value
        that held half a character: reported as remarks once the lists are read."""

    def line_at(self, offset: int) -> int:
        at, line = self._counted
        if offset < at:
            at, line = 0, 1
        line += self.text.count("\n", at, offset)
        self._counted = (offset, line)
        return line

    def parse(self, progress: Progress) -> None:
        """Walk the top level by hand so the elements of `events` and `sources` get their lines."""
        pos = _skip(self.text, 0)
        if pos >= len(self.text):
            raise LoadError(self.path, "the file is empty")
        head = self.text[pos]
        if head == "[":
            self.lists["events"] = self._array(pos, progress)
            self.root = self.lists["events"][0]
        elif head == "{":
            self.root = self._object(pos, progress)
        else:
            raise LoadError(self.path, "not a table: expected a list of events or an object")
        end = _skip(self.text, self._end)
        if end < len(self.text):
            raise LoadError(self.path, f"not valid JSON: extra data at line {self.line_at(end)}")

    def _value(self, pos: int) -> tuple[object, int]:
        try:
            try:
                return _decoder.raw_decode(self.text, pos)
            except ValueError as exc:
                if isinstance(exc, json.JSONDecodeError):
                    raise
                return _digits_decoder.raw_decode(self.text, pos)  # a huge integer
        except json.JSONDecodeError as exc:
            raise LoadError(
                self.path, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
        except RecursionError:
            raise LoadError(self.path, "not a table: nested too deeply") from None

    def _mend(self, value: object, name: str | None, place: int, key: str = "") -> object:
        """`value` with every half character replaced by \ufffd, noting the keys mended."""
        if _too_deep(value):
            return value  # (not shown at all: see _records)
        if not isinstance(value, dict) or key:
            mended = _mended(value)
            if mended != value or key != _mended(key):
                self.mended.append((name, place, key, mended))
            return mended
        out = {}
        for key, item in value.items():
            new_key, new_item = _mended(key), _mended(item)
            if new_key != key or new_item != item:
                self.mended.append((name, place, str(new_key), new_item))
            out[new_key] = new_item
        return out

    def mended_problems(self) -> list[Problem]:
        """A remark for each value that held half a character, where it is in the file."""
        out = []
        reason = "not valid text: half of a character (a lone surrogate) shown as \ufffd"
        for name, place, key, value in self.mended:
            item = None
            line = place
            if name is not None:
                lines = self.lists.get(name, ([], []))[1]
                if place >= len(lines):
                    continue
                line = lines[place]
                places = line_items(lines)
                item = int(places[place]) or None if places is not None else None
            problem = Problem(str(self.path), line, key or None, cell_text(value), reason)
            out.append(replace(problem, dropped=False, item=item))
        return out

    def _expect(self, pos: int, chars: str) -> int:
        pos = _skip(self.text, pos)
        if pos >= len(self.text) or self.text[pos] not in chars:
            found = "end of file" if pos >= len(self.text) else repr(self.text[pos])
            raise LoadError(
                self.path,
                f"not valid JSON (line {self.line_at(pos)}: expected {' or '.join(chars)}, "
                f"found {found})",
            )
        return pos

    def _array(self, pos: int, progress: Progress, name: str = "events") -> tuple[list, list[int]]:
        items: list = []
        lines: list[int] = []
        pos = _skip(self.text, pos + 1)
        if pos < len(self.text) and self.text[pos] == "]":
            self._end = pos + 1
            return items, lines
        total = max(len(self.text), 1)
        while True:
            pos = _skip(self.text, pos)
            value, after = self._value(pos)
            if self.surrogates:
                value = self._mend(value, name, len(items))
            items.append(value)
            lines.append(self.line_at(pos))
            if len(items) % 20000 == 0:
                progress.step(0.3 + 0.4 * pos / total, "Parsing")
            pos = self._expect(after, ",]")
            if self.text[pos] == "]":
                self._end = pos + 1
                return items, lines
            pos += 1

    def _object(self, pos: int, progress: Progress) -> dict:
        out: dict = {}
        pos = _skip(self.text, pos + 1)
        if pos < len(self.text) and self.text[pos] == "}":
            self._end = pos + 1
            return out
        while True:
            pos = self._expect(pos, '"')
            key, pos = self._value(pos)
            pos = self._expect(pos, ":") + 1
            pos = _skip(self.text, pos)
            name = str(key).strip().lower()
            if (
                name in ("events", "sources", "eras")
                and pos < len(self.text)
                and self.text[pos] == "["
            ):
                self.lists[name] = self._array(pos, progress, name)
                out[key] = self.lists[name][0]
                pos = self._end
            else:
                line = self.line_at(pos)
                value, pos = self._value(pos)
                if self.surrogates:
                    key, value = _mended(key), self._mend(value, None, line, _mended(str(key)))
                out[key] = value
            pos = self._expect(pos, ",}")
            if self.text[pos] == "}":
                self._end = pos + 1
                return out
            pos += 1


def _skip(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in _WS:
        pos += 1
    return pos


def load_document(path: Path, progress: Progress = NO_PROGRESS) -> JsonDocument:
    data = read_bytes(path, progress)
    if not data.strip():
        raise LoadError(path, "the file is empty")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(path, "binary data, not a JSON table")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError(path, "not UTF-8 text (JSON files must be UTF-8)") from None
    doc = JsonDocument(path, text)
    doc.parse(progress)
    return doc


def read_json(path: Path, progress: Progress = NO_PROGRESS) -> RawTable:
    """Events (and sources) of a JSON file as text cells with the line of each object."""
    doc = load_document(path, progress)
    table = _read_document(path, doc, progress)
    table.problems.extend(doc.mended_problems())
    return table


def _read_document(path: Path, doc: JsonDocument, progress: Progress) -> RawTable:
    from viewer.io import timelinejs

    if timelinejs.is_timeline_json(doc.root):
        return timelinejs.from_json(path, doc)
    if "events" not in doc.lists:
        keys = ", ".join(map(repr, doc.root)) if isinstance(doc.root, dict) else "none"
        raise LoadError(path, f"not an event table: no 'events' list (keys found: {keys})")
    progress.step(0.7, "Reading events")
    items, lines = doc.lists["events"]
    table = events_table(path, items, lines)
    if isinstance(doc.root, dict):
        name = doc.root.get("name") or doc.root.get("title")
        if isinstance(name, str) and name.strip():
            table.name = name.strip()
    if "sources" in doc.lists:
        sitems, slines = doc.lists["sources"]
        sframe, skept, sproblems = _records(path, sitems, slines, "source")
        table.sources = _merge_sources(table.sources, sframe)
        table.source_lines = _merge_lines(table.source_lines, np.asarray(skept, dtype=np.int64))
        table.sources_path = path
        table.problems.extend(sproblems)
    return table


def events_table(path: Path, items: list, lines: list[int]) -> RawTable:
    """Event objects -> RawTable; nested source objects become rows of the sources table."""
    nested: list[dict] = []
    nested_lines: list[int] = []
    seen: dict[str, dict] = {}
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        cited = _find(item, "sources")
        if not isinstance(cited, list) or not any(isinstance(s, dict) for s in cited):
            continue
        ids = []
        own = str(item.get("id") or f"row-{lines[k]}")
        for j, src in enumerate(cited, start=1):
            if isinstance(src, dict):
                sid = str(src.get("id") or f"{own}-source-{j}")
                if sid not in seen:
                    seen[sid] = src
                    nested.append({**src, "id": sid})
                    nested_lines.append(lines[k])
                ids.append(sid)
            elif src is not None:
                ids.append(cell_text(src))
        item = dict(item)
        item[_key(item, "sources")] = "; ".join(ids)
        items[k] = item
    frame, kept, problems = _records(path, items, lines, "event")
    table = RawTable(
        path=path, events=frame, lines=np.asarray(kept, dtype=np.int64), problems=problems
    )
    if nested:
        sframe, skept, _ = _records(path, nested, nested_lines, "source")
        table.sources, table.source_lines, table.sources_path = sframe, np.asarray(skept), path
    return table


def _find(item: dict, name: str) -> object:
    for key, value in item.items():
        if str(key).strip().lower() == name:
            return value
    return None


def _key(item: dict, name: str) -> str:
    for key in item:
        if str(key).strip().lower() == name:
            return key
    return name


def _records(
    path: Path, items: list, lines: list[int], what: str
) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """Objects -> a frame of text cells (columns in order of first appearance).

    A value too deeply nested to show is a remark naming the object's line and the key; the
    row stays, with that cell empty.
    """
    rows: list[dict[str, str]] = []
    kept: list[int] = []
    problems: list[Problem] = []
    columns: dict[str, None] = {}
    places = line_items(lines)
    for k, (item, line) in enumerate(zip(items, lines, strict=True)):
        place = int(places[k]) or None if places is not None else None
        if not isinstance(item, dict):
            article = "an" if what[0] in "aeiou" else "a"
            reason = f"not {article} {what} object"
            value = "" if _too_deep(item) else cell_text(item)
            problems.append(Problem(str(path), line, None, value, reason, item=place))
            continue
        row = {}
        for key, value in item.items():
            if _too_deep(value):
                reason = f"a value nested more than {MAX_NESTING} levels deep; left empty"
                problems.append(Problem(str(path), line, str(key), "", reason, False, place))
                row[str(key)] = ""
            else:
                row[str(key)] = cell_text(value)
        columns.update(dict.fromkeys(row))
        rows.append(row)
        kept.append(line)
    names = list(columns)
    frame = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names)
    frame = frame.fillna("").astype("string")
    return frame, kept, problems


def _mended(value: object) -> object:
    """A decoded JSON value with half characters replaced (strings, list items, keys)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mended(v) for v in value]
    if isinstance(value, dict):
        return {_mended(k): _mended(v) for k, v in value.items()}
    return value


def _too_deep(value: object) -> bool:
    """Whether a list or object nests more than MAX_NESTING levels (walked without recursion,
    so a value 100,000 levels deep is told without running out of stack)."""
    if not isinstance(value, list | dict):
        return False
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, list | dict))
    return False


def cell_text(value: object) -> str:
    """A JSON value as the text of a cell: lists `;`-separated, objects as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return "; ".join(cell_text(v) for v in value if v is not None and v != "")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _merge_sources(nested: pd.DataFrame | None, listed: pd.DataFrame) -> pd.DataFrame:
    if nested is None:
        return listed
    return pd.concat([listed, nested], ignore_index=True).fillna("").astype("string")


def _merge_lines(nested: np.ndarray | None, listed: np.ndarray) -> np.ndarray:
    if nested is None:
        return listed
    return np.concatenate([listed, np.asarray(nested, dtype=np.int64)])
