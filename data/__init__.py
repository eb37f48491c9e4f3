"""data: datasets, batching and verified dataset files.

Example:
    >>> import numpy as np
    >>> from data import DataLoader, TensorDataset
    >>> ds = TensorDataset(np.arange(6, dtype=np.float32).reshape(3, 2), np.array([0, 1, 0]))
    >>> [tuple(x.shape) for x, y in DataLoader(ds, batch_size=2)]
    [(2, 2), (1, 2)]
"""

from . import datasets, transforms
from ._download import DatasetFileError, DownloadError
from .cifar import CIFAR10
from .dataloader import DataLoader, default_collate, default_convert
from .dataset import (
    ConcatDataset,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .mnist import MNIST, FashionMNIST
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .worker import get_worker_info

__all__ = [
    "BatchSampler",
    "CIFAR10",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "DatasetFileError",
    "DownloadError",
    "FashionMNIST",
    "IterableDataset",
    "MNIST",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "default_collate",
    "datasets",
    "default_convert",
    "get_worker_info",
    "random_split",
    "transforms",
]
