"""A save killed mid-write: the old checkpoint survives, its temp file is cleared later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Writes a large checkpoint over the one at argv[1]; killed before it finishes.
WRITER = """
import sys
import numpy as np
import nn
big = {"w": np.ones(int(sys.argv[2]), np.float64)}
while True:
    nn.save(big, sys.argv[1])
"""


def _temporaries(directory) -> list[str]:
    return sorted(n for n in os.listdir(directory) if n.endswith(".tmp"))


def _kill_mid_save(path, size: int) -> int:
    """Start a writer, SIGKILL it while its temp file is being written; return its pid."""
    env = {**os.environ, "PYTHONPATH": ROOT}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(size)], env=env)
    prefix = f".{path.name}.{proc.pid}."
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            names = [n for n in os.listdir(path.parent) if n.startswith(prefix)]
            if names and os.path.getsize(path.parent / names[0]) > 0:
                break
            time.sleep(0.002)
        else:
            pytest.fail("the writer never started its temp file")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()  # reaped: its pid no longer names a process
    return proc.pid


def test_killed_saves_leave_the_old_checkpoint_and_the_next_save_clears_their_temps(tmp_path):
    path = tmp_path / "ck.npz"
    nn.save({"w": np.arange(4.0)}, path)
    for _ in range(3):
        pid = _kill_mid_save(path, 4_000_000)  # 32 MB
        # each writer's first save cleared what the killed one before it left
        (left,) = _temporaries(tmp_path)
        assert left.startswith(f".ck.npz.{pid}.")
        with np.load(path) as npz:  # intact every time (read without nn.load's cleanup)
            np.testing.assert_array_equal(npz["a0"], np.arange(4.0))
    np.testing.assert_array_equal(nn.load(path)["w"], np.arange(4.0))
    assert _temporaries(tmp_path) == []  # the load cleared it
    _kill_mid_save(path, 4_000_000)
    assert len(_temporaries(tmp_path)) == 1
    nn.save({"w": np.zeros(2)}, path)
    assert sorted(os.listdir(tmp_path)) == ["ck.npz"]
    np.testing.assert_array_equal(nn.load(path)["w"], np.zeros(2))


def test_a_live_writers_temp_file_is_never_touched(tmp_path):
    path = tmp_path / "ck.npz"
    nn.save({"w": np.arange(3.0)}, path)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        theirs = tmp_path / f".ck.npz.{live.pid}.0123456789ab.tmp"
        theirs.write_bytes(b"half a checkpoint")
        other_target = tmp_path / ".other.npz.999999999.0123456789ab.tmp"  # another path's
        other_target.write_bytes(b"x")
        nn.save({"w": np.ones(3)}, path)
        nn.load(path)
        assert theirs.read_bytes() == b"half a checkpoint"
        assert other_target.exists()
    finally:
        live.kill()
        live.wait()
    nn.load(path)  # the writer is gone now: its file is stale
    assert not theirs.exists()
    assert other_target.exists()  # never a temp of this path


def test_temp_names_carry_the_writers_pid(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(os.path.basename(src))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    nn.save({"w": np.ones(1)}, tmp_path / "m.npz")
    assert seen and seen[0].startswith(f".m.npz.{os.getpid()}.") and seen[0].endswith(".tmp")
