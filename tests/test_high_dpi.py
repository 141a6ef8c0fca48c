"""Crisp on high-DPI screens: the window rendered at device pixel ratio 2 has twice the pixels
and real detail in them (not a 1x picture scaled up); symbols are stamped from 2x pixmaps."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.conftest import ROOT

SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from viewer.app.application import application
app = application(offscreen=True)
from viewer.app.main_window import MainWindow
from viewer.paths import bundled_data
w = MainWindow()
w.resize(1400, 900)
w.show()
w.open_file(bundled_data())
w.timeline.set_window(1748736000.0, 1773532800.0)
for _ in range(30):
    app.processEvents()
shot = w.timeline.plot.grab()
shot.save(sys.argv[2])
w.grab().save(sys.argv[3])
styles = w.timeline.marks_item.painter_styles
print(json.dumps({
    "ratio": w.devicePixelRatioF(),
    "logical": [w.timeline.plot.width(), w.timeline.plot.height()],
    "pixels": [shot.width(), shot.height()],
    "symbol_ratios": sorted({key[-1] for key in styles._pixmaps}),
}))
"""


def _render(tmp_path, factor: int) -> tuple[dict, QImage]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=str(factor))
    timeline, window = tmp_path / f"timeline{factor}.png", tmp_path / f"window{factor}.png"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT), str(timeline), str(window)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    return facts, QImage(str(timeline))


def _grey(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width()].astype(float)


def _detail(a: np.ndarray) -> float:
    """Mean brightness step between neighbouring pixels: blur lowers it."""
    return float(np.abs(np.diff(a, axis=1)).mean() + np.abs(np.diff(a, axis=0)).mean())


def test_window_at_device_pixel_ratio_2(tmp_path):
    facts2, image2 = _render(tmp_path, 2)
    facts1, image1 = _render(tmp_path, 1)
    assert facts2["ratio"] == 2.0 and facts1["ratio"] == 1.0
    assert facts2["logical"] == facts1["logical"]
    assert facts2["pixels"] == [2 * x for x in facts1["logical"]]
    assert facts2["symbol_ratios"] == [2.0]  # symbols drawn for the screen, not scaled up
    scaled_up = image1.scaled(
        image2.width(),
        image2.height(),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    assert _detail(_grey(image2)) > 1.25 * _detail(_grey(scaled_up))
