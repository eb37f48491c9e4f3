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


def _inplace_repr(inplace: bool) -> str:
    return "inplace=True" if inplace else ""


class SiLU(Module):
    """``x * sigmoid(x)`` elementwise (swish).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.SiLU()(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7311])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.silu(input)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class Mish(Module):
    """``x * tanh(softplus(x))`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Mish()(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8651])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.mish(input)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class ELU(Module):
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.ELU(alpha=2.0)(ag.tensor([-1.0, 2.0]))
        tensor([-1.2642,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.elu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softplus(Module):
    """``log(1 + exp(beta * x)) / beta``; linear where ``beta * x > threshold``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Softplus()(ag.tensor([-1e4, 0.0]))
        tensor([0.0000, 0.6931])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Tensor) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Hardtanh(Module):
    """``x`` clipped to ``[min_val, max_val]``; gradient 1 strictly inside, else 0.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Hardtanh(-2.0, 2.0)(ag.tensor([-3.0, 1.0, 3.0]))
        tensor([-2.,  1.,  2.])
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0,
                 inplace: bool = False) -> None:
        super().__init__()
        if max_val <= min_val:
            raise ValueError(f"Hardtanh: max_val ({max_val}) must be greater than "
                             f"min_val ({min_val})")
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.hardtanh(input, self.min_val, self.max_val)

    def extra_repr(self) -> str:
        return (f"min_val={self.min_val}, max_val={self.max_val}"
                + (", inplace=True" if self.inplace else ""))


class ReLU6(Hardtanh):
    """``min(max(x, 0), 6)`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.ReLU6()(ag.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class Softsign(Module):
    """``x / (1 + |x|)`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Softsign()(ag.tensor([-1.0, 3.0]))
        tensor([-0.5000,  0.7500])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.softsign(input)


class LogSigmoid(Module):
    """``log(sigmoid(x))`` elementwise, finite for any input.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.LogSigmoid()(ag.tensor([-1e4, 0.0]))
        tensor([-1.0000e+04, -6.9315e-01])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.logsigmoid(input)


class Softmin(Module):
    """``softmax(-x)`` along ``dim``: entries in [0, 1] that sum to 1.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Softmin(dim=1)(ag.tensor([[0.0, 0.0]]))
        tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.softmin(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
