"""Light and dark themes: colours that stay apart for colour-blind readers, and the window
switching, remembering and following the desktop."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtGui import QPalette

from viewer.shown.palette import (
    DARK_GROUND,
    FIXED_COLOURS,
    MIN_CONTRAST_ON_DARK,
    SPARE_COLOURS,
    STATUS_STYLES,
    contrast,
    on_dark,
    regulator_colours,
)
from viewer.shown.theme import DARK, LIGHT

# Machado, Oliveira & Fernandes (2009), severity 1: how the colours look with each dichromacy.
CVD = {
    "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
               [-0.003882, -0.048116, 1.051998]],
    "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
               [-0.011820, 0.042940, 0.968881]],
    "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
               [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(lin: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    t = xyz @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest_pair(colours: list[str], matrix) -> float:
    labs = [_lab(np.clip(np.array(matrix) @ _linear(c), 0, 1)) for c in colours]
    return min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2))


@pytest.fixture
def restore_light():
    yield
    from viewer.app import themes

    themes.ThemeManager().apply("light")


def test_dark_ground_is_the_dark_timeline_background():
    assert DARK.background == DARK_GROUND


def test_every_regulator_colour_reads_on_the_dark_ground():
    for colour in [*FIXED_COLOURS.values(), *SPARE_COLOURS]:
        dark = on_dark(colour)
        assert contrast(dark, DARK_GROUND) >= MIN_CONTRAST_ON_DARK, (colour, dark)
    # Colours that already read keep their value: briefs made in either theme match.
    assert on_dark("#E69F00") == "#E69F00"
    assert regulator_colours(["US BIS", "CN NDRC"], "light") == ["#0072B2", "#882255"]
    assert regulator_colours(["US BIS", "CN NDRC"], "dark") == [on_dark("#0072B2"), "#CC3480"]


@pytest.mark.parametrize("kind", sorted(CVD))
def test_dark_colours_stay_as_far_apart_as_light_ones_for_colour_blind_readers(kind):
    light = list(FIXED_COLOURS.values())
    dark = [on_dark(c) for c in light]
    assert _closest_pair(dark, CVD[kind]) >= _closest_pair(light, CVD[kind]) - 0.5


def test_status_is_told_by_shape_and_fill_not_colour_alone():
    looks = {}
    for name, style in STATUS_STYLES.items():
        looks.setdefault((style.fill, style.dashed, style.cross, style.shape, style.opacity), [])
        looks[(style.fill, style.dashed, style.cross, style.shape, style.opacity)].append(name)
    shared = sorted(sorted(names) for names in looks.values() if len(names) > 1)
    # Only synonyms share a look: in force / approved, denied / revoked.
    assert shared == [["approved", "in force"], ["denied", "revoked"]]


def _mostly(image, colour: str) -> bool:
    """True when the most common pixel of the image is `colour`."""
    from collections import Counter

    img = image.toImage()
    counts = Counter(
        img.pixelColor(x, y).name().upper()
        for x in range(0, img.width(), 7)
        for y in range(0, img.height(), 7)
    )
    return counts.most_common(1)[0][0] == colour.upper()


def test_window_switches_to_dark_and_remembers_it(make_window, restore_light):
    from PySide6.QtWidgets import QApplication

    w = make_window(size=(1200, 800))
    assert w.theme_menu.actions_by_name["system"].isChecked()
    w.theme_menu.actions_by_name["dark"].trigger()
    assert w.theme_menu.actions_by_name["dark"].isChecked()
    palette = QApplication.instance().palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80
    assert palette.color(QPalette.ColorRole.Text).lightness() > 200
    assert w.timeline.theme is DARK and w.legend.theme is DARK
    assert _mostly(w.timeline.plot.grab(), DARK.background)
    assert _mostly(w.overview.plot.grab(), DARK.background)
    w.select_id("cn-deepseek-approval")
    assert "#5B6472" not in w.detail.toHtml().upper()
    assert w.settings.theme() == "dark"

    w.theme_menu.actions_by_name["light"].trigger()
    assert w.timeline.theme is LIGHT
    assert _mostly(w.timeline.plot.grab(), LIGHT.background)
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() > 200

    w.theme_menu.actions_by_name["dark"].trigger()
    w.close()
    again = make_window(size=(1200, 800))
    assert again.theme_menu.actions_by_name["dark"].isChecked() and again.timeline.theme is DARK


def test_system_choice_follows_the_desktop(make_window, restore_light, monkeypatch):
    from viewer.app import themes

    w = make_window(size=(1200, 800))
    monkeypatch.setattr(themes, "system_scheme", lambda: "dark")
    w.themes._on_system_changed(None)  # what Qt's colorSchemeChanged signal calls
    assert w.timeline.theme is DARK
    monkeypatch.setattr(themes, "system_scheme", lambda: "light")
    w.themes._on_system_changed(None)
    assert w.timeline.theme is LIGHT
    w.theme_menu.actions_by_name["light"].trigger()
    monkeypatch.setattr(themes, "system_scheme", lambda: "dark")
    w.themes._on_system_changed(None)  # a fixed choice ignores the desktop
    assert w.timeline.theme is LIGHT


def test_exports_stay_light_in_the_dark_theme(make_window, restore_light, tmp_path):
    from PySide6.QtGui import QImage

    w = make_window(size=(1200, 800))
    w.theme_menu.choose("dark")
    out = tmp_path / "snap.png"
    assert w.exporter.export_to(out, warn=False)
    image = QImage(str(out))
    assert image.pixelColor(5, 5).lightness() > 240
