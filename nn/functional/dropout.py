"""Dropout: zeroing random elements (or whole channels) while training.

Mirrors :mod:`nn.modules.dropout`; the masks are drawn from ``autograd.random.generator()``.
"""

from __future__ import annotations

import warnings

import numpy as np

from autograd import Tensor
from autograd._typing import TensorLike
from autograd.ops._operands import as_tensor
from autograd.random import generator

__all__ = ["dropout", "dropout2d"]


def dropout(
    input: TensorLike, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    Identity when ``training`` is False. The mask is drawn from
    ``autograd.random.generator()``. ``inplace`` is accepted for PyTorch
    compatibility; the result is always a new tensor.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.dropout(ag.ones(4), p=0.5, training=False)
        tensor([1., 1., 1., 1.])
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input)
    if not training:
        return x  # the identity, whatever the dtype (as torch)
    if x.dtype.kind not in "fc":
        raise RuntimeError(
            f"dropout: a {x.dtype} tensor cannot hold the rescaled values; "
            "convert it with .float() first"
        )
    if p == 0.0:
        return x
    if p == 1.0:
        return x * np.zeros((), dtype=x.dtype)
    keep = generator().random(x.shape) >= p
    return x * (keep.astype(x.dtype) / np.asarray(1.0 - p, dtype=x.dtype))


def dropout2d(
    input: TensorLike, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """Zero whole channels (dim 1) with probability ``p``, scaling the rest by ``1 / (1 - p)``.

    As ``torch.nn.functional.dropout2d``: one draw per ``(n, c)`` from
    ``autograd.random.generator()``; a 3-D input is read as ``(N, C, L)`` (with torch's
    warning). Identity when ``training`` is False.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.dropout2d(ag.ones(1, 2, 2, 2), training=False).shape
        (1, 2, 2, 2)
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input)
    if x.ndim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {x.ndim}-D input to dropout2d, which is "
            "deprecated and will result in an error in a future release. To retain "
            "the behavior and silence this warning, please use dropout instead.",
            stacklevel=2,
        )
    if x.ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that "
            "channel-wise 1D dropout behavior is desired - input is interpreted as "
            "shape (N, C, L), where C is the channel dim.",
            stacklevel=2,
        )
    if not training or p == 0.0:
        return x
    if x.dtype.kind not in "fc":
        raise RuntimeError(
            f"dropout2d: a {x.dtype} tensor cannot hold the rescaled values; "
            "convert it with .float() first"
        )
    if x.ndim < 2:
        raise RuntimeError(
            f"Feature dropout requires at least 2 dimensions in the input, got shape {x.shape}"
        )
    if p == 1.0:
        return x * np.zeros((), dtype=x.dtype)
    mask_shape = x.shape[:2] + (1,) * (x.ndim - 2)  # one draw per (sample, channel)
    keep = generator().random(mask_shape) >= p
    return x * (keep.astype(x.dtype) / np.asarray(1.0 - p, dtype=x.dtype))
