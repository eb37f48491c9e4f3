"""CIFAR10 on small archives built here; the safe unpickler refuses code."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import os
import pickle
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest

from data import CIFAR10, DataLoader, DatasetFileError, DownloadError
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
    blobs = {
        name: batch_pickle(3 if name == "test_batch" else 4, k) for k, name in enumerate(NAMES)
    }
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
    with pytest.raises(
        DatasetFileError,
        match=rf"test_batch in {tmp_path} is corrupt.*MD5 is "
        rf"{md5(batches['test_batch'])}, expected 0{{32}}",
    ):
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
    with pytest.raises(
        RefusedGlobalError,
        match=r"test_batch: refusing to load "
        r"'(posix|os|nt)\.system'",
    ):
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
    with pytest.raises(
        RuntimeError,
        match=r"Dataset not found\. CIFAR10: no cifar-10-python"
        rf"\.tar\.gz .* in {tmp_path}\. .*download=True.*"
        r"https://www\.cs\.toronto\.edu/~kriz/cifar-10-",
    ):
        CIFAR10(tmp_path)
    (tmp_path / "cifar-10-python.tar.gz").write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(DatasetFileError, match=r"cifar-10-python\.tar\.gz is corrupt"):
        CIFAR10(tmp_path)
    write_archive(tmp_path / "cifar-10-python.tar.gz", {"test_batch": batches["test_batch"]})
    with pytest.raises(DatasetFileError, match=r"has no cifar-10-batches-py/data_batch_1, "):
        CIFAR10(tmp_path)


# -- torchvision's arguments: default root, download, transform ------------------------------


@pytest.fixture
def server(tmp_path):
    """An HTTP server on 127.0.0.1 serving ``tmp_path / "www"``; yields (folder, base URL, log)."""
    www = tmp_path / "www"
    www.mkdir()
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            requests.append(self.path)

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(www))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield www, f"http://127.0.0.1:{httpd.server_address[1]}/~kriz/", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_canonical_url_and_published_md5():
    assert (
        CIFAR10.mirrors[0] + "cifar-10-python.tar.gz"
        == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    )
    assert CIFAR10.archive_md5 == "c58f30108f718f92721af3b95e74349a"


def test_download_fetches_checks_and_keeps_the_archive(tmp_path, batches, server, monkeypatch):
    www, base, requests = server
    (www / "~kriz").mkdir()
    archive = write_archive(www / "~kriz" / "cifar-10-python.tar.gz", batches)
    monkeypatch.setattr(CIFAR10, "mirrors", (base,))
    monkeypatch.setattr(CIFAR10, "archive_md5", md5(archive.read_bytes()))
    root = tmp_path / "root"
    test = CIFAR10(root, train=False, download=True)
    assert requests == ["/~kriz/cifar-10-python.tar.gz"]
    assert len(test) == 3 and sorted(os.listdir(root)) == ["cifar-10-python.tar.gz"]
    np.testing.assert_array_equal(test.images, expected_arrays(batches, ["test_batch"])[0])
    assert len(CIFAR10(root, train=True, download=True)) == 20  # read in place: no new request
    assert len(requests) == 1


def test_download_refuses_an_archive_with_another_md5(tmp_path, batches, server, monkeypatch):
    www, base, _ = server
    (www / "~kriz").mkdir()
    archive = write_archive(www / "~kriz" / "cifar-10-python.tar.gz", batches)
    monkeypatch.setattr(CIFAR10, "mirrors", (base,))
    root = tmp_path / "root"
    with pytest.raises(DownloadError) as info:
        CIFAR10(root, download=True)
    msg = str(info.value)
    assert (
        f"its MD5 is {md5(archive.read_bytes())}, expected c58f30108f718f92721af3b95e74349a" in msg
    )
    assert os.listdir(root) == []  # nothing kept


def test_offline_download_names_the_url_and_the_folder(tmp_path, batches, monkeypatch):
    import socket

    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/~kriz/"
    monkeypatch.setattr(CIFAR10, "mirrors", (base,))
    with pytest.raises(DownloadError) as info:
        CIFAR10(tmp_path / "root", download=True)
    msg = str(info.value)
    assert base + "cifar-10-python.tar.gz" in msg
    assert (
        "download https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz by other means "
        f"and put it in {tmp_path / 'root'}"
    ) in msg


def test_default_root_is_the_download_folder(tmp_path, batches, monkeypatch):
    monkeypatch.setattr(CIFAR10, "default_root", tmp_path / "cache")
    with pytest.raises(RuntimeError, match=rf"Dataset not found.* in {tmp_path / 'cache'}\."):
        CIFAR10()
    (tmp_path / "cache").mkdir()
    write_archive(tmp_path / "cache" / "cifar-10-python.tar.gz", batches)
    test = CIFAR10(train=False)
    assert len(test) == 3 and test.root == tmp_path / "cache"
    assert (
        repr(test) == f"CIFAR10(root={str(tmp_path / 'cache')!r}, train=False, n=3, normalize=True)"
    )
    (tmp_path / "cache" / "cifar-10-python.tar.gz").write_bytes(b"garbage")
    with pytest.raises(DatasetFileError, match=r"download folder .*: delete cifar-10-python"):
        CIFAR10(train=False)


def test_transform_is_applied_per_item_also_through_the_loader(tmp_path, batches):
    write_archive(tmp_path / "cifar-10-python.tar.gz", batches)
    plain = CIFAR10(tmp_path, train=False)
    flipped = CIFAR10(tmp_path, train=False, transform=lambda im: im[:, :, ::-1])
    np.testing.assert_array_equal(flipped[1][0], plain[1][0][:, :, ::-1])
    x, y = next(iter(DataLoader(flipped, batch_size=3)))
    np.testing.assert_array_equal(x.numpy(), plain.arrays[0][:, :, :, ::-1])
    with pytest.raises(TypeError, match="transform must be callable or None, got int"):
        CIFAR10(tmp_path, transform=3)
