"""PySide6 must not drop references to None (6.12.0 does; on Python 3.11 that aborts)."""

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_many_qt_calls_cannot_use_up_the_references_to_none():
    from PySide6.QtGui import QFont

    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(2000):
        font.setBold(True)  # returns nothing: PySide6 6.12.0 drops a reference to None here
    assert before - sys.getrefcount(None) < 100
