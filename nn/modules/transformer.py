"""``TransformerEncoderLayer`` (self-attention and a feed-forward block, each residual) and
``TransformerEncoder`` (a stack of copies of one layer), as torch's."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd as ag
from autograd import Tensor
from autograd.dtypes import DTypeLike

from .. import functional as F
from .attention import MultiheadAttention
from .container import ModuleList
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .normalization import LayerNorm

_ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {"relu": F.relu, "gelu": F.gelu}


def generate_square_subsequent_mask(sz: int, dtype: DTypeLike = None) -> Tensor:
    """The causal float mask ``(sz, sz)``: 0 on and below the diagonal, ``-inf`` above, as
    ``torch.nn.Transformer.generate_square_subsequent_mask``.

    Example:
        >>> from nn.modules.transformer import generate_square_subsequent_mask
        >>> generate_square_subsequent_mask(2)
        tensor([[0., -inf],
                [0., 0.]])
    """
    upper = np.triu(np.ones((sz, sz), dtype=bool), k=1)
    return ag.tensor(np.where(upper, -np.inf, 0.0), dtype=dtype or "float32")


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward network, each added back to its input, as torch's.

    With ``norm_first=False`` (post-norm, the original Transformer)::

        x = norm1(x + dropout1(self_attn(x, x, x)))
        x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))

    and with ``norm_first=True`` (pre-norm, as GPT-2) each block reads ``norm(x)``
    and adds to ``x`` unnormalised.

    Args:
        d_model: features of each position.
        nhead: attention heads.
        dim_feedforward: width of the feed-forward network.
        dropout: dropout probability (attention weights, residual branches, feed-forward).
        activation: ``"relu"``, ``"gelu"`` or a callable.
        layer_norm_eps: LayerNorm's epsilon.
        batch_first: ``(N, L, E)`` in and out instead of ``(L, N, E)``.
        norm_first: pre-norm instead of post-norm.
        bias: biases in the linear layers and LayerNorms.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> layer = nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32,
        ...                                    batch_first=True)
        >>> layer(ag.randn(2, 5, 16)).shape
        (2, 5, 16)
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Callable[[Tensor], Tensor] = F.relu,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            if activation not in _ACTIVATIONS:
                raise RuntimeError(f"activation should be relu/gelu, not {activation}")
            activation = _ACTIVATIONS[activation]
        self.activation = activation

    def _sa_block(
        self, x: Tensor, attn_mask: Any, key_padding_mask: Any, is_causal: bool
    ) -> Tensor:
        out = self.self_attn(
            x,
            x,
            x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=False,
            is_causal=is_causal,
        )[0]
        return self.dropout1(out)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(
        self,
        src: Tensor,
        src_mask: Tensor | None = None,
        src_key_padding_mask: Tensor | None = None,
        is_causal: bool = False,
    ) -> Tensor:
        x = src if isinstance(src, Tensor) else ag.tensor(src)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))


class TransformerEncoder(Module):
    """``num_layers`` independent copies of ``encoder_layer`` applied in turn, then ``norm``.

    Args:
        encoder_layer: the layer to copy (its parameters are deep-copied, so the
            copies train independently).
        num_layers: how many copies.
        norm: an optional final layer (e.g. ``LayerNorm``, as pre-norm stacks use).
        enable_nested_tensor, mask_check: accepted for torch compatibility; there is no
            nested-tensor fast path here.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> layer = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32)
        >>> encoder = nn.TransformerEncoder(layer, num_layers=2)
        >>> encoder(ag.randn(5, 2, 16)).shape
        (5, 2, 16)
        >>> sorted(encoder.state_dict())[0]
        'layers.0.linear1.bias'
    """

    def __init__(
        self,
        encoder_layer: TransformerEncoderLayer,
        num_layers: int,
        norm: Module | None = None,
        enable_nested_tensor: bool = True,
        mask_check: bool = True,
    ) -> None:
        super().__init__()
        if not isinstance(num_layers, int) or num_layers < 1:
            raise ValueError(f"num_layers must be a positive int, got {num_layers!r}")
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        src: Tensor,
        mask: Tensor | None = None,
        src_key_padding_mask: Tensor | None = None,
        is_causal: bool | None = None,
    ) -> Tensor:
        x = src
        for layer in self.layers:
            x = layer(
                x,
                src_mask=mask,
                src_key_padding_mask=src_key_padding_mask,
                is_causal=bool(is_causal),
            )
        return self.norm(x) if self.norm is not None else x
