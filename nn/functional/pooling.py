"""Pooling: max, average and adaptive average pooling over 2-D windows.

Mirrors :mod:`nn.modules.pooling`; ``max_pool2d`` and ``avg_pool2d`` are the autograd
kernels, re-exported.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Tensor
from autograd._typing import TensorLike
from autograd.ops._operands import _float
from autograd.ops.conv import avg_pool2d, max_pool2d

__all__ = ["adaptive_avg_pool2d", "avg_pool2d", "max_pool2d"]


def adaptive_avg_pool2d(
    input: TensorLike, output_size: int | None | Sequence[int | None]
) -> Tensor:
    """Average over windows chosen so the output is ``output_size``, as ``F.adaptive_avg_pool2d``.

    Input ``(N, C, H, W)`` or ``(C, H, W)``; ``output_size`` is an int or an
    ``(oh, ow)`` pair, where ``None`` keeps that input size. Only sizes that
    divide the input size are implemented (``1`` for global average pooling,
    ``H // k`` for k x k windows); others raise NotImplementedError.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.adaptive_avg_pool2d(ag.ones(2, 3, 7, 7), 1).shape
        (2, 3, 1, 1)
        >>> F.adaptive_avg_pool2d(ag.arange(16.0).reshape(1, 4, 4), (2, 1))
        tensor([[[ 3.5000],
                 [11.5000]]])
    """
    x = _float(input)
    if x.ndim not in (3, 4) or 0 in x.shape[-2:]:
        raise RuntimeError(
            f"adaptive_avg_pool2d: expected 3D or 4D input with non-zero "
            f"spatial size, got input of shape {x.shape}"
        )
    sizes = (
        (output_size, output_size)
        if output_size is None or isinstance(output_size, int)
        else tuple(output_size)
    )
    if len(sizes) != 2:
        raise ValueError(
            f"adaptive_avg_pool2d: output_size must be an int or a pair, got {output_size!r}"
        )
    h, w = x.shape[-2:]
    oh, ow = (h if sizes[0] is None else int(sizes[0])), (w if sizes[1] is None else int(sizes[1]))
    if oh <= 0 or ow <= 0:
        raise RuntimeError(f"adaptive_avg_pool2d: output_size must be positive, got {(oh, ow)}")
    if (oh, ow) == (1, 1):
        return x.mean(dim=(-2, -1), keepdim=True)
    if h % oh or w % ow:
        raise NotImplementedError(
            f"adaptive_avg_pool2d: output size {(oh, ow)} does not divide the input size "
            f"{(h, w)}; only output sizes that divide the input (equal windows) are "
            "implemented"
        )
    lead = x.shape[:-2]
    windows = x.reshape(*lead, oh, h // oh, ow, w // ow)
    return windows.mean(dim=(-3, -1))
