"""nn.load on damaged files and on directories: clear errors naming the path."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from nn import serialization


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
