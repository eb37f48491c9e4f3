"""F.one_hot against torch, with its validation."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import requires_torch, torch


@requires_torch
def test_one_hot_matches_torch_and_validates():
    idx = np.array([[0, 3], [2, 1]], dtype=np.int64)
    out = F.one_hot(ag.tensor(idx))
    expected = torch.nn.functional.one_hot(torch.tensor(idx))
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out._data, expected.numpy())
    assert F.one_hot(ag.tensor([1]), num_classes=4).tolist() == [[0, 1, 0, 0]]
    with pytest.raises(RuntimeError, match="smaller than num_classes=2, got 3"):
        F.one_hot(ag.tensor([3]), 2)
    with pytest.raises(RuntimeError, match="non-negative"):
        F.one_hot(ag.tensor([-1]), 2)
    for index in (ag.tensor([1.0]), ag.tensor(np.array([1], np.int32))):  # torch: int64 only
        with pytest.raises(RuntimeError, match="int64 index tensors"):
            F.one_hot(index)
