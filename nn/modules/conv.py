"""``Conv2d``: a 2-D convolution layer over (N, C, H, W) images."""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.ops.conv import _pair, conv2d

from .. import init
from ..parameter import Parameter
from .module import Module


class Conv2d(Module):
    """2-D convolution (cross-correlation) with learned filters, as ``torch.nn.Conv2d``.

    Args:
        in_channels: channels C of the input.
        out_channels: number of filters O (channels of the output).
        kernel_size: filter size, an int or an (h, w) pair.
        stride: step between windows, an int or a pair (default 1).
        padding: zeros added on each side, an int or a pair (default 0).
        bias: learn an additive bias per output channel (default True).
        dtype: parameter dtype (default float32).

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)`` -> output ``(N, O, OH, OW)`` with
        ``OH = (H + 2*padding - kh) // stride + 1`` (likewise OW).

    Attributes:
        weight: ``(O, C, kh, kw)``, kaiming-uniform with ``a=sqrt(5)``, i.e.
            ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` with ``fan_in = C*kh*kw`` (as PyTorch).
        bias: ``(O,)``, from the same distribution.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> conv = nn.Conv2d(1, 32, 3)
        >>> conv
        Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))
        >>> conv(ag.zeros(8, 1, 28, 28)).shape
        (8, 32, 26, 26)
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int | tuple[int, int],
                 stride: int | tuple[int, int] = 1, padding: int | tuple[int, int] = 0,
                 bias: bool = True, dtype: DTypeLike = None) -> None:
        super().__init__()
        for name, n in (("in_channels", in_channels), ("out_channels", out_channels)):
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n <= 0:
                raise ValueError(f"Conv2d: {name} must be a positive int, got {n!r}")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = _pair(kernel_size, "kernel_size", "Conv2d", 1)
        self.stride = _pair(stride, "stride", "Conv2d", 1)
        self.padding = _pair(padding, "padding", "Conv2d", 0)
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        shape = (self.out_channels, self.in_channels, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty(self.out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw fresh parameters with PyTorch's default Conv2d initialisation."""
        init._reset_layer(self.weight, self.bias)

    def forward(self, input: Tensor) -> Tensor:
        return conv2d(input, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        if self.bias is None:
            text += ", bias=False"
        return text
