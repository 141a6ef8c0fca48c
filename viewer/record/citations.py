"""Citations of sources, formatted the same in the detail pane, the clipboard and exports."""

from __future__ import annotations

import numpy as np
import pandas as pd

from viewer.record import dates as D


def published_text(source: pd.Series) -> str:
    t = source.get("published_at", np.nan)
    prec = int(source.get("published_precision", D.NO_DATE))
    if not isinstance(t, float) or not np.isfinite(t) or prec == D.NO_DATE:
        return str(source.get("published", "") or "")
    stop = t + D.SECONDS_PER_DAY if prec == D.DAY else t + 31 * D.SECONDS_PER_DAY
    return D.format_long(t, stop, prec, with_precision=False)


def citation(source: pd.Series) -> str:
    """`Publisher, “Title”, 28 January 2026. https://…`"""
    parts = [str(source["publisher"]), f"“{source['title']}”"]
    when = published_text(source)
    if when:
        parts.append(when)
    text = ", ".join(p for p in parts if p)
    url = str(source.get("url", "") or "")
    return f"{text}. {url}".strip() if url else text + "."


def event_citation(model, i: int) -> str:
    """An event as plain text with its sources cited: what Edit > Copy puts on the clipboard."""
    ev = model.events.iloc[i]
    when = D.format_long(float(ev["start"]), float(ev["stop"]), int(ev["precision"]))
    lines = [f"{when}: {ev['title']} ({ev['regulator']}, {ev['status']})"]
    for n, (_, source) in enumerate(model.event_sources(i).iterrows(), start=1):
        lines.append(f"[{n}] {citation(source)}")
    return "\n".join(lines)
