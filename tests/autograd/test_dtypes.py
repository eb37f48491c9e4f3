"""torch's dtype names (ag.long, ag.float, ...) name the same dtypes as in torch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch

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
