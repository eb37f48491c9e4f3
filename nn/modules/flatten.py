"""``Flatten``: merge a range of dims into one."""

from __future__ import annotations

from autograd import Tensor

from .module import Module


class Flatten(Module):
    """Flatten dims ``start_dim..end_dim`` into one (by default all but the batch dim).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Flatten()(ag.zeros(32, 1, 28, 28)).shape
        (32, 784)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
