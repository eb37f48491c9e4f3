"""F.pixel_shuffle and F.pixel_unshuffle refuse bad inputs as torch does."""

from __future__ import annotations

import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import requires_torch, torch

TF = torch.nn.functional if torch is not None else None


@requires_torch
def test_pixel_shuffle_errors_match_torch():
    cases = [
        (lambda f: f.pixel_shuffle, (1, 5, 2, 2), 2),
        (lambda f: f.pixel_shuffle, (4, 2), 2),
        (lambda f: f.pixel_shuffle, (1, 4, 2, 2), 0),
        (lambda f: f.pixel_unshuffle, (1, 1, 3, 4), 2),
        (lambda f: f.pixel_unshuffle, (1, 1, 4, 3), 2),
        (lambda f: f.pixel_unshuffle, (1, 1, 4, 4), -1),
    ]
    for fn, shape, r in cases:
        with pytest.raises(Exception) as theirs_err:
            fn(TF)(torch.ones(shape), r)
        with pytest.raises(type(theirs_err.value)):
            fn(F)(ag.ones(*shape), r)
