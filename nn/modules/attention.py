"""``MultiheadAttention``: attention over several learned projections at once, as torch's."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd as ag
from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.ops.nn import linear

from .. import functional as F
from .. import init
from ..parameter import Parameter
from .linear import Linear
from .module import Module


def _as_float_mask(mask: Any, dtype: np.dtype, what: str) -> Tensor | None:
    """A mask as an additive float bias: bool True (excluded) becomes -inf, floats stay."""
    if mask is None:
        return None
    m = mask if isinstance(mask, Tensor) else ag.tensor(mask)
    if m.dtype == np.bool_:
        return Tensor._make(np.where(m._data, -np.inf, 0.0).astype(dtype))
    if m.dtype.kind != "f":
        raise AssertionError(f"only bool and floating types of {what} are supported, got {m.dtype}")
    return m.astype(dtype)


class MultiheadAttention(Module):
    """Multi-head attention ``concat(head_1, ..., head_h) W_o^T + b_o``, as torch's.

    Each head is ``softmax(q_i k_i^T / sqrt(d) + mask) v_i`` over its slice of the
    projections ``q = query W_q^T + b_q`` (and likewise ``k``, ``v``), ``d =
    embed_dim / num_heads``.

    Args:
        embed_dim: features of the query (and of the output).
        num_heads: parallel heads; must divide ``embed_dim``.
        dropout: dropout on the attention weights, in training mode.
        bias: learn ``in_proj_bias`` and ``out_proj.bias``.
        add_bias_kv: learn ``bias_k`` and ``bias_v``, appended to the key and value
            sequences.
        add_zero_attn: append a zero step to every head's key and value.
        kdim, vdim: features of the key and value (default ``embed_dim``); when they
            differ from it, the projections are ``q_proj_weight``, ``k_proj_weight`` and
            ``v_proj_weight`` instead of one ``in_proj_weight``.
        batch_first: inputs and outputs are ``(N, L, E)`` instead of ``(L, N, E)``.

    Parameters are initialised as torch: ``in_proj_weight`` Xavier-uniform, the biases
    zero, ``out_proj.weight`` as a Linear layer's.

    Shape:
        ``query`` ``(L, N, E)``, ``key`` ``(S, N, kdim)``, ``value`` ``(S, N, vdim)`` (or
        unbatched ``(L, E)``); ``key_padding_mask`` ``(N, S)``, True (or ``-inf``) where
        a key is padding; ``attn_mask`` ``(L, S)`` or ``(N * num_heads, L, S)``, True
        where attention is *not* allowed (the opposite of
        :func:`~nn.functional.scaled_dot_product_attention`) or a float added to the
        scores. Returns ``(output (L, N, E), weights)``; the weights are ``(N, L, S)``
        averaged over heads, ``(N, num_heads, L, S)`` with
        ``average_attn_weights=False``, or None with ``need_weights=False``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> mha = nn.MultiheadAttention(16, 4, batch_first=True)
        >>> x = ag.randn(2, 5, 16)
        >>> out, weights = mha(x, x, x)
        >>> out.shape, weights.shape
        ((2, 5, 16), (2, 5, 5))
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                f"embed_dim and num_heads must be greater than 0, got "
                f"embed_dim={embed_dim} and num_heads={num_heads} instead"
            )
        if embed_dim % num_heads:
            raise AssertionError(
                f"embed_dim must be divisible by num_heads (embed_dim="
                f"{embed_dim}, num_heads={num_heads})"
            )
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.kdim, self.vdim = kdim or embed_dim, vdim or embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim, self.batch_first, self.add_zero_attn = (
            embed_dim // num_heads,
            batch_first,
            add_zero_attn,
        )
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)

        def param(*shape: int) -> Parameter:
            return Parameter(np.empty(shape, dtype=dtype))

        if self._qkv_same_embed_dim:
            self.in_proj_weight = param(3 * embed_dim, embed_dim)
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = param(embed_dim, embed_dim)
            self.k_proj_weight = param(embed_dim, self.kdim)
            self.v_proj_weight = param(embed_dim, self.vdim)
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = param(3 * embed_dim)
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, dtype=dtype)
        self.bias_k: Parameter | None
        self.bias_v: Parameter | None
        if add_bias_kv:
            self.bias_k, self.bias_v = param(1, 1, embed_dim), param(1, 1, embed_dim)
        else:
            self.bias_k = self.bias_v = None
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)
        if self.bias_k is not None and self.bias_v is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def _projections(self, q: Tensor, k: Tensor, v: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        E, b = self.embed_dim, self.in_proj_bias
        biases = (None, None, None) if b is None else (b[:E], b[E : 2 * E], b[2 * E :])
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            if q is k and k is v:  # self-attention: one product for all three
                q_p, k_p, v_p = linear(q, w, b).chunk(3, dim=-1)
                return q_p, k_p, v_p
            weights = (w[:E], w[E : 2 * E], w[2 * E :])
        else:
            weights = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        q_p, k_p, v_p = (linear(x, w, bb) for x, w, bb in zip((q, k, v), weights, biases))
        return q_p, k_p, v_p

    def _check(self, query: Tensor, key: Tensor, value: Tensor) -> None:
        if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
            raise AssertionError(
                f"query, key and value should all be 2-D (unbatched) or 3-D "
                f"(batched), got shapes {query.shape}, {key.shape} and "
                f"{value.shape}"
            )
        if query.shape[-1] != self.embed_dim:
            raise AssertionError(
                f"was expecting embedding dimension of {self.embed_dim}, but "
                f"got {query.shape[-1]} (query shape {query.shape})"
            )
        if key.shape[:-1] != value.shape[:-1]:
            raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
        for name, t, dim in (("key", key, self.kdim), ("value", value, self.vdim)):
            if t.shape[-1] != dim:
                raise AssertionError(
                    f"expected {name} of embedding dimension {dim}, got shape {t.shape}"
                )

    def _bias(
        self, attn_mask: Any, key_padding_mask: Any, N: int, L: int, S: int, dtype: np.dtype
    ) -> Tensor | None:
        """The masks merged into one additive bias broadcasting to ``(N, H, L, S)``."""
        H = self.num_heads
        mask = _as_float_mask(attn_mask, dtype, "attn_mask")
        if mask is not None:
            if mask.shape == (L, S):
                pass
            elif mask.shape == (N * H, L, S):
                mask = mask.reshape(N, H, L, S)
            else:
                raise RuntimeError(
                    f"The shape of the attn_mask is {mask.shape}, but should be "
                    f"{(L, S)} or {(N * H, L, S)}."
                )
        pad = _as_float_mask(key_padding_mask, dtype, "key_padding_mask")
        if pad is not None:
            if pad.shape != (N, S):
                raise AssertionError(
                    f"expecting key_padding_mask shape of {(N, S)}, but got {pad.shape}"
                )
            pad = pad.reshape(N, 1, 1, S)
            mask = pad if mask is None else mask + pad
        return mask

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Tensor | None = None,
        need_weights: bool = True,
        attn_mask: Tensor | None = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        query, key, value = (
            t if isinstance(t, Tensor) else ag.tensor(t) for t in (query, key, value)
        )
        self._check(query, key, value)
        if is_causal and attn_mask is None:
            raise RuntimeError(
                "Need attn_mask if specifying the is_causal hint. You may use "
                "the Transformer module method `generate_square_subsequent_mask`"
                " to create this mask."
            )
        batched = query.ndim == 3
        same = query is key and key is value
        if not batched:  # (L, E) -> (1, L, E)
            query, key, value = query.unsqueeze(0), key.unsqueeze(0), value.unsqueeze(0)
            if key_padding_mask is not None:
                key_padding_mask = ag.tensor(key_padding_mask).unsqueeze(0)
        elif not self.batch_first:  # (L, N, E) -> (N, L, E)
            query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
        if same:
            key = value = query
        N, L, E = query.shape
        q, k, v = self._projections(query, key, value)  # (N, L, E), (N, S, E), (N, S, E)
        extra = 0
        if self.bias_k is not None and self.bias_v is not None:
            k = ag.cat([k, self.bias_k.expand(N, 1, E)], dim=1)  # (N, S + 1, E)
            v = ag.cat([v, self.bias_v.expand(N, 1, E)], dim=1)
            extra += 1
        H, d = self.num_heads, self.head_dim
        q = q.reshape(N, L, H, d).transpose(1, 2)  # (N, H, L, d)
        k = k.reshape(N, -1, H, d).transpose(1, 2)  # (N, H, S, d)
        v = v.reshape(N, -1, H, d).transpose(1, 2)  # (N, H, S, d)
        if self.add_zero_attn:
            zeros = ag.zeros(N, H, 1, d, dtype=q.dtype)
            k, v = ag.cat([k, zeros], dim=2), ag.cat([v, zeros], dim=2)
            extra += 1
        S = k.shape[2] - extra
        bias = self._bias(attn_mask, key_padding_mask, N, L, S, q.dtype)
        if bias is not None and extra:
            bias = F.pad(bias, (0, extra))  # the appended keys are never masked
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d))  # (N, H, L, S)
        if bias is not None:
            scores = scores + bias
        weights = F.softmax(scores, dim=-1)
        if self.dropout > 0.0 and self.training:
            weights = F.dropout(weights, self.dropout)
        out = (weights @ v).transpose(1, 2).reshape(N, L, E)  # (N, L, E)
        out = self.out_proj(out)
        if not batched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = out.transpose(0, 1)  # (L, N, E)
        if not need_weights:
            return out, None
        if average_attn_weights:
            weights = weights.mean(dim=1)  # (N, L, S')
        return out, (weights if batched else weights.squeeze(0))

    def extra_repr(self) -> str:
        return ""
