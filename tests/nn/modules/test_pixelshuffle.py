"""nn.PixelShuffle and nn.PixelUnshuffle against torch.nn: round trips, forward and backward."""

from __future__ import annotations

import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch

tnn = torch.nn if torch is not None else None


TIGHT = {"rtol": 1e-10, "atol": 1e-12}


@requires_torch
@pytest.mark.parametrize(
    "shape,r",
    [
        ((1, 8, 3, 3), 2),
        ((2, 9, 2, 4), 3),
        ((12, 2, 2), 2),
        ((2, 3, 4, 1, 2), 1),
        ((2, 1, 8, 2, 3), 2),
    ],
)
def test_pixel_shuffle_roundtrip_matches_torch(shape, r):
    ours, theirs = nn.PixelShuffle(r), tnn.PixelShuffle(r)
    assert repr(ours) == repr(theirs)
    check_op(ours, theirs, shapes=[shape], **TIGHT)
    up = shape[:-3] + (shape[-3] // (r * r), shape[-2] * r, shape[-1] * r)
    ours_u, theirs_u = nn.PixelUnshuffle(r), tnn.PixelUnshuffle(r)
    assert repr(ours_u) == repr(theirs_u)
    check_op(ours_u, theirs_u, shapes=[up], **TIGHT)
    x = make_inputs([shape])[0]
    assert_close(ours_u(ours(ag.tensor(x))), x)
