"""Distances between batches of vectors: cosine similarity and the p-norm distance.

Mirrors :mod:`nn.modules.distance`.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd._typing import TensorLike
from autograd.ops._operands import _float

__all__ = ["cosine_similarity", "pairwise_distance"]


def cosine_similarity(x1: TensorLike, x2: TensorLike, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim`` (broadcast), as torch.

    Each vector is divided by ``max(||x||, eps)`` before the dot product.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.cosine_similarity(ag.tensor([[1.0, 0.0]]), ag.tensor([[1.0, 1.0]]))
        tensor([0.7071])
    """
    a, b = _float(x1), _float(x2)
    if b.dtype != a.dtype:  # the wider float dtype, as torch's type promotion
        common = np.promote_types(a.dtype, b.dtype)
        a, b = a.astype(common), b.astype(common)
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"cosine_similarity: x1 of shape {a.shape} and x2 of shape "
            f"{b.shape} cannot be broadcast together"
        ) from None
    a, b = a.expand(*shape), b.expand(*shape)
    na = a.norm(dim=dim, keepdim=True).clamp(min=eps)
    nb = b.norm(dim=dim, keepdim=True).clamp(min=eps)
    return ((a / na) * (b / nb)).sum(dim=dim)


def pairwise_distance(
    x1: TensorLike, x2: TensorLike, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False
) -> Tensor:
    """``||x1 - x2 + eps||_p`` over the last dim, as ``torch.nn.functional.pairwise_distance``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pairwise_distance(ag.tensor([[0.0, 0.0]]), ag.tensor([[3.0, 4.0]]), eps=0.0)
        tensor([5.])
    """
    a, b = _float(x1), _float(x2)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"pairwise_distance: x1 of shape {a.shape} and x2 of shape "
            f"{b.shape} cannot be broadcast together"
        ) from None
    return (a - b + eps).norm(p=p, dim=-1, keepdim=keepdim)
