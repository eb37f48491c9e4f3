"""nn.Flatten and nn.Unflatten against torch.nn, with their errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import check_op, requires_torch, torch

tnn = torch.nn if torch is not None else None


@requires_torch
@pytest.mark.parametrize(
    "shape,dim,sizes",
    [
        ((3, 12), 1, (3, 4)),
        ((3, 12), -1, [2, -1, 3]),
        ((12, 2), 0, (2, 2, 3)),
        ((2, 6, 5), 1, (6,)),
        ((2, 6, 5), -2, (-1, 2)),
    ],
)
def test_unflatten_matches_torch(shape, dim, sizes):
    ours, theirs = nn.Unflatten(dim, sizes), tnn.Unflatten(dim, sizes)
    assert repr(ours) == repr(theirs)
    check_op(ours, theirs, shapes=[shape])


@requires_torch
def test_unflatten_errors_and_flatten_roundtrip():
    with pytest.raises(TypeError, match="found element of type float at pos 1"):
        nn.Unflatten(1, (2, 3.0))
    with pytest.raises(TypeError, match="found type int"):
        nn.Unflatten(1, 6)
    with pytest.raises(
        RuntimeError,
        match=r"\[2, 4\] don't multiply up to the size of dim 1 "
        r"\(6\)",
    ):
        nn.Unflatten(1, (2, 4))(ag.zeros(3, 6))
    x = ag.randn(2, 3, 4, 5)
    model = nn.Sequential(nn.Flatten(), nn.Unflatten(1, (3, 4, 5)))
    assert np.array_equal(model(x)._data, x._data)
    assert repr(nn.Flatten(0, 2)) == repr(tnn.Flatten(0, 2))
