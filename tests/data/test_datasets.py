"""data.datasets: torchvision's MNIST, FashionMNIST and CIFAR10 over the library's readers."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import pickle
import shutil
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest

import data
import data.cifar as cifar_module
import data.mnist as mnist_module
from autograd import Tensor
from data import CIFAR10 as CIFARReader
from data import DataLoader, Subset, datasets
from data import transforms as T
from data.mnist import SHIPPED_MNIST

NORMALIZE = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])
TEST_FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


@pytest.fixture
def no_fallback(monkeypatch):
    """The MNIST reader looks only in the folder it is given, and has no mirrors."""
    monkeypatch.setattr(mnist_module.MNIST, "fallback_dirs", ())
    monkeypatch.setattr(mnist_module.MNIST, "local_copies", ())
    monkeypatch.setattr(mnist_module.MNIST, "mirrors", ())
    return monkeypatch


@pytest.fixture(scope="module")
def shipped_test_images() -> np.ndarray:
    with gzip.open(SHIPPED_MNIST / TEST_FILES[0]) as f:
        return np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)


# -- MNIST --------------------------------------------------------------------------------


def test_items_are_the_raw_uint8_image_and_an_int_label(shipped_test_images, tmp_path):
    ds = datasets.MNIST(tmp_path, train=False, download=True)
    image, label = ds[0]
    assert isinstance(image, np.ndarray) and image.dtype == np.uint8 and image.shape == (28, 28)
    assert type(label) is int and label == 7
    np.testing.assert_array_equal(image, shipped_test_images[0])
    assert len(ds) == 10000 and len(datasets.MNIST(None)) == 60000
    with pytest.raises(IndexError, match="index 10000 is out of range for MNIST of size 10000"):
        ds[10000]


def test_attributes_as_torchvision(tmp_path):
    ds = datasets.MNIST(None, train=False)
    assert isinstance(ds.data, Tensor) and ds.data.dtype == np.uint8
    assert ds.data.shape == (10000, 28, 28)
    assert isinstance(ds.targets, Tensor) and ds.targets.dtype == np.int64
    assert ds.targets.shape == (10000,) and ds.targets[:3].tolist() == [7, 2, 1]
    assert ds.classes[0] == "0 - zero" and ds.classes[9] == "9 - nine"
    assert ds.class_to_idx["3 - three"] == 3
    ds = datasets.MNIST(tmp_path, train=False, download=True)
    assert ds.raw_folder == str(tmp_path / "MNIST" / "raw")


def test_transforms_apply_to_image_and_label():
    ds = datasets.MNIST(None, train=False, transform=NORMALIZE, target_transform=lambda y: y * 10)
    x, y = ds[0]
    assert isinstance(x, Tensor) and x.shape == (1, 28, 28) and x.dtype == np.float32
    assert y == 70
    raw = datasets.MNIST(None, train=False).images[0]
    np.testing.assert_array_equal(x.numpy()[0], NORMALIZE(raw).numpy()[0])


def test_repr_as_torchvision(tmp_path):
    ds = datasets.MNIST(str(tmp_path), train=True, download=True, transform=NORMALIZE)
    assert repr(ds) == (
        "Dataset MNIST\n"
        "    Number of datapoints: 60000\n"
        f"    Root location: {tmp_path}\n"
        "    Split: Train\n"
        "    StandardTransform\n"
        "Transform: Compose(\n"
        "               ToTensor()\n"
        "               Normalize(mean=(0.1307,), std=(0.3081,))\n"
        "           )"
    )
    plain = datasets.MNIST(None, train=False, target_transform=int)
    assert repr(plain) == (
        "Dataset MNIST\n    Number of datapoints: 10000\n    Split: Test\n"
        "    StandardTransform\nTarget transform: <class 'int'>"
    )


@pytest.mark.parametrize("compressed", [True, False])
def test_reads_a_torchvision_style_raw_folder(
    tmp_path, no_fallback, compressed, shipped_test_images
):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in TEST_FILES:  # torchvision keeps the .gz and its extracted copy
        if compressed:
            shutil.copy(SHIPPED_MNIST / name, raw / name)
        else:
            (raw / name.removesuffix(".gz")).write_bytes(
                gzip.decompress((SHIPPED_MNIST / name).read_bytes())
            )
    ds = datasets.MNIST(tmp_path, train=False)
    assert ds.root == str(tmp_path)
    np.testing.assert_array_equal(ds.images, shipped_test_images)
    with pytest.raises(RuntimeError, match="Dataset not found.*train-images-idx3-ubyte.gz"):
        datasets.MNIST(tmp_path, train=True)


def test_missing_files_without_download_name_the_raw_folder(tmp_path, no_fallback):
    with pytest.raises(RuntimeError, match="Dataset not found") as info:
        datasets.MNIST(tmp_path, train=False)
    assert str(tmp_path / "MNIST" / "raw") in str(info.value)


def test_download_without_the_network_copies_the_shipped_files(tmp_path, shipped_test_images):
    """``download=True`` fills ``root/MNIST/raw`` from the verified copy the project ships."""
    ds = datasets.MNIST(tmp_path, train=False, download=True)
    raw = tmp_path / "MNIST" / "raw"
    for name in TEST_FILES:
        assert (raw / name).read_bytes() == (SHIPPED_MNIST / name).read_bytes()
    np.testing.assert_array_equal(ds.images, shipped_test_images)
    again = datasets.MNIST(tmp_path, train=False)  # found there now, without download
    np.testing.assert_array_equal(again.images, shipped_test_images)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def mirror(tmp_path):
    """A local HTTP server on 127.0.0.1 serving the shipped MNIST files."""
    served = tmp_path / "served"
    served.mkdir()
    for name in sorted(p.name for p in SHIPPED_MNIST.glob("*.gz")):
        shutil.copy(SHIPPED_MNIST / name, served / name)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_QuietHandler, directory=str(served))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_download_fetches_into_the_raw_folder(tmp_path, no_fallback, mirror, shipped_test_images):
    no_fallback.setattr(mnist_module.MNIST, "mirrors", (mirror,))
    root = tmp_path / "root"
    ds = datasets.MNIST(root, train=False, download=True)
    # as torchvision, a download fetches both splits
    assert sorted(p.name for p in (root / "MNIST" / "raw").iterdir()) == sorted(
        p.name for p in SHIPPED_MNIST.glob("*.gz")
    )
    np.testing.assert_array_equal(ds.images, shipped_test_images)


# -- FashionMNIST -------------------------------------------------------------------------


def idx_file(path: Path, array: np.ndarray) -> bytes:
    """Write ``array`` (uint8) as a gzipped IDX file; return its decompressed bytes."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    blob = header + array.tobytes()
    path.write_bytes(gzip.compress(blob))
    return blob


def test_fashion_mnist_reads_its_own_raw_folder(tmp_path, monkeypatch):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (6, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 6).astype(np.uint8)
    digests = {
        "t10k-images-idx3-ubyte": hashlib.sha256(
            idx_file(raw / "t10k-images-idx3-ubyte.gz", images)
        ).hexdigest(),
        "t10k-labels-idx1-ubyte": hashlib.sha256(
            idx_file(raw / "t10k-labels-idx1-ubyte.gz", labels)
        ).hexdigest(),
    }
    monkeypatch.setattr(mnist_module.FashionMNIST, "raw_sha256", digests)
    monkeypatch.setattr(mnist_module.FashionMNIST, "fallback_dirs", ())
    ds = datasets.FashionMNIST(tmp_path, train=False, transform=T.ToTensor())
    assert len(ds) == 6 and ds.raw_folder == str(tmp_path / "FashionMNIST" / "raw")
    x, y = ds[5]
    np.testing.assert_array_equal(x.numpy()[0], images[5] / np.float32(255))
    assert y == int(labels[5])
    assert ds.classes == [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ]
    assert repr(ds).startswith("Dataset FashionMNIST\n")
    ((xb, yb),) = list(DataLoader(ds, batch_size=6))
    np.testing.assert_array_equal(xb.numpy()[:, 0], images / np.float32(255))
    assert yb.tolist() == labels.tolist()


# -- CIFAR10 ------------------------------------------------------------------------------


@pytest.fixture
def cifar_root(tmp_path, monkeypatch):
    """A small cifar-10-batches-py/ folder whose batches the reader accepts."""
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(0)
    digests = {}
    for name in CIFARReader.train_batches + CIFARReader.test_batches:
        blob = pickle.dumps(
            {
                b"data": rng.integers(0, 256, (4, 3072), dtype=np.uint8),
                b"labels": rng.integers(0, 10, 4).tolist(),
            }
        )
        (folder / name).write_bytes(blob)
        digests[name] = hashlib.md5(blob).hexdigest()
    monkeypatch.setattr(CIFARReader, "batch_md5", digests)
    return tmp_path


def test_cifar10_items_are_hwc_uint8_images(cifar_root):
    ds = datasets.CIFAR10(cifar_root, train=True)
    reader = CIFARReader(cifar_root, train=True, normalize=False)
    assert len(ds) == 20
    assert isinstance(ds.data, np.ndarray) and ds.data.shape == (20, 32, 32, 3)
    assert ds.targets == reader.labels.tolist() and type(ds.targets[0]) is int
    image, label = ds[3]
    assert image.dtype == np.uint8 and image.shape == (32, 32, 3) and type(label) is int
    np.testing.assert_array_equal(image, reader.images[3].transpose(1, 2, 0))
    x, _ = datasets.CIFAR10(cifar_root, train=False, transform=T.ToTensor())[1]
    test_reader = CIFARReader(cifar_root, train=False, normalize=False)
    np.testing.assert_array_equal(x.numpy(), test_reader.images[1] / np.float32(255))
    assert ds.classes[0] == "airplane" and ds.class_to_idx["truck"] == 9
    assert repr(ds).splitlines()[:4] == [
        "Dataset CIFAR10",
        "    Number of datapoints: 20",
        f"    Root location: {cifar_root}",
        "    Split: Train",
    ]


def test_cifar10_missing_archive(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="Dataset not found.*cifar-10-python.tar.gz"):
        datasets.CIFAR10(tmp_path)
    monkeypatch.setattr(cifar_module.CIFAR10, "mirrors", ("http://127.0.0.1:9/",))
    with pytest.raises(data.DownloadError, match="cifar-10-python.tar.gz") as info:
        datasets.CIFAR10(tmp_path, download=True)
    assert str(tmp_path) in str(info.value)
    with pytest.raises(TypeError, match="root must be a path"):
        datasets.CIFAR10(None)


# -- the DataLoader's batched path --------------------------------------------------------


def per_item(ds):
    """The same dataset, forced through the per-item path (a Lambda cannot be batched)."""
    t = ds.transform
    ds2 = type(ds).__new__(type(ds))
    ds2.__dict__.update(ds.__dict__)
    ds2.__dict__.pop("_transformed", None)
    ds2.transform = (
        T.Compose([T.Lambda(lambda x: x), t]) if t is not None else T.Lambda(lambda x: x)
    )
    return ds2


@pytest.mark.parametrize(
    "transform",
    [None, T.ToTensor(), NORMALIZE, T.Compose([T.Pad(2), T.ToTensor(), T.Normalize(0.5, 0.2)])],
)
def test_batched_loader_equals_the_per_item_loader(transform):
    ds = Subset(datasets.MNIST(None, train=False, transform=transform), np.arange(0, 1000, 3))
    slow = Subset(per_item(ds.dataset), ds.indices)
    fast_batches = list(DataLoader(ds, batch_size=50, shuffle=True, seed=3))
    slow_batches = list(DataLoader(slow, batch_size=50, shuffle=True, seed=3))
    assert len(fast_batches) == len(slow_batches) == 7
    for (xf, yf), (xs, ys) in zip(fast_batches, slow_batches):
        assert xf.dtype == xs.dtype and xf.shape == xs.shape
        np.testing.assert_array_equal(xf.numpy(), xs.numpy())
        np.testing.assert_array_equal(yf.numpy(), ys.numpy())
        assert yf.dtype == np.int64


def test_batched_cifar_loader_equals_the_per_item_loader(cifar_root):
    t = T.Compose([T.ToTensor(), T.Normalize((0.4914, 0.4822, 0.4465), (0.247, 0.2435, 0.2616))])
    ds = datasets.CIFAR10(cifar_root, transform=t)
    ((xf, yf),) = list(DataLoader(ds, batch_size=20))
    ((xs, ys),) = list(DataLoader(per_item(ds), batch_size=20))
    assert xf.shape == (20, 3, 32, 32)
    np.testing.assert_array_equal(xf.numpy(), xs.numpy())
    np.testing.assert_array_equal(yf.numpy(), ys.numpy())


def test_batched_path_is_used_only_when_it_can_be():
    from data.dataloader import batch_source

    ds = datasets.MNIST(None, train=False, transform=NORMALIZE)
    arrays, index = batch_source(ds)
    assert arrays[0].shape == (10000, 1, 28, 28) and index is None
    assert batch_source(ds)[0][0] is arrays[0]  # transformed once, then kept
    ds.transform = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])
    np.testing.assert_array_equal(batch_source(ds)[0][0][7], ds.transform(ds.images[7]).numpy())
    ds.transform = T.Compose([T.RandomCrop(28, padding=2), T.ToTensor()])
    assert batch_source(ds) is None
    ds.transform, ds.target_transform = None, lambda y: y
    assert batch_source(ds) is None

    class Augmented(datasets.MNIST):
        def __getitem__(self, index):
            x, y = super().__getitem__(index)
            return x, y + 1

    assert batch_source(Augmented(None, train=False)) is None
    ((x, y),) = list(DataLoader(Subset(Augmented(None, train=False), [0]), batch_size=1))
    assert y.tolist() == [8]


def test_no_transform_batches_are_uint8_images():
    x, y = next(iter(DataLoader(datasets.MNIST(None, train=False), batch_size=8)))
    assert x.dtype == np.uint8 and x.shape == (8, 28, 28) and y.dtype == np.int64


def test_no_root_reads_the_shipped_folder():
    ds = datasets.MNIST(None, train=False)
    assert len(ds) == 10000 and ds.root is None


def test_batched_loader_never_indexes_items(monkeypatch):
    ds = datasets.MNIST(None, train=False, transform=NORMALIZE)
    expected = [x.numpy() for x, _ in DataLoader(Subset(ds, range(40)), batch_size=16)]

    def fail(self, index):
        raise AssertionError("a batchable transform must not be applied item by item")

    monkeypatch.setattr(datasets.VisionDataset, "__getitem__", fail)
    got = [
        x.numpy()
        for x, _ in DataLoader(Subset(ds, range(40)), batch_size=16, shuffle=False, num_workers=2)
    ]
    assert [g.shape for g in got] == [(16, 1, 28, 28), (16, 1, 28, 28), (8, 1, 28, 28)]
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)


def test_assigning_data_and_targets_subsamples_as_in_torchvision_scripts(cifar_root):
    ds = datasets.MNIST(None, train=False, transform=NORMALIZE)
    full = next(iter(DataLoader(ds, batch_size=10)))[0].numpy()
    ds.data, ds.targets = ds.data[:100], ds.targets[:100]
    assert len(ds) == 100 and ds.data.shape == (100, 28, 28)
    x, y = next(iter(DataLoader(ds, batch_size=10)))
    np.testing.assert_array_equal(x.numpy(), full)  # the kept transformed images are new ones
    assert len(list(DataLoader(ds, batch_size=10))) == 10
    c = datasets.CIFAR10(cifar_root)
    c.data, c.targets = c.data[:5], c.targets[:5]
    assert len(c) == 5 and c[4][0].shape == (32, 32, 3)
    with pytest.raises(ValueError, match="targets must be a 1-D sequence of int labels"):
        c.targets = [[1, 2]]
