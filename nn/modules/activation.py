"""Elementwise activations and softmax layers.

``inplace=True`` is accepted where PyTorch has it (and shows in ``repr``), but
the output is always a new tensor: overwriting an input the graph still needs
would break backward.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.ops.piecewise import relu as _relu

from .. import functional as F
from ..functional.activation import _implicit_dim
from ..parameter import Parameter
from ._device import check_device
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

    torch's deprecated spellings ``min_value`` and ``max_value`` are accepted, with a
    FutureWarning, and override ``min_val`` and ``max_val``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Hardtanh(-2.0, 2.0)(ag.tensor([-3.0, 1.0, 3.0]))
        tensor([-2.,  1.,  2.])
    """

    def __init__(
        self,
        min_val: float = -1.0,
        max_val: float = 1.0,
        inplace: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
    ) -> None:
        super().__init__()
        if min_value is not None:
            warnings.warn(
                "Hardtanh: the keyword min_value is deprecated; use min_val",
                FutureWarning,
                stacklevel=2,
            )
            min_val = min_value
        if max_value is not None:
            warnings.warn(
                "Hardtanh: the keyword max_value is deprecated; use max_val",
                FutureWarning,
                stacklevel=2,
            )
            max_val = max_value
        if max_val <= min_val:
            raise ValueError(
                f"Hardtanh: max_val ({max_val}) must be greater than min_val ({min_val})"
            )
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.hardtanh(input, self.min_val, self.max_val)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (
            ", inplace=True" if self.inplace else ""
        )


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


class PReLU(Module):
    """``x`` where positive, ``weight * x`` elsewhere, with a learnable slope ``weight``.

    Args:
        num_parameters: 1 (one slope shared by every channel) or the number of
            channels (dim 1 of the input).
        init: initial value of every slope.
        device: ``None`` or ``"cpu"``, the only device.
        dtype: dtype of ``weight`` (float32 by default).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> act = nn.PReLU()
        >>> act
        PReLU(num_parameters=1)
        >>> act(ag.tensor([-2.0, 3.0]))
        tensor([-0.5000,  3.0000], grad_fn=<PreluKernelBackward0>)
    """

    def __init__(
        self,
        num_parameters: int = 1,
        init: float = 0.25,
        device: Any = None,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        check_device("PReLU", device)
        if not isinstance(num_parameters, (int, np.integer)) or num_parameters <= 0:
            raise ValueError(
                f"PReLU: num_parameters must be a positive int, got {num_parameters!r}"
            )
        # torch's attribute name; on a PReLU it hides Module.num_parameters(), as in torch
        self.num_parameters = int(num_parameters)  # type: ignore[method-assign, assignment]
        self.init = init
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        self.weight = Parameter(np.full(self.num_parameters, init, dtype=dtype))

    def reset_parameters(self) -> None:
        """Every slope back to ``init``."""
        self.weight._data[...] = self.init

    def forward(self, input: Tensor) -> Tensor:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class SELU(Module):
    """``scale * elu(x, alpha)`` with ``alpha ~ 1.6733`` and ``scale ~ 1.0507``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.SELU()(ag.tensor([-1.0, 1.0]))
        tensor([-1.1113,  1.0507])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.selu(input)

    def extra_repr(self) -> str:
        return _inplace_repr(self.inplace)


class CELU(Module):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.CELU(alpha=2.0)(ag.tensor([-1.0, 2.0]))
        tensor([-0.7869,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.celu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Hardswish(Module):
    """``x * relu6(x + 3) / 6`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Hardswish()(ag.tensor([-4.0, 1.0, 4.0]))
        tensor([-0.0000,  0.6667,  4.0000])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.hardswish(input)


class Hardsigmoid(Module):
    """``relu6(x + 3) / 6`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Hardsigmoid()(ag.tensor([-4.0, 0.0, 4.0]))
        tensor([0.0000, 0.5000, 1.0000])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.hardsigmoid(input)


class Threshold(Module):
    """``x`` where ``x > threshold``, else ``value``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Threshold(1.0, -1.0)(ag.tensor([0.5, 2.0]))
        tensor([-1.,  2.])
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.threshold(input, self.threshold, self.value)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (
            ", inplace=True" if self.inplace else ""
        )


class Tanhshrink(Module):
    """``x - tanh(x)`` elementwise.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Tanhshrink()(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2384])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.tanhshrink(input)


class GLU(Module):
    """Gated linear unit: halves ``a, b`` of ``dim`` give ``a * sigmoid(b)``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.GLU()(ag.tensor([[1.0, 2.0, 0.0, 0.0]]))
        tensor([[0.5000, 1.0000]])
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softshrink(Module):
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Softshrink()(ag.tensor([-2.0, 0.2, 1.0]))
        tensor([-1.5000,  0.0000,  0.5000])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:
        return F.softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Hardshrink(Module):
    """``x`` where ``|x| > lambd``, else 0.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Hardshrink()(ag.tensor([-2.0, 0.2, 1.0]))
        tensor([-2.,  0.,  1.])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:
        return F.hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)
