"""``Dropout`` and ``Dropout2d``: inverted dropout, active only in training mode."""

from __future__ import annotations

from autograd import Tensor

from .. import functional as F
from .module import Module


class _DropoutNd(Module):
    """What the dropout modules share: the probability ``p``, checked, and their repr."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zero each element with probability ``p`` in training, scaling the rest by ``1/(1-p)``.

    In evaluation mode (``module.eval()``) it is the identity. Masks come from
    ``autograd.random.generator()``, so ``ag.manual_seed`` makes them reproducible.

    Args:
        p: probability of zeroing an element, in [0, 1].
        inplace: accepted for PyTorch compatibility; the output is always new.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> drop = nn.Dropout(0.5)
        >>> y = drop(ag.ones(1000))
        >>> sorted(set(y.tolist()))
        [0.0, 2.0]
        >>> drop.eval()(ag.ones(2))
        tensor([1., 1.])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training)


class Dropout2d(_DropoutNd):
    """Zero whole channels with probability ``p`` in training, scaling the rest by ``1/(1-p)``.

    For ``(N, C, H, W)`` input one draw per ``(n, c)`` decides the whole ``H x W`` map
    (as ``torch.nn.Dropout2d``; a 3-D input is read as ``(N, C, L)``, with torch's
    warning). Masks come from ``autograd.random.generator()``; identity in eval mode.

    Args:
        p: probability of zeroing a channel, in [0, 1].
        inplace: accepted for PyTorch compatibility; the output is always new.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> y = nn.Dropout2d(0.5)(ag.ones(4, 8, 3, 3))
        >>> bool(((y == 0).all(dim=(2, 3)) | (y == 2).all(dim=(2, 3))).all())
        True
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout2d(input, self.p, self.training)
