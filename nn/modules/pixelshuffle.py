"""``PixelShuffle`` and ``PixelUnshuffle``: trade channels for spatial resolution."""

from __future__ import annotations

from autograd import Tensor

from .. import functional as F
from .module import Module


class PixelShuffle(Module):
    """Rearrange ``(*, C * r**2, H, W)`` into ``(*, C, H * r, W * r)`` with ``r = upscale_factor``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> shuffle = nn.PixelShuffle(2)
        >>> shuffle
        PixelShuffle(upscale_factor=2)
        >>> shuffle(ag.randn(1, 8, 3, 3)).shape
        (1, 2, 6, 6)
    """

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """Rearrange ``(*, C, H * r, W * r)`` into ``(*, C * r**2, H, W)``, undoing
    :class:`PixelShuffle` with ``r = downscale_factor``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> unshuffle = nn.PixelUnshuffle(2)
        >>> unshuffle
        PixelUnshuffle(downscale_factor=2)
        >>> unshuffle(ag.randn(1, 2, 6, 6)).shape
        (1, 8, 3, 3)
    """

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
