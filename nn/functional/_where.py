"""``where`` with both branches given, typed as the Tensor it always returns.

``autograd.where(condition)`` alone returns a tuple of index tensors, so its declared
result is ``Tensor | tuple[Tensor, ...]``; the functional layers always pass both branches.
"""

from __future__ import annotations

from autograd import Tensor, where
from autograd._typing import TensorLike


def select(condition: TensorLike, input: TensorLike, other: TensorLike) -> Tensor:
    """``input`` where ``condition`` holds, else ``other``: ``ag.where`` with three arguments.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([-1.0, 2.0])
        >>> select(x > 0, x, 0.0)
        tensor([0., 2.])
    """
    out = where(condition, input, other)
    if not isinstance(out, Tensor):  # unreachable: only where(condition) gives a tuple
        raise TypeError(f"where with three arguments gave {type(out).__name__}, not a Tensor")
    return out
