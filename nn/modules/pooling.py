"""``MaxPool2d``, ``AvgPool2d``, ``AdaptiveAvgPool2d``: window reductions over images."""

from __future__ import annotations

from autograd import Tensor
from autograd.ops.conv import _pair, avg_pool2d, max_pool2d

from ..functional import adaptive_avg_pool2d
from .module import Module

Size2 = int | tuple[int, int]


class _Pool2d(Module):
    def __init__(
        self,
        kernel_size: Size2,
        stride: Size2 | None = None,
        padding: Size2 = 0,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        _pair(kernel_size, "kernel_size", name, 1)  # validate now; keep the user's spelling
        _pair(padding, "padding", name, 0)
        if stride is not None:
            _pair(stride, "stride", name, 1)
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.ceil_mode = ceil_mode


class MaxPool2d(_Pool2d):
    """Maximum over each window, as ``torch.nn.MaxPool2d``.

    Args:
        kernel_size: window size, an int or an (h, w) pair.
        stride: step between windows (default ``kernel_size``).
        padding: implicit -inf padding on each side, at most half the kernel.
        dilation: spacing between a window's elements (default 1).
        return_indices: also return each maximum's flat index into its (H, W) input
            plane (int64), as torch.
        ceil_mode: round the output size up; the last window must start inside the input
            or its left padding.

    Shape:
        ``(N, C, H, W)`` -> ``(N, C, OH, OW)``,
        ``OH = (H + 2*padding - dilation*(kh-1) - 1) // stride + 1`` (rounded up with
        ``ceil_mode``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> pool = nn.MaxPool2d(2)
        >>> pool
        MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
        >>> pool(ag.zeros(8, 32, 26, 26)).shape
        (8, 32, 13, 13)
        >>> nn.MaxPool2d(2, ceil_mode=True)(ag.zeros(8, 32, 25, 25)).shape
        (8, 32, 13, 13)
    """

    def __init__(
        self,
        kernel_size: Size2,
        stride: Size2 | None = None,
        padding: Size2 = 0,
        dilation: Size2 = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__(kernel_size, stride, padding, ceil_mode)
        _pair(dilation, "dilation", type(self).__name__, 1)
        self.dilation = dilation
        self.return_indices = return_indices

    def forward(self, input: Tensor) -> Tensor | tuple[Tensor, Tensor]:
        return max_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.ceil_mode,
            self.return_indices,
        )

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding}, dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(_Pool2d):
    """Mean over each window, as ``torch.nn.AvgPool2d``.

    Args:
        kernel_size: window size, an int or an (h, w) pair.
        stride: step between windows (default ``kernel_size``).
        padding: implicit zero padding on each side, at most half the kernel.
        ceil_mode: round the output size up, as in :class:`MaxPool2d`.
        count_include_pad: count the zero padding in each window's mean (default True;
            the overhang of ``ceil_mode`` never counts).
        divisor_override: if given, divide every window's sum by it instead.

    Shape:
        ``(N, C, H, W)`` -> ``(N, C, OH, OW)``, ``OH = (H + 2*padding - kh) // stride + 1``
        (rounded up with ``ceil_mode``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> pool = nn.AvgPool2d(2)
        >>> pool
        AvgPool2d(kernel_size=2, stride=2, padding=0)
        >>> pool(ag.ones(1, 1, 4, 4)).sum()
        tensor(4.)
        >>> nn.AvgPool2d(2, padding=1, count_include_pad=False)(ag.ones(1, 1, 4, 4)).sum()
        tensor(9.)
    """

    def __init__(
        self,
        kernel_size: Size2,
        stride: Size2 | None = None,
        padding: Size2 = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> None:
        super().__init__(kernel_size, stride, padding, ceil_mode)
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size, as ``torch.nn.AdaptiveAvgPool2d``.

    Only output sizes that divide the input size are implemented (equal
    windows): ``1`` or ``(1, 1)`` for global average pooling, ``H // k`` for k x k
    windows. ``None`` in ``output_size`` keeps that input size.

    Shape:
        ``(N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, oh, ow)`` or ``(C, oh, ow)``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> pool = nn.AdaptiveAvgPool2d((1, 1))
        >>> pool
        AdaptiveAvgPool2d(output_size=(1, 1))
        >>> pool(ag.ones(8, 64, 7, 7)).shape
        (8, 64, 1, 1)
    """

    def __init__(self, output_size: int | None | tuple[int | None, ...]) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
