"""In-place methods (add_, clamp_, uniform_ ...) and isnan, floor, round ... vs PyTorch.

For every in-place method: the values it leaves, that it returns ``self``, the
gradients when it runs on a non-leaf inside a graph, the RuntimeError on a leaf
that requires grad, and that ``no_grad`` allows it.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_close, check_op, requires_torch, torch

pytestmark = requires_torch

RNG = np.random.default_rng(0)
X = RNG.uniform(-2.0, 2.0, size=(2, 3))
X = np.where(np.abs(X) < 0.3, 0.7, X)  # away from the kinks of abs, relu, clamp
POS = RNG.uniform(0.5, 2.0, size=(2, 3))
OTHER = RNG.uniform(0.5, 2.0, size=(2, 3)) * RNG.choice([-1.0, 1.0], size=(2, 3))
ROW = RNG.uniform(-1.0, 1.0, size=(3,))
MASK = np.array([[True, False, True], [False, False, True]])


class Arg:
    """An operand: a float array (a Tensor that may require grad), or a bool mask."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array


# name, input data, positional args, keyword args (Arg marks a tensor operand)
CASES = [
    ("add_", X, (Arg(OTHER),), {}),
    ("add_", X, (Arg(ROW),), {"alpha": 2.5}),
    ("add_", X, (1.5,), {}),
    ("sub_", X, (Arg(OTHER),), {"alpha": 0.5}),
    ("sub_", X, (2.0,), {"alpha": 3}),
    ("mul_", X, (Arg(OTHER),), {}),
    ("mul_", X, (-3.0,), {}),
    ("div_", X, (Arg(OTHER),), {}),
    ("div_", X, (4.0,), {}),
    ("pow_", X, (2,), {}),
    ("pow_", POS, (Arg(OTHER),), {}),
    ("clamp_", X, (-0.5, 1.0), {}),
    ("clamp_", X, (), {"min": 0.0}),
    ("clamp_", X, (), {"max": 0.0}),
    ("clip_", X, (-1.0, 0.5), {}),
    ("neg_", X, (), {}),
    ("abs_", X, (), {}),
    ("sqrt_", POS, (), {}),
    ("exp_", X, (), {}),
    ("relu_", X, (), {}),
    ("sigmoid_", X, (), {}),
    ("tanh_", X, (), {}),
    ("masked_fill_", X, (Arg(MASK), 0.25), {}),
    ("masked_fill_", X, (Arg(MASK[1]), -1.0), {}),
]
IDS = [f"{name}-{i}" for i, (name, *_rest) in enumerate(CASES)]


def _args(lib, args, kwargs, requires_grad=False):
    """The call's arguments for ``lib``, and the float operand tensors made."""
    made = []

    def convert(a):
        if not isinstance(a, Arg):
            return a
        grad = requires_grad and a.array.dtype.kind == "f"
        t = lib.tensor(a.array.copy(), requires_grad=grad)
        if grad:
            made.append(t)
        return t

    return [convert(a) for a in args], {k: convert(v) for k, v in kwargs.items()}, made


@pytest.mark.parametrize(("name", "data", "args", "kwargs"), CASES, ids=IDS)
def test_values_and_returns_self(name, data, args, kwargs):
    ours = ag.tensor(data.copy())
    array = ours._data
    theirs = torch.tensor(data.copy())
    a, k, _ = _args(ag, args, kwargs)
    ta, tk, _ = _args(torch, args, kwargs)
    assert getattr(ours, name)(*a, **k) is ours
    assert getattr(theirs, name)(*ta, **tk) is theirs
    assert ours._data is array  # written into the same array, so views see it
    assert ours.is_leaf and not ours.requires_grad
    assert_close(ours, theirs, rtol=1e-12, what=name)


@pytest.mark.parametrize(("name", "data", "args", "kwargs"), CASES, ids=IDS)
def test_gradients_inside_a_graph_match_torch(name, data, args, kwargs):
    upstream = np.random.default_rng(1).standard_normal(data.shape)
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data.copy(), requires_grad=True)
        y = x * 1.5  # a non-leaf
        a, k, operands = _args(lib, args, kwargs, requires_grad=True)
        assert getattr(y, name)(*a, **k) is y
        assert y.requires_grad and not y.is_leaf
        (y * lib.tensor(upstream)).sum().backward()
        results.append((y, x.grad, [t.grad for t in operands]))
    (y, gx, gops), (ty, tgx, tgops) = results
    assert_close(y, ty, rtol=1e-12, what="value")
    assert_close(gx, tgx, rtol=1e-10, what="gradient of the input")
    for g, tg in zip(gops, tgops):
        assert_close(g, tg, rtol=1e-10, what="gradient of the operand")


def test_operand_requiring_grad_makes_a_plain_tensor_part_of_the_graph():
    grads = []
    for lib in (ag, torch):
        w = lib.tensor(OTHER.copy(), requires_grad=True)
        acc = lib.zeros(2, 3, dtype=lib.float64)
        acc.add_(w, alpha=2).mul_(w)
        assert not acc.is_leaf and acc.requires_grad
        acc.sum().backward()
        grads.append(w.grad)
    assert_close(*grads, rtol=1e-12)


@pytest.mark.parametrize(("name", "data", "args", "kwargs"), CASES, ids=IDS)
def test_leaf_requiring_grad_raises_and_no_grad_allows_it(name, data, args, kwargs):
    x = ag.tensor(data.copy(), requires_grad=True)
    t = torch.tensor(data.copy(), requires_grad=True)
    a, k, _ = _args(ag, args, kwargs)
    ta, tk, _ = _args(torch, args, kwargs)
    symbol = "clamp_" if name == "clip_" else name  # clip_ is clamp_
    with pytest.raises(RuntimeError, match=f"{symbol}.*a leaf Variable that requires grad"):
        getattr(x, name)(*a, **k)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        getattr(t, name)(*ta, **tk)
    np.testing.assert_array_equal(x._data, data)  # untouched
    with ag.no_grad():
        assert getattr(x, name)(*a, **k) is x
    with torch.no_grad():
        getattr(t, name)(*ta, **tk)
    assert x.is_leaf and x.requires_grad and x.grad_fn is None
    assert_close(x, t, rtol=1e-12, what=name)


def test_errors_like_torch():
    i = ag.tensor([1, 4])
    for name, args in [
        ("sqrt_", ()),
        ("div_", (2,)),
        ("exp_", ()),
        ("clamp_", (0.5,)),
        ("mul_", (0.5,)),
    ]:
        with pytest.raises(RuntimeError, match=f"{name}.*can't be cast.*int64"):
            getattr(i, name)(*args)
        with pytest.raises(RuntimeError, match="can't be cast"):
            getattr(torch.tensor([1, 4]), name)(*args)
    assert i.tolist() == [1, 4]
    assert ag.tensor([1, -4]).abs_().tolist() == [1, 4]
    assert ag.tensor([2, 3]).pow_(2).tolist() == [4, 9]
    with pytest.raises(RuntimeError, match=r"add_.*\(2, 3\).*\(3,\)"):
        ag.tensor(ROW).add_(ag.tensor(X))  # the result would have to grow
    x = ag.tensor(X, requires_grad=True) * 1
    with pytest.raises(RuntimeError, match=r"masked_fill_.*\(2, 2, 3\).*\(2, 3\)"):
        x.masked_fill_(ag.tensor(np.stack([MASK, MASK])), 0.0)
    with pytest.raises(TypeError, match="alpha must be a number"):
        ag.tensor(X).add_(1.0, alpha="2")


def test_float32_stays_float32():
    t = ag.tensor([1.0, 4.0])
    t.add_(ag.tensor([1.0, 1.0], dtype="float64"), alpha=2).sqrt_().clamp_(max=1.9)
    theirs = torch.tensor([1.0, 4.0])
    theirs.add_(torch.tensor([1.0, 1.0], dtype=torch.float64), alpha=2).sqrt_().clamp_(max=1.9)
    assert t.dtype == np.float32
    assert_close(t, theirs)


# -- uniform_, normal_ ----------------------------------------------------------------------


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


def test_random_fill_argument_errors():
    with pytest.raises(RuntimeError, match="a=2.*b=1"):
        ag.zeros(2).uniform_(2, 1)
    with pytest.raises(RuntimeError, match="std=-1"):
        ag.zeros(2).normal_(0, -1)


# -- isnan, isinf, isfinite -----------------------------------------------------------------

SPECIAL = [1.0, float("nan"), float("inf"), -float("inf"), 0.0, -2.5]


@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite"])
@pytest.mark.parametrize(
    "data", [SPECIAL, [[1, 2], [3, 4]], [True, False]], ids=["float", "int", "bool"]
)
def test_predicates(name, data):
    for dtype in [None, "float64"] if isinstance(data[0], float) else [None]:
        x = ag.tensor(data, dtype=dtype)
        t = torch.tensor(data, dtype=None if dtype is None else torch.float64)
        for ours in (getattr(ag, name)(x), getattr(x, name)()):
            assert ours.dtype == np.bool_
            np.testing.assert_array_equal(ours._data, getattr(torch, name)(t).numpy())


def test_predicates_are_not_differentiable():
    x = ag.tensor(SPECIAL, requires_grad=True)
    assert not ag.isnan(x).requires_grad and not x.isfinite().requires_grad


# -- floor, ceil, trunc, round: zero gradient, as torch -------------------------------------

HALVES = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -1.7, 0.2, 3.99, 1234.5678, 0.125, 0.35])


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round"])
def test_rounding_values_and_zero_gradients(name):
    x = ag.tensor(HALVES, requires_grad=True)
    t = torch.tensor(HALVES, requires_grad=True)
    ours, theirs = getattr(ag, name)(x), getattr(torch, name)(t)
    assert_close(ours, theirs, rtol=0, atol=0, what=name)
    assert_close(getattr(x, name)(), theirs, rtol=0, atol=0, what=name)
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    upstream = np.ones(HALVES.shape)
    upstream[0] = np.nan  # torch's gradient is zero even here
    ours.backward(ag.tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    assert_close(x.grad, t.grad, rtol=0, atol=0)
    check_op(getattr(ag, name), getattr(torch, name), inputs=[HALVES + 0.25])


@pytest.mark.parametrize("decimals", [-2, -1, 1, 2, 3])
def test_round_decimals(decimals):
    x = ag.tensor(HALVES, requires_grad=True)
    t = torch.tensor(HALVES, requires_grad=True)
    ours, theirs = x.round(decimals=decimals), torch.round(t, decimals=decimals)
    assert_close(ours, theirs, rtol=1e-12, atol=1e-12)
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "RoundBackward1"
    float32 = ag.round(ag.tensor(HALVES, dtype="float32"), decimals=decimals)
    assert float32.dtype == np.float32
    assert_close(
        float32,
        torch.round(torch.tensor(HALVES, dtype=torch.float32), decimals=decimals),
        rtol=1e-6,
    )


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round"])
def test_rounding_integer_and_bool_input(name):
    i = ag.tensor([1, -2, 3])
    out = getattr(ag, name)(i)
    assert out.dtype == np.int64 and out.tolist() == [1, -2, 3]
    assert out._data is not i._data
    assert out.tolist() == getattr(torch, name)(torch.tensor([1, -2, 3])).tolist()
    with pytest.raises(RuntimeError, match=f"{name}: not implemented for bool"):
        getattr(ag, name)(ag.tensor([True]))


def test_round_errors():
    with pytest.raises(RuntimeError, match="decimals=1.*int64"):
        ag.round(ag.tensor([1, 2]), decimals=1)
    with pytest.raises(TypeError, match="decimals must be an int, got 1.5"):
        ag.round(ag.tensor([1.0]), decimals=1.5)


# -- clamp_min, clamp_max -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["clamp_min", "clamp_max"])
def test_clamp_min_max(name):
    check_op(
        lambda x: getattr(ag, name)(x, 0.4), lambda x: getattr(torch, name)(x, 0.4), inputs=[X]
    )
    check_op(lambda x: getattr(x, name)(-0.4), lambda x: getattr(x, name)(-0.4), inputs=[X])
    check_op(
        lambda x, b: getattr(ag, name)(x, b),
        lambda x, b: getattr(torch, name)(x, b),
        inputs=[X, OTHER],
        gradcheck=False,
    )
    ours = getattr(ag, name)(ag.tensor([1, -2, 3]), 0)
    assert ours.tolist() == getattr(torch, name)(torch.tensor([1, -2, 3]), 0).tolist()
