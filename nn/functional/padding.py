"""Constant padding (and cropping, with negative amounts) of the trailing dims.

Mirrors :mod:`nn.modules.padding`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograd import Tensor
from autograd._typing import TensorLike
from autograd.function import _named
from autograd.ops._operands import as_tensor
from autograd.ops.shape import getitem, setitem

__all__ = ["pad"]


def pad(
    input: TensorLike, pad: Sequence[int], mode: str = "constant", value: float | None = None
) -> Tensor:
    """Pad the last ``len(pad) // 2`` dims with ``value``, as ``torch.nn.functional.pad``.

    ``pad`` lists (before, after) amounts starting from the last dim:
    ``(left, right, top, bottom)`` pads the last two dims. Negative amounts crop.
    Only ``mode="constant"`` is implemented; ``value`` defaults to 0.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pad(ag.tensor([[1.0, 2.0]]), (1, 0, 0, 1), value=9.0)
        tensor([[9., 1., 2.],
                [9., 9., 9.]])
    """
    x = as_tensor(input)
    if mode != "constant":
        known = mode in ("reflect", "replicate", "circular")
        raise NotImplementedError(
            f"pad: mode {mode!r} is not implemented here; use mode='constant'"
            if known
            else f"Unrecognised padding mode {mode}"
        )
    pads = [int(p) for p in pad]
    if len(pads) % 2:
        raise RuntimeError(
            f"pad: padding length must be divisible by 2, got {len(pads)} ({tuple(pads)})"
        )
    if len(pads) // 2 > x.ndim:
        raise RuntimeError(
            f"pad: padding length should be less than or equal to two times "
            f"the input dimension but got padding length {len(pads)} and "
            f"input of dimension {x.ndim}"
        )
    src, dst, shape = [slice(None)] * x.ndim, [slice(None)] * x.ndim, list(x.shape)
    for i in range(len(pads) // 2):
        d, before, after = x.ndim - 1 - i, pads[2 * i], pads[2 * i + 1]
        n = x.shape[d] + before + after
        if n < 0:
            raise RuntimeError(
                f"pad: the input size {x.shape[d]}, plus negative padding "
                f"{before} and {after} resulted in a negative output size, "
                f"which is invalid. Check dimension {d} of your input."
            )
        shape[d] = n
        kept = x.shape[d] - max(-before, 0) - max(-after, 0)  # input entries that remain
        if kept < 0:
            raise RuntimeError(
                f"pad: negative padding {before} and {after} crops more than "
                f"the {x.shape[d]} entries of dimension {d} of your input"
            )
        src[d] = slice(max(-before, 0), max(-before, 0) + kept)
        dst[d] = slice(max(before, 0), max(before, 0) + kept)
    if any(s != slice(None) for s in src):  # negative padding crops first
        x = getitem(x, tuple(src))
    base = Tensor._make(np.full(shape, 0 if value is None else value, dtype=x.dtype))
    return _named(setitem(base, tuple(dst), x), "ConstantPadNdBackward0")
