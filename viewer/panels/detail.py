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

from viewer.record import dates as D
from viewer.record.citations import citation, published_text
from viewer.record.claims import NOT_CONFIRMED, Claims, claims_of
from viewer.record.display_date import display_column, display_date
from viewer.record.model import EventModel
from viewer.record.relations import relations_of
from viewer.record.text import esc, safe_url
from viewer.record.vocab import ALL_COMPANIES
from viewer.shown.theme import LIGHT, Theme

WARN_TEXT = "#9A6700"
WARN_BACK = "#FFF8C5"
DISPUTE_TEXT = "#CF222E"


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
        self.theme = LIGHT
        self.open_url = QDesktopServices.openUrl
        self.show_event(None, None)

    def setHtml(self, html: str) -> None:
        """Every page goes through here: its fixed colours follow the window's theme."""
        self._html = html
        super().setHtml(self.theme.adapt_html(html))

    def set_theme(self, theme: Theme) -> None:
        """Show the page again in the theme's colours."""
        self.theme = theme
        self.setHtml(self._html)

    def bind(self, document) -> None:
        """Show the document's selected event (or say it was not reported yet on the as-of
        day); a link to another event selects it through `eventLinkClicked`."""

        def show(event: int | None) -> None:
            self.show_event(document.model, event)
            selected = document.state.selected
            if event is None and selected is not None and document.model is not None:
                self.show_not_yet_known(document.model, selected)

        document.selectionChanged.connect(show)

    def show_event(self, model: EventModel | None, event: int | None) -> None:
        self.model, self.event_index = model, event
        if model is None or event is None:
            self.setHtml(
                "<p style='color:#5B6472'>Select an event in the timeline or the table "
                "to see its details and sources.</p>"
            )
            return
        self.setHtml(event_html(model, event))

    def show_not_yet_known(self, model: EventModel, event_id: str) -> None:
        """The selected event exists, but was not reported yet on the as-of day."""
        self.model, self.event_index = model, None
        base = model.base or model
        j = base.index_of(event_id)
        title = base.events["title"].iat[j] if j is not None else event_id
        day = D.long_day(model.as_of or 0.0)
        first = ""
        if j is not None:
            first_at = float(base.history(j)["reported_at"].min())
            first = " It was first reported on " + D.long_day(first_at)
        self.setHtml(
            f"<h3>{esc(title)}</h3><p style='color:#5B6472'>Not reported yet as known on "
            f"{esc(day)}.{esc(first)}.</p>"
        )

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme in ("http", "https"):
            target = safe_url(url.toString())
            if target:
                from viewer.panels.link_confirm import ask_to_open

                self.link_box = ask_to_open(self, target, lambda u: self.open_url(QUrl(u)))
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
    shown_date = display_date(model, i) or _when(ev["start"], ev["stop"], ev["precision"])
    rows.append(("Date", esc(shown_date)))
    if np.isfinite(ev["end"]):
        rows.append(("End", esc(_when(ev["end"], ev["end_stop"], ev["end_precision"]))))
    elif ev["ongoing"]:
        rows.append(("End", "ongoing"))
    companies = [c for c in model.event_companies(i)]
    rows.append(("Companies", esc(", ".join(companies) or ALL_COMPANIES)))
    bodies, tracks = model.event_regulators(i), model.event_tracks(i)
    if len(bodies) > 1:  # a joint act: every body named, and the tracks they fall in
        rows.append(("Regulators", esc(", ".join(bodies)) + " (jointly)"))
    else:
        rows.append(("Regulator", esc(ev["regulator"])))
    if ev["jurisdiction"]:
        rows.append(("Jurisdiction", esc(ev["jurisdiction"].replace(";", ","))))
    rows.append(("Tracks" if len(tracks) > 1 else "Track", esc(", ".join(tracks))))
    claims = claims_of(model)
    status = esc(ev["status"])
    if claims.overdue[i]:
        status = f"<span style='color:{WARN_TEXT}'><b>{esc(NOT_CONFIRMED)}</b></span>"
    rows.append(("Status", status))
    reported = float(ev["reported_at"])
    if np.isfinite(reported) and abs(reported - float(ev["start"])) > 1:
        rows.append(("Reported", esc(D.long_day(reported))))
    rows.append(("Id", esc(ev["id"])))
    for col in model.extra_columns:
        if col == display_column(model):
            continue  # (shown as the date)
        value = ev.get(col, "")
        if isinstance(value, str) and value.strip():
            rows.append((esc(col), esc(value)))
    table = "".join(
        f"<tr><td style='color:#5B6472; padding-right:8px'>{k}</td><td>{v}</td></tr>"
        for k, v in rows
    )
    parts = [_banner(model, i, claims)]
    parts += [f"<h3 style='margin-bottom:4px'>{esc(ev['title'])}</h3>", f"<table>{table}</table>"]
    if ev["description"]:
        parts.append(f"<p>{esc(ev['description'])}</p>")
    if ev["conditions"]:
        parts.append(f"<p><b>Conditions</b><br>{esc(ev['conditions'])}</p>")
    parts.append(_sources_html(model, i))
    parts.append(_claims_html(model, i, claims))
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
        line += _document_html(s)
        if url:
            line += f"<br><span style='color:#5B6472; font-size:small'>{esc(url)}</span>"
        line += f" <a href='copy:{n}' style='font-size:small'>Copy citation</a>"
        items.append(f"<li style='margin-bottom:6px'>{line}</li>")
    return f"<h4>Sources</h4><ol>{''.join(items)}</ol>"


DOCUMENT_FIELDS = (
    ("document_number", "FR Doc "),
    ("citation", ""),
    ("cfr_parts", ""),
    ("rins", "RIN "),
)
"""A register document's identifiers, when its source row has them (regtimeline fetch)."""


def _document_html(source) -> str:
    """`FR Doc 2026-00789 · 91 FR 1684 · 15 CFR 742, 744 · RIN 0694-AK43 · PDF`, or ''."""
    parts = []
    for column, prefix in DOCUMENT_FIELDS:
        value = str(source.get(column, "") or "").strip()
        if value:
            parts.append(
                f"<b>{esc(prefix + value)}</b>" if column == "citation" else esc(prefix + value)
            )
    pdf = safe_url(source.get("pdf_url", ""))
    if pdf:
        parts.append(f"<a href='{esc(pdf)}' title='{esc(pdf)}'>PDF</a>")
    return "<br>" + " · ".join(parts) if parts else ""


def _event_link(model: EventModel, event_id: str) -> str:
    j = model.index_of(event_id)
    if j is None and model.base is not None:
        k = model.base.index_of(event_id)
        title = model.base.events["title"].iat[k] if k is not None else event_id
        return f"{esc(title)} <span style='color:#5B6472'>(not reported yet on this day)</span>"
    title = model.events["title"].iat[j] if j is not None else event_id
    when = ""
    if j is not None:
        ev = model.events.iloc[j]
        when = D.format_iso(ev["start"], ev["stop"], int(ev["precision"])) + " "
    return f"{esc(when)}<a href='event:{quote(event_id, safe='')}'>{esc(title)}</a>"


def _related_html(model: EventModel, i: int) -> str:
    items = []
    for rel in relations_of(model, i):
        note = ""
        if rel.note:
            dispute = rel.disputes_it or rel.disputed_by
            note = f" <b>({rel.note})</b>" if dispute else f" ({rel.note})"
        items.append(f"<li>{_event_link(model, rel.event_id)}{note}</li>")
    if not items:
        return ""
    return f"<h4>Related events</h4><ul>{''.join(items)}</ul>"


def _history_html(model: EventModel, i: int) -> str:
    rows = model.history(i)
    if len(rows) < 2:
        return ""
    items = []
    for _, r in rows.iterrows():
        when = D.long_day(float(r["reported_at"]))
        items.append(f"<li>{esc(when)}: {esc(r['status'])} ({esc(r['title'])})</li>")
    return f"<h4>Status history</h4><ul>{''.join(items)}</ul>"


def _banner(model: EventModel, i: int, claims: Claims) -> str:
    """Notes above the title: the as-of day, and what to doubt about this event."""
    notes = []
    if model.as_of is not None:
        day = D.long_day(model.as_of)
        notes.append(f"As known on <b>{esc(day)}</b>: later reports are left out.")
    if claims.overdue[i]:
        notes.append(
            "<b>Expected, not confirmed:</b> its date has passed and no later report says it "
            "happened."
        )
    if claims.contested[i]:
        notes.append("<b>⚠ Disputed:</b> another claim in this record contradicts it (below).")
    if not notes:
        return ""
    body = "<br>".join(notes)
    return (
        f"<table width='100%' cellpadding='5' style='background:{WARN_BACK}'>"
        f"<tr><td style='color:{WARN_TEXT}'>{body}</td></tr></table>"
    )


def _claim_cell(model: EventModel, j: int, role: str) -> str:
    """One side of a conflict: what it says, when, on whose word, with its sources."""
    ev = model.events.iloc[j]
    eid = quote(str(ev["id"]), safe="")
    when = _when(ev["start"], ev["stop"], ev["precision"])
    reported = float(ev["reported_at"])
    lines = [
        f"<span style='color:#5B6472; font-size:small'>{esc(role)}</span>",
        f"<b><a href='event:{eid}'>{esc(ev['title'])}</a></b>",
        f"{esc(when)} · {esc(ev['regulator'])} · <i>{esc(ev['status'])}</i>",
    ]
    if np.isfinite(reported):
        lines.append(f"<span style='color:#5B6472'>reported {esc(D.long_day(reported))}</span>")
    if ev["description"]:
        lines.append(esc(ev["description"]))
    sources = model.event_sources(j)
    cited = []
    for _, src in sources.iterrows():
        url = safe_url(src["url"])
        title = esc(src["title"])
        if url:
            title = f"<a href='{esc(url)}' title='{esc(url)}'>{title}</a>"
        when = published_text(src)
        cited.append(f"<li>{esc(src['publisher'])}: {title}{', ' + esc(when) if when else ''}</li>")
    if cited:
        lines.append(f"<b>Sources</b><ol style='margin-top:0'>{''.join(cited)}</ol>")
    else:
        lines.append("<span style='color:#5B6472'>No source cited.</span>")
    return "<br>".join(lines)


def _claims_html(model: EventModel, i: int, claims: Claims) -> str:
    """Each conflicting claim beside this one, two columns, each with its own sources."""
    d = claims.pair_dispute
    partners = [(int(j), "Disputed by") for j in claims.pair_a[d & (claims.pair_b == i)]]
    partners += [(int(j), "It disputes") for j in claims.pair_b[d & (claims.pair_a == i)]]
    if not partners:
        return ""
    blocks = []
    for j, role in partners:
        this_role = "This claim" if role == "Disputed by" else "This claim (disputing)"
        blocks.append(
            "<table width='100%' border='1' cellspacing='0' cellpadding='6' "
            "style='border-collapse:collapse; border-color:#D0D7DE; margin-bottom:8px'><tr>"
            f"<td width='50%' valign='top'>{_claim_cell(model, i, this_role)}</td>"
            f"<td width='50%' valign='top'>{_claim_cell(model, j, role)}</td>"
            "</tr></table>"
        )
    return f"<h4 style='color:{DISPUTE_TEXT}'>⚠ Conflicting claims</h4>" + "".join(blocks)
