"""CIFAR-10 from the standard "python version" archive, read without trusting pickle.

The archive ``cifar-10-python.tar.gz`` holds ``cifar-10-batches-py/`` with five
training batches (``data_batch_1`` .. ``data_batch_5``) and ``test_batch``: each a
Python pickle of a dict with ``data`` (uint8, ``(10000, 3072)``, the red, green
and blue 32 x 32 planes of each image) and ``labels`` (a list of ints in 0..9).

Unpickling runs whatever functions the file names, so a pickle from the
internet is code from the internet. Batches are read with :class:`SafeUnpickler`,
which resolves only the handful of NumPy and codec functions that rebuild
arrays and bytes and refuses every other global; each batch file is also
checked against the MD5 digest its publisher lists before it is unpickled.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ._download import DatasetFileError, download_md5
from .dataset import Dataset

ARCHIVE = "cifar-10-python.tar.gz"
FOLDER = "cifar-10-batches-py"
HOMEPAGE = "https://www.cs.toronto.edu/~kriz/cifar.html"
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


def _allowed_globals() -> dict[tuple[str, str], Any]:
    """The callables a pickled dict of arrays, lists and bytes may name."""
    sample = np.zeros(1, np.uint8)
    # typeshed types __reduce__()[0] as str | callable; an ndarray's is numpy's reconstructor
    rebuild = [sample.__reduce__()[0], sample.__reduce_ex__(5)[0]]
    funcs: list[Callable[..., Any]] = [np.ndarray, np.dtype, *(f for f in rebuild if callable(f))]
    allowed = {(f.__module__, f.__name__): f for f in funcs}
    for f in funcs[2:]:  # pickles written by NumPy 1 (or Python 2) name numpy.core.*
        allowed[(f.__module__.replace("numpy._core", "numpy.core"), f.__name__)] = f
    import _codecs  # Python 3 pickles bytes for protocol 2 as _codecs.encode(str, "latin1")

    allowed[("_codecs", "encode")] = _codecs.encode
    return allowed


class RefusedGlobalError(pickle.UnpicklingError):
    """A pickle named a function or class that :class:`SafeUnpickler` does not allow.

    Example:
        >>> import io, pickle
        >>> from data.cifar import RefusedGlobalError, SafeUnpickler
        >>> try:
        ...     SafeUnpickler(io.BytesIO(pickle.dumps(print)), "f.pkl").load()
        ... except RefusedGlobalError as e:
        ...     print(str(e).split(':')[1].strip())
        refusing to load 'builtins.print'
    """


class SafeUnpickler(pickle.Unpickler):
    """An Unpickler that builds only NumPy arrays, dtypes, bytes and plain containers.

    Any other global (``os.system``, ``builtins.eval``, a class) raises
    :class:`RefusedGlobalError` (a ``pickle.UnpicklingError``) naming it, before
    anything is called.

    Example:
        >>> import io, pickle
        >>> import numpy as np
        >>> from data.cifar import SafeUnpickler
        >>> blob = pickle.dumps({"x": np.arange(3)})
        >>> SafeUnpickler(io.BytesIO(blob)).load()["x"].tolist()
        [0, 1, 2]
    """

    _allowed = _allowed_globals()

    def __init__(self, file: Any, name: str = "<pickle>") -> None:
        super().__init__(file, encoding="bytes")
        self.name = name

    def find_class(self, module: str, name: str) -> Any:
        found = self._allowed.get((module, name))
        if found is None:
            raise RefusedGlobalError(
                f"{self.name}: refusing to load '{module}.{name}': only NumPy arrays, "
                f"lists, dicts, numbers and bytes are allowed in a dataset pickle"
            )
        return found


def _field(batch: dict, key: str, name: str) -> Any:
    for k in (key, key.encode()):
        if k in batch:
            return batch[k]
    raise DatasetFileError(
        f"{name}: not a CIFAR-10 batch: no {key!r} entry (it has {sorted(map(repr, batch))})"
    )


def parse_batch(blob: bytes, name: str = "<batch>") -> tuple[np.ndarray, np.ndarray]:
    """``(images, labels)`` of one pickled batch: uint8 ``(N, 3, 32, 32)`` and int64 ``(N,)``.

    Example:
        >>> import pickle
        >>> import numpy as np
        >>> from data.cifar import parse_batch
        >>> blob = pickle.dumps({b"data": np.zeros((2, 3072), np.uint8), b"labels": [3, 5]})
        >>> images, labels = parse_batch(blob)
        >>> images.shape, labels.tolist()
        ((2, 3, 32, 32), [3, 5])
    """
    try:
        batch = SafeUnpickler(io.BytesIO(blob), name).load()
    except RefusedGlobalError:
        raise
    except Exception as e:  # truncated or garbled pickles raise many kinds of error
        raise DatasetFileError(
            f"{name}: cannot be read as a pickle ({type(e).__name__}: {e})"
        ) from None
    if not isinstance(batch, dict):
        raise DatasetFileError(f"{name}: not a CIFAR-10 batch: holds a {type(batch).__name__}")
    data = _field(batch, "data", name)
    labels = np.asarray(_field(batch, "labels", name))
    if (
        not isinstance(data, np.ndarray)
        or data.dtype != np.uint8
        or data.ndim != 2
        or data.shape[1] != 3072
        or labels.shape != data.shape[:1]
        or labels.dtype.kind != "i"
    ):
        raise DatasetFileError(
            f"{name}: not a CIFAR-10 batch: data {getattr(data, 'shape', None)} "
            f"{getattr(data, 'dtype', type(data).__name__)} and labels {labels.shape} "
            f"{labels.dtype} (expected uint8 (N, 3072) and N ints)"
        )
    return data.reshape(-1, 3, 32, 32), labels.astype(np.int64)


class CIFAR10(Dataset):
    """CIFAR-10: 60,000 32 x 32 colour images in 10 classes (50,000 train, 10,000 test).

    Items are ``(image, label)``: ``image`` a float32 array ``(3, 32, 32)``
    (channels first, as ``nn.Conv2d`` expects), scaled to [0, 1] and, with
    ``normalize=True``, standardized per channel with the training set's
    :attr:`mean` and :attr:`std`; ``label`` an int in 0..9. ``arrays`` holds the
    whole prepared float32 array (computed on first use) for the DataLoader.

    The arguments are torchvision's. With ``download=True`` a missing archive is
    fetched from its canonical URL,
    https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz (the first of
    :attr:`mirrors` that serves it), into ``root``, and checked against the MD5
    its publisher lists (:attr:`archive_md5`) before it is kept.

    Args:
        root: a folder holding ``cifar-10-python.tar.gz`` (read in place, nothing
            is extracted), or the extracted ``cifar-10-batches-py/`` folder, or
            being that folder; None means ``~/.cache/nn-from-scratch/cifar10``.
        train: the five training batches, else the test batch.
        download: fetch the archive when neither it nor the batches are in ``root``.
        transform: a callable applied to each item's image (the prepared float32
            array) by ``__getitem__``; the DataLoader then calls it per item.
        normalize: standardize per channel after scaling.

    Attributes:
        images: uint8 ``(N, 3, 32, 32)``.
        labels: int64 ``(N,)``.

    Raises:
        RuntimeError: "Dataset not found", naming ``root``, the files looked for
            and the URL to fetch the archive from (without ``download=True``).
        DownloadError: the download failed (offline, say); names the URL and the
            folder to put the archive in.
        DatasetFileError: a batch whose MD5 is not the published one, or that is
            not a CIFAR-10 batch.
        RefusedGlobalError: a batch that names anything but NumPy's array
            rebuilding functions (a ``pickle.UnpicklingError``).

    Example:
        >>> from data import CIFAR10
        >>> CIFAR10.classes[:3]
        ('airplane', 'automobile', 'bird')
    """

    _items_are_array_rows = True  # items are the rows of ``arrays`` (see data.dataset)
    classes = (
        "airplane",
        "automobile",
        "bird",
        "cat",
        "deer",
        "dog",
        "frog",
        "horse",
        "ship",
        "truck",
    )
    mean = (0.4914, 0.4822, 0.4465)
    std = (0.2470, 0.2435, 0.2616)
    train_batches = ("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5")
    test_batches = ("test_batch",)
    # Base URLs the archive is fetched from, in order (tests point this at a local server).
    mirrors: tuple[str, ...] = (URL.rpartition("/")[0] + "/",)
    # MD5 of cifar-10-python.tar.gz as published on the dataset's page.
    archive_md5 = "c58f30108f718f92721af3b95e74349a"
    default_root: Path = Path.home() / ".cache" / "nn-from-scratch" / "cifar10"
    # MD5 of each batch file as published with the dataset (the only digests it lists).
    batch_md5 = {
        "data_batch_1": "c99cafc152244af753f735de768cd75f",
        "data_batch_2": "d4bba439e000b95fd0a9bffe97cbabec",
        "data_batch_3": "54ebc095f3ab1f0389bbae665268c751",
        "data_batch_4": "634d18415352ddfa80567beed471001a",
        "data_batch_5": "482c414d41f54cd18b22e5b47cb7c3cb",
        "test_batch": "40351d587109b95175f43aff81a1287e",
    }

    def __init__(
        self,
        root: str | os.PathLike | None = None,
        train: bool = True,
        download: bool = False,
        transform: Callable[[np.ndarray], Any] | None = None,
        normalize: bool = True,
    ) -> None:
        if root is not None and not isinstance(root, (str, os.PathLike)):
            raise TypeError(f"CIFAR10: root must be a path or None, got {type(root).__name__}")
        if transform is not None and not callable(transform):
            raise TypeError(
                f"CIFAR10: transform must be callable or None, got {type(transform).__name__}"
            )
        self._root_given = root is not None
        self.root = Path(root) if root is not None else self.default_root
        self.train, self.normalize = bool(train), bool(normalize)
        self.download, self.transform = bool(download), transform
        names = self.train_batches if train else self.test_batches
        parts = [
            parse_batch(self._verified(name, blob), name)
            for name, blob in self._read_batches(names)
        ]
        self.images = np.concatenate([p[0] for p in parts])
        self.labels = np.concatenate([p[1] for p in parts])
        self._inputs: np.ndarray | None = None

    def __len__(self) -> int:
        return self.images.shape[0]

    def _prepare(self, images: np.ndarray) -> np.ndarray:
        x = images.astype(np.float32)
        x /= np.float32(255)
        if self.normalize:
            x -= np.asarray(self.mean, np.float32)[:, None, None]
            x /= np.asarray(self.std, np.float32)[:, None, None]
        return x

    def __getitem__(self, index: int) -> tuple[np.ndarray, int]:
        label = self.labels[index]
        image = self._prepare(self.images[index])
        if self.transform is not None:
            image = self.transform(image)
        return image, (int(label) if label.ndim == 0 else label)

    @property
    def arrays(self) -> tuple[np.ndarray, np.ndarray] | None:  # type: ignore[override]
        """``(inputs, labels)`` for the DataLoader's fast path (inputs computed once).

        None with a ``transform``: the loader then gets each item from ``__getitem__``.
        """
        if self.transform is not None:
            return None
        if self._inputs is None:
            self._inputs = self._prepare(self.images)  # (N, 3, 32, 32) float32
        return self._inputs, self.labels

    def _verified(self, name: str, blob: bytes) -> bytes:
        expected = self.batch_md5[name]
        digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
        if digest != expected:
            raise DatasetFileError(
                f"{name} in {self.root} is corrupt or not the published CIFAR-10 file: its MD5 "
                f"is {digest}, expected {expected}. {self._restore_hint()}"
            )
        return blob

    def _restore_hint(self) -> str:
        if not self._root_given:
            return (
                f"It is in this library's download folder ({self.root}): delete {ARCHIVE} "
                f"(and any {FOLDER}/) there and pass download=True to fetch it again."
            )
        return f"Replace it with an intact copy of {ARCHIVE} from {URL}."

    def __repr__(self) -> str:
        return (
            f"CIFAR10(root={str(self.root)!r}, train={self.train}, n={len(self)}, "
            f"normalize={self.normalize}"
            + (f", transform={self.transform!r})" if self.transform is not None else ")")
        )

    def _read_batches(self, names: tuple[str, ...]) -> list[tuple[str, bytes]]:
        for folder in (self.root / FOLDER, self.root):
            if all((folder / n).is_file() for n in names):
                return [(n, (folder / n).read_bytes()) for n in names]
        archive = self.root / ARCHIVE
        if not archive.is_file():
            if not self.download:
                where = f"{self.root}" + (" (a file, not a folder)" if self.root.is_file() else "")
                raise RuntimeError(
                    f"Dataset not found. CIFAR10: no {ARCHIVE} and no {FOLDER}/ with "
                    f"{', '.join(names)} in {where}. You can use download=True to download it "
                    f"from {URL}, or download it yourself and put it in {self.root}."
                )
            hint = (
                f"Without network access, download {URL} by other means and put it in {self.root}."
            )
            download_md5(ARCHIVE, self.root, self.mirrors, self.archive_md5, hint)
        wanted = {f"{FOLDER}/{n}": n for n in names}
        found = {}
        try:
            with tarfile.open(archive, "r:gz") as tar:  # members are read, never extracted
                for member in tar:
                    if member.name in wanted and member.isfile():
                        data = tar.extractfile(member)  # a file object for every regular file
                        if data is not None:
                            found[wanted[member.name]] = data.read()
        except (tarfile.TarError, OSError, EOFError) as e:
            raise DatasetFileError(f"{archive} is corrupt ({e}). {self._restore_hint()}") from None
        missing = [n for n in names if n not in found]
        if missing:
            listed = ", ".join(f"{FOLDER}/{n}" for n in missing)
            raise DatasetFileError(f"{archive} has no {listed}. {self._restore_hint()}")
        return [(n, found[n]) for n in names]
