"""The graph picture of an attention block: one cluster per module, named as the model."""

from __future__ import annotations

import re

import autograd as ag
import nn


def _clusters(dot) -> list[str]:
    return sorted(set(re.findall(r'label="?([a-z_0-9.]+ \([A-Za-z]+\))', dot.source)))


def test_encoder_layer_draws_one_cluster_per_module():
    ag.manual_seed(0)
    layer = nn.TransformerEncoderLayer(
        16, 2, 32, dropout=0.0, norm_first=True, batch_first=True, activation="gelu"
    )
    out = layer(ag.randn(2, 8, 16, requires_grad=True)).sum()
    watch = ag.viz.watch_grads(out)
    out.backward()
    dot = ag.viz.make_dot(out, module=layer, show_grads=True, grads=watch)
    assert _clusters(dot) == [
        "linear1 (Linear)",
        "linear2 (Linear)",
        "norm1 (LayerNorm)",
        "norm2 (LayerNorm)",
        "self_attn (MultiheadAttention)",
        "self_attn.out_proj (Linear)",
    ]
    assert dot.source.count("subgraph cluster_") == 6
    assert "self_attn.in_proj_weight" in dot.source and "Softmax" in dot.source
