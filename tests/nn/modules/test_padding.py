"""Padding modules (ConstantPad2d, ZeroPad2d) against torch.nn."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from tests.helpers import make_inputs, requires_torch, torch
from tests.nn._compare import compare

tnn = torch.nn if torch is not None else None


@requires_torch
@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.ZeroPad2d(1),
        lambda m: m.ZeroPad2d((1, 0, 2, 3)),
        lambda m: m.ZeroPad2d((-1, 2, 0, -1)),
        lambda m: m.ConstantPad2d(2, 3.5),
        lambda m: m.ConstantPad2d((0, 1, 1, 0), -1.0),
        lambda m: m.ConstantPad2d((1, 2), 7),
    ],
)
def test_padding_modules_match_torch(make):
    ours, theirs = make(nn), make(tnn)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, make_inputs([(2, 3, 4, 5)])[0])
    compare(ours, theirs, make_inputs([(3, 4, 5)])[0], dtype=np.float32)
