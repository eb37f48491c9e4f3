"""``Conv2d``: a 2-D convolution layer over (N, C, H, W) images."""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.ops.conv import _pair, conv2d

from .. import init
from ..parameter import Parameter
from ._device import check_device
from .module import Module

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class Conv2d(Module):
    """2-D convolution (cross-correlation) with learned filters, as ``torch.nn.Conv2d``.

    Args:
        in_channels: channels C of the input.
        out_channels: number of filters O (channels of the output).
        kernel_size: filter size, an int or an (h, w) pair.
        stride: step between windows, an int or a pair (default 1).
        padding: zeros added on each side, an int or a pair (default 0); or ``"valid"``
            (none) or ``"same"`` (output as large as the input; stride 1 only).
        dilation: spacing between kernel elements, an int or a pair (default 1).
        groups: channel groups, each with its own filters; divides C and O (default 1).
        bias: learn an additive bias per output channel (default True).
        padding_mode: only ``"zeros"`` is implemented; torch's other modes
            (``"reflect"``, ``"replicate"``, ``"circular"``) raise NotImplementedError.
        device: ``None`` or ``"cpu"``, the only device.
        dtype: parameter dtype (default float32).

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)`` -> output ``(N, O, OH, OW)`` with
        ``OH = (H + 2*padding - dilation*(kh-1) - 1) // stride + 1`` (likewise OW).

    Attributes:
        weight: ``(O, C/groups, kh, kw)``, kaiming-uniform with ``a=sqrt(5)``, i.e.
            ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` with ``fan_in = C/groups*kh*kw`` (as PyTorch).
        bias: ``(O,)``, from the same distribution.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> conv = nn.Conv2d(1, 32, 3)
        >>> conv
        Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))
        >>> conv(ag.zeros(8, 1, 28, 28)).shape
        (8, 32, 26, 26)
        >>> nn.Conv2d(32, 32, 3, padding="same", dilation=2, groups=32)(ag.zeros(8, 32, 9, 9)).shape
        (8, 32, 9, 9)
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] = 1,
        padding: int | tuple[int, int] | str = 0,
        dilation: int | tuple[int, int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: str | None = None,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        for name, n in (("in_channels", in_channels), ("out_channels", out_channels)):
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n <= 0:
                raise ValueError(f"Conv2d: {name} must be a positive int, got {n!r}")
        if not isinstance(groups, (int, np.integer)) or isinstance(groups, bool) or groups <= 0:
            raise ValueError(f"Conv2d: groups must be a positive integer, got {groups!r}")
        for name, n in (("in_channels", in_channels), ("out_channels", out_channels)):
            if n % groups:
                raise ValueError(
                    f"Conv2d: {name} must be divisible by groups, got {name}={n} "
                    f"and groups={groups}"
                )
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                f"Conv2d: padding_mode must be one of {_PADDING_MODES}, but got "
                f"padding_mode={padding_mode!r}"
            )
        if padding_mode != "zeros":
            raise NotImplementedError(
                f"Conv2d: padding_mode={padding_mode!r} is not "
                "implemented here; only padding_mode='zeros' is"
            )
        check_device("Conv2d", device)
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = _pair(kernel_size, "kernel_size", "Conv2d", 1)
        self.stride = _pair(stride, "stride", "Conv2d", 1)
        self.dilation = _pair(dilation, "dilation", "Conv2d", 1)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"Conv2d: Invalid padding string {padding!r}, should be one "
                    "of {'same', 'valid'}"
                )
            if padding == "same" and self.stride != (1, 1):
                raise ValueError(
                    f"Conv2d: padding='same' is not supported for strided "
                    f"convolutions, got stride={self.stride}"
                )
            self.padding: tuple[int, int] | str = padding
        else:
            self.padding = _pair(padding, "padding", "Conv2d", 0)
        self.groups, self.padding_mode = int(groups), padding_mode
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
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
        return conv2d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )

    def extra_repr(self) -> str:
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text
