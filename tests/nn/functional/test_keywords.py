"""nn.functional names its arguments as torch does, so keyword calls port unchanged."""

from __future__ import annotations

import numpy as np

import autograd as ag
import nn.functional as F
from tests.helpers import requires_torch, torch


@requires_torch
def test_functional_layers_take_input_by_keyword_like_torch():
    rng = np.random.default_rng(0)
    images, filters, bias = (
        rng.normal(size=(2, 1, 4, 4)),
        rng.normal(size=(3, 1, 2, 2)),
        rng.normal(size=3),
    )
    rows, weight = rng.normal(size=(2, 4)), rng.normal(size=(3, 4))
    for lib, wrap in ((F, ag.tensor), (torch.nn.functional, torch.tensor)):
        results = [
            lib.linear(input=wrap(rows), weight=wrap(weight), bias=wrap(bias)),
            lib.conv2d(input=wrap(images), weight=wrap(filters), bias=wrap(bias)),
            lib.max_pool2d(input=wrap(images), kernel_size=2),
            lib.avg_pool2d(input=wrap(images), kernel_size=2),
            lib.sigmoid(input=wrap(rows)),
            lib.tanh(input=wrap(rows)),
            lib.gelu(input=wrap(rows)),
            lib.relu(input=wrap(rows)),
        ]
        if lib is F:
            ours = [r.numpy() for r in results]
        else:
            theirs = [r.numpy() for r in results]
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-6)
