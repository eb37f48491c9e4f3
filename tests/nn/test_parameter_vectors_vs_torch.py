"""nn.utils.parameters_to_vector and vector_to_parameters, compared with torch's."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import requires_torch, torch

pytestmark = requires_torch


def _pair():
    ours = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    for p, q in zip(ours.parameters(), theirs.parameters()):
        with torch.no_grad():
            q.copy_(torch.from_numpy(p.detach().numpy().copy()))
    return ours, theirs


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
