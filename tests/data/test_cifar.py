"""CIFAR10 on small archives built here; the safe unpickler refuses code."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tarfile
from pathlib import Path

import numpy as np
import pytest

from data import CIFAR10, DataLoader, DatasetFileError
from data.cifar import RefusedGlobalError, SafeUnpickler, parse_batch

NAMES = CIFAR10.train_batches + CIFAR10.test_batches


def batch_pickle(n: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    batch = {
        b"batch_label": b"training batch",
        b"labels": rng.integers(0, 10, size=n).tolist(),
        b"data": rng.integers(0, 256, size=(n, 3072), dtype=np.uint8),
        b"filenames": [b"img_%d.png" % k for k in range(n)],
    }
    # Protocol 2 naming numpy.core, as the published (Python 2, NumPy 1) files do.
    return pickle.dumps(batch, protocol=2).replace(b"numpy._core.", b"numpy.core.")


def md5(blob: bytes) -> str:
    return hashlib.md5(blob).hexdigest()


@pytest.fixture
def batches(monkeypatch):
    """name -> pickled bytes (4 images per batch, 3 in the test batch), with their MD5s trusted."""
    blobs = {name: batch_pickle(3 if name == "test_batch" else 4, k)
             for k, name in enumerate(NAMES)}
    monkeypatch.setattr(CIFAR10, "batch_md5", {name: md5(b) for name, b in blobs.items()})
    return blobs


def write_archive(path: Path, blobs: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, blob in blobs.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    return path


def write_folder(folder: Path, blobs: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    for name, blob in blobs.items():
        (folder / name).write_bytes(blob)
    return folder


def expected_arrays(blobs, names):
    dicts = [pickle.loads(blobs[n], encoding="bytes") for n in names]
    images = np.concatenate([d[b"data"] for d in dicts]).reshape(-1, 3, 32, 32)
    labels = np.concatenate([d[b"labels"] for d in dicts])
    return images, labels


def test_reads_the_archive_in_place(tmp_path, batches):
    write_archive(tmp_path / "cifar-10-python.tar.gz", batches)
    train = CIFAR10(tmp_path)
    images, labels = expected_arrays(batches, CIFAR10.train_batches)
    assert len(train) == 20
    assert train.images.shape == (20, 3, 32, 32) and train.images.dtype == np.uint8
    np.testing.assert_array_equal(train.images, images)
    np.testing.assert_array_equal(train.labels, labels)
    assert train.labels.dtype == np.int64
    test = CIFAR10(tmp_path, train=False)
    assert len(test) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cifar-10-python.tar.gz"]


def test_items_are_normalized_per_channel(tmp_path, batches):
    write_folder(tmp_path / "cifar-10-batches-py", batches)
    ds = CIFAR10(tmp_path, train=False)
    image, label = ds[1]
    assert image.shape == (3, 32, 32) and image.dtype == np.float32 and isinstance(label, int)
    mean = np.array([0.4914, 0.4822, 0.4465], np.float32)[:, None, None]
    std = np.array([0.2470, 0.2435, 0.2616], np.float32)[:, None, None]
    expected = (ds.images[1].astype(np.float32) / np.float32(255) - mean) / std
    np.testing.assert_allclose(image, expected, rtol=1e-6, atol=1e-6)
    x, y = ds.arrays
    np.testing.assert_array_equal(x[1], image)
    raw = CIFAR10(tmp_path, train=False, normalize=False)[1][0]
    np.testing.assert_array_equal(raw, ds.images[1] / np.float32(255))
    xb, yb = next(iter(DataLoader(ds, batch_size=2)))
    assert xb.shape == (2, 3, 32, 32) and yb.dtype == np.int64


def test_root_may_be_the_batches_folder(tmp_path, batches):
    folder = write_folder(tmp_path / "cifar-10-batches-py", batches)
    assert len(CIFAR10(folder, train=False)) == 3


def test_unpublished_batch_is_refused_before_unpickling(tmp_path, batches, monkeypatch):
    write_folder(tmp_path / "cifar-10-batches-py", batches)
    monkeypatch.setattr(CIFAR10, "batch_md5", {**CIFAR10.batch_md5, "test_batch": "0" * 32})
    with pytest.raises(DatasetFileError, match=rf"test_batch in {tmp_path} is corrupt.*MD5 is "
                                               rf"{md5(batches['test_batch'])}, expected 0{{32}}"):
        CIFAR10(tmp_path, train=False)


class Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_malicious_pickle_is_refused_and_not_run(tmp_path, batches, monkeypatch):
    marker = tmp_path / "pwned"
    evil = pickle.dumps({b"data": Evil(marker), b"labels": [0]}, protocol=2)
    folder = write_folder(tmp_path / "cifar-10-batches-py", {**batches, "test_batch": evil})
    monkeypatch.setattr(CIFAR10, "batch_md5", {**CIFAR10.batch_md5, "test_batch": md5(evil)})
    with pytest.raises(RefusedGlobalError, match=r"test_batch: refusing to load "
                                                 r"'(posix|os|nt)\.system'"):
        CIFAR10(folder, train=False)
    assert not marker.exists()
    with pytest.raises(pickle.UnpicklingError, match=r"builtins\.eval"):
        SafeUnpickler(io.BytesIO(b"cbuiltins\neval\n(S'1+1'\ntR.")).load()


def test_safe_unpickler_reads_arrays_of_any_protocol():
    arr = np.arange(12, dtype=np.float32).reshape(3, 4)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        got = SafeUnpickler(io.BytesIO(pickle.dumps({"a": arr, "b": b"x"}, protocol))).load()
        np.testing.assert_array_equal(got["a"], arr)
        assert got["b"] == b"x"


def test_parse_batch_rejects_other_contents():
    with pytest.raises(DatasetFileError, match="b1: not a CIFAR-10 batch: holds a list"):
        parse_batch(pickle.dumps([1, 2]), "b1")
    with pytest.raises(DatasetFileError, match=r"b2: not a CIFAR-10 batch: no 'labels' entry"):
        parse_batch(pickle.dumps({b"data": np.zeros((1, 3072), np.uint8)}), "b2")
    bad = pickle.dumps({b"data": np.zeros((2, 100), np.uint8), b"labels": [0, 1]})
    with pytest.raises(DatasetFileError, match=r"b3: not a CIFAR-10 batch: data \(2, 100\)"):
        parse_batch(bad, "b3")
    with pytest.raises(DatasetFileError, match="b4: cannot be read as a pickle"):
        parse_batch(pickle.dumps({b"x": 1})[:-3], "b4")


def test_missing_and_corrupt_archives(tmp_path, batches):
    with pytest.raises(FileNotFoundError, match=r"no cifar-10-python\.tar\.gz.*put it there"):
        CIFAR10(tmp_path)
    (tmp_path / "cifar-10-python.tar.gz").write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(DatasetFileError, match=r"cifar-10-python\.tar\.gz is corrupt"):
        CIFAR10(tmp_path)
    write_archive(tmp_path / "cifar-10-python.tar.gz", {"test_batch": batches["test_batch"]})
    with pytest.raises(DatasetFileError, match=r"has no cifar-10-batches-py/data_batch_1, "):
        CIFAR10(tmp_path)
