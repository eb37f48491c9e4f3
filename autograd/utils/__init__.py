"""``autograd.utils``: where torch's ``torch.utils`` names lead in this library.

PyTorch programs reach the data pipeline as ``torch.utils.data.DataLoader``. With
``import autograd as torch`` that spelling still works: ``autograd.utils.data`` is the
library's :mod:`data` package under torch's name, loaded on first use.

Example:
    >>> import autograd as ag
    >>> import data
    >>> ag.utils.data.DataLoader is data.DataLoader
    True
"""

from __future__ import annotations

import importlib
from types import ModuleType


def __getattr__(name: str) -> ModuleType:
    if name == "data":
        return importlib.import_module(".data", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
