"""nn.utils.rnn.pad_sequence against torch's."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.utils.rnn import pad_sequence
from tests.helpers import TORCH_MISSING, assert_close

torch = pytest.importorskip("torch", reason=TORCH_MISSING)


TOL = {"rtol": 1e-9, "atol": 1e-10}


def _tensors(arrays, grad=True):
    return (
        [ag.tensor(a, requires_grad=grad) for a in arrays],
        [torch.tensor(a, requires_grad=grad) for a in arrays],
    )


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("padding_side", ["right", "left"])
def test_pad_sequence_matches_torch(batch_first, padding_side):
    rng = np.random.default_rng(4)
    arrays = [rng.standard_normal((n, 2)) for n in (3, 1, 4)]
    ours, theirs = _tensors(arrays)
    a = pad_sequence(ours, batch_first, -1.5, padding_side)
    t = torch.nn.utils.rnn.pad_sequence(theirs, batch_first, -1.5, padding_side)
    assert_close(a, t, **TOL)
    w = rng.standard_normal(t.shape)
    (a * w).sum().backward()
    (t * torch.tensor(w)).sum().backward()
    for x, y in zip(ours, theirs):
        assert_close(x.grad, y.grad, **TOL)


def test_pad_sequence_gradcheck_and_errors():
    a = ag.randn(3, 2, dtype="float64", requires_grad=True)
    b = ag.randn(1, 2, dtype="float64", requires_grad=True)
    assert ag.gradcheck(lambda a, b: pad_sequence([a, b]), [a, b])
    with pytest.raises(RuntimeError, match=r"sequence 1 has shape \(2, 3\)"):
        pad_sequence([ag.zeros(3, 2), ag.zeros(2, 3)])
    with pytest.raises(ValueError, match="padding_side to be one of left or right"):
        pad_sequence([ag.zeros(3)], padding_side="up")
    assert nn.utils.rnn.pad_sequence is pad_sequence
