"""Pixel shuffle and its inverse: trading channels for spatial resolution.

Mirrors :mod:`nn.modules.pixelshuffle`.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd._typing import TensorLike
from autograd.ops._operands import as_tensor

__all__ = ["pixel_shuffle", "pixel_unshuffle"]


def _check_shuffle(name: str, x: Tensor, factor: int, what: str) -> None:
    if x.ndim < 3:
        raise RuntimeError(
            f"{name} expects input to have at least 3 dimensions, but got "
            f"input with {x.ndim} dimension(s)"
        )
    if not isinstance(factor, (int, np.integer)) or factor <= 0:
        raise RuntimeError(f"{name} expects a positive {what}, but got {factor}")


def pixel_shuffle(input: TensorLike, upscale_factor: int) -> Tensor:
    """Rearrange ``(*, C * r**2, H, W)`` into ``(*, C, H * r, W * r)``, as ``F.pixel_shuffle``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pixel_shuffle(ag.arange(4.0).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    x = as_tensor(input)
    r = upscale_factor
    _check_shuffle("pixel_shuffle", x, r, "upscale_factor")
    *batch, c, h, w = x.shape
    if c % (r * r):
        raise RuntimeError(
            f"pixel_shuffle expects its input's 'channel' dimension to be "
            f"divisible by the square of upscale_factor, but input.size(-3)={c} "
            f"is not divisible by {r * r}"
        )
    b = len(batch)
    y = x.reshape(*batch, c // (r * r), r, r, h, w)  # (*, C, r, r, H, W)
    y = y.permute(*range(b), b, b + 3, b + 1, b + 4, b + 2)  # (*, C, H, r, W, r)
    return y.reshape(*batch, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: TensorLike, downscale_factor: int) -> Tensor:
    """Rearrange ``(*, C, H * r, W * r)`` into ``(*, C * r**2, H, W)``, the inverse of
    :func:`pixel_shuffle`, as ``torch.nn.functional.pixel_unshuffle``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pixel_unshuffle(ag.arange(4.0).reshape(1, 1, 2, 2), 2).flatten()
        tensor([0., 1., 2., 3.])
    """
    x = as_tensor(input)
    r = downscale_factor
    _check_shuffle("pixel_unshuffle", x, r, "downscale_factor")
    *batch, c, h, w = x.shape
    for dim, size in (("height", h), ("width", w)):
        if size % r:
            raise RuntimeError(
                f"pixel_unshuffle expects {dim} to be divisible by "
                f"downscale_factor, but input.size({-2 if dim == 'height' else -1})"
                f"={size} is not divisible by {r}"
            )
    b = len(batch)
    y = x.reshape(*batch, c, h // r, r, w // r, r)  # (*, C, H, r, W, r)
    y = y.permute(*range(b), b, b + 2, b + 4, b + 1, b + 3)  # (*, C, r, r, H, W)
    return y.reshape(*batch, c * r * r, h // r, w // r)
