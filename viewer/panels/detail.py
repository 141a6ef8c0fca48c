"""The detail pane: everything about one event, with its sources cited and linked.

Cells are escaped before display: markup in the data shows literally. Only http(s) addresses
become links; internal links select related events or copy a citation.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import numpy as np
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from viewer import dates as D
from viewer.citations import citation, published_text
from viewer.model import EventModel
from viewer.text import esc, safe_url
from viewer.vocab import ALL_COMPANIES

FIELDS_SHOWN = ("Date", "End", "Companies", "Regulator", "Jurisdiction", "Track", "Status")


class DetailPane(QTextBrowser):
    eventLinkClicked = Signal(str)
    linkHovered = Signal(str)
    citationCopied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Event details")
        self.setAccessibleDescription("Details and sources of the selected event")
        self.anchorClicked.connect(self._on_anchor)
        self.highlighted.connect(lambda url: self.linkHovered.emit(url.toString()))
        self.model: EventModel | None = None
        self.event_index: int | None = None
        self.open_url = QDesktopServices.openUrl
        self.show_event(None, None)

    def show_event(self, model: EventModel | None, event: int | None) -> None:
        self.model, self.event_index = model, event
        if model is None or event is None:
            self.setHtml(
                "<p style='color:#5B6472'>Select an event in the timeline or the table "
                "to see its details and sources.</p>"
            )
            return
        self.setHtml(event_html(model, event))

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme in ("http", "https"):
            target = safe_url(url.toString())
            if target:
                self.open_url(QUrl(target))
        elif scheme == "event":
            self.eventLinkClicked.emit(unquote(url.path()))
        elif scheme == "copy" and self.model is not None and self.event_index is not None:
            n = int(url.path())
            sources = self.model.event_sources(self.event_index)
            if 0 <= n < len(sources):
                text = citation(sources.iloc[n])
                QGuiApplication.clipboard().setText(text)
                self.citationCopied.emit(text)


def _when(start, stop, precision) -> str:
    return D.format_long(float(start), float(stop), int(precision))


def event_html(model: EventModel, i: int) -> str:
    ev = model.events.iloc[i]
    rows = []
    rows.append(("Date", esc(_when(ev["start"], ev["stop"], ev["precision"]))))
    if np.isfinite(ev["end"]):
        rows.append(("End", esc(_when(ev["end"], ev["end_stop"], ev["end_precision"]))))
    elif ev["ongoing"]:
        rows.append(("End", "ongoing"))
    companies = [c for c in model.event_companies(i)]
    rows.append(("Companies", esc(", ".join(companies) or ALL_COMPANIES)))
    rows.append(("Regulator", esc(ev["regulator"])))
    if ev["jurisdiction"]:
        rows.append(("Jurisdiction", esc(ev["jurisdiction"])))
    rows.append(("Track", esc(ev["track"])))
    rows.append(("Status", esc(ev["status"])))
    reported = float(ev["reported_at"])
    if np.isfinite(reported) and abs(reported - float(ev["start"])) > 1:
        rows.append(("Reported", esc(D.format_long(reported, reported + 86400, D.DAY))))
    rows.append(("Id", esc(ev["id"])))
    for col in model.extra_columns:
        value = ev.get(col, "")
        if isinstance(value, str) and value.strip():
            rows.append((esc(col), esc(value)))
    table = "".join(
        f"<tr><td style='color:#5B6472; padding-right:8px'>{k}</td><td>{v}</td></tr>"
        for k, v in rows
    )
    parts = [f"<h3 style='margin-bottom:4px'>{esc(ev['title'])}</h3>", f"<table>{table}</table>"]
    if ev["description"]:
        parts.append(f"<p>{esc(ev['description'])}</p>")
    if ev["conditions"]:
        parts.append(f"<p><b>Conditions</b><br>{esc(ev['conditions'])}</p>")
    parts.append(_sources_html(model, i))
    parts.append(_related_html(model, i))
    parts.append(_history_html(model, i))
    return "".join(parts)


def _sources_html(model: EventModel, i: int) -> str:
    sources = model.event_sources(i)
    if not len(sources):
        return "<h4>Sources</h4><p style='color:#5B6472'>No source cited.</p>"
    items = []
    for n, (_, s) in enumerate(sources.iterrows()):
        url = safe_url(s["url"])
        title = esc(s["title"])
        if url:
            title = f"<a href='{esc(url)}' title='{esc(url)}'>{title}</a>"
        elif s["url"]:
            title += f" <span style='color:#5B6472'>({esc(s['url'])})</span>"
        line = f"{esc(s['publisher'])}: {title}"
        when = published_text(s)
        if when:
            line += f", {esc(when)}"
        if s.get("quote", ""):
            line += f"<br><i>“{esc(s['quote'])}”</i>"
        if url:
            line += f"<br><span style='color:#5B6472; font-size:small'>{esc(url)}</span>"
        line += f" <a href='copy:{n}' style='font-size:small'>Copy citation</a>"
        items.append(f"<li style='margin-bottom:6px'>{line}</li>")
    return f"<h4>Sources</h4><ol>{''.join(items)}</ol>"


def _event_link(model: EventModel, event_id: str) -> str:
    j = model.index_of(event_id)
    title = model.events["title"].iat[j] if j is not None else event_id
    when = ""
    if j is not None:
        ev = model.events.iloc[j]
        when = D.format_iso(ev["start"], ev["stop"], int(ev["precision"])) + " "
    return f"{esc(when)}<a href='event:{quote(event_id, safe='')}'>{esc(title)}</a>"


def _related_html(model: EventModel, i: int) -> str:
    items = []
    for rid, disputes in model.related(i):
        note = " <b>(this event disputes it)</b>" if disputes else ""
        items.append(f"<li>{_event_link(model, rid)}{note}</li>")
    for rid, disputes in model.referenced_by(i):
        note = " <b>(disputes this event)</b>" if disputes else " (refers to this event)"
        items.append(f"<li>{_event_link(model, rid)}{note}</li>")
    if not items:
        return ""
    return f"<h4>Related events</h4><ul>{''.join(items)}</ul>"


def _history_html(model: EventModel, i: int) -> str:
    rows = model.history(i)
    if len(rows) < 2:
        return ""
    items = []
    for _, r in rows.iterrows():
        when = D.format_long(float(r["reported_at"]), float(r["reported_at"]) + 86400, D.DAY)
        items.append(f"<li>{esc(when)}: {esc(r['status'])} ({esc(r['title'])})</li>")
    return f"<h4>Status history</h4><ul>{''.join(items)}</ul>"
