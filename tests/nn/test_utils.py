"""nn.utils against torch.nn.utils: clip_grad_norm_ / clip_grad_value_, and
parameters_to_vector / vector_to_parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, requires_torch, torch


def _pair():
    ours = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    for p, q in zip(ours.parameters(), theirs.parameters()):
        with torch.no_grad():
            q.copy_(torch.from_numpy(p.detach().numpy().copy()))
    return ours, theirs


def grads_pair(dtype=np.float64, scale=1.0):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) * scale for s in [(3, 4), (4,), (2, 2, 2)]]
    ours, theirs = [], []
    for a in arrays:
        p = nn.Parameter(ag.Tensor(np.zeros(a.shape, dtype)))
        p.grad = ag.Tensor(a.astype(dtype))
        ours.append(p)
        t = torch.zeros(a.shape, dtype=getattr(torch, np.dtype(dtype).name), requires_grad=True)
        t.grad = torch.tensor(a.astype(dtype))
        theirs.append(t)
    return ours, theirs


@requires_torch
def test_parameters_to_vector_matches_torch_forward_and_backward():
    ours, theirs = _pair()
    v = nn.utils.parameters_to_vector(ours.parameters())
    tv = torch.nn.utils.parameters_to_vector(theirs.parameters())
    np.testing.assert_array_equal(v.detach().numpy(), tv.detach().numpy())
    weights = np.linspace(-1, 1, v.shape[0]).astype(np.float32)
    (v * ag.tensor(weights)).sum().backward()
    (tv * torch.from_numpy(weights)).sum().backward()
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-6)


@requires_torch
def test_vector_to_parameters_matches_torch_and_shares_vec_memory():
    ours, theirs = _pair()
    values = np.arange(26, dtype=np.float32) / 10
    vec, tvec = ag.tensor(values), torch.tensor(values)
    nn.utils.vector_to_parameters(vec, ours.parameters())
    torch.nn.utils.vector_to_parameters(tvec, theirs.parameters())
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert p.shape == tuple(q.shape) and p.requires_grad and q.requires_grad
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    vec.add_(1.0)
    tvec.add_(1.0)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_allclose(
        ours(ag.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(), rtol=1e-6
    )


@requires_torch
def test_round_trip_and_bad_input():
    ours, _ = _pair()
    v = nn.utils.parameters_to_vector(ours.parameters()).detach()
    other = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    nn.utils.vector_to_parameters(v, other.parameters())
    for p, q in zip(ours.parameters(), other.parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    with pytest.raises(TypeError, match="expected Tensor, but got: list"):
        nn.utils.vector_to_parameters([1.0], ours.parameters())
    with pytest.raises(TypeError):
        torch.nn.utils.vector_to_parameters([1.0], [torch.zeros(1)])
    with pytest.raises(RuntimeError, match="has 5 elements but the 4 parameters need 26"):
        nn.utils.vector_to_parameters(ag.zeros(5), ours.parameters())
    with pytest.raises(TypeError, match="iterable of Tensors"):
        nn.utils.parameters_to_vector(ag.zeros(2))


@requires_torch
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "max_norm,norm_type", [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.5, math.inf), (2.0, 3.0)]
)
def test_clip_grad_norm_matches_torch(max_norm, norm_type, dtype):
    ours, theirs = grads_pair(dtype)
    total = nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    rtol = 1e-9 if dtype == np.float64 else 1e-5
    assert total.dtype == dtype
    assert_close(total, expected, rtol=rtol)
    for p, t in zip(ours, theirs):
        assert p.grad.dtype == dtype
        assert_close(p.grad, t.grad, rtol=rtol, atol=1e-12)


@requires_torch
def test_clip_grad_norm_skips_missing_grads_and_accepts_one_tensor():
    p = nn.Parameter(ag.zeros(2))
    assert nn.utils.clip_grad_norm_([p], 1.0).item() == 0.0
    p.grad = ag.tensor([3.0, 4.0])
    assert nn.utils.clip_grad_norm_(p, 10.0).item() == pytest.approx(5.0)
    assert p.grad.tolist() == [3.0, 4.0]  # under the limit: unchanged


@requires_torch
def test_clip_grad_norm_nonfinite():
    p = nn.Parameter(ag.zeros(2))
    p.grad = ag.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


@requires_torch
def test_clip_grad_value_matches_torch():
    ours, theirs = grads_pair(scale=2.0)
    nn.utils.clip_grad_value_(ours, 0.7)
    torch.nn.utils.clip_grad_value_(theirs, 0.7)
    for p, t in zip(ours, theirs):
        assert_close(p.grad, t.grad)


@requires_torch
@pytest.mark.parametrize("norm_type", [-math.inf, 0.0, 0])
def test_clip_grad_norm_minus_inf_and_zero_norm_match_torch(norm_type):
    ours, theirs = grads_pair(np.float32)
    ours[1].grad._data[...] = 0  # one all-zero gradient: the 0-norm counts tensors, as torch
    theirs[1].grad.zero_()
    total = nn.utils.clip_grad_norm_(ours, 0.5, norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, 0.5, norm_type)
    assert total.dtype == np.float32
    assert_close(total, expected, rtol=1e-6)
    for p, t in zip(ours, theirs):
        assert_close(p.grad, t.grad, rtol=1e-6, atol=1e-12)


@requires_torch
def test_clip_grad_accepts_foreach_keyword():
    ours, theirs = grads_pair()
    total = nn.utils.clip_grad_norm_(ours, 1.0, foreach=True)
    expected = torch.nn.utils.clip_grad_norm_(theirs, 1.0, foreach=True)
    assert_close(total, expected)
    nn.utils.clip_grad_value_(ours, 0.1, foreach=None)
    torch.nn.utils.clip_grad_value_(theirs, 0.1, foreach=None)
    for p, t in zip(ours, theirs):
        assert_close(p.grad, t.grad)
