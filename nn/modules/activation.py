"""Elementwise activations and softmax layers.

``inplace=True`` is accepted where PyTorch has it (and shows in ``repr``), but
the output is always a new tensor: overwriting an input the graph still needs
would break backward.
"""

from __future__ import annotations

from autograd import Tensor
from autograd.ops.elementwise import relu as _relu

from .. import functional as F
from ..functional import _implicit_dim
from .module import Module


class ReLU(Module):
    """``max(x, 0)`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.ReLU()(ag.tensor([-1.0, 2.0]))
        tensor([0., 2.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return _relu(input)  # the op itself: no wrapper frame per call

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.LeakyReLU(0.1)(ag.tensor([-1.0, 2.0]))
        tensor([-0.1000,  2.0000])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class Tanh(Module):
    """Hyperbolic tangent elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Tanh()(ag.zeros(2))
        tensor([0., 0.])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.tanh(input)


class Sigmoid(Module):
    """``1 / (1 + exp(-x))`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Sigmoid()(ag.zeros(2))
        tensor([0.5000, 0.5000])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.sigmoid(input)


class GELU(Module):
    """Gaussian error linear unit, ``x * Phi(x)``; ``approximate='tanh'`` uses the tanh form.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.GELU()(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8413])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softmax(Module):
    """Softmax along ``dim``: entries in [0, 1] that sum to 1.

    ``dim=None`` picks a dim as PyTorch's deprecated rule does (0 for 0-, 1- and
    3-d inputs, else 1) and warns.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Softmax(dim=1)(ag.zeros(1, 2))
        tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        dim = self.dim if self.dim is not None else _implicit_dim("softmax", input.ndim)
        return F.softmax(input, dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """``log(softmax(x))`` along ``dim``, computed stably (log-sum-exp).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.LogSoftmax(dim=1)(ag.tensor([[1e4, 0.0]]))
        tensor([[     0., -10000.]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        dim = self.dim if self.dim is not None else _implicit_dim("log_softmax", input.ndim)
        return F.log_softmax(input, dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
