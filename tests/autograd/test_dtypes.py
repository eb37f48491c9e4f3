"""dtypes: torch's names (ag.long, ag.float, ...), inference from Python and NumPy data,
the dtype argument's spellings, type promotion between operands, and casts.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor
from tests.helpers import (
    requires_torch,
    torch,
)

NAMES = [
    "half",
    "float",
    "double",
    "short",
    "int",
    "long",
    "bool",
    "float16",
    "float32",
    "float64",
    "uint8",
    "int8",
    "int16",
    "int32",
    "int64",
]


@requires_torch
@pytest.mark.parametrize("name", NAMES)
def test_dtype_names_match_torch(name):
    ours = getattr(ag, name)
    theirs = getattr(torch, name)
    assert ours.itemsize == theirs.itemsize
    assert np.dtype(ours) == torch.empty(0, dtype=theirs).numpy().dtype
    assert ag.zeros(2, dtype=ours).dtype == ours


def test_star_import_leaves_the_builtins_alone():
    namespace: dict = {}
    exec("from autograd import *", namespace)
    for builtin in ("float", "int", "bool"):
        assert builtin not in namespace
    assert namespace["float32"] == np.float32


@requires_torch
@pytest.mark.parametrize("array", [np.array(["a", "b"]), np.array([1, "a"], dtype=object)])
def test_string_and_object_arrays_are_refused_like_torch(array):
    with pytest.raises(TypeError):
        torch.tensor(array)
    with pytest.raises(TypeError, match=f"dtype {array.dtype}"):
        ag.tensor(array)


@requires_torch
@pytest.mark.parametrize("data", [1 + 2j, [1, 2.5j], [[1.0, 2j]]])
def test_python_complex_is_complex64(data):
    assert ag.tensor(data).dtype == np.complex64
    assert torch.tensor(data).dtype == torch.complex64


@requires_torch
def test_cast_gradient_flows_between_float_dtypes():
    x = ag.tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x.float() * 2
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])


@requires_torch
def test_mixed_dtype_promotion_matches_torch():
    cases = [
        (np.float32, np.float64),
        (np.int64, np.float32),
        (np.bool_, np.int64),
        (np.int32, np.int64),
        (np.bool_, np.float64),
    ]
    for da, db in cases:
        a, b = np.ones(3, da), np.ones(3, db)
        ours = (ag.tensor(a) + ag.tensor(b)).dtype
        theirs = (torch.tensor(a) + torch.tensor(b)).dtype
        assert str(theirs) == f"torch.{ours}", (da, db, ours, theirs)


@requires_torch
@pytest.mark.parametrize("fn", ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid"])
def test_integer_input_promotes_to_float32(fn):
    ours = getattr(ag, fn)(ag.tensor([1, 2]))
    theirs = getattr(torch, fn)(torch.tensor([1, 2]))
    assert ours.dtype == np.float32 and theirs.dtype == torch.float32
    np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-6)


def test_no_silent_float64_upcast_from_numpy_scalars():
    x = ag.ones(2)
    assert (x * np.float64(2.0)).dtype == np.float32  # a 0-d value does not widen, as in torch


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
