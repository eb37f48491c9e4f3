"""``repr(tensor)`` against ``repr(torch.tensor(...))``: number format, wrapping, summaries.

Our dtypes are NumPy's, so the suffix reads ``dtype=float64`` where torch writes
``dtype=torch.float64``. The suffixes wrap by torch's 80-column rule applied to our
shorter text, so the expected string re-wraps torch's suffixes with torch's own helper.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
import nn.functional as nn_functional
from tests.helpers import requires_torch, torch

NAN, INF = float("nan"), float("inf")


def torch_repr(t) -> str:
    """torch's repr of ``t`` in our dtype spelling, its suffixes wrapped as torch would wrap it."""
    text = repr(t)
    try:
        from torch._tensor_str import _add_suffixes
    except ImportError:  # a torch without the private helper: compare the plain spelling
        return text.replace("dtype=torch.", "dtype=")
    body, *suffixes = re.split(r",\s+(?=[a-z_]+=)", text[:-1])
    assert _add_suffixes(body, suffixes, len("tensor("), False) == text  # the split is exact
    ours = [s.replace("dtype=torch.", "dtype=") for s in suffixes]
    return _add_suffixes(body, ours, len("tensor("), False)


def assert_repr_matches(a: np.ndarray, requires_grad: bool = False) -> None:
    ours = ag.tensor(a, requires_grad=requires_grad)
    theirs = torch.tensor(a.copy(), requires_grad=requires_grad)
    assert repr(ours) == torch_repr(theirs), f"dtype={a.dtype} shape={a.shape}"


def test_examples_without_torch():
    assert repr(ag.tensor([0.001, 1000.0])) == "tensor([1.0000e-03, 1.0000e+03])"
    assert repr(ag.arange(2000)) == "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"
    assert repr(ag.zeros((1, 0), dtype="float64")) == "tensor([], size=(1, 0), dtype=float64)"
    assert repr(ag.arange(30)) == (
        "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n"
        "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])"
    )


SCIENTIFIC = [
    [0.001, 1000.0],
    [1e-3, 1.0],
    [1.0, 1000.0],
    [1.0, 1001.0],
    [0.5, 500.0],
    [0.5, 500.5],
    [1e8, 1.0],
    [1.01e8],
    [99999999.0],
    [123456789.0],
    [1e-4],
    [0.99e-4],
    [1e-5, 1.0],
    [1e10, 1.0, NAN],
    [NAN, 1e-5],
    [1.5, INF, 1e5],
    [INF, -INF],
    [NAN],
    [0.0, 1e-10],
    [0.0, -0.0],
    [-0.0, 0.5],
    [-1.0, 1.0, 1e4],
    [[1e-3, 1.0], [10.0, 1e3]],
    [1e300, 1e-300],
    [5e-324, 1.0],
    3.5e-7,
    12345.0,
]


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("values", SCIENTIFIC, ids=str)
def test_scientific_and_whole_number_format(values, dtype):
    with np.errstate(over="ignore", under="ignore"):
        a = np.array(values, dtype=dtype)
    assert_repr_matches(a)


@requires_torch
@pytest.mark.parametrize(
    "make",
    [lambda: np.arange(n) for n in (17, 18, 19, 20, 25, 26, 30, 40)]
    + [lambda: np.linspace(0, 1, n, dtype=np.float32) for n in (7, 8, 9, 10, 11, 17)]
    + [
        lambda: np.linspace(-1, 1, 18).reshape(2, 9),
        lambda: np.arange(3 * 4 * 30).reshape(3, 4, 30) - 500,
        lambda: np.linspace(-1e-5, 1e-5, 24).reshape(2, 12),
        lambda: np.ones((2, 1, 1, 1, 1, 1, 1, 30), dtype=np.float32),
        lambda: np.array([True, False] * 20),
        lambda: np.arange(60, dtype=np.int8),
    ],
)
def test_wrapping_at_80_columns(make):
    assert_repr_matches(make())


@requires_torch
@pytest.mark.parametrize(
    "make",
    [
        lambda: np.arange(2000),
        lambda: np.arange(1001) * 1e-3,
        lambda: np.linspace(-1, 1, 1001, dtype=np.float32),
        lambda: np.arange(2000).reshape(40, 50),
        lambda: np.arange(3000).reshape(3, 1000),
        lambda: np.arange(3000).reshape(1000, 3) * 1.5,
        lambda: np.arange(11**3, dtype=np.float32).reshape(11, 11, 11) / 7,
        lambda: np.random.default_rng(0).normal(size=(2, 2, 300)),
        lambda: np.random.default_rng(0).random(1200) > 0.5,
        lambda: np.random.default_rng(0).normal(size=(1000, 1000)).astype(np.float32),
        lambda: np.r_[1e-6, np.ones(2000), 1e6],  # the hidden middle does not pick the format
    ],
)
def test_summarized(make):
    assert_repr_matches(make())


@requires_torch
@pytest.mark.parametrize(
    "shape, dtype",
    [
        ((1, 0), "float64"),
        ((2, 0), "float32"),
        ((0,), "int64"),
        ((0,), "bool"),
        ((3, 0, 2), "int64"),
        ((0,), "float16"),
        ((0, 0), "float32"),
        ((0,), "float32"),
    ],
)
def test_empty(shape, dtype):
    assert_repr_matches(np.zeros(shape, dtype=dtype))


@requires_torch
@pytest.mark.parametrize(
    "a",
    [
        np.array([1 + 2j, -3.5 - 0.25j], dtype=np.complex64),
        np.array([1 + 2j, -1j, 1e-5 + 1e5j]),
        np.array(2.5),
        np.array(7),
        np.array(True),
        np.array(-0.0, dtype=np.float32),
        np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max]),
        np.array([3, 250], dtype=np.uint8),
        np.array([[1, -2]], dtype=np.int32),
        np.array([NAN, 2.0, 3.0]),
        np.array([INF, 1.0], dtype=np.float32),
        np.random.default_rng(1).normal(size=(2, 3, 4, 5)),
    ],
    ids=lambda a: f"{a.dtype}{a.shape}",
)
def test_other_dtypes_and_shapes(a):
    assert_repr_matches(a)


@requires_torch
@pytest.mark.parametrize("shape", [(3,), (9,), (11,), (2, 9), (1200,), (0,), (2, 0)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_grad_suffixes_wrap_like_torch(shape, dtype):
    a = np.random.default_rng(0).uniform(-1, 1, shape).astype(dtype)
    assert_repr_matches(a, requires_grad=True)
    ours = ag.tensor(a, requires_grad=True) * 2
    theirs = torch.tensor(a, requires_grad=True) * 2
    assert repr(ours) == torch_repr(theirs)


@requires_torch
def test_random_sweep():
    rng = np.random.default_rng(0)
    scales = [
        lambda n: rng.uniform(-1, 1, n),
        lambda n: rng.uniform(-1e4, 1e4, n),
        lambda n: 10.0 ** rng.uniform(-6, 6, n),
        lambda n: rng.integers(-200, 200, n) * 1.0,
    ]
    for dtype in ("float32", "float64", "int64", "bool"):
        for scale in scales:
            for shape in [*((n,) for n in range(41)), (), (4, 7), (3, 4, 5), (7, 13), (2, 40)]:
                values = scale(int(np.prod(shape))).reshape(shape)
                values = values > 0 if dtype == "bool" else values
                assert_repr_matches(np.asarray(values).astype(dtype))


def _fn(lib):
    return nn_functional if lib is ag else torch.nn.functional


_NODE_CASES = {
    "mul": lambda L, r: r((2, 3)) * 2,
    "sum": lambda L, r: r((2, 3)).sum(),
    "sum dim": lambda L, r: r((2, 3)).sum(0),
    "mean": lambda L, r: r((2, 3)).mean(),
    "mean dim": lambda L, r: r((2, 3)).mean(1),
    "var": lambda L, r: r((2, 3)).var(),
    "std dim": lambda L, r: r((2, 3)).std(0),
    "max": lambda L, r: r((2, 3)).max(),
    "amax": lambda L, r: L.amax(r((2, 3)), 0),
    "min": lambda L, r: r((2, 3)).min(),
    "relu": lambda L, r: r(3).relu(),
    "mm": lambda L, r: r((2, 3)) @ r((3, 4)),
    "mv": lambda L, r: r((2, 3)) @ r(3),
    "dot": lambda L, r: r(3) @ r(3),
    "batched": lambda L, r: r((4, 2, 3)) @ r((3, 5)),
    "linear": lambda L, r: _fn(L).linear(r((2, 3)), r((4, 3)), r(4)),
    "linear, no bias": lambda L, r: _fn(L).linear(r((2, 3)), r((4, 3))),
    "linear 3-d": lambda L, r: _fn(L).linear(r((5, 2, 3)), r((4, 3)), r(4)),
    "cross_entropy": lambda L, r: _fn(L).cross_entropy(r((2, 3)), L.tensor([0, 2])),
    "select": lambda L, r: r((2, 3))[0],
    "slice": lambda L, r: r((2, 3))[:, 1:],
    "select, slice": lambda L, r: r((2, 3))[0, 1:],
    "list index": lambda L, r: r((2, 3))[[0, 1]],
    "None index": lambda L, r: r((2, 3))[None],
    "view": lambda L, r: r((2, 3)).view(6),
    "flatten": lambda L, r: r((2, 3)).flatten(),
    "squeeze": lambda L, r: r((1, 3)).squeeze(),
    "squeeze dim": lambda L, r: r((1, 3)).squeeze(0),
    "unsqueeze": lambda L, r: r(3).unsqueeze(0),
    "transpose": lambda L, r: r((2, 3)).transpose(0, 1),
    "T": lambda L, r: r((2, 3)).T,
    "stack": lambda L, r: L.stack([r(3), r(3)]),
}


@requires_torch
@pytest.mark.parametrize("case", list(_NODE_CASES))
def test_grad_fn_names_in_repr_are_torchs(case):
    rng = np.random.default_rng(0)

    def maker(lib):
        return lambda shape: lib.tensor(
            rng.standard_normal(shape).astype(np.float32), requires_grad=True
        )

    ours = _NODE_CASES[case](ag, maker(ag))
    theirs = _NODE_CASES[case](torch, maker(torch))
    assert ours.grad_fn.name() == type(theirs.grad_fn).__name__
    assert f"grad_fn=<{type(theirs.grad_fn).__name__}>" in repr(ours)


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
