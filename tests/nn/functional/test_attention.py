"""F.scaled_dot_product_attention against torch: masks, causal attention, dropout, grouped
query heads, gradients and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import assert_close, check_op, requires_torch, torch

TOL = {"rtol": 1e-9, "atol": 1e-10}


TF = torch.nn.functional if torch is not None else None


@requires_torch
@pytest.mark.parametrize(
    "shapes",
    [
        [(5, 4), (6, 4), (6, 3)],
        [(2, 5, 4), (2, 6, 4), (2, 6, 3)],
        [(2, 3, 5, 4), (2, 3, 6, 4), (2, 3, 6, 7)],
        [(2, 3, 5, 4), (1, 3, 6, 4), (2, 1, 6, 7)],  # batch dims broadcast
    ],
)
@pytest.mark.parametrize("options", [{}, {"is_causal": True}, {"scale": 0.3}])
def test_sdpa_matches_torch(shapes, options):
    check_op(
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, **options),
        lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, **options),
        shapes,
    )


@requires_torch
@pytest.mark.parametrize("mask_shape", [(5, 6), (2, 1, 5, 6), (3, 5, 6)])
def test_sdpa_bool_mask_matches_torch(mask_shape):
    mask = np.random.default_rng(0).random(mask_shape) > 0.4
    mask[..., 0] = True  # every query keeps a key: no all-masked rows here
    check_op(
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, ag.tensor(mask)),
        lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, torch.tensor(mask)),
        [(2, 3, 5, 4), (2, 3, 6, 4), (2, 3, 6, 2)],
    )


@requires_torch
def test_sdpa_float_mask_takes_a_gradient_as_torch():
    check_op(
        lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, m),
        lambda q, k, v, m: TF.scaled_dot_product_attention(q, k, v, m),
        [(2, 5, 4), (2, 6, 4), (2, 6, 3), (5, 6)],
    )


@requires_torch
def test_sdpa_row_with_every_key_masked_is_zero_as_torch():
    rng = np.random.default_rng(1)
    q, k, v = (rng.standard_normal(s) for s in [(1, 3, 4), (1, 3, 4), (1, 3, 2)])
    for mask in (
        np.array([[True] * 3, [False] * 3, [True, False, True]]),
        np.array([[0.0] * 3, [-np.inf] * 3, [0.0, -np.inf, 1.0]]),
    ):
        qa = ag.tensor(q, requires_grad=True)
        out = F.scaled_dot_product_attention(qa, ag.tensor(k), ag.tensor(v), ag.tensor(mask))
        expected = TF.scaled_dot_product_attention(
            *(torch.tensor(a) for a in (q, k, v)), attn_mask=torch.tensor(mask)
        )
        assert_close(out, expected, **TOL)
        out.sum().backward()
        assert np.isfinite(qa.grad.numpy()).all() and not qa.grad.numpy()[0, 1].any()


@requires_torch
def test_sdpa_dropout_zeroes_weights_and_rescales():
    ag.manual_seed(0)
    q = k = ag.zeros(1, 50, 4)
    v = ag.ones(1, 50, 1)
    out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.5).numpy()
    # uniform weights 1/50; each kept weight is doubled, so a row is (kept / 50) * 2
    kept = out * 25
    assert np.allclose(kept, np.round(kept)) and 10 < kept.mean() < 40
    assert_close(F.scaled_dot_product_attention(q, k, v, dropout_p=0.0), np.ones((1, 50, 1)))


@requires_torch
def test_sdpa_gqa_matches_torch():
    check_op(
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, enable_gqa=True),
        lambda q, k, v: TF.scaled_dot_product_attention(q, k, v, enable_gqa=True),
        [(1, 4, 3, 2), (1, 2, 3, 2), (1, 2, 3, 2)],
    )


@requires_torch
def test_sdpa_errors():
    q = ag.zeros(2, 3, 4)
    with pytest.raises(RuntimeError, match="attn_mask should not be set when is_causal"):
        F.scaled_dot_product_attention(q, q, q, ag.ones(3, 3, dtype=bool), is_causal=True)
    with pytest.raises(RuntimeError, match=r"query \(2, 3, 4\), key \(2, 3, 5\)"):
        F.scaled_dot_product_attention(q, ag.zeros(2, 3, 5), q)
    with pytest.raises(RuntimeError, match=r"attn_mask of shape \(4, 4\) does not broadcast"):
        F.scaled_dot_product_attention(q, q, q, ag.ones(4, 4, dtype=bool))
    with pytest.raises(RuntimeError, match="attn_mask dtype to be bool or float"):
        F.scaled_dot_product_attention(q, q, q, ag.ones(3, 3, dtype="int64"))
    with pytest.raises(ValueError, match="between 0 and 1, but got 1.5"):
        F.scaled_dot_product_attention(q, q, q, dropout_p=1.5)
