"""Tensor: dtype rules, factories, attributes, conversions, repr, operators, in-place rules."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor
from tests.helpers import requires_torch, torch

DATA = [
    1.5,
    [1.0, 2.0],
    3,
    [1, 2],
    True,
    [True, False],
    [[1, 2], [3, 4]],
    [1, 2.5],
    [[1.0], [2.0]],
    0.0,
    [],
    [[]],
    (1.0, 2.0),
    [True, 1],
    # NumPy scalars and arrays inside lists count with their own dtype
    np.float64(1.5),
    np.int32(3),
    [np.float64(1.5)],
    [1.5, np.float64(2.5)],
    [np.float32(1.5), 2.5],
    [np.int32(1)],
    [np.int32(1), 2],
    [[np.float64(1)], [2.0]],
    [np.bool_(True)],
    [np.float16(1)],
    [np.int64(3), 1.5],
    [np.uint8(3)],
    [np.array([1.5, 2.0])],
]


@requires_torch
@pytest.mark.filterwarnings("ignore:Creating a tensor from a list of numpy.ndarrays")
@pytest.mark.parametrize("data", DATA, ids=str)
def test_dtype_inference_matches_torch_tensor(data):
    ours, theirs = ag.tensor(data), torch.tensor(data)
    assert str(theirs.dtype) == f"torch.{ours.dtype}"
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_array_equal(ours._data, theirs.numpy())
    assert Tensor(data).dtype == ours.dtype


@pytest.mark.parametrize(
    "dtype", [np.float64, np.float16, np.int32, np.uint8, np.bool_, np.int64, np.float32]
)
def test_numpy_array_keeps_its_dtype_and_is_copied(dtype):
    a = np.ones((2, 2), dtype=dtype)
    t = ag.tensor(a)
    assert t.dtype == dtype
    a[0, 0] = 0
    assert t._data[0, 0] == 1


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("float32", np.float32),
        ("float64", np.float64),
        ("int64", np.int64),
        ("int32", np.int32),
        ("bool", np.bool_),
        ("float", np.float32),
        ("double", np.float64),
        ("long", np.int64),
        (np.float64, np.float64),
        (np.dtype("int16"), np.int16),
        (ag.float64, np.float64),
        (float, np.float64),
        (int, np.int64),
        (bool, np.bool_),
    ],
)
def test_dtype_argument_accepts_strings_and_numpy_dtypes(spec, expected):
    assert ag.tensor([1, 2], dtype=spec).dtype == expected
    assert ag.zeros(2, dtype=spec).dtype == expected


@requires_torch
@pytest.mark.parametrize("spec", [float, int, bool])
def test_python_types_as_dtype_follow_torch(spec):
    # the Python type float is float64 in torch (and NumPy); only the string "float" is float32
    expected = torch.tensor([1, 2], dtype=spec).numpy().dtype
    assert ag.tensor([1, 2], dtype=spec).dtype == expected
    assert ag.ones(3).astype(spec).dtype == torch.ones(3).to(spec).numpy().dtype


def test_unknown_dtype_and_bad_data_raise():
    with pytest.raises(TypeError, match="unknown dtype 'float33'"):
        ag.tensor([1.0], dtype="float33")
    with pytest.raises(TypeError, match="cannot make a tensor from"):
        ag.tensor(["a", "b"])


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


@pytest.mark.parametrize(
    "factory, args",
    [
        (ag.zeros, (2, 3)),
        (ag.ones, (2, 3)),
        (ag.randn, (2, 3)),
        (ag.rand, (2, 3)),
        (ag.zeros, ((2, 3),)),
        (ag.ones, ([2, 3],)),
        (ag.randn, ()),
        (ag.zeros, (0,)),
    ],
)
def test_factories_shape_dtype_requires_grad(factory, args):
    t = factory(*args)
    shape = args[0] if args and isinstance(args[0], (tuple, list)) else args
    assert t.shape == tuple(shape) and t.dtype == np.float32 and not t.requires_grad
    t = factory(*args, dtype="float64", requires_grad=True)
    assert t.dtype == np.float64 and t.requires_grad and t.is_leaf


@requires_torch
def test_other_factories_match_torch():
    pairs = [
        (ag.full((2, 3), 1.5), torch.full((2, 3), 1.5)),
        (ag.full((2,), 7), torch.full((2,), 7)),
        (ag.full((2,), True), torch.full((2,), True)),
        (ag.arange(5), torch.arange(5)),
        (ag.arange(1, 7, 2), torch.arange(1, 7, 2)),
        (ag.arange(0, 1, 0.25), torch.arange(0, 1, 0.25)),
        (ag.arange(3.0), torch.arange(3.0)),
        (ag.eye(3), torch.eye(3)),
        (ag.eye(2, 3), torch.eye(2, 3)),
        (ag.linspace(0, 1, 5), torch.linspace(0, 1, 5)),
        (
            ag.zeros_like(ag.ones(2, 3, dtype="float64")),
            torch.zeros_like(torch.ones(2, 3, dtype=torch.float64)),
        ),
        (ag.ones_like(ag.tensor([1, 2])), torch.ones_like(torch.tensor([1, 2]))),
        (ag.full_like(ag.zeros(2), 3.0), torch.full_like(torch.zeros(2), 3.0)),
    ]
    for ours, theirs in pairs:
        assert str(theirs.dtype) == f"torch.{ours.dtype}", (ours, theirs)
        np.testing.assert_allclose(ours._data, theirs.numpy())
    assert ag.arange(3, dtype="float64", requires_grad=True).requires_grad
    assert ag.eye(2, requires_grad=True).requires_grad
    assert ag.ones_like(ag.zeros(2), requires_grad=True).requires_grad


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


def test_factory_shape_errors():
    # the exception types torch raises: RuntimeError for a negative size, TypeError for a float
    with pytest.raises(RuntimeError, match=r"negative dimension -1: \[2, -1\]"):
        ag.zeros(2, -1)
    with pytest.raises(RuntimeError, match="negative dimension"):
        ag.randn(-3)
    with pytest.raises(TypeError, match=r"tuple of ints, got \(2, 1.5\)"):
        ag.ones((2, 1.5))


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


@requires_torch
@pytest.mark.parametrize(
    "make",
    [
        lambda lib: lib.tensor([1.0, 2.0, 3.0]),
        lambda lib: lib.tensor([1.5, -2.25]),
        lambda lib: lib.tensor(2.0),
        lambda lib: lib.tensor(7),
        lambda lib: lib.tensor([1, 2, 3]),
        lambda lib: lib.tensor([True, False]),
        lambda lib: lib.tensor([True, True]),
        lambda lib: lib.tensor([[False], [False]]),
        lambda lib: lib.tensor(True),
        lambda lib: lib.tensor([1, 10, -100]),
        lambda lib: lib.tensor([[1.0, 2.0], [3.0, 4.0]]),
        lambda lib: lib.tensor([0.1, 100.0]),
        lambda lib: lib.tensor([1.0, 2.0], requires_grad=True),
        lambda lib: lib.tensor([1.0, 2.0], dtype=lib.float64),
        lambda lib: lib.zeros(0),
        lambda lib: lib.tensor([1e-5, 1.0]),
        lambda lib: lib.tensor([1e10, 1.0]),
        lambda lib: lib.tensor([float("nan"), 1.0, float("inf")]),
        lambda lib: lib.tensor([float("nan"), 100.0, -1.0]),
        lambda lib: lib.tensor([0.5, float("-inf")]),
        lambda lib: lib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=lib.float64, requires_grad=True),
    ],
)
def test_repr_matches_torch(make):
    # our dtypes are NumPy's, so the dtype suffix reads dtype=float64 (torch: torch.float64)
    assert repr(make(ag)) == repr(make(torch)).replace("dtype=torch.", "dtype=")


@requires_torch
def test_repr_with_grad_fn_matches_torch():
    for lib in (ag, torch):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        lib.r = repr((x * 2).sum())
    assert ag.r == torch.r == "tensor(6., grad_fn=<SumBackward0>)"
    del ag.r, torch.r


def test_comparisons_return_bool_tensors_without_grad():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for result in (x == 2, x != 2, x < 2, x <= 2, x > 2, x >= 2, 2 < x, x == x):  # noqa: SIM300 (reflected)
        assert result.dtype == np.bool_ and not result.requires_grad
    np.testing.assert_array_equal((x > 1.5)._data, [False, True, True])
    np.testing.assert_array_equal((2 < x)._data, [False, False, True])  # noqa: SIM300


def test_comparison_with_none_is_identity_like_torch():
    t = ag.ones(2)
    assert (t == None) is False and (t != None) is True  # noqa: E711
    assert (None == t) is False  # noqa: E711, SIM300


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


@requires_torch
@pytest.mark.parametrize("case", ["slice", "int", "mask", "array", "broadcast", "plain_target"])
def test_index_assignment_inside_a_graph_is_recorded_as_in_torch(case):
    data, weights = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]]), np.array([1.0, 2.0, 3.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        v = lib.tensor(np.array([0.5, -1.5, 2.5]), requires_grad=True)
        h = lib.zeros(2, 3, dtype=lib.float64) if case == "plain_target" else x * 2
        if case == "slice":
            h[:, 1:] = v[1:] * v[1:]
        elif case == "int":
            h[1] = v * 3
        elif case == "mask":
            h[h < 0] = 0.0
        elif case == "array":
            h[[1, 0], [2, 1]] = v[:2]
        elif case == "broadcast":
            h[:, 0] = v[0]
        else:
            h[0] = v * x[1]
        out = (h * h * lib.tensor(weights)).sum()
        out.backward()
        grads = [None if t.grad is None else np.asarray(t.grad.tolist()) for t in (x, v)]
        name = h.grad_fn.name().replace("torch::autograd::", "")  # torch's C++ node
        results.append((np.asarray(h.tolist()), grads, name))
    (h_ours, g_ours, name_ours), (h_theirs, g_theirs, name_theirs) = results
    np.testing.assert_allclose(h_ours, h_theirs)
    for a, b in zip(g_ours, g_theirs):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b)
    assert name_ours == name_theirs


@requires_torch
def test_index_assignment_in_a_graph_is_differentiable_twice():
    x_np, v_np = np.array([0.4, -1.1, 0.9]), np.array([0.3, -0.7])
    second = []
    for lib, grad in ((ag, ag.grad), (torch, torch.autograd.grad)):
        x, v = lib.tensor(x_np, requires_grad=True), lib.tensor(v_np, requires_grad=True)
        h = x * 1.0
        h[1:] = v * v * x[:2]
        (gx,) = grad((h * h * x).sum(), x, create_graph=True)
        second.append([np.asarray(g.tolist()) for g in grad(gx.sum(), [x, v])])
    for ours, theirs in zip(*second):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert ag.gradcheck(
        lambda x, v: _assigned(x, v),
        [ag.tensor(x_np, requires_grad=True), ag.tensor(v_np, requires_grad=True)],
    )


def _assigned(x, v):
    h = x * 1.0
    h[1:] = v * v * x[:2]
    return (h * h * x).sum()
