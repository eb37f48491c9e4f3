"""float16 reductions accumulate in float32 and round once, as torch's CPU kernels."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch


def test_issue_repros_no_longer_overflow():
    assert ag.tensor(np.full(4096, 30.0, np.float16)).mean().item() == 30.0
    assert ag.tensor(np.arange(300.0).astype(np.float16)).var().item() == 7524.0
    assert ag.tensor(np.arange(300.0).astype(np.float16)).std().item() == 86.75


def test_results_stay_float16():
    x = ag.tensor(np.ones((3, 4), np.float16), requires_grad=True)
    for out in (x.mean(), x.var(1), x.std(0), x.norm(), x.sum(0), x.cumsum(1), x.prod(1)):
        assert out.dtype == np.float16


def _pair(arr):
    return ag.tensor(arr, requires_grad=True), torch.tensor(arr, requires_grad=True)


CASES = [  # (name, method, kwargs, values)
    ("mean of 4096 x 30", "mean", {}, lambda r: np.full(4096, 30.0, np.float16)),
    (
        "mean over dim 0 of large rows",
        "mean",
        {"dim": 0},
        lambda r: np.full((4096, 3), 30.0, np.float16),
    ),
    ("var of arange(300)", "var", {}, lambda r: np.arange(300.0).astype(np.float16)),
    ("var over dim 1", "var", {"dim": 1}, lambda r: r.uniform(-3, 3, (64, 32))),
    ("std of arange(300)", "std", {}, lambda r: np.arange(300.0).astype(np.float16)),
    ("std unbiased=False", "std", {"unbiased": False}, lambda r: r.uniform(-3, 3, (50,))),
    ("norm of 4096 x 30", "norm", {}, lambda r: np.full(4096, 30.0, np.float16)),
    ("norm over dim 1", "norm", {"dim": 1}, lambda r: r.uniform(-3, 3, (64, 32))),
    ("sum over dim 0 (strided)", "sum", {"dim": 0}, lambda r: r.uniform(0.9, 1.1, (2048, 3))),
    ("cumsum", "cumsum", {"dim": 0}, lambda r: r.uniform(0.9, 1.1, (200,))),
    ("cumsum over rows", "cumsum", {"dim": 1}, lambda r: r.uniform(0.9, 1.1, (3, 500))),
]


@requires_torch
@pytest.mark.parametrize("name, method, kwargs, make", CASES, ids=[c[0] for c in CASES])
def test_float16_reduction_matches_torch(name, method, kwargs, make):
    arr = np.asarray(make(np.random.default_rng(0)), dtype=np.float16)
    ours, theirs = _pair(arr)
    out, expected = getattr(ours, method)(**kwargs), getattr(theirs, method)(**kwargs)
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out.detach().numpy(), expected.detach().numpy())  # exact
    upstream = np.random.default_rng(1).uniform(-1, 1, expected.shape).astype(np.float16)
    out.backward(ag.tensor(upstream))
    expected.backward(torch.tensor(upstream))
    assert ours.grad.dtype == np.float16
    # torch's backward runs its elementwise kernels in float16; ours runs in float32 and
    # rounds once, so it is within 1 ulp of the float64 gradient, and near torch's
    exact = torch.tensor(arr.astype(np.float64), requires_grad=True)
    getattr(exact, method)(**kwargs).backward(torch.tensor(upstream.astype(np.float64)))
    got, want = ours.grad.numpy().astype(np.float64), exact.grad.numpy()
    assert (np.abs(got - want) <= np.spacing(np.abs(want).astype(np.float16))).all()
    np.testing.assert_allclose(
        got, theirs.grad.numpy().astype(np.float64), rtol=0.03, atol=1e-3 * np.abs(want).max()
    )


@requires_torch
def test_float16_prod_accumulates_in_float32():
    # torch's float16 prod keeps a float16 running product (3.377 here, 1 in 400 off);
    # ours rounds the float32 product once, the correctly rounded 3.385.
    arr = np.random.default_rng(0).uniform(0.9, 1.1, 200).astype(np.float16)
    exact = np.prod(arr.astype(np.float64))
    assert ag.tensor(arr).prod().item() == float(np.float16(exact))
    assert abs(torch.tensor(arr).prod().item() - exact) > abs(ag.tensor(arr).prod().item() - exact)


def test_overflowing_sum_is_inf_without_a_warning():
    with np.errstate(all="raise"):
        assert ag.tensor(np.full(4096, 30.0, np.float16)).sum().item() == float("inf")
