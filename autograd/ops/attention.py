"""Scaled dot-product attention as one node: ``softmax(q k^T * scale + causal) v``.

Composed from ops, attention is five nodes (two products, a scaling, a mask and a
softmax), each with its own temporaries of the weights' size ``(..., L, S)`` in forward
and backward. :class:`ScaledDotProductAttention` is one node: the scale goes on the
query, which is smaller than the scores; the causal mask is one additive ``(L, S)``
array made once per shape and dtype; the softmax runs in place; and backward makes
three products and one ``(..., L, S)`` temporary.
"""

from __future__ import annotations

import numpy as np

from ..function import Function, call
from ..grad_mode import _state
from ..tensor import Tensor
from .nn import Softmax

# additive causal masks (0 on and below the diagonal, -inf above) by (L, S, dtype);
# read-only, so sharing them is safe
_CAUSAL: dict[tuple[int, int, np.dtype], np.ndarray] = {}


def _causal_mask(L: int, S: int, dtype: np.dtype) -> np.ndarray:
    key = (L, S, dtype)
    mask = _CAUSAL.get(key)
    if mask is None:
        if len(_CAUSAL) >= 32:  # contexts vary little; keep the cache small anyway
            _CAUSAL.clear()
        mask = np.zeros((L, S), dtype)
        mask[np.triu_indices(L, 1, S)] = -np.inf
        mask.flags.writeable = False
        _CAUSAL[key] = mask
    return mask


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))  # float16 keeps the composed path


class ScaledDotProductAttention(Function):
    """out = p v with p = softmax(q k^T * scale + m), m the causal mask (or none).

    With dp = grad v^T and ds = p * (dp - sum(dp * p, last dim)):  d/dq = ds k * scale,
    d/dk = ds^T q * scale,  d/dv = p^T grad. Under create_graph, p is recomputed from q
    and k with recorded ops, so higher derivatives are exact.
    """

    torch_name = "ScaledDotProductFlashAttentionForCpuBackward0"

    @staticmethod
    def forward(ctx, q, k, v, *, causal, scale):
        scores = np.matmul(q * np.asarray(scale, q.dtype), k.swapaxes(-1, -2))  # (..., L, S)
        if causal:
            scores += _causal_mask(q.shape[-2], k.shape[-2], q.dtype)
        scores -= scores.max(axis=-1, keepdims=True)
        p = np.exp(scores, out=scores)
        p /= p.sum(axis=-1, keepdims=True)
        ctx.causal, ctx.scale, ctx.p = causal, scale, p
        ctx.save_for_backward(q, k, v)
        return np.matmul(p, v)  # (..., L, Ev)

    @staticmethod
    def backward(ctx, grad):
        q, k, v = ctx.saved_tensors
        scale = ctx.scale
        if _state.graph_backward:  # Tensors: the weights again, recorded
            scores = (q * scale) @ k.swapaxes(-1, -2)
            if ctx.causal:
                scores = scores + Tensor._make(_causal_mask(q.shape[-2], k.shape[-2], q.dtype))
            p = call(Softmax, scores, dim=scores.ndim - 1)
        else:
            p = ctx.p
        needs = ctx.needs_input_grad
        grad_v = p.swapaxes(-1, -2) @ grad if needs[2] else None
        if not (needs[0] or needs[1]):
            return None, None, grad_v
        dp = grad @ v.swapaxes(-1, -2)  # (..., L, S)
        ds = p * (dp - (dp * p).sum(axis=-1, keepdims=True))
        if isinstance(ds, np.ndarray):
            ds *= np.asarray(scale, ds.dtype)
        else:
            ds = ds * scale
        grad_q = ds @ k if needs[0] else None
        grad_k = ds.swapaxes(-1, -2) @ q if needs[1] else None
        return grad_q, grad_k, grad_v


def fused_attention_fits(q: Tensor, k: Tensor, v: Tensor) -> bool:
    """Whether :func:`scaled_dot_product_attention` takes these (already checked) inputs:
    float32 or float64, the same batch dims, and at least one query and one key."""
    dtype = q._data.dtype
    return (
        dtype in _FLOATS
        and k._data.dtype == dtype
        and v._data.dtype == dtype
        and q.shape[:-2] == k.shape[:-2] == v.shape[:-2]
        and q.shape[-2] > 0
        and k.shape[-2] > 0
    )


def scaled_dot_product_attention(
    q: Tensor, k: Tensor, v: Tensor, is_causal: bool = False, scale: float | None = None
) -> Tensor:
    """Attention without a mask (or with the causal one) and without dropout, as one node.

    :func:`nn.functional.scaled_dot_product_attention` checks the arguments and sends
    the inputs that :func:`fused_attention_fits` here; the causal mask lets query ``i``
    see keys ``<= i``, as torch's ``is_causal``.

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.attention import scaled_dot_product_attention
        >>> q = k = v = ag.eye(2).reshape(1, 2, 2)
        >>> scaled_dot_product_attention(q, k, v, is_causal=True)[0, 0]
        tensor([1., 0.])
    """
    factor = 1.0 / float(np.sqrt(q.shape[-1])) if scale is None else float(scale)
    return ScaledDotProductAttention.apply(q, k, v, causal=bool(is_causal), scale=factor)
