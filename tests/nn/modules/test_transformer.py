"""TransformerEncoderLayer and TransformerEncoder against torch (same weights by state_dict),
and the graph picture of an encoder layer (one cluster per module)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
import nn
from nn.modules.transformer import generate_square_subsequent_mask
from tests.helpers import assert_close, requires_torch, torch


def _clusters(dot) -> list[str]:
    return sorted(set(re.findall(r'label="?([a-z_0-9.]+ \([A-Za-z]+\))', dot.source)))


TOL = {"rtol": 1e-9, "atol": 1e-10}


def _encoders(layers=2, final_norm=True, **options):
    layer_t = torch.nn.TransformerEncoderLayer(8, 2, 16, **options).double()
    layer_a = nn.TransformerEncoderLayer(8, 2, 16, **options, dtype="float64")
    theirs = torch.nn.TransformerEncoder(
        layer_t,
        layers,
        enable_nested_tensor=False,
        norm=torch.nn.LayerNorm(8).double() if final_norm else None,
    )
    ours = nn.TransformerEncoder(
        layer_a, layers, norm=nn.LayerNorm(8, dtype="float64") if final_norm else None
    )
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours.eval(), theirs.eval()


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


@requires_torch
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"norm_first": True, "activation": "gelu", "batch_first": True},
        {"bias": False},
        {"activation": torch.nn.functional.gelu if torch is not None else None},
    ],
)
@pytest.mark.parametrize("masks", [False, True])
def test_encoder_matches_torch(options, masks):
    ours_options = dict(options)
    if callable(options.get("activation")):
        ours_options["activation"] = nn.functional.gelu
    layer_t = torch.nn.TransformerEncoderLayer(8, 2, 16, **options).double()
    layer_a = nn.TransformerEncoderLayer(8, 2, 16, **ours_options, dtype="float64")
    theirs = torch.nn.TransformerEncoder(layer_t, 2, enable_nested_tensor=False)
    ours = nn.TransformerEncoder(layer_a, 2)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    ours.eval()
    theirs.eval()
    batch_first = options.get("batch_first", False)
    N, L = 4, 3
    x = np.random.default_rng(0).standard_normal((N, L, 8) if batch_first else (L, N, 8))
    kw_a, kw_t = {}, {}
    if masks:
        causal = torch.nn.Transformer.generate_square_subsequent_mask(L, dtype=torch.float64)
        pad = np.zeros((N, L), dtype=bool)
        pad[0, -1] = pad[2, -2] = True
        kw_a = {"mask": ag.tensor(causal.numpy()), "src_key_padding_mask": ag.tensor(pad)}
        kw_t = {"mask": causal, "src_key_padding_mask": torch.tensor(pad)}
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out_a, out_t = ours(xa, **kw_a), theirs(xt, **kw_t)
    assert_close(out_a, out_t, what="forward", **TOL)
    w = np.random.default_rng(1).standard_normal(x.shape)
    (out_a * w).sum().backward()
    (out_t * torch.tensor(w)).sum().backward()
    assert_close(xa.grad, xt.grad, what="input gradient", **TOL)
    theirs_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        assert_close(p.grad, theirs_params[name].grad, what=name, **TOL)


@requires_torch
def test_encoder_final_norm_and_copies_are_independent():
    ours, theirs = _encoders()
    x = np.random.default_rng(2).standard_normal((3, 2, 8))
    assert_close(ours(ag.tensor(x)), theirs(torch.tensor(x)), **TOL)
    first, second = ours.layers[0].linear1.weight, ours.layers[1].linear1.weight
    assert first is not second
    with ag.no_grad():
        first.mul_(2.0)
    assert not np.allclose(first.detach().numpy(), second.detach().numpy())


@requires_torch
def test_encoder_layer_gradcheck_in_float64():
    ag.manual_seed(0)
    layer = nn.TransformerEncoderLayer(
        4, 2, 8, dropout=0.0, norm_first=True, batch_first=True, dtype="float64"
    )
    x = ag.randn(2, 3, 4, dtype="float64", requires_grad=True)
    mask = generate_square_subsequent_mask(3, dtype="float64")
    assert ag.gradcheck(lambda x: layer(x, src_mask=mask), [x])


@requires_torch
def test_dropout_in_training_mode_only():
    ag.manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5, dtype="float64")
    x = ag.randn(3, 2, 8, dtype="float64")
    assert not np.allclose(layer(x).detach().numpy(), layer(x).detach().numpy())
    layer.eval()
    assert_close(layer(x), layer(x).detach().numpy())


@requires_torch
def test_square_subsequent_mask_matches_torch():
    assert_close(
        generate_square_subsequent_mask(4, dtype="float64"),
        torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64),
    )


@requires_torch
def test_errors():
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
        nn.TransformerEncoderLayer(8, 2, activation="tanh")
    with pytest.raises(ValueError, match="num_layers must be a positive int, got 0"):
        nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 0)
