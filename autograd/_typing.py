"""The types the library's signatures speak in, defined once.

``TensorLike`` is what an op accepts wherever torch accepts a tensor or a number: a
:class:`~autograd.tensor.Tensor`, a NumPy array or scalar, a Python number, or a nested
sequence of numbers (what :func:`autograd.tensor` takes). ``Shape`` is a size given as a
tuple, a list or a :class:`~autograd.Size`.

Example:
    >>> from autograd._typing import TensorLike
    >>> import autograd as ag
    >>> def double(x: TensorLike) -> ag.Tensor:
    ...     return ag.as_tensor(x) * 2
    >>> double([1.0, 2.0])
    tensor([2., 4.])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

import numpy as np

if TYPE_CHECKING:
    from .tensor import Tensor

Number = bool | int | float | complex | np.number | np.bool_
# Union rather than `|`: "Tensor" is a forward reference here (tensor.py imports this module).
TensorLike = Union["Tensor", np.ndarray, Number, Sequence]  # noqa: UP007
Shape = tuple[int, ...] | Sequence[int]

__all__ = ["Number", "Shape", "TensorLike"]
