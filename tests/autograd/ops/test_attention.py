"""The one-node scaled-dot-product attention (autograd.ops.attention) against torch:
forward, backward, float64 gradcheck and second derivatives, causal or not."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from autograd.ops.attention import fused_attention_fits, scaled_dot_product_attention
from tests.helpers import TORCH_MISSING, assert_close, check_higher_order, check_op

torch = pytest.importorskip("torch", reason=TORCH_MISSING)
TF = torch.nn.functional


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize(
    "shapes",
    [
        [(2, 3, 5, 4), (2, 3, 5, 4), (2, 3, 5, 6)],  # (N, heads, L, E), value width 6
        [(5, 4), (7, 4), (7, 3)],  # unbatched, more keys than queries
        [(2, 6, 4), (2, 3, 4), (2, 3, 4)],  # more queries than keys
    ],
)
def test_fused_attention_matches_torch_and_gradchecks(causal, shapes):
    check_op(
        lambda q, k, v: scaled_dot_product_attention(q, k, v, is_causal=causal),
        lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, is_causal=causal),
        shapes,
        rtol=1e-9,
        atol=1e-10,
    )


def test_fused_attention_with_a_scale_matches_torch():
    check_op(
        lambda q, k, v: scaled_dot_product_attention(q, k, v, True, scale=0.7),
        lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.7),
        [(2, 4, 3), (2, 4, 3), (2, 4, 3)],
    )


@pytest.mark.parametrize("causal", [False, True])
def test_fused_attention_second_derivatives_match_torch(causal):
    check_higher_order(
        lambda q, k, v: scaled_dot_product_attention(q, k, v, is_causal=causal),
        lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, is_causal=causal),
        [(2, 4, 3), (2, 4, 3), (2, 4, 2)],
        order=2,
    )


def test_functional_attention_takes_the_fused_node_only_where_it_fits():
    q = ag.randn(2, 4, 8, 16, requires_grad=True)
    out = F.scaled_dot_product_attention(q, q, q, is_causal=True)
    assert out.grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
    masked = F.scaled_dot_product_attention(q, q, q, attn_mask=ag.ones(8, 8, dtype="bool"))
    assert masked.grad_fn.name() != out.grad_fn.name()
    half = ag.randn(4, 3, dtype="float16")
    assert not fused_attention_fits(half, half, half)
    assert not fused_attention_fits(q, ag.randn(1, 4, 8, 16), q)  # broadcast batch dims


def test_fused_float32_attention_matches_torch():
    rng = np.random.default_rng(7)
    q, k, v = (rng.standard_normal((3, 4, 16, 8)).astype(np.float32) for _ in range(3))
    ours = [ag.tensor(a, requires_grad=True) for a in (q, k, v)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    out = F.scaled_dot_product_attention(*ours, is_causal=True)
    expected = TF.scaled_dot_product_attention(*theirs, is_causal=True)
    assert_close(out, expected, rtol=1e-5, atol=1e-6)
    out.sum().backward()
    expected.sum().backward()
    for a, t in zip(ours, theirs):
        assert_close(a.grad, t.grad, rtol=1e-4, atol=1e-5)
