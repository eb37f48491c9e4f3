"""nn.Embedding against torch.nn: repeated indices, padding_idx, from_pretrained, default
init and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, requires_torch, torch
from tests.nn._compare import run_both, tol

DTYPES = [np.float64, np.float32]


tnn = torch.nn if torch is not None else None


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("padding_idx", [None, 1, -1])
def test_embedding_matches_torch_with_repeated_indices(dtype, padding_idx):
    ours = nn.Embedding(6, 4, padding_idx=padding_idx)
    theirs = tnn.Embedding(6, 4, padding_idx=padding_idx)
    assert repr(ours) == repr(theirs)
    idx = np.array([[1, 2, 1], [5, 1, 0]], dtype=np.int64)
    xa, xt, out, tout = run_both(ours, theirs, idx, dtype)
    assert_close(out, tout, **tol(dtype))
    assert_close(ours.weight.grad, theirs.weight.grad, **tol(dtype))
    if padding_idx is not None:
        assert not ours.weight.grad._data[padding_idx % 6].any()
        assert not ours.weight._data[padding_idx % 6].any()  # zeroed at init, as torch


@requires_torch
def test_embedding_errors_and_from_pretrained():
    emb = nn.Embedding(5, 2)
    with pytest.raises(IndexError, match=r"index 5 is out of range.*5 rows"):
        emb(ag.tensor([0, 5]))
    with pytest.raises(IndexError, match=r"index -1 is out of range"):
        emb(ag.tensor([-1]))
    with pytest.raises(RuntimeError, match="integer tensor.*float32"):  # torch's type too
        emb(ag.tensor([0.0]))
    assert emb(ag.tensor(np.array([1, 4], np.int32))).shape == (2, 2)  # int32, as torch
    pre = nn.Embedding.from_pretrained([[1.0, 2.0], [3.0, 4.0]])
    assert not pre.weight.requires_grad
    assert pre(ag.tensor([1])).tolist() == [[3.0, 4.0]]


@requires_torch
def test_embedding_default_init_is_standard_normal():
    w = nn.Embedding(1000, 100).weight._data
    assert w.dtype == np.float32
    assert abs(w.mean()) < 0.01 and abs(w.std() - 1) < 0.01
