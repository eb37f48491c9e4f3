"""``Linear`` (``x @ W^T + b`` as one fused node) and ``Identity``."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.ops.nn import linear

from .. import init
from ..parameter import Parameter
from ._device import check_device
from .module import Module


class Identity(Module):
    """Return the input unchanged (a placeholder layer); any constructor arguments are ignored.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Identity()(ag.ones(2))
        tensor([1., 1.])
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:
        return input


class Linear(Module):
    """Affine map ``y = x @ weight.T + bias`` over the last dim of the input.

    Args:
        in_features: size of each input sample.
        out_features: size of each output sample.
        bias: learn an additive bias (default True).
        device: ``None`` or ``"cpu"``, the only device.
        dtype: parameter dtype (default float32).

    Shape:
        input ``(*, in_features)`` -> output ``(*, out_features)``.

    Attributes:
        weight: ``(out_features, in_features)``, initialised from
            ``U(-1/sqrt(in_features), 1/sqrt(in_features))`` (kaiming-uniform with
            ``a=sqrt(5)``, as PyTorch).
        bias: ``(out_features,)``, from the same distribution.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> layer = nn.Linear(784, 10)
        >>> layer
        Linear(in_features=784, out_features=10, bias=True)
        >>> layer(ag.zeros(32, 784)).shape
        (32, 10)
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: Any = None,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        check_device("Linear", device)
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
                raise TypeError(f"Linear: {name} must be an int, got {type(n).__name__} {n!r}")
            if n < 0:
                raise ValueError(f"Linear: {name} must be a non-negative int, got {n!r}")
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        self.weight = Parameter(np.empty((out_features, in_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh weights with PyTorch's default Linear initialisation."""
        init._reset_layer(self.weight, self.bias)

    def forward(self, input: Tensor) -> Tensor:
        params = self._parameters  # read directly: attribute routing costs a lookup loop
        return linear(input, params["weight"], params["bias"])

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
