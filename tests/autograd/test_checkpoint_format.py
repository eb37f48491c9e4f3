"""The checkpoint format behind nn.save / nn.load (autograd/checkpoint_format.py): exact
round trips, atomic writes (a killed save leaves the old file), and refusal of unsafe,
damaged or foreign files, naming the path."""

from __future__ import annotations

import json
import math
import os
import pathlib
import signal
import subprocess
import sys
import time
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn
from autograd import checkpoint_format as serialization


def same(a, b):
    """Exact structural equality, including types and array dtypes."""
    assert type(a) is type(b), f"{type(a)} != {type(b)}"
    if isinstance(a, dict):
        assert list(a) == list(b)
        for (ka, va), (kb, vb) in zip(a.items(), b.items()):
            same(ka, kb)
            same(va, vb)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            same(x, y)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, ag.Tensor):
        assert a.requires_grad == b.requires_grad
        same(a._data, b._data)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b


NESTED = {
    "model": OrderedDict(
        [
            ("0.weight", np.arange(6, dtype=np.float32).reshape(2, 3)),
            ("0.bias", np.zeros(2, np.float32)),
            ("bn.num_batches_tracked", np.array(3, dtype=np.int64)),
        ]
    ),
    "optimizer": {
        "state": {
            0: {"step": 7, "exp_avg": np.ones((2, 3), np.float32)},
            1: {"step": np.int64(7), "momentum_buffer": None},
        },
        "param_groups": [
            {
                "lr": 0.001,
                "betas": (0.9, 0.999),
                "params": [0, 1],
                "amsgrad": False,
                "name": "main",
                "weight_decay": 0,
            }
        ],
    },
    "epoch": 3,
    "big": 2**70,
    "floats": [0.1, -0.0, float("inf"), float("-inf"), float("nan"), 1e-310],
    "arrays": [
        np.array(True),
        np.array([1, 2], dtype=np.uint8),
        np.float64(2.5),
        np.array([[1.5]], dtype=np.float64),
        np.zeros((0, 3), np.float32),
        np.array(["a", "bc"]),
        np.array([1 + 2j]),
    ],
    "tensors": [ag.tensor([1.0, 2.0]), nn.Parameter([3.0]), ag.tensor([1.0], requires_grad=True)],
    "keys": {(1, "a"): 1, None: 2, 2.5: 3, True: 4, "": 5},
    "empty": [{}, [], ()],
}


def rewrite_manifest(path, edit):
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    manifest = json.loads(arrays[serialization.MANIFEST_KEY].tobytes())
    edit(manifest, arrays)
    arrays[serialization.MANIFEST_KEY] = np.frombuffer(json.dumps(manifest).encode(), np.uint8)
    np.savez(path, **arrays)


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


def test_nested_structure_round_trips_exactly(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save(NESTED, path)
    loaded = nn.load(path)
    same(NESTED, loaded)
    assert isinstance(loaded["tensors"][1], nn.Parameter)
    assert isinstance(loaded["model"], OrderedDict) and not isinstance(loaded, OrderedDict)


@pytest.mark.parametrize(
    "obj", [np.float32(1.5), 3, None, "text", [1, [2, [3]]], np.array(5, dtype=np.int16)], ids=repr
)
def test_scalars_and_bare_values_round_trip(tmp_path, obj):
    nn.save(obj, str(tmp_path / "x"))
    same(obj, nn.load(str(tmp_path / "x")))


def test_path_is_used_exactly_and_file_is_a_plain_npz(tmp_path):
    path = tmp_path / "weights.ckpt"
    nn.save({"w": np.ones(2)}, path)
    assert sorted(os.listdir(tmp_path)) == ["weights.ckpt"]
    with np.load(path, allow_pickle=False) as npz:  # any NumPy can open it
        assert serialization.MANIFEST_KEY in npz.files
        assert npz["a0"].tolist() == [1.0, 1.0]


def test_model_state_dict_round_trip_restores_outputs(tmp_path):
    model = nn.Sequential(nn.Linear(4, 5), nn.BatchNorm1d(5), nn.Linear(5, 2))
    model(ag.randn(8, 4))
    nn.save(model.state_dict(), tmp_path / "m.npz")
    fresh = nn.Sequential(nn.Linear(4, 5), nn.BatchNorm1d(5), nn.Linear(5, 2))
    fresh.load_state_dict(nn.load(tmp_path / "m.npz"))
    x = ag.randn(3, 4)
    np.testing.assert_array_equal(model.eval()(x)._data, fresh.eval()(x)._data)


def test_unserialisable_value_leaves_previous_file_and_no_temp(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"v": 1}, path)
    before = path.read_bytes()
    with pytest.raises(TypeError, match=r"cannot store object as a value at obj\['bad'\]"):
        nn.save({"bad": object()}, path)
    with pytest.raises(TypeError, match="dtype object"):
        nn.save({"arr": np.array([1, "x", None], dtype=object)}, path)
    with pytest.raises(TypeError, match="as a dict key"):
        nn.save({frozenset(): 1}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.npz"]


def test_failure_mid_write_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.zeros(3)}, path)
    before = path.read_bytes()

    def broken_savez(file, **arrays):
        file.write(b"PK\x03\x04 half a zip")
        raise OSError("No space left on device")

    monkeypatch.setattr(serialization.np, "savez", broken_savez)
    with pytest.raises(OSError, match="No space left"):
        nn.save({"w": np.ones(3)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.npz"]


def test_failure_at_rename_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.zeros(3)}, path)

    def broken_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(serialization.os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        nn.save({"w": np.ones(3)}, path)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["ckpt.npz"]
    same(nn.load(path), {"w": np.zeros(3)})


def test_save_into_missing_directory_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        nn.save({}, tmp_path / "nope" / "x.npz")


def test_object_array_in_file_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, __nn_manifest__=np.zeros(1, np.uint8), a0=np.array([{"x": 1}], dtype=object))
    with pytest.raises(nn.CheckpointError, match=r"evil\.npz holds an object array under 'a0'"):
        nn.load(path)


def test_truncated_file_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.arange(1000.0)}, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        nn.CheckpointError,
        match=r"ckpt\.npz is not an nn\.save checkpoint.*"
        r"truncated",
    ):
        nn.load(path)


def test_corrupted_member_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.arange(1000.0)}, path)
    data = bytearray(path.read_bytes())
    data[200] ^= 0xFF  # inside a0's array bytes: the zip CRC no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(nn.CheckpointError, match=r"ckpt\.npz is truncated or corrupt"):
        nn.load(path)


def test_foreign_files_are_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(nn.CheckpointError, match=r"notes\.txt is not an nn\.save checkpoint"):
        nn.load(text)
    plain = tmp_path / "plain.npz"
    np.savez(plain, x=np.ones(2))
    with pytest.raises(nn.CheckpointError, match=r"plain\.npz has no '__nn_manifest__'"):
        nn.load(plain)
    npy = tmp_path / "single.npy"
    np.save(npy, np.ones(2))
    with pytest.raises(nn.CheckpointError, match=r"single\.npy is not an nn\.save"):
        nn.load(npy)
    with pytest.raises(FileNotFoundError, match="no such file"):
        nn.load(tmp_path / "missing.npz")


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda m, a: m["root"]["items"][0][1].update(dtype="<f4"), "manifest says <f4"),
        (lambda m, a: m["root"]["items"][0][1].update(k="a9"), "'a9' is missing"),
        (lambda m, a: a.update(a1=np.zeros(1)), r"arrays \['a1'\] are not in the manifest"),
        (lambda m, a: m["root"].update(t="pickle"), "unknown or malformed node"),
        (lambda m, a: m.update(format="other"), "unknown format"),
        (lambda m, a: m.update(version=99), "version 99"),
    ],
    ids=["dtype", "missing", "extra", "node", "format", "version"],
)
def test_manifest_mismatch_is_refused(tmp_path, edit, message):
    path = tmp_path / "ckpt.npz"
    nn.save({"w": np.ones(2)}, path)
    rewrite_manifest(path, edit)
    with pytest.raises(nn.CheckpointError, match=message) as info:
        nn.load(path)
    assert "ckpt.npz" in str(info.value)


def test_unreadable_manifest_is_refused(tmp_path):
    path = tmp_path / "ckpt.npz"
    np.savez(path, __nn_manifest__=np.frombuffer(b"{not json", np.uint8))
    with pytest.raises(nn.CheckpointError, match=r"ckpt\.npz has an unreadable manifest"):
        nn.load(path)


def test_load_never_unpickles(tmp_path, monkeypatch):
    import pickle

    def forbidden(*args, **kwargs):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    path = tmp_path / "ckpt.npz"
    nn.save(NESTED, path)
    same(NESTED, nn.load(path))
    assert zipfile.is_zipfile(path) and isinstance(pathlib.Path(path), pathlib.Path)


def test_every_single_byte_corruption_is_a_checkpoint_error_or_harmless(tmp_path):
    path = tmp_path / "ck.npz"
    nn.save({"w": np.arange(20.0), "step": 3}, path)
    original = path.read_bytes()
    damaged = tmp_path / "damaged.npz"
    for i in range(len(original)):
        b = bytearray(original)
        b[i] ^= 0x55
        damaged.write_bytes(bytes(b))
        try:
            loaded = nn.load(damaged)
        except serialization.CheckpointError as e:
            assert str(damaged) in str(e)
        else:  # a byte nobody reads (a timestamp, padding): the data must still be right
            assert np.array_equal(loaded["w"], np.arange(20.0)) and loaded["step"] == 3


def test_damaged_compression_field_is_a_checkpoint_error(tmp_path):
    # zipfile raises NotImplementedError for an unknown compression method.
    path = tmp_path / "ck.npz"
    nn.save({"w": np.ones(2)}, path)
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 10] = 0x63  # compression method of the first central-directory entry
    path.write_bytes(bytes(data))
    with pytest.raises(serialization.CheckpointError, match="corrupt") as info:
        nn.load(path)
    assert str(path) in str(info.value)


def test_load_of_a_directory_says_so(tmp_path):
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        nn.load(tmp_path)


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
