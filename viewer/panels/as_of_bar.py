"""The "as known on" bar above the timeline: a week slider, a date field, play and Latest.

It only edits a day and says so (`asOfChanged`); the window turns the day into the derived
model. Days are whole UTC days in POSIX seconds. A month or a year typed in the date field means
its last day (as `--as-of` does).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from viewer.panels.date_field import DateField
from viewer.record import dates as D
from viewer.record.as_of import day_start

WEEK = 7 * D.SECONDS_PER_DAY
PLAY_INTERVAL_MS = 650


class AsOfBar(QWidget):
    asOfChanged = Signal(object)  # day or None (latest)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("As known on")
        self.first = 0.0
        self.last = 0.0
        self.as_of: float | None = None
        self.play_from: Callable[[], float | None] = lambda: None
        """Where play starts when nothing is chosen yet (bound: the time window's left edge)."""
        self._quiet = False

        self.toggle = QCheckBox("As known on")
        self.toggle.setToolTip(
            "Show only what had been reported by the chosen day, each event as known then"
        )
        self.play_button = QToolButton()
        self.play_button.setCheckable(True)
        self.play_button.setAccessibleName("Play week by week")
        self.play_button.setToolTip("Play: step through the record a week at a time")
        self.back_button = QToolButton()
        self.back_button.setAccessibleName("One week earlier")
        self.back_button.setToolTip("One week earlier")
        self.forward_button = QToolButton()
        self.forward_button.setAccessibleName("One week later")
        self.forward_button.setToolTip("One week later")
        style = self.style()
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.forward_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("As-of day")
        self.slider.setToolTip("Drag to the day whose record to show (a week per step)")
        self.slider.setAccessibleDescription(
            "The day whose record is shown, from the first report to the last"
        )
        self.slider.setSingleStep(7)
        self.slider.setPageStep(28)
        self.slider.setMinimumWidth(240)
        self.date_field = DateField("As-of date", "The day whose record to show")
        self.latest_button = QToolButton()
        self.latest_button.setText("Latest")
        self.latest_button.setToolTip("Show everything reported (leave the as-of view)")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Events known")
        self.count_label.setMinimumWidth(160)

        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        row.setSpacing(6)
        row.addWidget(self.toggle)
        row.addWidget(self.play_button)
        row.addWidget(self.back_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.forward_button)
        row.addWidget(self.date_field)
        row.addWidget(self.latest_button)
        row.addWidget(self.count_label)

        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self.step_forward)
        self.toggle.toggled.connect(self._on_toggle_changed)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.date_field.accepted.connect(self._on_date_entered)
        self.play_button.toggled.connect(self._on_play_changed)
        self.back_button.clicked.connect(lambda: self.step(-WEEK))
        self.forward_button.clicked.connect(self.step_forward)
        self.latest_button.clicked.connect(lambda: self._choose(None))
        self._show(None)

    def bind(self, document) -> None:
        """The days of the open data's reports; the state's day and counts; a day chosen
        here goes into the state; play starts at the state's time window."""
        from viewer.record.as_of import report_range

        def show_range() -> None:
            span = report_range(document.full_model)
            if span:
                self.set_range(*span)

        def show_day(_fresh: bool) -> None:
            self.set_as_of(document.state.as_of)
            self.set_counts(len(document.model), len(document.full_model))

        def window_start() -> float | None:
            window = document.state.window
            return window[0] if window is not None else None

        document.modelChanged.connect(show_range)
        document.contentChanged.connect(show_day)
        self.asOfChanged.connect(document.state.set_as_of)
        self.play_from = window_start

    # -- from the window -------------------------------------------------------------------

    def set_range(self, first: float, last: float) -> None:
        """The days worth choosing: first report to today."""
        self.first, self.last = first, max(first, last)
        self._quiet = True
        self.slider.setRange(0, int((self.last - self.first) // D.SECONDS_PER_DAY))
        self.date_field.set_range(self.first, self.last)
        self._quiet = False
        self._show(self.as_of)

    def set_as_of(self, day: float | None) -> None:
        """Follow the state without emitting back."""
        self._show(day)

    def set_counts(self, known: int, total: int) -> None:
        if self.as_of is None:
            self.count_label.setText(f"all {total:,} events")
        else:
            self.count_label.setText(f"{known:,} of {total:,} events known")

    # -- stepping and playing ----------------------------------------------------------------

    def step(self, seconds: float) -> None:
        start = self.as_of if self.as_of is not None else self.last
        self._choose(min(self.last, max(self.first, start + seconds)))

    def step_forward(self) -> None:
        if self.as_of is not None and self.as_of >= self.last:
            self.play_button.setChecked(False)
            return
        self.step(WEEK)
        if self.as_of is not None and self.as_of >= self.last:
            self.play_button.setChecked(False)

    def _on_play_changed(self, playing: bool) -> None:
        style = self.style()
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(style.standardIcon(icon))
        self.play_button.setToolTip("Pause" if playing else "Play: step through a week at a time")
        if not playing:
            self.timer.stop()
            return
        if self.as_of is None or self.as_of >= self.last:
            start = self.play_from()
            if start is None or not self.first <= start < self.last:
                start = self.first
            self._choose(start)
        self.timer.start()

    # -- internals ---------------------------------------------------------------------------

    def _choose(self, day: float | None) -> None:
        if day is not None:
            day = min(self.last, max(self.first, day))
        if day == self.as_of:
            return
        self._show(day)
        self.asOfChanged.emit(day)

    def _show(self, day: float | None) -> None:
        self.as_of = day
        self._quiet = True
        try:
            self.toggle.setChecked(day is not None)
            shown = self.last if day is None else day
            self.slider.setValue(int((shown - self.first) // D.SECONDS_PER_DAY))
            self.date_field.set_day(shown)
            self.latest_button.setEnabled(day is not None)
        finally:
            self._quiet = False

    def _on_toggle_changed(self, on: bool) -> None:
        if self._quiet:
            return
        self._choose((self._typed_day() or self.last) if on else None)

    def _on_slider_changed(self, value: int) -> None:
        if not self._quiet:
            self._choose(self.first + value * D.SECONDS_PER_DAY)

    def _typed_day(self) -> float | None:
        """The day the date field names: a month or a year means its last day."""
        try:
            value = self.date_field.value()
        except ValueError:
            return None
        if value is None:
            return None
        start, stop, _precision = value
        return day_start(max(start, stop - D.SECONDS_PER_DAY))

    def _on_date_entered(self) -> None:
        day = self._typed_day()
        if day is None:  # cleared: show the day in force again
            self._show(self.as_of)
            return
        self._choose(day)
        self._show(self.as_of)  # (the day used, clamped to the record's range)
