"""Factories against torch: zeros ones full empty arange eye rand randn randint, the *_like and
new_* forms, from_numpy and as_tensor; torch's parameter names and call forms, ``device=``,
``out=``, ``generator=``, dtypes and errors.
"""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_close,
    raises_like_torch,
    requires_torch,
    torch,
)


@requires_torch
@pytest.mark.parametrize(
    "value, expected",
    [
        (np.float64(1.5), np.float32),
        (np.int32(3), np.int64),
        (True, np.bool_),
        (2, np.int64),
        (2.5, np.float32),
        (1 + 1j, np.complex64),
    ],
)
def test_full_dtype_follows_the_fill_value_kind(value, expected):
    assert ag.full((2,), value).dtype == np.dtype(expected)
    assert str(torch.full((2,), value).dtype) == "torch." + str(np.dtype(expected))


@requires_torch
def test_factory_errors_like_torch():
    raises_like_torch(lambda: ag.eye(-1), lambda: torch.eye(-1))
    raises_like_torch(lambda: ag.eye(2, -1), lambda: torch.eye(2, -1))
    raises_like_torch(lambda: ag.randn(2, dtype="int64"), lambda: torch.randn(2, dtype=torch.int64))
    raises_like_torch(lambda: ag.rand(2, dtype="int64"), lambda: torch.rand(2, dtype=torch.int64))
    raises_like_torch(lambda: ag.tensor(None), lambda: torch.tensor(None))


FACTORIES = [
    "tensor",
    "as_tensor",
    "from_numpy",
    "zeros",
    "ones",
    "empty",
    "full",
    "randn",
    "rand",
    "randint",
    "arange",
    "linspace",
    "eye",
    "zeros_like",
    "ones_like",
    "full_like",
    "empty_like",
    "randn_like",
    "rand_like",
    "randint_like",
]

# Where our parameters differ from torch's, and why. torch's factories are builtins
# (inspect.signature cannot read them), so their documented signature line is read.
ACCEPTED_DIFFERENCES: dict[str, str] = {}


def _torch_parameters(name):
    line = getattr(torch, name).__doc__.strip().splitlines()[0].replace("\\*", "*")
    inner = line[line.index("(") + 1 : line.rindex(")")]
    params, keyword_only = [], False
    for part in (p.strip() for p in inner.split(",")):
        if part == "*":
            keyword_only = True
            continue
        param = re.match(r"\*?\w+", part).group(0)
        params.append((param, "keyword" if keyword_only and param[0] != "*" else "positional"))
        keyword_only = keyword_only or param[0] == "*"
    return params


def _our_parameters(name):
    params = []
    for p in inspect.signature(getattr(ag, name)).parameters.values():
        param = "*" + p.name if p.kind is p.VAR_POSITIONAL else p.name
        params.append((param, "keyword" if p.kind is p.KEYWORD_ONLY else "positional"))
    return params


@requires_torch
@pytest.mark.parametrize("name", FACTORIES)
def test_factory_parameters_are_torchs_in_torchs_order(name):
    if name in ACCEPTED_DIFFERENCES:
        pytest.fail("an accepted difference must be tested explicitly, not skipped")
    assert _our_parameters(name) == _torch_parameters(name)


def _same(ours, theirs, values=True):
    assert ours.shape == tuple(theirs.shape)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    assert ours.requires_grad == theirs.requires_grad
    if values:  # torch's empty* hold whatever was in memory
        np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())


CALLS = [
    ("zeros", (2, 3), {}),
    ("zeros", ((2, 3),), {}),
    ("zeros", ([2, 3],), {}),
    ("zeros", (), {"size": (2, 3)}),
    ("zeros", (), {"size": [4]}),
    ("zeros", (0,), {}),
    ("zeros", (2,), {"dtype": "int64"}),
    ("zeros", (2,), {"requires_grad": True}),
    ("ones", (3,), {}),
    ("ones", (), {"size": (1, 2), "dtype": "float64"}),
    ("empty", (), {"size": (2,)}),
    ("full", ((2,), 7), {}),
    ("full", ((2, 1), 0.5), {}),
    ("full", ((2,), True), {}),
    ("full", (), {"size": (2,), "fill_value": 3}),
    ("full", ([3], 1.5), {}),
    ("full", ((2,), 1), {"dtype": "float64", "requires_grad": True}),
    ("arange", (5,), {}),
    ("arange", (1, 5), {}),
    ("arange", (1, 5, 2), {}),
    ("arange", (0, 1, 0.25), {}),
    ("arange", (5.0,), {}),
    ("arange", (), {"end": 4}),
    ("arange", (), {"start": 1, "end": 4, "step": 2}),
    ("arange", (3,), {"dtype": "float64"}),
    ("linspace", (0, 1, 5), {}),
    ("linspace", (), {"start": -1, "end": 1, "steps": 3}),
    ("eye", (2,), {}),
    ("eye", (2, 3), {}),
    ("eye", (), {"n": 3, "m": 1}),
    ("tensor", ([1, 2],), {"dtype": "float64", "requires_grad": True}),
    ("tensor", ([[1.0], [2.0]],), {"device": "cpu"}),
]


def _torch_kwargs(kwargs):
    return {k: (getattr(torch, v) if k == "dtype" else v) for k, v in kwargs.items()}


@requires_torch
@pytest.mark.parametrize("name, args, kwargs", CALLS)
def test_call_forms_give_torchs_tensor(name, args, kwargs):
    _same(
        getattr(ag, name)(*args, **kwargs),
        getattr(torch, name)(*args, **_torch_kwargs(kwargs)),
        values=name != "empty",
    )


@requires_torch
@pytest.mark.parametrize(
    "name, args",
    [
        ("zeros_like", ()),
        ("ones_like", ()),
        ("empty_like", ()),
        ("full_like", (2.5,)),
    ],
)
def test_like_forms_take_input_by_name_and_dtype_device(name, args):
    src = np.arange(6, dtype=np.float64).reshape(2, 3)
    for kwargs in ({}, {"dtype": "float32"}, {"device": "cpu"}, {"requires_grad": True}):
        if args:
            ours = getattr(ag, name)(ag.tensor(src), *args, **kwargs)
        else:
            ours = getattr(ag, name)(input=ag.tensor(src), **kwargs)
        theirs = getattr(torch, name)(torch.tensor(src), *args, **_torch_kwargs(kwargs))
        _same(ours, theirs, values=name != "empty_like")


@requires_torch
def test_randint_takes_high_size_and_low_high_size():
    for args, kwargs, low, high in [
        ((5, (3, 2)), {}, 0, 5),
        ((2, 5, (40,)), {}, 2, 5),
        ((), {"high": 4, "size": (9,)}, 0, 4),
        ((), {"low": -3, "high": 0, "size": [50]}, -3, 0),
        ((7,), {"size": (20,)}, 0, 7),
    ]:
        ours = ag.randint(*args, **kwargs)
        theirs = torch.randint(*args, **kwargs)
        assert ours.shape == tuple(theirs.shape) and ours.dtype == ag.int64
        values = ours.numpy()
        assert values.min() >= low and values.max() < high
    assert ag.randint(3, (2,), dtype="int32").dtype == ag.int32
    with pytest.raises(RuntimeError, match="from=5 >= to=2"):
        ag.randint(5, 2, (1,))
    with pytest.raises(RuntimeError):
        torch.randint(5, 2, (1,))


@requires_torch
def test_random_factories_take_a_generator_and_size_keyword():
    a = ag.randn(3, generator=np.random.default_rng(7))
    b = ag.randn(size=(3,), generator=np.random.default_rng(7))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    c = ag.rand(2, 2, generator=np.random.default_rng(1))
    d = ag.rand_like(c, generator=np.random.default_rng(1))
    np.testing.assert_array_equal(c.numpy(), d.numpy())
    e = ag.randint(0, 100, (5,), generator=np.random.default_rng(3))
    f = ag.randint_like(e, 0, 100, generator=np.random.default_rng(3))
    np.testing.assert_array_equal(e.numpy(), f.numpy())
    assert (
        ag.randn_like(ag.zeros(2, dtype="float64"), generator=np.random.default_rng(0)).dtype
        == ag.float64
    )
    with pytest.raises(TypeError, match="np.random.Generator"):
        ag.rand(2, generator=3)


@requires_torch
@pytest.mark.parametrize("device", [None, "cpu", "cpu:0", ag.device("cpu"), ag.device("cpu", 1)])
@pytest.mark.parametrize(
    "call",
    [
        lambda d: ag.zeros(2, device=d),
        lambda d: ag.ones(2, device=d),
        lambda d: ag.empty(2, device=d),
        lambda d: ag.full((2,), 1.0, device=d),
        lambda d: ag.randn(2, device=d),
        lambda d: ag.rand(2, device=d),
        lambda d: ag.randint(3, (2,), device=d),
        lambda d: ag.arange(2, device=d),
        lambda d: ag.linspace(0, 1, 2, device=d),
        lambda d: ag.eye(2, device=d),
        lambda d: ag.tensor([1.0, 2.0], device=d),
        lambda d: ag.as_tensor([1.0, 2.0], device=d),
        lambda d: ag.zeros_like(ag.ones(2), device=d),
        lambda d: ag.ones_like(ag.ones(2), device=d),
        lambda d: ag.full_like(ag.ones(2), 3, device=d),
        lambda d: ag.empty_like(ag.ones(2), device=d),
        lambda d: ag.randn_like(ag.ones(2), device=d),
        lambda d: ag.rand_like(ag.ones(2), device=d),
        lambda d: ag.randint_like(ag.ones(2), 4, device=d),
    ],
)
def test_every_factory_takes_a_cpu_device_and_refuses_cuda(call, device):
    assert call(device).device == ag.device("cpu")
    with pytest.raises(ag.DeviceUnavailableError, match="'cuda'"):
        call("cuda")


@requires_torch
def test_layout_is_strided_only():
    assert ag.zeros(2, layout=ag.strided).shape == (2,)
    assert ag.ones_like(ag.zeros(2), layout=None).shape == (2,)
    with pytest.raises(RuntimeError, match="layout"):
        ag.zeros(2, layout="sparse_coo")


@requires_torch
def test_out_writes_into_the_given_tensor_as_torch():
    out, tout = ag.zeros(2, 3), torch.zeros(2, 3)
    r, tr = ag.ones(2, 3, out=out), torch.ones(2, 3, out=tout)
    assert r is out and tr is tout
    _same(out, tout)
    out, tout = ag.zeros(0, dtype="int64"), torch.zeros(0, dtype=torch.int64)
    _same(ag.arange(4, out=out), torch.arange(4, out=tout))  # resized, out's dtype kept
    _same(ag.full((2,), 2, out=ag.zeros(2)), torch.full((2,), 2, out=torch.zeros(2)))
    _same(ag.eye(2, out=ag.zeros(2, 2)), torch.eye(2, out=torch.zeros(2, 2)))
    kept = ag.zeros(3)
    view = kept.data
    ag.linspace(0, 1, 3, out=kept)
    np.testing.assert_array_equal(view.numpy(), [0.0, 0.5, 1.0])  # written in place
    with pytest.raises(RuntimeError, match="does not match the dtype of out"):
        ag.zeros(2, dtype="float64", out=ag.zeros(2))
    with pytest.raises(RuntimeError):
        torch.zeros(2, dtype=torch.float64, out=torch.zeros(2))
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        ag.zeros(2, out=ag.zeros(2, requires_grad=True))
    with pytest.raises(TypeError, match="'out' must be Tensor, not ndarray"):
        ag.ones(2, out=np.zeros(2))


def _message(fn):
    with pytest.raises(Exception) as info:  # noqa: PT011 - the type is compared below
        fn()
    return type(info.value), str(info.value)


@requires_torch
@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda: ag.full((2,), "a"), lambda: torch.full((2,), "a")),
        (lambda: ag.full((2,), None), lambda: torch.full((2,), None)),
        (lambda: ag.full(3, 1.5), lambda: torch.full(3, 1.5)),
        (lambda: ag.tensor([[1, 2], [3]]), lambda: torch.tensor([[1, 2], [3]])),
        (
            lambda: ag.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]),
            lambda: torch.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]),
        ),
        (
            lambda: ag.tensor([[1.0], [2.0, 3.0], [4.0]]),
            lambda: torch.tensor([[1.0], [2.0, 3.0], [4.0]]),
        ),
    ],
)
def test_errors_have_torchs_type_and_wording(ours, theirs):
    assert _message(ours) == _message(theirs)


@requires_torch
def test_full_like_refuses_a_non_number_fill_value():
    with pytest.raises(TypeError, match="must be Number, not str"):
        ag.full_like(ag.zeros(2), "a")


@requires_torch
def test_as_tensor_and_from_numpy_share_memory_as_torch():
    a = np.array([1.0, 2.0])
    t, tt = ag.as_tensor(a), torch.as_tensor(a)
    a[0] = 9.0
    assert t.tolist() == tt.tolist() == [9.0, 2.0]
    x = ag.ones(2)
    assert ag.as_tensor(x) is x and ag.as_tensor(x, dtype="float32") is x
    assert ag.as_tensor(x, dtype="float64").dtype == ag.float64
    _same(ag.as_tensor([1, 2], dtype="float32"), torch.as_tensor([1, 2], dtype=torch.float32))
    copied = ag.as_tensor(a, dtype="float32")  # another dtype: a copy, as torch
    a[1] = -1.0
    assert copied.tolist() == [9.0, 2.0]
    f = ag.from_numpy(a)
    f.add_(1.0)
    assert a.tolist() == [10.0, 0.0]
    with pytest.raises(TypeError, match="expected np.ndarray"):
        ag.from_numpy([1, 2])
    with pytest.raises(TypeError, match="expected np.ndarray"):
        torch.from_numpy([1, 2])


@requires_torch
def test_empty_and_empty_like():
    assert ag.empty(2, 3).shape == (2, 3) and ag.empty(2, 3).dtype == np.float32
    assert ag.empty((2,), dtype="int64").dtype == np.int64
    assert ag.empty(2, requires_grad=True).requires_grad
    assert ag.empty_like(ag.ones(2, dtype="float64")).dtype == np.float64


@requires_torch
@pytest.mark.parametrize(
    "dtype", ["float16", "float32", "float64", "int32", "int64", "uint8", "bool", "complex64"]
)
def test_from_numpy_shares_memory_and_keeps_dtype(dtype):
    a = np.zeros(3, dtype=dtype)
    t = ag.from_numpy(a)
    assert t.dtype == torch.from_numpy(a).numpy().dtype == a.dtype
    assert np.shares_memory(t._data, a)
    t._data[1] = 1
    assert a[1] == 1


@requires_torch
def test_from_numpy_errors():
    with pytest.raises(TypeError, match=r"expected np.ndarray \(got list\)"):
        ag.from_numpy([1, 2])
    with pytest.raises(TypeError, match=r"type object"):
        ag.from_numpy(np.array([object()]))


@requires_torch
def test_like_factories():
    x = ag.zeros(2, 3, dtype="float64")
    assert_close(ag.full_like(x, 0.5), torch.full_like(torch.zeros(2, 3, dtype=torch.float64), 0.5))
    assert ag.full_like(x, 0.5).dtype == np.float64
    assert ag.rand_like(x).dtype == np.float64 and ag.rand_like(x).shape == (2, 3)
    assert ag.randn_like(x).dtype == np.float64 and ag.randn_like(x).shape == (2, 3)


@requires_torch
@requires_torch
@pytest.mark.parametrize("dtype_name", ["float32", "float64", "int32", "int64"])
def test_new_factories(dtype_name):
    tt = torch.zeros(2, dtype=getattr(torch, dtype_name))
    t = ag.tensor(tt.numpy())
    pairs = [
        (t.new_zeros(2, 3), tt.new_zeros(2, 3)),
        (t.new_zeros((2, 3)), tt.new_zeros((2, 3))),
        (t.new_ones(4), tt.new_ones(4)),
        (t.new_full((2,), 3), tt.new_full((2,), 3)),
        (t.new_tensor([1, 2]), tt.new_tensor([1, 2])),
        (t.new_empty(3), tt.new_zeros(3)),
        (t.new_zeros(2, dtype="float64"), tt.new_zeros(2, dtype=torch.float64)),
        (t.new_tensor([1.5], dtype="float32"), tt.new_tensor([1.5], dtype=torch.float32)),
    ]
    for ours, theirs in pairs:
        assert ours.dtype == theirs.numpy().dtype
        assert_close(ours, theirs)
    assert t.new_full((2,), 1.5).tolist() == tt.new_full((2,), 1.5).tolist()


@requires_torch
def test_new_tensor_copies_and_requires_grad():
    src = ag.ones(2, requires_grad=True)
    out = ag.zeros(1).new_tensor(src, requires_grad=True)
    assert out.is_leaf and out.requires_grad and not np.shares_memory(out._data, src._data)
    assert ag.zeros(1).new_ones(2, requires_grad=True).requires_grad


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


def test_factory_shape_errors():
    # the exception types torch raises: RuntimeError for a negative size, TypeError for a float
    with pytest.raises(RuntimeError, match=r"negative dimension -1: \[2, -1\]"):
        ag.zeros(2, -1)
    with pytest.raises(RuntimeError, match="negative dimension"):
        ag.randn(-3)
    with pytest.raises(TypeError, match=r"tuple of ints, got \(2, 1.5\)"):
        ag.ones((2, 1.5))
