"""IDX parsing, SHA-256 verification, downloads from mirrors, and the shipped MNIST."""

from __future__ import annotations

import gzip
import shutil
import sys
import urllib.error
from pathlib import Path

import numpy as np
import pytest

import data._download as download_module
from data import MNIST, DataLoader, DatasetFileError, DownloadError, FashionMNIST
from data.mnist import IMAGES_MAGIC, LABELS_MAGIC, SHIPPED_MNIST, parse_idx, read_idx

LABELS = "t10k-labels-idx1-ubyte"
IMAGES = "t10k-images-idx3-ubyte"
LABELS_SHA = MNIST.raw_sha256[LABELS]


def idx_bytes(arr: np.ndarray, code: int = 0x08) -> bytes:
    header = bytes([0, 0, code, arr.ndim]) + b"".join(d.to_bytes(4, "big") for d in arr.shape)
    return header + arr.tobytes()


def write_gz(path: Path, blob: bytes, level: int = 9) -> Path:
    path.write_bytes(gzip.compress(blob, compresslevel=level))
    return path


def shipped_raw(stem: str) -> bytes:
    return gzip.decompress((SHIPPED_MNIST / f"{stem}.gz").read_bytes())


@pytest.fixture
def isolated(monkeypatch):
    """MNIST looks only in the given root (not the shipped folder) and has no mirrors."""
    monkeypatch.setattr(MNIST, "fallback_dirs", ())
    monkeypatch.setattr(MNIST, "local_copies", ())
    monkeypatch.setattr(MNIST, "mirrors", ())
    return monkeypatch


# -- IDX parser ---------------------------------------------------------------------------


def test_read_idx_parses_images_and_labels(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    labels = np.array([7, 2], dtype=np.uint8)
    got = read_idx(write_gz(tmp_path / "img.gz", idx_bytes(images)), magic=IMAGES_MAGIC)
    assert got.dtype == np.uint8 and got.shape == (2, 3, 4)
    np.testing.assert_array_equal(got, images)
    np.testing.assert_array_equal(
        read_idx(write_gz(tmp_path / "lab.gz", idx_bytes(labels)), magic=LABELS_MAGIC), labels
    )
    (tmp_path / "raw").write_bytes(idx_bytes(labels))  # uncompressed files work too
    np.testing.assert_array_equal(read_idx(tmp_path / "raw"), labels)


def test_parse_idx_big_endian_types():
    values = np.array([[1, -2], [300000, 4]], dtype=">i4")
    got = parse_idx(idx_bytes(values, code=0x0C))
    assert got.dtype == np.int32 and got.dtype.isnative
    np.testing.assert_array_equal(got, values)
    floats = np.array([0.5, -1.25], dtype=">f8")
    np.testing.assert_array_equal(parse_idx(idx_bytes(floats, code=0x0E)), floats)


def test_bad_magic_names_the_file(tmp_path):
    path = write_gz(tmp_path / "labels.gz", idx_bytes(np.zeros((2, 2), np.uint8)))
    with pytest.raises(
        ValueError,
        match=r"labels\.gz: bad magic number 0x00000802, "
        r"expected 0x00000801",
    ):
        read_idx(path, magic=LABELS_MAGIC)
    with pytest.raises(ValueError, match=r"x\.idx: bad magic number 0x12340801; not an IDX"):
        parse_idx(b"\x12\x34\x08\x01" + bytes(8), "x.idx")
    with pytest.raises(ValueError, match=r"x\.idx: bad magic number 0x00000701"):
        parse_idx(b"\x00\x00\x07\x01" + bytes(8), "x.idx")


def test_truncated_payload_and_header_name_the_file(tmp_path):
    blob = idx_bytes(np.zeros((3, 28, 28), np.uint8))
    path = write_gz(tmp_path / "images.gz", blob[:-10])
    with pytest.raises(
        ValueError,
        match=r"images\.gz: payload has 2342 bytes but dimensions "
        r"\(3, 28, 28\) of uint8 need 2352; .*truncated",
    ):
        read_idx(path, magic=IMAGES_MAGIC)
    with pytest.raises(ValueError, match=r"f: truncated header: 3 dimensions need 16 bytes"):
        parse_idx(blob[:9], "f")
    with pytest.raises(ValueError, match=r"f: not an IDX file: 2 bytes"):
        parse_idx(b"\x00\x00", "f")
    with pytest.raises(ValueError, match="payload has 11 bytes"):
        parse_idx(blob[:16] + bytes(11), "f")


# -- verification of files in root ------------------------------------------------------------


def test_corrupted_byte_is_refused_naming_file_and_checksum(tmp_path):
    raw = bytearray(shipped_raw(LABELS))
    raw[100] = (raw[100] + 1) % 10  # still a valid IDX file, just wrong data
    path = write_gz(tmp_path / f"{LABELS}.gz", bytes(raw))
    shutil.copy(SHIPPED_MNIST / f"{IMAGES}.gz", tmp_path)
    with pytest.raises(DatasetFileError) as info:
        MNIST(root=tmp_path, train=False)
    msg = str(info.value)
    assert str(path) in msg
    assert f"expected {LABELS_SHA}" in msg
    # the user's own copy: say whose it is and where to get a good one, never "delete"
    assert f"your copy in {tmp_path}" in msg and f"{MNIST.mirrors[0]}{LABELS}.gz" in msg
    assert "delete" not in msg.lower()


def test_corrupt_shipped_copy_says_how_to_restore_it():
    msg = MNIST(train=False).origin(SHIPPED_MNIST / f"{LABELS}.gz")
    assert "copy shipped with the project" in msg and "git checkout data/mnist/" in msg
    assert "delete" not in msg.lower()


def fake_fashion(folder: Path, monkeypatch, n: int = 5) -> dict[str, bytes]:
    """Small valid Fashion-MNIST-shaped test files in ``folder``; their digests patched in."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    raws = {
        IMAGES: idx_bytes(rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)),
        LABELS: idx_bytes(np.arange(n, dtype=np.uint8)),
    }
    sha = dict(FashionMNIST.raw_sha256)
    for stem, raw in raws.items():
        write_gz(folder / f"{stem}.gz", raw)
        sha[stem] = download_module.sha256_hex(raw)
    monkeypatch.setattr(FashionMNIST, "raw_sha256", sha)
    return raws


@pytest.fixture
def system_fashion(tmp_path, monkeypatch):
    """A stand-in for Debian's folder, and an empty download folder."""
    debian = tmp_path / "debian"
    monkeypatch.setattr("data.mnist.DEBIAN_FASHION_MNIST", debian)
    monkeypatch.setattr(FashionMNIST, "fallback_dirs", (debian,))
    monkeypatch.setattr(FashionMNIST, "default_root", tmp_path / "cache")
    monkeypatch.setattr(FashionMNIST, "local_copies", ())
    monkeypatch.setattr(FashionMNIST, "mirrors", ())
    return debian


def test_fashion_mnist_read_from_the_system_folder_says_so(system_fashion, monkeypatch):
    fake_fashion(system_fashion, monkeypatch)
    ds = FashionMNIST(train=False, download=False)
    assert len(ds) == 5 and ds.labels.tolist() == [0, 1, 2, 3, 4]
    assert ds.folder == system_fashion
    assert repr(ds).startswith(f"FashionMNIST(root={str(system_fashion)!r}, train=False, n=5")
    assert ds._lut[255] == pytest.approx((1 - 0.2860) / 0.3530)


def test_corrupt_system_copy_says_reinstall_the_package(system_fashion, monkeypatch):
    fake_fashion(system_fashion, monkeypatch)
    (system_fashion / f"{IMAGES}.gz").write_bytes(b"not gzip")
    with pytest.raises(DatasetFileError) as info:
        FashionMNIST(train=False, download=False)
    msg = str(info.value)
    assert str(system_fashion / f"{IMAGES}.gz") in msg
    assert "apt-get install --reinstall dataset-fashion-mnist" in msg
    assert "delete" not in msg.lower()


def test_corrupt_download_folder_copy_may_be_deleted(system_fashion, tmp_path, monkeypatch):
    fake_fashion(tmp_path / "cache", monkeypatch)
    (tmp_path / "cache" / f"{IMAGES}.gz").write_bytes(b"not gzip")
    with pytest.raises(DatasetFileError) as info:
        FashionMNIST(train=False, download=False)
    msg = str(info.value)
    assert f"this library's download folder ({tmp_path / 'cache'}): delete it" in msg


def test_fashion_download_checks_the_published_md5(system_fashion, tmp_path, monkeypatch):
    fake_fashion(tmp_path / "mirror", monkeypatch)
    md5 = {p.name: download_module.md5_hex_of_file(p) for p in (tmp_path / "mirror").iterdir()}
    monkeypatch.setattr(FashionMNIST, "mirrors", ((tmp_path / "mirror").as_uri() + "/",))
    monkeypatch.setattr(FashionMNIST, "gz_md5", {**md5, f"{IMAGES}.gz": "0" * 32})
    with pytest.raises(DownloadError, match=rf"its MD5 is {md5[IMAGES + '.gz']}, expected 0{{32}}"):
        FashionMNIST(train=False)
    assert list((tmp_path / "cache").iterdir()) == []  # nothing kept
    monkeypatch.setattr(FashionMNIST, "gz_md5", md5)
    ds = FashionMNIST(train=False)
    assert len(ds) == 5 and ds.folder == tmp_path / "cache"


def test_published_fashion_md5s_are_the_readmes():
    assert FashionMNIST.gz_md5["train-images-idx3-ubyte.gz"] == "8d4fb7e6c68d591d4c3dfef9ec88bf0d"
    assert set(FashionMNIST.gz_md5) == {f"{stem}.gz" for stem in FashionMNIST.raw_sha256}


def test_truncated_gzip_is_refused(tmp_path):
    blob = (SHIPPED_MNIST / f"{IMAGES}.gz").read_bytes()
    path = tmp_path / f"{IMAGES}.gz"
    path.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(DatasetFileError, match="cannot be decompressed") as info:
        MNIST(root=tmp_path, train=False)
    assert str(path) in str(info.value)
    assert MNIST.raw_sha256[IMAGES] in str(info.value)


def test_not_gzip_is_refused(tmp_path):
    (tmp_path / f"{LABELS}.gz").write_bytes(b"this is not gzip data")
    shutil.copy(SHIPPED_MNIST / f"{IMAGES}.gz", tmp_path)
    with pytest.raises(DatasetFileError, match=rf"{LABELS}\.gz is corrupt.*{LABELS_SHA}"):
        MNIST(root=tmp_path, train=False)


def test_recompressed_identical_copy_passes(tmp_path, isolated):
    write_gz(tmp_path / f"{LABELS}.gz", shipped_raw(LABELS), level=1)
    (tmp_path / IMAGES).write_bytes(shipped_raw(IMAGES))  # uncompressed also accepted
    ds = MNIST(root=tmp_path, train=False)
    shipped = MNIST(train=False)
    np.testing.assert_array_equal(ds.labels, shipped.labels)
    np.testing.assert_array_equal(ds.images, shipped.images)


def test_a_file_changed_after_loading_is_verified_again(tmp_path, isolated):
    path = write_gz(tmp_path / f"{LABELS}.gz", shipped_raw(LABELS))
    shutil.copy(SHIPPED_MNIST / f"{IMAGES}.gz", tmp_path)
    first = MNIST(root=tmp_path, train=False)
    raw = bytearray(shipped_raw(LABELS))
    raw[-1] = (raw[-1] + 1) % 10
    write_gz(path, bytes(raw))
    with pytest.raises(DatasetFileError, match=LABELS_SHA):
        MNIST(root=tmp_path, train=False)
    assert len(first) == 10000


def test_missing_file_without_download(tmp_path, isolated):
    with pytest.raises(
        RuntimeError,
        match=rf"Dataset not found.*{IMAGES}\.gz, {LABELS}\.gz.*"
        rf"in {tmp_path}.*download=True",
    ):
        MNIST(root=tmp_path, train=False, download=False)
    shutil.copy(SHIPPED_MNIST / f"{IMAGES}.gz", tmp_path)  # one of the two: names the other
    with pytest.raises(RuntimeError, match=rf"Dataset not found.*looked for {LABELS}\.gz "):
        MNIST(root=tmp_path, train=False, download=False)


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_given_root_never_falls_back_to_the_shipped_copy(tmp_path, kind):
    root = tmp_path / "nonexistent" / "dir"
    if kind == "file":
        root = tmp_path / "a-file"
        root.write_text("x")
    with pytest.raises(RuntimeError, match=r"Dataset not found") as info:
        MNIST(root=root, download=False)
    msg = str(info.value)
    assert str(root) in msg and "train-images-idx3-ubyte.gz" in msg
    assert str(SHIPPED_MNIST) not in msg
    assert ("a file, not a folder" in msg) == (kind == "file")


def test_silent_when_not_downloading(capsys):
    MNIST(train=False)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


# -- downloads ------------------------------------------------------------------------------


def make_mirror(folder: Path, corrupt: bool = False) -> str:
    folder.mkdir()
    for stem in (LABELS, IMAGES):
        raw = bytearray(shipped_raw(stem))
        if corrupt:
            raw[-1] ^= 0xFF
        write_gz(folder / f"{stem}.gz", bytes(raw), level=1)
    return folder.as_uri() + "/"


def test_download_from_a_mirror(tmp_path, isolated, capsys):
    root = tmp_path / "root"
    isolated.setattr(MNIST, "mirrors", (make_mirror(tmp_path / "mirror"),))
    ds = MNIST(root=root, train=False)
    assert len(ds) == 10000
    assert sorted(p.name for p in root.iterdir()) == [f"{IMAGES}.gz", f"{LABELS}.gz"]
    out, err = capsys.readouterr()
    assert out == "" and f"Downloading {IMAGES}.gz" in err  # progress only while downloading
    MNIST(root=root, train=False)  # now found locally: no download, no output
    assert capsys.readouterr() == ("", "")


def test_plain_progress_without_tqdm(tmp_path, isolated, capsys):
    isolated.setitem(sys.modules, "tqdm", None)  # "import tqdm" now fails
    isolated.setattr(MNIST, "mirrors", (make_mirror(tmp_path / "mirror"),))
    MNIST(root=tmp_path / "root", train=False)
    out, err = capsys.readouterr()
    assert out == ""
    assert f"Downloading {LABELS}.gz: 100% of" in err


def test_bad_mirror_is_refused_and_the_next_one_used(tmp_path, isolated):
    root = tmp_path / "root"
    bad = make_mirror(tmp_path / "bad", corrupt=True)
    isolated.setattr(MNIST, "mirrors", (bad,))
    with pytest.raises(DownloadError) as info:
        MNIST(root=root, train=False)
    msg = str(info.value)
    assert f"{IMAGES}.gz is missing and could not be downloaded" in msg  # images come first
    assert f"expected {MNIST.raw_sha256[IMAGES]}" in msg and bad in msg
    assert list(root.iterdir()) == []  # nothing left behind
    good = make_mirror(tmp_path / "good")
    isolated.setattr(MNIST, "mirrors", (bad, tmp_path.as_uri() + "/nowhere/", good))
    assert len(MNIST(root=root, train=False)) == 10000
    assert sorted(p.name for p in root.iterdir()) == [f"{IMAGES}.gz", f"{LABELS}.gz"]


def test_offline_error_names_the_file_and_where_to_put_it(tmp_path, isolated):
    def offline(url, timeout):
        raise urllib.error.URLError("Temporary failure in name resolution")

    isolated.setattr(download_module, "_urlopen", offline)
    isolated.setattr(MNIST, "mirrors", ("https://example.invalid/mnist/",))
    with pytest.raises(DownloadError) as info:
        MNIST(root=tmp_path, train=False)
    msg = str(info.value)
    assert f"https://example.invalid/mnist/{IMAGES}.gz" in msg
    assert "Temporary failure in name resolution" in msg
    assert f"put a copy of {IMAGES}.gz in {tmp_path}; copy it from the project's data/mnist/" in msg
    assert list(tmp_path.iterdir()) == []


def test_interrupted_download_leaves_nothing(tmp_path, isolated):
    class Broken:
        headers = {"Content-Length": "1000"}

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, n):
            raise ConnectionResetError("connection reset by peer")

    isolated.setattr(download_module, "_urlopen", lambda url, timeout: Broken())
    isolated.setattr(MNIST, "mirrors", ("https://example.invalid/",))
    with pytest.raises(DownloadError, match="connection reset by peer"):
        MNIST(root=tmp_path, train=False)
    assert list(tmp_path.iterdir()) == []


# -- the shipped MNIST ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def train():
    return MNIST(train=True)


def test_shipped_mnist_loads(train):
    test = MNIST(train=False)
    assert (len(train), len(test)) == (60000, 10000)
    assert train.images.shape == (60000, 28, 28) and train.images.dtype == np.uint8
    assert train.labels.shape == (60000,) and train.labels.dtype == np.int64
    assert train.labels.min() == 0 and train.labels.max() == 9
    assert np.bincount(train.labels).min() > 5000
    x, y = train.arrays
    assert x.shape == (60000, 28, 28) and x.dtype == np.float32
    assert abs(float(x.mean())) < 1e-3 and abs(float(x.std()) - 1) < 1e-3
    assert train.arrays[0] is x  # computed once


def test_items_match_the_arrays(train):
    image, label = train[123]
    assert image.shape == (28, 28) and image.dtype == np.float32 and isinstance(label, int)
    np.testing.assert_array_equal(image, train.arrays[0][123])
    expected = (
        train.images[123].astype(np.float32) / np.float32(255) - np.float32(0.1307)
    ) / np.float32(0.3081)
    np.testing.assert_array_equal(image, expected)


def test_flatten_and_unnormalized():
    ds = MNIST(train=False, flatten=True, normalize=False)
    image, _ = ds[0]
    assert image.shape == (784,)
    x, _ = ds.arrays
    assert x.shape == (10000, 784) and x.dtype == np.float32
    assert float(x.min()) == 0.0 and float(x.max()) == 1.0
    np.testing.assert_array_equal(x[0], image)


def test_mnist_through_the_dataloader(train):
    loader = DataLoader(train, batch_size=256, shuffle=True, seed=0)
    assert len(loader) == 235
    x, y = next(iter(loader))
    assert x.shape == (256, 28, 28) and x.dtype == np.float32 and y.dtype == np.int64
    perm = np.random.default_rng(0).permutation(60000)[:256]
    np.testing.assert_array_equal(x.numpy(), train.arrays[0][perm])
    np.testing.assert_array_equal(y.numpy(), train.labels[perm])


def test_mnist_arrays_are_read_only_and_shared(train):
    again = MNIST(train=True)
    assert again.images is train.images
    with pytest.raises(ValueError, match="read-only"):
        train.images[0, 0, 0] = 1


def test_root_must_be_a_path():
    with pytest.raises(TypeError, match="root must be a path or None, got int"):
        MNIST(root=3)
