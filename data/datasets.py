"""Datasets with torchvision's constructors, items and attributes.

``data.datasets.MNIST(root, train=True, transform=None, target_transform=None,
download=False)`` (and :class:`FashionMNIST`, :class:`CIFAR10`) behave as
torchvision's: an item is ``(image, label)``, the raw image (a uint8 NumPy
array ``(H, W)``, or ``(H, W, 3)`` for CIFAR-10, standing in for the PIL image)
through ``transform`` and the int label through ``target_transform``. So a
torchvision script only changes its imports::

    from data import datasets, transforms

The files are read by :class:`data.MNIST`, :class:`data.FashionMNIST` and
:class:`data.CIFAR10`, with their checksums: MNIST from ``root/MNIST/raw/``
(torchvision's folder), else the copy shipped with the project;
Fashion-MNIST from ``root/FashionMNIST/raw/``, else Debian's
``dataset-fashion-mnist`` package; CIFAR-10 from ``root/cifar-10-batches-py/``
or ``root/cifar-10-python.tar.gz``.

A :class:`~data.DataLoader` over these datasets whose transform is a
composition of :class:`~data.transforms.ToTensor`,
:class:`~data.transforms.Normalize` and :class:`~data.transforms.Pad` builds
each batch with one fancy index into :attr:`VisionDataset.images` and one
batched transform (see :func:`data.transforms.batch_plan`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from autograd import Tensor

from . import cifar as _cifar
from . import mnist as _mnist
from .dataset import Dataset
from .transforms import batch_plan

__all__ = ["CIFAR10", "MNIST", "FashionMNIST", "VisionDataset"]


class VisionDataset(Dataset):
    """Base class of the torchvision-style datasets: raw images, labels and transforms.

    Subclasses set :attr:`images` (uint8, one image per row) and
    :attr:`labels` (int64). An item is ``(transform(image), target_transform(label))``.

    Attributes:
        root: the ``root`` given, as a string (None if none was given).
        transform: applied to each image, or None.
        target_transform: applied to each int label, or None.
        images: the uint8 images as a NumPy array, ``(N, H, W)`` or ``(N, H, W, C)``.
        labels: the int64 labels as a NumPy array ``(N,)``.

    Example:
        >>> from data import datasets
        >>> ds = datasets.MNIST(None, train=False)
        >>> image, label = ds[0]
        >>> image.shape, image.dtype, label
        ((28, 28), dtype('uint8'), 7)
    """

    images: np.ndarray
    labels: np.ndarray
    classes: list[str] = []
    _repr_indent = 4

    def __init__(
        self,
        root: str | os.PathLike | None,
        transform: Callable[[Any], Any] | None = None,
        target_transform: Callable[[Any], Any] | None = None,
    ) -> None:
        name = type(self).__name__
        if root is not None and not isinstance(root, (str, os.PathLike)):
            raise TypeError(f"{name}: root must be a path or None, got {type(root).__name__}")
        for arg, value in (("transform", transform), ("target_transform", target_transform)):
            if value is not None and not callable(value):
                raise TypeError(
                    f"{name}: {arg} must be callable or None, got {type(value).__name__}"
                )
        self.root = None if root is None else os.path.expanduser(os.fspath(root))
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        """``(image, label)`` at ``index``, each through its transform."""
        n = len(self.labels)
        if (
            isinstance(index, (int, np.integer))
            and not isinstance(index, bool)
            and not -n <= index < n
        ):
            raise IndexError(f"index {index} is out of range for {type(self).__name__} of size {n}")
        img: Any = self.images[index]
        target: Any = int(self.labels[index])
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def _batched_arrays(self) -> tuple[np.ndarray, np.ndarray] | None:
        """``(inputs, labels)`` with every image already through ``transform``, for a
        DataLoader to gather batches from; None if the items cannot be made that way
        (a transform :func:`~data.transforms.batch_plan` cannot batch, a
        ``target_transform``, or a subclass's own ``__getitem__``).

        The transformed images are computed once, in chunks, and kept until the
        images or the transform (the object or its ``repr``) change.
        """
        if (
            self.target_transform is not None
            or type(self).__getitem__ is not VisionDataset.__getitem__
        ):
            return None
        if self.transform is None:
            return self.images, self.labels
        cached = self.__dict__.get("_transformed")
        if (
            cached is not None
            and cached[0] is self.transform
            and cached[1] is self.images
            and cached[2] == repr(self.transform)
        ):
            return cached[3], self.labels
        plan = batch_plan(self.transform, self.images)
        if plan is None:
            return None
        n, chunk = len(self.images), 4096
        first = plan(self.images[:chunk])
        inputs = np.empty((n,) + first.shape[1:], first.dtype)
        inputs[: len(first)] = first
        for start in range(chunk, n, chunk):
            inputs[start : start + chunk] = plan(self.images[start : start + chunk])
        # the objects themselves (not their ids, which a new object may reuse)
        self.__dict__["_transformed"] = (self.transform, self.images, repr(self.transform), inputs)
        return inputs, self.labels

    @property
    def class_to_idx(self) -> dict[str, int]:
        """Each class name's label."""
        return {c: i for i, c in enumerate(self.classes)}

    def extra_repr(self) -> str:
        """Lines of this dataset's own settings shown in its ``repr``."""
        return ""

    def __repr__(self) -> str:
        body = [f"Number of datapoints: {len(self)}"]
        if self.root is not None:
            body.append(f"Root location: {self.root}")
        body += self.extra_repr().splitlines()
        if self.transform is not None or self.target_transform is not None:
            lines = ["StandardTransform"]
            for head, t in (
                ("Transform: ", self.transform),
                ("Target transform: ", self.target_transform),
            ):
                if t is not None:
                    first, *rest = repr(t).splitlines()
                    lines += [head + first] + [" " * len(head) + line for line in rest]
            body.append("\n".join(lines))  # one entry: only its first line is indented
        indent = " " * self._repr_indent
        return "\n".join([f"Dataset {type(self).__name__}"] + [indent + line for line in body])


class MNIST(VisionDataset):
    """MNIST handwritten digits as torchvision's ``datasets.MNIST``.

    Items are ``(image, label)``: the uint8 ``(28, 28)`` image through
    ``transform`` and the int label through ``target_transform``.

    Args:
        root: the folder under which ``MNIST/raw/`` holds the four
            ``*-ubyte.gz`` files (or their uncompressed versions), as
            torchvision's. None reads the copy shipped with the project.
        train: the 60,000 training images, else the 10,000 test images.
        transform: applied to each image (e.g. ``transforms.ToTensor()``).
        target_transform: applied to each label.
        download: put missing files into ``root/MNIST/raw/``: a verified copy
            of the files the project ships (so this works offline), else from
            the mirrors of :class:`data.MNIST`, verified by SHA-256.

    Attributes:
        data: the images as a uint8 Tensor ``(N, 28, 28)``.
        targets: the labels as an int64 Tensor ``(N,)``.
        classes: the class names, ``"0 - zero"`` to ``"9 - nine"``.

    Raises:
        RuntimeError: "Dataset not found", naming the folder and the files, when
            they are not in ``root`` and ``download`` is False.
        DatasetFileError: a file's checksum is not the published one.

    Example:
        >>> from data import datasets, transforms
        >>> ds = datasets.MNIST(None, train=False, transform=transforms.ToTensor())
        >>> x, y = ds[0]
        >>> x.shape, x.dtype, y
        ((1, 28, 28), dtype('float32'), 7)
        >>> print(ds)
        Dataset MNIST
            Number of datapoints: 10000
            Split: Test
            StandardTransform
        Transform: ToTensor()
    """

    classes = [
        "0 - zero",
        "1 - one",
        "2 - two",
        "3 - three",
        "4 - four",
        "5 - five",
        "6 - six",
        "7 - seven",
        "8 - eight",
        "9 - nine",
    ]
    _reader: type[_mnist.MNIST] = _mnist.MNIST

    def __init__(
        self,
        root: str | os.PathLike | None,
        train: bool = True,
        transform: Callable[[Any], Any] | None = None,
        target_transform: Callable[[Any], Any] | None = None,
        download: bool = False,
    ) -> None:
        super().__init__(root, transform, target_transform)
        self.train = bool(train)
        folder = None if self.root is None else self.raw_folder
        reader = self._reader(folder, train=self.train, normalize=False, download=download)
        if download and folder is not None:  # as torchvision, a download fetches both splits
            self._reader(folder, train=not self.train, normalize=False, download=True)
        self.images, self.labels = reader.images, reader.labels

    @property
    def raw_folder(self) -> str:
        """``root/<class name>/raw``, where the IDX files are looked for first."""
        return os.path.join(self.root or "", type(self).__name__, "raw")

    @property
    def data(self) -> Tensor:
        """The images as a uint8 Tensor ``(N, 28, 28)`` (shares memory with ``images``).

        Assigning replaces them, e.g. ``ds.data = ds.data[:1000]`` (with ``targets``).
        """
        return Tensor._make(self.images)

    @data.setter
    def data(self, value: Tensor | np.ndarray) -> None:
        self.images = _as_images(value, "data")

    @property
    def targets(self) -> Tensor:
        """The labels as an int64 Tensor ``(N,)``; assigning replaces them."""
        return Tensor._make(self.labels)

    @targets.setter
    def targets(self, value: Tensor | np.ndarray | list[int]) -> None:
        self.labels = _as_labels(value)

    def extra_repr(self) -> str:
        return f"Split: {'Train' if self.train else 'Test'}"


class FashionMNIST(MNIST):
    """Fashion-MNIST as torchvision's ``datasets.FashionMNIST``.

    As :class:`MNIST`, with the files under ``root/FashionMNIST/raw/`` (else in
    Debian's ``dataset-fashion-mnist`` package folder) and the 10 clothing
    classes.

    Example:
        >>> from data import datasets
        >>> datasets.FashionMNIST.classes[:2]
        ['T-shirt/top', 'Trouser']
    """

    classes = [
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
    _reader = _mnist.FashionMNIST


class CIFAR10(VisionDataset):
    """CIFAR-10 as torchvision's ``datasets.CIFAR10``.

    Items are ``(image, label)``: the uint8 ``(32, 32, 3)`` image (height,
    width, RGB, as the PIL image) through ``transform`` and the int label
    through ``target_transform``.

    Args:
        root: the folder holding ``cifar-10-batches-py/`` or
            ``cifar-10-python.tar.gz`` (read by :class:`data.CIFAR10`, which
            checks each batch's published MD5 and unpickles nothing but arrays).
        train: the 50,000 training images, else the 10,000 test images.
        transform, target_transform: as for :class:`MNIST`.
        download: fetch the archive from its canonical URL into ``root`` when it
            is missing, checked against its published MD5 (see :class:`data.CIFAR10`).

    Attributes:
        data: uint8 NumPy array ``(N, 32, 32, 3)``.
        targets: the labels as a list of ints.
        classes: ``"airplane"`` ... ``"truck"``.

    Example:
        >>> from data import datasets
        >>> datasets.CIFAR10.classes[:3]
        ['airplane', 'automobile', 'bird']
    """

    classes = [
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
    ]
    base_folder = _cifar.FOLDER

    def __init__(
        self,
        root: str | os.PathLike,
        train: bool = True,
        transform: Callable[[Any], Any] | None = None,
        target_transform: Callable[[Any], Any] | None = None,
        download: bool = False,
    ) -> None:
        if root is None:
            raise TypeError(
                "CIFAR10: root must be a path (the folder holding "
                f"{_cifar.FOLDER}/ or {_cifar.ARCHIVE}), got None"
            )
        super().__init__(root, transform, target_transform)
        self.train = bool(train)
        reader = _cifar.CIFAR10(Path(root), train=self.train, download=download, normalize=False)
        # (N, 3, 32, 32) planes -> (N, 32, 32, 3) pixels, as torchvision's .data
        self.images = np.ascontiguousarray(reader.images.transpose(0, 2, 3, 1))
        self.labels = reader.labels

    @property
    def data(self) -> np.ndarray:
        """The images, uint8 ``(N, 32, 32, 3)``; assigning replaces them."""
        return self.images

    @data.setter
    def data(self, value: np.ndarray) -> None:
        self.images = _as_images(value, "data")

    @property
    def targets(self) -> list[int]:
        """The labels as a list of ints; assigning replaces them."""
        return self.labels.tolist()

    @targets.setter
    def targets(self, value: list[int] | np.ndarray) -> None:
        self.labels = _as_labels(value)

    def extra_repr(self) -> str:
        return f"Split: {'Train' if self.train else 'Test'}"


def _as_images(value: Any, name: str) -> np.ndarray:
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim not in (3, 4):
        raise ValueError(
            f"{name} must be images of shape (N, H, W) or (N, H, W, C), got shape {array.shape}"
        )
    return array


def _as_labels(value: Any) -> np.ndarray:
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        raise ValueError(
            f"targets must be a 1-D sequence of int labels, got shape "
            f"{array.shape} and dtype {array.dtype}"
        )
    return array.astype(np.int64, copy=False)
