"""Scaled dot-product attention, the functional core of :class:`nn.MultiheadAttention`.

Mirrors :mod:`nn.modules.attention`.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd import softmax as _softmax
from autograd._typing import TensorLike
from autograd.ops._operands import as_tensor
from autograd.ops.attention import fused_attention_fits
from autograd.ops.attention import scaled_dot_product_attention as _fused_attention

from .dropout import dropout

__all__ = ["scaled_dot_product_attention"]


def _attention_bias(
    attn_mask: TensorLike | None, is_causal: bool, q: Tensor, k: Tensor
) -> Tensor | np.ndarray | None:
    """The mask as an additive bias (a Tensor for a float mask, so it may take a gradient),
    or as a bool array (True: take part), or None."""
    L, S = q.shape[-2], k.shape[-2]
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError(
                "scaled_dot_product_attention: an explicit attn_mask should not "
                "be set when is_causal=True"
            )
        return np.tril(np.ones((L, S), dtype=bool))
    if attn_mask is None:
        return None
    mask = attn_mask if isinstance(attn_mask, Tensor) else as_tensor(attn_mask)
    try:
        np.broadcast_shapes(mask.shape, q.shape[:-1] + (S,))
    except ValueError:
        raise RuntimeError(
            f"scaled_dot_product_attention: attn_mask of shape {mask.shape} "
            f"does not broadcast to the attention weights' shape "
            f"{q.shape[:-1] + (S,)} (query {q.shape}, key {k.shape})"
        ) from None
    if mask.dtype == np.bool_:
        return mask._data
    if mask.dtype.kind != "f":
        raise RuntimeError(
            f"scaled_dot_product_attention: expected attn_mask dtype to be bool "
            f"or float or to match query dtype, got {mask.dtype}"
        )
    return mask


def scaled_dot_product_attention(
    query: TensorLike,
    key: TensorLike,
    value: TensorLike,
    attn_mask: TensorLike | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """Attention ``softmax(query @ key^T * scale + mask) @ value``, as torch's.

    Shapes are ``(..., L, E)`` for the query, ``(..., S, E)`` for the key and
    ``(..., S, Ev)`` for the value; the result is ``(..., L, Ev)``. ``scale`` defaults
    to ``1 / sqrt(E)``. A bool ``attn_mask`` marks with True the positions that take
    part; a float mask is added to the scores. ``is_causal`` lets position ``i``
    attend to positions ``<= i`` (the mask ``tril(ones(L, S))``) and excludes
    ``attn_mask``. ``dropout_p`` zeroes attention weights whenever it is positive (as
    torch, this function does not know about train/eval mode). With ``enable_gqa``
    the key and value may have fewer heads (dim -3) than the query, each shared by a
    group of query heads. A query row whose every key is masked out gets zero
    weights (an output of zeros), as torch gives.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> q = k = v = ag.eye(2).reshape(1, 2, 2)
        >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)[0, 0]
        tensor([1., 0.])
    """
    q, k, v = as_tensor(query), as_tensor(key), as_tensor(value)
    for name, t in (("query", q), ("key", k), ("value", v)):
        if t.ndim < 2:
            raise RuntimeError(
                f"scaled_dot_product_attention: {name} must have at least 2 "
                f"dims (..., length, features), got shape {t.shape}"
            )
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise RuntimeError(
            f"scaled_dot_product_attention: query {q.shape}, key {k.shape} and "
            f"value {v.shape} do not fit: query and key need the same last "
            f"dim, key and value the same length (dim -2)"
        )
    if not 0.0 <= dropout_p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    if enable_gqa and q.ndim >= 3 and k.shape[-3] != q.shape[-3]:
        if q.shape[-3] % k.shape[-3]:
            raise RuntimeError(
                f"scaled_dot_product_attention: with enable_gqa the query's "
                f"{q.shape[-3]} heads must be a multiple of the key's "
                f"{k.shape[-3]}"
            )
        group = q.shape[-3] // k.shape[-3]
        k, v = k.repeat_interleave(group, dim=-3), v.repeat_interleave(group, dim=-3)
    if attn_mask is None and dropout_p == 0.0 and fused_attention_fits(q, k, v):
        return _fused_attention(q, k, v, is_causal, scale)  # one node
    bias = _attention_bias(attn_mask, is_causal, q, k)
    factor = 1.0 / float(np.sqrt(q.shape[-1])) if scale is None else scale
    scores = (q @ k.transpose(-2, -1)) * factor  # (..., L, S)
    if isinstance(bias, np.ndarray):
        scores = scores.masked_fill(Tensor._make(~bias), float("-inf"))
    elif bias is not None:
        scores = scores + bias.astype(scores.dtype)
    dead = np.isneginf(scores._data).all(axis=-1, keepdims=True)  # rows with no key left
    if dead.any():  # torch gives them zero weights, not the NaN of softmax(-inf, ..., -inf)
        dead_rows = Tensor._make(np.asarray(dead))
        weights = _softmax(scores.masked_fill(dead_rows, 0.0), -1).masked_fill(dead_rows, 0.0)
    else:
        weights = _softmax(scores, -1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p)
    return weights @ v  # (..., L, Ev)
