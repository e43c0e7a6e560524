"""Progress bars: drawn on a terminal, silent otherwise."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from geomap.progress import progress_bar

from conftest import CLI_ENV, ROOT
from test_importer import ACLED_ROWS, write_acled_csv


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for stream, enabled, drawn in ((io.StringIO(), True, False), (Terminal(), False, False),
                                   (Terminal(), True, True)):
        monkeypatch.setattr(sys, "stderr", stream)
        with progress_bar(3, "article", "ingest", enabled=enabled) as advance:
            for done in (1, 2, 3):
                advance(done)
        assert ("3/3" in stream.getvalue()) is drawn


def test_import_draws_a_bar_on_a_terminal(tmp_path: Path) -> None:
    path = write_acled_csv(tmp_path / "acled.csv", ACLED_ROWS * 5000)
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))   # 100 columns
    env = {**os.environ, **CLI_ENV, "GEOMAP_DATABASE": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    child = subprocess.Popen([sys.executable, "-m", "geomap", "import", str(path)], cwd=ROOT,
                             env=env, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:                     # the terminal closes when the command ends
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert child.wait(timeout=120) == 0
    text = output.decode(errors="replace")
    assert "100%" in text and "15000/15000" in text and "15000 events imported" in text
