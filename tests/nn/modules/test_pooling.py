"""Pooling modules against torch.nn: MaxPool2d (return_indices too) and AvgPool2d, torch's
positional order, and constructor errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.modules.pooling import AvgPool2d, MaxPool2d
from tests.helpers import assert_close, requires_torch, torch
from tests.nn._compare import compare


@requires_torch
@pytest.mark.parametrize("cls, tcls", [(MaxPool2d, "MaxPool2d"), (AvgPool2d, "AvgPool2d")])
@pytest.mark.parametrize("args", [(2,), ((3, 2), 1, 1), (3, 2, 1)])
def test_pooling_modules_match_torch(cls, tcls, args):
    ours, theirs = cls(*args), getattr(torch.nn, tcls)(*args)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal((2, 3, 9, 8))
    a, t = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(a), theirs(t)
    assert_close(out, expected)
    (out * out).sum().backward()
    (expected * expected).sum().backward()
    assert_close(a.grad, t.grad)


def test_pooling_constructor_errors():
    with pytest.raises(ValueError, match=r"MaxPool2d: stride must be an int >= 1.*-1"):
        MaxPool2d(2, -1)
    with pytest.raises(ValueError, match=r"AvgPool2d: kernel_size must be.*'a'"):
        AvgPool2d("a")


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize(
    "args",
    [(2,), (3, 1, 1, 2), (3, 2, 1, 1, False, True), ((2, 3), (2, 1), (1, 1), (2, 1), False, True)],
)
def test_max_pool2d_module_takes_torch_positional_order(args):
    ours, theirs = nn.MaxPool2d(*args), torch.nn.MaxPool2d(*args)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, np.random.default_rng(0).standard_normal((2, 3, 9, 8)))


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_max_pool2d_module_return_indices():
    x = np.random.default_rng(1).standard_normal((2, 3, 9, 8))
    out, idx = nn.MaxPool2d(3, 2, 1, 2, True, True)(ag.tensor(x))
    t_out, t_idx = torch.nn.MaxPool2d(3, 2, 1, 2, True, True)(torch.tensor(x))
    assert_close(out, t_out)
    np.testing.assert_array_equal(idx._data, t_idx.numpy())


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize(
    "args",
    [
        (2,),
        (3, 2, 1, True),
        (3, 2, 1, True, False),
        (3, 2, 1, False, True, 4),
        ((3, 2), 1, (1, 1), True, False),
    ],
)
def test_avg_pool2d_module_takes_torch_positional_order(args):
    ours, theirs = nn.AvgPool2d(*args), torch.nn.AvgPool2d(*args)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, np.random.default_rng(0).standard_normal((2, 3, 9, 8)))
