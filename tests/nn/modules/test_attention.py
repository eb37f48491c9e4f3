"""nn.MultiheadAttention against torch.nn: forward and backward with torch's weights,
unbatched input, init, gradcheck, dropout in training only, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, requires_torch, torch

TOL = {"rtol": 1e-9, "atol": 1e-10}


def _pair(*args, **kwargs):
    theirs = torch.nn.MultiheadAttention(*args, **kwargs).double()
    ours = nn.MultiheadAttention(*args, **kwargs, dtype="float64")
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


CASES = [
    ({}, {}),
    ({"batch_first": True}, {}),
    ({"kdim": 3, "vdim": 5}, {}),
    ({"bias": False}, {}),
    ({"add_bias_kv": True, "add_zero_attn": True}, {"padding": True, "mask": "bool"}),
    ({}, {"mask": "float", "average_attn_weights": False}),
    ({}, {"padding": True, "mask": "per-head"}),
    ({}, {"need_weights": False, "mask": "bool"}),
]


@requires_torch
@pytest.mark.parametrize(("options", "call"), CASES)
def test_multihead_attention_matches_torch(options, call):
    ours, theirs = _pair(8, 2, **options)
    rng = np.random.default_rng(0)
    N, L, S = 3, 4, 6

    def shaped(length, width):
        return rng.standard_normal(
            (N, length, width) if options.get("batch_first") else (length, N, width)
        )

    arrays = [shaped(L, 8), shaped(S, options.get("kdim", 8)), shaped(S, options.get("vdim", 8))]
    kw_a, kw_t = {}, {}
    if call.get("padding"):
        pad = rng.random((N, S)) < 0.3
        pad[:, 0] = False
        kw_a["key_padding_mask"], kw_t["key_padding_mask"] = ag.tensor(pad), torch.tensor(pad)
    mask = {
        "bool": lambda: rng.random((L, S)) < 0.3,
        "float": lambda: rng.standard_normal((L, S)),
        "per-head": lambda: rng.standard_normal((N * 2, L, S)),
    }.get(call.get("mask"))
    if mask is not None:
        m = mask()
        if m.dtype == bool:
            m[:, 1] = False
        kw_a["attn_mask"], kw_t["attn_mask"] = ag.tensor(m), torch.tensor(m)
    for name in ("average_attn_weights", "need_weights"):
        if name in call:
            kw_a[name] = kw_t[name] = call[name]
    ours_in = [ag.tensor(a, requires_grad=True) for a in arrays]
    torch_in = [torch.tensor(a, requires_grad=True) for a in arrays]
    out_a, w_a = ours(*ours_in, **kw_a)
    out_t, w_t = theirs(*torch_in, **kw_t)
    assert_close(out_a, out_t, what="output", **TOL)
    if call.get("need_weights", True):
        assert_close(w_a, w_t, what="weights", **TOL)
        (out_a.sum() + (w_a * 3).sum()).backward()
        (out_t.sum() + (w_t * 3).sum()).backward()
    else:
        assert w_a is None and w_t is None
        out_a.sum().backward()
        out_t.sum().backward()
    for i, (a, t) in enumerate(zip(ours_in, torch_in)):
        assert_close(a.grad, t.grad, what=f"input {i} gradient", **TOL)
    theirs_params = dict(theirs.named_parameters())
    assert [n for n, _ in ours.named_parameters()] == list(theirs_params)
    for name, p in ours.named_parameters():
        assert_close(p.grad, theirs_params[name].grad, what=name, **TOL)


@requires_torch
def test_multihead_self_attention_unbatched_matches_torch():
    ours, theirs = _pair(8, 4)
    x = np.random.default_rng(2).standard_normal((5, 8))
    a, wa = ours(ag.tensor(x), ag.tensor(x), ag.tensor(x), average_attn_weights=False)
    t, wt = theirs(*(torch.tensor(x),) * 3, average_attn_weights=False)
    assert_close(a, t, **TOL)
    assert_close(wa, wt, **TOL)


@requires_torch
def test_multihead_attention_init_as_torch():
    ag.manual_seed(0)
    mha = nn.MultiheadAttention(64, 4)
    bound = np.sqrt(6 / (64 + 3 * 64))  # xavier-uniform of the (3E, E) in_proj_weight
    w = mha.in_proj_weight.detach().numpy()
    assert w.shape == (192, 64) and np.abs(w).max() <= bound and np.abs(w).max() > 0.95 * bound
    assert not mha.in_proj_bias.detach().numpy().any()
    assert not mha.out_proj.bias.detach().numpy().any()
    assert np.abs(mha.out_proj.weight.detach().numpy()).max() <= 1 / 8


@requires_torch
def test_multihead_attention_gradcheck_in_float64():
    ag.manual_seed(0)
    mha = nn.MultiheadAttention(4, 2, dtype="float64", batch_first=True)
    mask = ag.tensor(np.triu(np.ones((3, 3), dtype=bool), 1))
    q = ag.randn(2, 3, 4, dtype="float64", requires_grad=True)
    kv = ag.randn(2, 3, 4, dtype="float64", requires_grad=True)
    assert ag.gradcheck(lambda q, kv: mha(q, kv, kv, attn_mask=mask)[0], [q, kv])


@requires_torch
def test_multihead_attention_dropout_only_in_training():
    ag.manual_seed(0)
    mha = nn.MultiheadAttention(8, 2, dropout=0.5, dtype="float64")
    x = ag.randn(4, 2, 8, dtype="float64")
    assert not np.allclose(mha(x, x, x)[0].detach().numpy(), mha(x, x, x)[0].detach().numpy())
    mha.eval()
    assert_close(mha(x, x, x)[0], mha(x, x, x)[0].detach().numpy())


@requires_torch
def test_multihead_attention_errors():
    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        nn.MultiheadAttention(10, 3)
    mha = nn.MultiheadAttention(8, 2)
    x = ag.zeros(4, 2, 8)
    with pytest.raises(AssertionError, match="expecting embedding dimension of 8, but got 6"):
        mha(ag.zeros(4, 2, 6), x, x)
    with pytest.raises(RuntimeError, match=r"attn_mask is \(3, 3\), but should be \(4, 4\)"):
        mha(x, x, x, attn_mask=ag.zeros(3, 3))
    with pytest.raises(AssertionError, match=r"key_padding_mask shape of \(2, 4\), but got"):
        mha(x, x, x, key_padding_mask=ag.zeros(4, 2, dtype=bool))
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
        mha(x, x, x, is_causal=True)
