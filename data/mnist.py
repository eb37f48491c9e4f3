"""MNIST and Fashion-MNIST from the standard IDX gzip files, verified by SHA-256.

The IDX format (LeCun et al.) is a 4-byte big-endian magic number ``0x0000TTDD``
(``TT`` the element type, ``DD`` the number of dimensions), ``DD`` big-endian
uint32 sizes, then the elements in C order. MNIST's images are ``0x00000803``
(uint8, 3 dims: N x 28 x 28) and its labels ``0x00000801`` (uint8, N).

MNIST ships with the project (``data/mnist/``), so ``data.MNIST()`` works
offline. Every file is checked by the SHA-256 of its decompressed bytes against
digests written in this module (never against a checksum file beside the data),
so a recompressed copy of the right data is accepted and anything else is
refused with a message that says how to fix it. Missing files are downloaded
from the dataset's mirrors, tried in order.
"""

from __future__ import annotations

import math
import os
import shutil
import weakref
from pathlib import Path

import numpy as np

from ._download import download as _download
from ._download import read_verified
from .dataset import Dataset

SHIPPED_MNIST = Path(__file__).resolve().parent / "mnist"
DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801

_IDX_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}

# Parsed arrays of files already read in this process, keyed by (path, mtime, size); entries
# live only as long as a dataset holds the array.
_parsed: weakref.WeakValueDictionary[tuple[str, int, int], np.ndarray] = (
    weakref.WeakValueDictionary()
)


def parse_idx(blob: bytes, name: str = "<bytes>", magic: int | None = None) -> np.ndarray:
    """Parse the bytes of an IDX file into an array (a read-only view of ``blob`` for uint8).

    Args:
        blob: the decompressed file contents.
        name: the file name used in error messages.
        magic: the magic number the file must have (e.g. ``0x00000803`` for
            MNIST images); None accepts any valid IDX type.

    Raises:
        ValueError: naming the file, for a bad magic number, a truncated header,
            or a payload whose length does not match the dimensions.

    Example:
        >>> import numpy as np
        >>> from data.mnist import parse_idx
        >>> blob = bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9])
        >>> parse_idx(blob, magic=0x00000801).tolist()
        [7, 8, 9]
    """
    if len(blob) < 4:
        raise ValueError(
            f"{name}: not an IDX file: {len(blob)} bytes, shorter than its magic number"
        )
    got = int.from_bytes(blob[:4], "big")
    if magic is not None and got != magic:
        raise ValueError(
            f"{name}: bad magic number 0x{got:08x}, expected 0x{magic:08x}; "
            f"this is not the IDX file it should be"
        )
    code, ndim = (got >> 8) & 0xFF, got & 0xFF
    if got >> 16 != 0 or code not in _IDX_TYPES:
        raise ValueError(f"{name}: bad magic number 0x{got:08x}; not an IDX file")
    header = 4 + 4 * ndim
    if len(blob) < header:
        raise ValueError(
            f"{name}: truncated header: {ndim} dimensions need {header} bytes, "
            f"the file has {len(blob)}"
        )
    dims = tuple(int.from_bytes(blob[4 + 4 * k : 8 + 4 * k], "big") for k in range(ndim))
    dtype = np.dtype(_IDX_TYPES[code])
    need = math.prod(dims) * dtype.itemsize
    if len(blob) - header != need:
        raise ValueError(
            f"{name}: payload has {len(blob) - header} bytes but dimensions {dims} of {dtype} "
            f"need {need}; the file is truncated or corrupt"
        )
    arr = np.frombuffer(blob, dtype=dtype, offset=header).reshape(dims)
    return arr if dtype.isnative else arr.astype(dtype.newbyteorder("="))


def read_idx(path: str | os.PathLike, magic: int | None = None) -> np.ndarray:
    """Read an IDX file (gzip-compressed when its name ends in ``.gz``), without checksum.

    Example:
        >>> import gzip, os, tempfile
        >>> from data.mnist import read_idx
        >>> path = os.path.join(tempfile.mkdtemp(), "x-idx1-ubyte.gz")
        >>> with gzip.open(path, "wb") as f:
        ...     _ = f.write(bytes([0, 0, 8, 1, 0, 0, 0, 2, 5, 6]))
        >>> read_idx(path).tolist()
        [5, 6]
    """
    import gzip

    path = Path(path)
    blob = path.read_bytes()
    if path.suffix == ".gz":
        blob = gzip.decompress(blob)
    return parse_idx(blob, str(path), magic)


class MNIST(Dataset):
    """The MNIST handwritten digits: 60,000 training and 10,000 test images, 28 x 28.

    Items are ``(image, label)``: ``image`` a float32 array of shape ``(28, 28)``
    (``(784,)`` with ``flatten=True``; no channel dimension: a CNN reshapes its
    batch to ``(N, 1, 28, 28)``), scaled to [0, 1] and, with ``normalize=True``,
    standardized with the training set's mean and std (0.1307, 0.3081);
    ``label`` a Python int in 0..9.

    The whole normalized float32 array is computed on first use of ``arrays``
    and kept, so a :class:`~data.DataLoader` gathers batches from it directly.

    With ``root=None`` the files are read from the copy shipped with the
    project (``data/mnist/``). A ``root`` given is the only folder looked in:
    missing files are downloaded into it from :attr:`mirrors` when
    ``download=True``, and otherwise ``RuntimeError("Dataset not found ...")``
    names the folder and the files looked for, as torchvision does. Every file
    is verified by the SHA-256 of its decompressed bytes; a corrupt, truncated
    or foreign file raises :class:`~data.DatasetFileError` naming the file, the
    expected digest, which copy it is and how to restore that copy.

    Args:
        root: folder holding the ``*-ubyte.gz`` files (or their uncompressed
            versions); None means the shipped folder.
        train: the 60,000 training images, else the 10,000 test images.
        flatten: items (and ``arrays``) as vectors of 784 instead of 28 x 28.
        normalize: standardize with :attr:`mean` / :attr:`std` after scaling.
        download: fetch missing files from the mirrors.

    Attributes:
        folder: the folder the images were actually read from (shown by ``repr``).
        images: uint8 array ``(N, 28, 28)`` (read-only, shared between instances
            that read the same file).
        labels: int64 array ``(N,)`` (read-only).
        arrays: ``(inputs, labels)``: float32 inputs ``(N, 28, 28)`` or
            ``(N, 784)``, prepared as the items are.

    Example:
        >>> from data import MNIST
        >>> test = MNIST(train=False)
        >>> len(test), test.images.shape, test.labels.dtype
        (10000, (10000, 28, 28), dtype('int64'))
        >>> image, label = test[0]
        >>> image.shape, image.dtype, label
        ((28, 28), dtype('float32'), 7)
        >>> test.folder.name
        'mnist'
    """

    _items_are_array_rows = True  # items are the rows of ``arrays`` (see data.dataset)
    mean: float = 0.1307
    std: float = 0.3081
    classes = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    mirrors: tuple[str, ...] = (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    )
    # SHA-256 of the decompressed canonical files.
    raw_sha256: dict[str, str] = {
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",  # noqa: E501
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",  # noqa: E501
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",  # noqa: E501
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",  # noqa: E501
    }
    # Folders read after ``default_root`` when no root is given (never with a root).
    fallback_dirs: tuple[Path, ...] = ()
    default_root: Path = SHIPPED_MNIST
    # Verified copies on this machine that a download copies before it tries the mirrors.
    local_copies: tuple[Path, ...] = (SHIPPED_MNIST,)
    # MD5 of each .gz file as its publisher lists it; a download must match it too.
    gz_md5: dict[str, str] = {}
    fix_hint = f"or copy it from the project's data/mnist/ folder ({SHIPPED_MNIST})"

    def __init__(
        self,
        root: str | os.PathLike | None = None,
        train: bool = True,
        flatten: bool = False,
        normalize: bool = True,
        download: bool = True,
    ) -> None:
        if root is not None and not isinstance(root, (str, os.PathLike)):
            raise TypeError(
                f"{type(self).__name__}: root must be a path or None, got {type(root).__name__}"
            )
        self._root_given = root is not None
        self.root = Path(root) if root is not None else self.default_root
        self.train, self.flatten, self.normalize = bool(train), bool(flatten), bool(normalize)
        split = "train" if train else "t10k"
        stems = (f"{split}-images-idx3-ubyte", f"{split}-labels-idx1-ubyte")
        missing = tuple(stem for stem in stems if self._find(stem) is None)
        if missing and not download:
            self._not_found(missing)
        self.images, self.folder = self._load(stems[0], IMAGES_MAGIC, download)
        self.labels, _ = self._load(stems[1], LABELS_MAGIC, download)
        if self.images.ndim != 3 or self.labels.shape != self.images.shape[:1]:
            raise ValueError(
                f"{type(self).__name__}: images of shape {self.images.shape} and labels of shape "
                f"{self.labels.shape} in {self.root} do not belong together"
            )
        scale = np.arange(256, dtype=np.float32) / np.float32(255)
        if normalize:
            scale = (scale - np.float32(self.mean)) / np.float32(self.std)
        self._lut = scale  # uint8 pixel value -> prepared float32 value
        self._inputs: np.ndarray | None = None

    def __len__(self) -> int:
        return self.images.shape[0]

    def __getitem__(self, index: int) -> tuple[np.ndarray, int]:
        image = self._lut[self.images[index]]
        if self.flatten:
            image = image.reshape(image.shape[:-2] + (-1,))
        label = self.labels[index]
        return image, (int(label) if label.ndim == 0 else label)

    @property
    def arrays(self) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[override]
        """``(inputs, labels)`` for the DataLoader's fast path (inputs computed once)."""
        if self._inputs is None:
            inputs = self.images.astype(np.float32)  # (N, 28, 28); the same float32 steps
            inputs /= np.float32(255)  # as the table used by __getitem__
            if self.normalize:
                inputs -= np.float32(self.mean)
                inputs /= np.float32(self.std)
            self._inputs = inputs.reshape(len(inputs), -1) if self.flatten else inputs
        return self._inputs, self.labels

    @property
    def targets(self) -> np.ndarray:
        """The labels (``torchvision``'s name)."""
        return self.labels

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(root={str(self.folder)!r}, train={self.train}, "
            f"n={len(self)}, flatten={self.flatten}, normalize={self.normalize})"
        )

    # -- files ---------------------------------------------------------------------------

    def _search_dirs(self) -> list[Path]:
        if self._root_given:
            return [self.root]  # the user's folder only, as torchvision
        dirs = [self.root]
        dirs += [d for d in self.fallback_dirs if d not in dirs]
        return dirs

    def _find(self, stem: str) -> Path | None:
        for folder in self._search_dirs():
            for path in (folder / f"{stem}.gz", folder / stem):
                if path.is_file():
                    return path
        return None

    def _not_found(self, stems: tuple[str, ...]) -> None:
        where = " or ".join(str(d) for d in self._search_dirs())
        if self.root.exists() and not self.root.is_dir():
            where += " (a file, not a folder)"
        files = ", ".join(f"{stem}.gz" for stem in stems)
        raise RuntimeError(
            f"Dataset not found. {type(self).__name__}: looked for {files} (or their "
            f"uncompressed versions) in {where}. You can use download=True to download it "
            f"from {', '.join(self.mirrors) or 'the mirrors'}, or put the files there."
        )

    def _load(self, stem: str, magic: int, download: bool) -> tuple[np.ndarray, Path]:
        expected = self.raw_sha256[stem]
        path = self._find(stem)
        if path is not None:
            return self._read(path, stem, magic, expected), path.parent
        return self._fetch(stem, magic, expected), self.root

    def origin(self, path: Path) -> str:
        """Which copy ``path`` is and how to restore it, for a corrupt-file message.

        Only a file in the library's own download folder (``default_root``, when
        it is not a shipped or system folder) is to be deleted and downloaded
        again; a shipped, system or user's copy is restored where it came from.

        Example:
            >>> from data import MNIST
            >>> from data.mnist import SHIPPED_MNIST
            >>> ds = MNIST(train=False)
            >>> ds.origin(SHIPPED_MNIST / "t10k-labels-idx1-ubyte.gz").split(":")[0]
            'It is the copy shipped with the project (data/mnist/)'
        """
        folder = path.parent.resolve()
        if folder == SHIPPED_MNIST.resolve():
            return (
                "It is the copy shipped with the project (data/mnist/): restore it with "
                "`git checkout data/mnist/` in a clone of the repository, or reinstall "
                "the package."
            )
        if folder == DEBIAN_FASHION_MNIST.resolve():
            return (
                "It is the copy installed by Debian's dataset-fashion-mnist package: restore "
                "it with `sudo apt-get install --reinstall dataset-fashion-mnist`."
            )
        if not self._root_given and folder == self.default_root.resolve():
            return (
                f"It is in this library's download folder ({folder}): delete it and it "
                f"is downloaded again on next use."
            )
        return (
            f"It is your copy in {folder} (the root you passed): replace it with an "
            f"intact one, e.g. from {self.mirrors[0] if self.mirrors else 'the dataset'}"
            f"{path.name if self.mirrors else ''}."
        )

    def _read(self, path: Path, stem: str, magic: int, expected: str) -> np.ndarray:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
        cached = _parsed.get(key)
        if cached is not None:
            return cached
        return self._parse(read_verified(path, expected, self.origin(path)), str(path), magic, key)

    def _fetch(self, stem: str, magic: int, expected: str) -> np.ndarray:
        name = f"{stem}.gz"
        local = self._copy_local(name, expected)
        if local is not None:
            return self._read(local, stem, magic, expected)
        hint = (
            f"Without network access, put a copy of {name} in {self.root}; "
            f"{self.fix_hint.removeprefix('or ')}."
        )
        blob = _download(name, self.root, self.mirrors, expected, hint, md5=self.gz_md5.get(name))
        path = self.root / name
        st = path.stat()
        return self._parse(
            blob, str(path), magic, (str(path.resolve()), st.st_mtime_ns, st.st_size)
        )

    def _copy_local(self, name: str, expected: str) -> Path | None:
        """``download=True`` without the network: copy a verified local copy into the root.

        The project ships MNIST and Debian installs Fashion-MNIST, so a download into a
        torchvision-style folder (``datasets.MNIST("../data", download=True)``) is a copy
        of those files, checked first, when they are there.
        """
        target = self.root / name
        for folder in self.local_copies:
            source = folder / name
            if not source.is_file() or source.resolve() == target.resolve():
                continue
            read_verified(source, expected, self.origin(source))
            self.root.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{name}.{os.getpid()}.tmp")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
            return target
        return None

    @staticmethod
    def _parse(blob: bytes, name: str, magic: int, key: tuple[str, int, int]) -> np.ndarray:
        arr = parse_idx(blob, name, magic)
        if magic == LABELS_MAGIC:
            arr = arr.astype(np.int64)
        arr.flags.writeable = False  # shared through the cache
        _parsed[key] = arr
        return arr


class FashionMNIST(MNIST):
    """Fashion-MNIST (Zalando): 28 x 28 grayscale images of 10 kinds of clothing.

    A drop-in replacement for :class:`MNIST` with the same file names and
    layout; items, attributes and verification are as for MNIST, with
    normalization by Fashion-MNIST's mean and std (0.2860, 0.3530).

    With ``root=None`` files are looked up in this library's download folder
    ``~/.cache/nn-from-scratch/fashion-mnist``, then in
    ``/usr/share/datasets/fashion-mnist`` (Debian's ``dataset-fashion-mnist``
    package, whose recompressed files hold the canonical data); missing ones
    are downloaded into the download folder when ``download=True``. A ``root``
    given is the only folder looked in (and downloaded into).

    Downloads are checked twice: the MD5 of the ``.gz`` file against the digest
    Zalando publishes with the dataset, and the SHA-256 of its decompressed bytes
    (the check that any local copy, such as Debian's recompressed one, must pass).

    Example:
        >>> from data import FashionMNIST
        >>> FashionMNIST.classes[:3]
        ('T-shirt/top', 'Trouser', 'Pullover')
    """

    mean = 0.2860
    std = 0.3530
    classes = (
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
    )
    mirrors = (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    )
    raw_sha256 = {
        "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",  # noqa: E501
        "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",  # noqa: E501
        "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",  # noqa: E501
        "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",  # noqa: E501
    }
    # As published in the dataset's README (https://github.com/zalandoresearch/fashion-mnist).
    gz_md5 = {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    }
    fallback_dirs = (DEBIAN_FASHION_MNIST,)
    local_copies = (DEBIAN_FASHION_MNIST,)
    default_root = Path.home() / ".cache" / "nn-from-scratch" / "fashion-mnist"
    fix_hint = f"or install Debian's dataset-fashion-mnist package ({DEBIAN_FASHION_MNIST})"
