"""Constant padding layers: ``ZeroPad2d`` and ``ConstantPad2d`` (on :func:`nn.functional.pad`)."""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Tensor

from .. import functional as F
from .module import Module


def _quadruple(padding: int | Sequence[int]) -> tuple[int, ...]:
    """An int repeated four times; a sequence kept as given (F.pad checks it), as torch."""
    if isinstance(padding, int):
        return (padding,) * 4
    if not isinstance(padding, Sequence):
        raise TypeError(f"padding must be an int or a tuple of ints, got {type(padding).__name__}")
    return tuple(padding)


class ConstantPad2d(Module):
    """Pad the last two dims with ``value``; ``padding`` is an int or (left, right, top, bottom).

    Negative amounts crop, as in :func:`nn.functional.pad`.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> pad = nn.ConstantPad2d((1, 0, 0, 1), 9.0)
        >>> pad
        ConstantPad2d(padding=(1, 0, 0, 1), value=9.0)
        >>> pad(ag.tensor([[[1.0, 2.0]]]))
        tensor([[[9., 1., 2.],
                 [9., 9., 9.]]])
    """

    def __init__(self, padding: int | Sequence[int], value: float) -> None:
        super().__init__()
        self.padding = _quadruple(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ZeroPad2d(ConstantPad2d):
    """Pad the last two dims with zeros: ``padding`` is an int or ``(left, right, top, bottom)``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> pad = nn.ZeroPad2d(1)
        >>> pad
        ZeroPad2d((1, 1, 1, 1))
        >>> pad(ag.ones(1, 1, 2, 2)).shape
        (1, 1, 4, 4)
    """

    def __init__(self, padding: int | Sequence[int]) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"
