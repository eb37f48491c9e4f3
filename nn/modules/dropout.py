"""``Dropout``: inverted dropout, active only in training mode."""

from __future__ import annotations

from autograd import Tensor

from .. import functional as F
from .module import Module


class Dropout(Module):
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

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
