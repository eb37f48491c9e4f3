"""Random numbers: manual_seed reproducibility, the random factories, and the in-place random
fills (uniform_, normal_, ...) with torch's rules and errors.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_close, requires_torch, torch


@requires_torch
@pytest.mark.parametrize(("name", "args"), [("uniform_", (-0.5, 2.0)), ("normal_", (3.0, 0.5))])
def test_random_fills(name, args):
    ag.manual_seed(5)
    t = ag.zeros(20000)
    array = t._data
    assert getattr(t, name)(*args) is t and t._data is array and t.dtype == np.float32
    ag.manual_seed(5)
    again = getattr(ag.zeros(20000, dtype=ag.float64), name)(*args)
    np.testing.assert_allclose(t._data, again._data, rtol=1e-6)  # reproducible
    if name == "uniform_":
        assert t._data.min() >= -0.5 and t._data.max() < 2.0
        assert abs(t._data.mean() - 0.75) < 0.05
    else:
        assert abs(t._data.mean() - 3.0) < 0.05 and abs(t._data.std() - 0.5) < 0.05


@requires_torch
@pytest.mark.parametrize("name", ["uniform_", "normal_"])
def test_random_fill_rules_match_torch(name):
    w = ag.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=f"{name}.*a leaf Variable that requires grad"):
        getattr(w, name)()
    with pytest.raises(RuntimeError, match="leaf Variable"):
        getattr(torch.ones(3, requires_grad=True), name)()
    with ag.no_grad():
        getattr(w, name)()
    assert w.is_leaf and w.requires_grad and not np.all(w._data == 1)
    # on a non-leaf the fill is recorded and the old value gets a zero gradient, as torch
    grads, nodes = [], []
    for lib in (ag, torch):
        x = lib.ones(3, requires_grad=True)
        y = x * 2
        assert getattr(y, name)() is y
        (y * 3).sum().backward()
        grads.append(x.grad)
        nodes.append(y.grad_fn.name())
    assert_close(*grads)
    assert nodes[0] == nodes[1]
    with pytest.raises(RuntimeError, match=f"{name}: expects a floating point tensor.*int64"):
        getattr(ag.tensor([1, 2]), name)()


@requires_torch
def test_random_fill_argument_errors():
    with pytest.raises(RuntimeError, match="a=2.*b=1"):
        ag.zeros(2).uniform_(2, 1)
    with pytest.raises(RuntimeError, match="std=-1"):
        ag.zeros(2).normal_(0, -1)


def test_random_factories_and_manual_seed_reproducibility():
    ag.manual_seed(123)
    a = [
        ag.randn(3, 4)._data,
        ag.rand(5)._data,
        ag.randint(0, 10, (6,))._data,
        ag.randn_like(ag.zeros(2))._data,
        ag.rand_like(ag.zeros(2, dtype="float64"))._data,
    ]
    ag.manual_seed(123)
    b = [
        ag.randn(3, 4)._data,
        ag.rand(5)._data,
        ag.randint(0, 10, (6,))._data,
        ag.randn_like(ag.zeros(2))._data,
        ag.rand_like(ag.zeros(2, dtype="float64"))._data,
    ]
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
        assert x.dtype == y.dtype
    assert a[4].dtype == np.float64 and a[2].dtype == np.int64
    ag.manual_seed(124)
    assert not np.array_equal(ag.randn(3, 4)._data, a[0])
    r = ag.rand(1000)._data
    assert r.min() >= 0 and r.max() < 1
    with pytest.raises(TypeError, match="seed must be an int"):
        ag.manual_seed(1.5)
