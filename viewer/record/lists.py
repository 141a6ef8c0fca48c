"""The distinct `;`-lists of a column (regulators, tracks), each as codes of its names. No Qt.

A joint approval names several bodies (`CN MIIT; CN MOFCOM`) and may fall in several tracks.
Events keep one code each, of their list; the lists are few, so a filter, a count or a colour
works out per list and is spread to the events by one lookup, as a single name is. Lists
0..n-1 are the single names in vocabulary order: an event naming one body has the same code
for its list as for its body, and a table without joint events pays nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from viewer.record.schema import split_list


@dataclass(frozen=True)
class NameLists:
    """Every single name (list k = (k,) for k < size), then each list naming several."""

    size: int
    """Names in the vocabulary."""
    joint: tuple[tuple[int, ...], ...] = ()
    """The lists naming several, as codes of their names in the order the cell gives them."""

    def __len__(self) -> int:
        return self.size + len(self.joint)

    @property
    def single(self) -> bool:
        """No list names several: list codes are name codes."""
        return not self.joint

    def members(self, code: int) -> tuple[int, ...]:
        return (code,) if code < self.size else self.joint[code - self.size]

    @cached_property
    def first(self) -> np.ndarray:
        """The first name of every list (int64)."""
        return self.padded[:, 0]

    @cached_property
    def padded(self) -> np.ndarray:
        """Names of every list, one row each, padded with -1 (int64 [lists, longest])."""
        width = max((len(m) for m in self.joint), default=1)
        out = np.full((len(self), width), -1, dtype=np.int64)
        out[: self.size, 0] = np.arange(self.size)
        for k, m in enumerate(self.joint):
            out[self.size + k, : len(m)] = m
        return out

    @cached_property
    def matrix(self) -> np.ndarray:
        """bool [lists, names]: which names each list holds."""
        out = np.zeros((len(self), self.size), dtype=bool)
        rows, cols = np.nonzero(self.padded >= 0)
        out[rows, self.padded[rows, cols]] = True
        return out

    def any_of(self, keep: np.ndarray) -> np.ndarray:
        """bool per list: it names any name `keep` (bool per name) keeps."""
        if self.single:
            return keep
        return np.concatenate([keep, (self.matrix[self.size :] & keep).any(axis=1)])

    def per_name(self, counts: np.ndarray) -> np.ndarray:
        """Counts per list -> counts per name: a list counts under each of its names."""
        if self.single:
            return counts
        return counts[: self.size] + self.matrix[self.size :].T.astype(np.int64) @ counts[
            self.size :
        ].astype(np.int64)

    def recoded(self, lut: np.ndarray, size: int) -> tuple[NameLists, np.ndarray]:
        """These lists in another vocabulary (`lut`: old name code -> new, `size` new names),
        and the lookup from old list codes to new ones."""
        joint = tuple(tuple(int(lut[c]) for c in m) for m in self.joint)
        codes = np.concatenate([lut, size + np.arange(len(joint))]).astype(np.int64)
        return NameLists(size, joint), codes


def code_lists(cells: list[str], vocabulary: list[str]) -> tuple[NameLists, np.ndarray, list[str]]:
    """Code distinct cells (each a name or a `;`-list) against `vocabulary`, which is
    extended with the names it lacks in the order they first appear.

    Returns the lists, each cell's list code and the vocabulary. Names are trimmed; a list
    naming one name twice names it once; a cell naming nothing gets -1.
    """
    vocab = list(vocabulary)
    where = {name: k for k, name in enumerate(vocab)}
    named: list[tuple[str, ...]] = []
    for cell in cells:
        names = tuple(dict.fromkeys(split_list(cell))) if ";" in cell else (cell.strip(),)
        named.append(tuple(n for n in names if n))
        for name in named[-1]:
            if name not in where:
                where[name] = len(vocab)
                vocab.append(name)
    joint: dict[tuple[int, ...], int] = {}
    codes = np.empty(len(cells), dtype=np.int64)
    for k, names in enumerate(named):
        members = tuple(where[n] for n in names)
        if len(members) == 1:
            codes[k] = members[0]
        elif not members:
            codes[k] = -1
        else:
            codes[k] = joint.setdefault(members, len(joint))
    lists = NameLists(len(vocab), tuple(joint))
    several = np.array([len(n) > 1 for n in named], dtype=bool)
    codes[several] += len(vocab)
    return lists, codes, vocab
