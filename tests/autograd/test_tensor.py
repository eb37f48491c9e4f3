"""Tensor: attributes, conversions, ``.data`` and ``.grad``, in-place methods, operators with
Python scalars and NumPy arrays, copying and pickling.

In-place methods leave torch's values, return ``self``, are recorded inside a graph, and
refuse a leaf that requires grad; ``.data`` is a detached Tensor over the same memory; a
``.grad`` is validated when assigned.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from autograd import Tensor
from tests.helpers import assert_close, check_op, requires_torch, torch


def test_bool_of_multi_element_tensor():
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with 3 values is ambiguous"):
        bool(ag.ones(3))


def _torch_error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.type, str(info.value)


GRAD_CASES = [  # (our value, torch value) for a (2, 2) float32 tensor's .grad
    ("float", lambda: 0.0, lambda: 0.0),
    ("int", lambda: 1, lambda: 1),
    ("ndarray", lambda: np.ones((2, 2), np.float32), lambda: np.ones((2, 2), np.float32)),
    ("list", lambda: [[1.0, 1.0], [1.0, 1.0]], lambda: [[1.0, 1.0], [1.0, 1.0]]),
    ("size 5", lambda: ag.ones(5), lambda: torch.ones(5)),
    ("size 2", lambda: ag.ones(2), lambda: torch.ones(2)),
    ("size 1x1", lambda: ag.ones(1, 1), lambda: torch.ones(1, 1)),
    ("0-d", lambda: ag.tensor(1.0), lambda: torch.tensor(1.0)),
    (
        "float64",
        lambda: ag.ones(2, 2, dtype="float64"),
        lambda: torch.ones(2, 2, dtype=torch.float64),
    ),
    ("int64", lambda: ag.ones(2, 2, dtype="int64"), lambda: torch.ones(2, 2, dtype=torch.int64)),
]


@requires_torch
@pytest.mark.parametrize("name, ours, theirs", GRAD_CASES, ids=[c[0] for c in GRAD_CASES])
def test_bad_grad_is_refused_at_assignment_as_torch(name, ours, theirs):
    tw = torch.nn.Parameter(torch.ones(2, 2))
    kind, torch_text = _torch_error(lambda: setattr(tw, "grad", theirs()))
    w = nn.Parameter(ag.ones(2, 2))
    with pytest.raises(kind) as info:
        w.grad = ours()
    ours_text = str(info.value)
    if kind is TypeError:
        assert ours_text == torch_text  # the wording and the type name are torch's
    elif "size" in torch_text:
        assert ours_text == torch_text
    else:  # dtype: torch names C++ types; we name ours, with torch's lead-in
        assert ours_text.startswith("attempting to assign a gradient with dtype")
        assert re.search(r"'(float64|int64)'.*'float32'", ours_text)
    assert w.grad is None  # nothing was stored


def test_a_tensor_is_not_its_own_grad():
    w = ag.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="own grad"):
        w.grad = w


def test_valid_grads_and_none_are_accepted():
    w = nn.Parameter(ag.ones(2, 2))
    w.grad = ag.full((2, 2), 3.0)
    assert w.grad.tolist() == [[3.0, 3.0], [3.0, 3.0]]
    w.grad = None
    assert w.grad is None


def test_float_grad_never_reaches_the_engine():
    # It used to be accepted, and the next backward crashed with AttributeError in the engine.
    a = ag.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match="Tensor or None but got grad of type float"):
        a.grad = 0.0
    (a * 2).sum().backward()
    assert a.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("opt_class", [optim.SGD, optim.Adam, optim.RMSprop])
def test_optimizers_never_broadcast_a_grad(opt_class):
    m = nn.Linear(2, 2)
    before = m.weight.detach().numpy().copy()
    opt = opt_class(m.parameters(), lr=0.1)
    with pytest.raises(RuntimeError, match=r"size '\[2\]' to a tensor of size '\[2, 2\]'"):
        m.weight.grad = ag.ones(2)
    with pytest.raises(RuntimeError, match=r"size '\[5\]' to a tensor of size '\[2, 2\]'"):
        m.weight.grad = ag.ones(5)
    opt.step()
    np.testing.assert_array_equal(m.weight.detach().numpy(), before)  # no grad, no move


@requires_torch
def test_leaf_resized_before_backward_raises_as_torch():
    tx = torch.ones(3, requires_grad=True)
    ty = (tx * tx).sum()
    tx.data = torch.ones(5)
    with pytest.raises(RuntimeError, match="size"):
        ty.backward()
    x = ag.ones(3, requires_grad=True)
    y = (x * x).sum()
    x.data = np.ones(5, np.float32)
    with pytest.raises(RuntimeError, match=r"gradient \(\[3\]\).*leaf tensor \(\[5\]\)"):
        y.backward()
    assert x.grad is None


def test_leaf_resized_under_create_graph_raises_too():
    x = ag.ones(3, requires_grad=True)
    y = (x * x).sum()
    x.data = ag.ones(2, 2)
    # the differentiable backward reads x itself, so it fails in mul, as torch's does
    with pytest.raises(RuntimeError, match=r"\(3,\) and \(2, 2\)|\[3\].*\[2, 2\]"):
        y.backward(create_graph=True)


def test_leaf_resized_after_grad_was_set_refuses_to_accumulate():
    x = ag.ones(3, requires_grad=True)
    (x * x).sum().backward()
    x.data = ag.ones(5)
    with pytest.raises(RuntimeError, match=r"size \[5\] into the .grad of size \[3\]"):
        (x * x).sum().backward()
    x.grad = None
    (x * x).sum().backward()
    assert x.grad.shape == (5,)


def test_resizing_to_the_same_shape_still_works():
    x = ag.ones(3, requires_grad=True)
    y = (x * x).sum()
    x.data = np.full(3, 2.0, np.float32)
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]  # the saved x, as before


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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
def test_float32_stays_float32():
    t = ag.tensor([1.0, 4.0])
    t.add_(ag.tensor([1.0, 1.0], dtype="float64"), alpha=2).sqrt_().clamp_(max=1.9)
    theirs = torch.tensor([1.0, 4.0])
    theirs.add_(torch.tensor([1.0, 1.0], dtype=torch.float64), alpha=2).sqrt_().clamp_(max=1.9)
    assert t.dtype == np.float32
    assert_close(t, theirs)


@requires_torch
def test_half_int_and_type_as_conversions_pass_the_gradient_back():
    x = ag.tensor([1.5, -2.5], requires_grad=True)
    assert x.half().dtype == np.float16 == torch.tensor([1.5]).half().numpy().dtype
    assert x.int().tolist() == torch.tensor([1.5, -2.5]).int().tolist()
    assert x.int().dtype == np.int32
    assert x.type_as(ag.zeros(1, dtype="float64")).dtype == np.float64
    assert x.type_as(ag.tensor([1])).tolist() == [1, -2]
    y = x.half().type_as(x)
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


@requires_torch
def test_clone_node_name_and_gradient():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert y.grad_fn.name() == "CloneBackward0" and "CloneBackward0" in repr(y)
    (y * y).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]
    plain = ag.ones(2)
    copy = plain.clone()
    assert copy.grad_fn is None and not np.shares_memory(copy._data, plain._data)
    check_op(lambda t: t.clone() * 3, lambda t: t.clone() * 3, shapes=[(2, 3)])


@requires_torch
def test_retains_grad_and_requires_grad_on_results_like_torch():
    for lib in (ag, torch):
        a = lib.ones(3, requires_grad=True)
        h = a * 1
        assert (a.retains_grad, h.retains_grad) == (False, False)
        h.retain_grad()
        assert h.retains_grad
        assert (a * 1).requires_grad_(True).requires_grad  # already true: a no-op
        with pytest.raises(RuntimeError):
            (a * 1).requires_grad_(False)


@pytest.mark.parametrize(
    "dtype", [np.float64, np.float16, np.int32, np.uint8, np.bool_, np.int64, np.float32]
)
def test_numpy_array_keeps_its_dtype_and_is_copied(dtype):
    a = np.ones((2, 2), dtype=dtype)
    t = ag.tensor(a)
    assert t.dtype == dtype
    a[0, 0] = 0
    assert t._data[0, 0] == 1


def test_tensor_from_tensor_copies_values():
    a = ag.tensor([1.0, 2.0])
    b = ag.tensor(a)
    b._data[0] = 5
    assert a._data[0] == 1.0 and b.dtype == np.float32


def test_only_floating_tensors_require_grad():
    with pytest.raises(
        RuntimeError, match="only tensors of floating point dtype can require gradients, got int64"
    ):
        ag.tensor([1, 2], requires_grad=True)
    assert ag.tensor([1.0], requires_grad=True).requires_grad


def test_attributes():
    t = ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    assert t.shape == (2, 3) and isinstance(t.shape, tuple)
    assert t.ndim == 2 and t.dim() == 2 and t.numel() == 6
    assert t.size() == (2, 3) and t.size(0) == 2 and t.size(-1) == 3
    assert t.dtype == np.float32 and t.is_leaf and t.grad is None and t.grad_fn is None
    assert t.T.shape == (3, 2) and t.mT.shape == (3, 2) and t.t().shape == (3, 2)
    with pytest.raises(IndexError, match="dim 2 is out of range"):
        t.size(2)
    y = t * 2
    assert not y.is_leaf and y.grad_fn.name() == "MulBackward0" and y.requires_grad
    with pytest.raises(RuntimeError, match="only change requires_grad flags of leaf"):
        y.requires_grad = False


def test_data_is_assignable_and_shared():
    t = ag.tensor([1.0, 2.0], requires_grad=True)
    t._data = np.array([5.0, 6.0], dtype=np.float32)
    (t * t).sum().backward()
    np.testing.assert_array_equal(t.grad._data, [10.0, 12.0])
    a = ag.zeros(2)
    a._data[0] = 3
    assert a.tolist() == [3.0, 0.0]


def test_conversions():
    t = ag.tensor([[1.5, 2.0], [3.0, 4.0]])
    assert t.numpy() is t._data
    assert t.tolist() == [[1.5, 2.0], [3.0, 4.0]]
    assert ag.tensor([2.5]).item() == 2.5 and isinstance(ag.tensor(3).item(), int)
    assert float(ag.tensor(2.0)) == 2.0 and int(ag.tensor(3)) == 3
    assert t.astype("float64").dtype == np.float64
    assert t.double().dtype == np.float64 and t.double().float().dtype == np.float32
    assert t.long().dtype == np.int64 and t.long().tolist() == [[1, 2], [3, 4]]
    assert t.int().dtype == np.int32 and t.bool().dtype == np.bool_
    assert len(t) == 2 and [r.tolist() for r in t] == [[1.5, 2.0], [3.0, 4.0]]
    assert np.asarray(t).dtype == np.float32
    with pytest.raises(RuntimeError, match="cannot be converted to Scalar"):
        t.item()
    for convert in (int, float):  # torch: a ValueError here, a RuntimeError from item()
        with pytest.raises(ValueError, match=r"shape \(2, 2\) \(4 elements\)"):
            convert(t)
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(ag.tensor(1.0))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(ag.tensor(1.0))


def test_numpy_of_tensor_requiring_grad_raises_and_detach():
    t = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Use tensor.detach\(\).numpy\(\)"):
        t.numpy()
    d = (t * 2).detach()
    assert d.is_leaf and not d.requires_grad and d.grad_fn is None
    np.testing.assert_array_equal(d.numpy(), [2.0])


def test_tensors_hash_by_identity():
    a, b = ag.tensor([1.0]), ag.tensor([1.0])
    assert len({a, b}) == 2 and {a: 1}[a] == 1


def test_inplace_on_leaf_requiring_grad_raises_like_torch():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    for op in ("__iadd__", "__isub__", "__imul__", "__itruediv__"):
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            getattr(x, op)(1.0)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        x[0] = 5.0
    with ag.no_grad():
        x += 1
        x *= 2
    np.testing.assert_array_equal(x._data, [4.0, 6.0])
    assert x.requires_grad and x.is_leaf


@requires_torch
def test_inplace_arithmetic_inside_a_graph_is_recorded_as_in_torch():
    # torch allows += on a non-leaf, and on a plain tensor with an operand that needs grad
    data = np.array([1.0, -2.0, 3.0])
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        y = x * 2
        y += 1
        y *= x
        y -= x.exp()
        y /= 4.0
        acc = lib.zeros(3, dtype=lib.float64)
        acc += y
        assert acc.grad_fn is not None and not acc.is_leaf and acc.requires_grad
        (acc * acc).sum().backward()
        grads.append((acc.detach().numpy(), x.grad.numpy()))
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_inplace_on_plain_tensor_works():
    t = ag.tensor([1.0, 2.0])
    ref = t
    t += 1
    t -= ag.tensor([0.5, 0.5])
    t *= 2
    t /= 4
    assert t is ref and t.dtype == np.float32
    np.testing.assert_array_equal(t._data, [0.75, 1.25])
    t[1] = 9.0
    assert t.tolist() == [0.75, 9.0]
    t.zero_()
    assert t.tolist() == [0.0, 0.0]
    with pytest.raises(RuntimeError, match=r"shape \(3,\) cannot be broadcast.*\(2,\)"):
        t += ag.ones(3)
    i = ag.tensor([1, 2])
    with pytest.raises(RuntimeError, match="can't be cast"):
        i += 0.5


def test_reflected_ops_with_python_scalars_and_numpy_arrays():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    a = np.array([3.0, 4.0], dtype=np.float32)
    for result in (a * x, a + x, a - x, a / x, x * a, a**x, 2 * x, 2 - x, 2 / x, 2**x):
        assert isinstance(result, Tensor) and result.requires_grad
    np.testing.assert_array_equal((a * x)._data, [3.0, 8.0])
    np.testing.assert_array_equal((a - x)._data, [2.0, 2.0])
    (a * x + 2 - x).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [2.0, 3.0])


def test_float32_stays_float32_with_python_scalars():
    x = ag.randn(3, requires_grad=True)
    for y in (
        x * 2.5,
        x + 1,
        3.0 - x,
        x / 7,
        x**2,
        2**x,
        x * True,
        -x,
        abs(x),
        x.exp(),
        x.clamp(0.0, 1.0),
        ag.maximum(x, 0.5),
        ag.where(x > 0, x, 1.5),
    ):
        assert y.dtype == np.float32, y
    (x * 2.5).sum().backward()
    assert x.grad.dtype == np.float32
    assert (ag.tensor([1, 2]) * 2.5).dtype == np.float32
    assert (ag.tensor([1, 2]) * 2).dtype == np.int64


def test_requires_grad_and_clone():
    t = ag.zeros(2).requires_grad_()
    assert t.requires_grad
    c = t.clone()
    assert c.requires_grad and not c.is_leaf
    (c * 3).sum().backward()
    np.testing.assert_array_equal(t.grad._data, [3.0, 3.0])
    assert t.requires_grad_(False) is t and not t.requires_grad


def test_pickling_is_refused_with_a_pointer_to_nn_save():
    import pickle

    with pytest.raises(TypeError, match="nn.save"):
        pickle.dumps(ag.ones(2))


def test_deepcopy_of_a_leaf_copies_data_and_grad_and_refuses_non_leaves():
    import copy

    w = ag.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    c = copy.deepcopy(w)
    assert type(c) is ag.Tensor and c.requires_grad and c.is_leaf
    c._data[0] = 5.0
    c.grad._data[0] = 9.0
    np.testing.assert_array_equal(w._data, [1.0, 2.0])
    np.testing.assert_array_equal(w.grad._data, [2.0, 4.0])
    pair = copy.deepcopy([w, w])
    assert pair[0] is pair[1]  # one tensor copied once, as deepcopy's memo promises
    with pytest.raises(RuntimeError, match=r"MulBackward0.*t\.detach\(\)"):
        copy.deepcopy(w * 2)


@requires_torch
def test_arange_t_and_var_edge_cases_follow_torch():
    for args in [(0, 5, -1), (5, 0, 1), (0, 5, 0)]:
        with pytest.raises(RuntimeError):
            torch.arange(*args)
        with pytest.raises(RuntimeError, match="step"):
            ag.arange(*args)
    assert ag.arange(ag.tensor(3)).dtype == torch.arange(torch.tensor(3)).numpy().dtype
    with pytest.raises(RuntimeError, match="<= 2 dimensions"):
        ag.ones(2, 3, 4).t()
    assert ag.ones(3).t().shape == tuple(torch.ones(3).t().shape)
    for values, correction in [([1.0, 2.0], 3), ([1.0, 2.0], 2), ([1.0, 1.0], 2)]:
        with np.errstate(divide="ignore", invalid="ignore"):
            ours = ag.tensor(values).var(correction=correction).item()
        with warnings.catch_warnings():  # torch warns that n - correction <= 0
            warnings.simplefilter("ignore")
            theirs = torch.tensor(values).var(correction=correction).item()
        np.testing.assert_equal(ours, theirs)  # inf where torch divides by max(0, n - c)


def test_data_is_a_detached_tensor_sharing_memory():
    p = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    d = p.data
    assert isinstance(d, ag.Tensor)
    assert not d.requires_grad and d.grad_fn is None and d.is_leaf
    assert np.shares_memory(np.asarray(d), np.asarray(p.detach()))
    d[0] = 10.0
    assert p.tolist() == [10.0, 2.0, 3.0]


@requires_torch
@pytest.mark.parametrize(
    "method, args",
    [
        ("add_", (1.5,)),
        ("mul_", (3.0,)),
        ("sub_", (0.5,)),
        ("div_", (2.0,)),
        ("zero_", ()),
        ("fill_", (7.0,)),
        ("clamp_", (1.5, 2.5)),
        ("neg_", ()),
    ],
)
def test_in_place_methods_on_data_change_the_parameter_as_in_torch(method, args):
    values = [[1.0, 2.0], [3.0, 4.0]]
    ours = nn.Parameter(ag.tensor(values))
    theirs = torch.nn.Parameter(torch.tensor(values))
    out = getattr(ours.data, method)(*args)
    getattr(theirs.data, method)(*args)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy())
    assert isinstance(out, ag.Tensor) and not out.requires_grad
    assert ours.grad_fn is None and ours.requires_grad


def test_random_fills_and_copy_through_data():
    w = nn.Parameter(ag.zeros(200))
    w.data.uniform_(-0.1, 0.1)
    a = w.detach().numpy()
    assert a.min() >= -0.1 and a.max() <= 0.1 and a.std() > 0.01
    w.data.normal_(0.0, 2.0)
    assert 1.5 < w.detach().numpy().std() < 2.5
    w.data.copy_(ag.ones(200))
    assert w.detach().numpy().tolist() == [1.0] * 200


@requires_torch
def test_assigning_data_replaces_the_storage_as_in_torch():
    ours = ag.ones(3, requires_grad=True)
    theirs = torch.ones(3, requires_grad=True)
    ours.data = ag.zeros(5, dtype="float64")
    theirs.data = torch.zeros(5, dtype=torch.float64)
    assert ours.shape == tuple(theirs.shape) == (5,)
    assert str(ours.dtype) == "float64" and theirs.dtype == torch.float64
    assert ours.requires_grad and theirs.requires_grad
    ours.data = np.full((2, 2), 3.0, np.float32)  # an array is accepted too (SPEC)
    assert ours.tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_assigning_something_else_to_data_is_refused():
    x = ag.ones(2)
    with pytest.raises(TypeError, match="Tensor or an np.ndarray, got list"):
        x.data = [1.0, 2.0]


def test_the_old_manual_sgd_step_trains():
    """``p.data.add_(-lr * p.grad)``, the update of older scripts, moves the parameter."""
    ag.manual_seed(0)
    model = nn.Linear(3, 1)
    x, y = ag.randn(32, 3), ag.randn(32, 1)
    losses = []
    for _ in range(20):
        model.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        losses.append(loss.item())
        for p in model.parameters():
            p.data.add_(-0.1 * p.grad)
    assert losses[-1] < 0.8 * losses[0]


def test_optimizer_step_through_data_matches_optim_sgd():
    ag.manual_seed(0)
    a, b = nn.Linear(4, 2), nn.Linear(4, 2)
    b.load_state_dict(a.state_dict())
    opt = optim.SGD(b.parameters(), lr=0.05)
    x = ag.randn(8, 4)
    for model in (a, b):
        model(x).sum().backward()
    for p in a.parameters():
        p.data.sub_(0.05 * p.grad)
    opt.step()
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(pa.detach().numpy(), pb.detach().numpy())
