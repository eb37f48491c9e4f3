"""One helper every op test goes through: compare with PyTorch, then gradcheck.

``check_op(ours, theirs, shapes)`` builds float64 inputs of the given shapes,
runs ``ours`` on autograd Tensors and ``theirs`` on torch tensors, compares the
forward values and the gradients of every input (for a random upstream
gradient), and finally runs ``autograd.gradcheck`` on ``ours``. Without torch
the comparison is skipped and the gradcheck still runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

import autograd as ag
from tests.skip_policy import TORCH_MISSING

try:
    import torch
except ImportError:  # the oracle comparisons skip; gradcheck still runs
    torch = None

requires_torch = pytest.mark.skipif(torch is None, reason=TORCH_MISSING)


def make_inputs(
    shapes: Sequence[tuple[int, ...]],
    rng: np.random.Generator | None = None,
    low: float = -2.0,
    high: float = 2.0,
) -> list[np.ndarray]:
    """float64 arrays of the given shapes, uniform in ``[low, high)``."""
    rng = rng or np.random.default_rng(0)
    return [rng.uniform(low, high, size=s).astype(np.float64) for s in shapes]


def to_torch(a: Any, requires_grad: bool = False) -> Any:
    """An ndarray (or autograd Tensor) as a torch tensor of the same dtype."""
    data = a._data if isinstance(a, ag.Tensor) else np.asarray(a)
    return torch.tensor(data, requires_grad=requires_grad)


def assert_close(
    ours: Any, theirs: Any, rtol: float = 1e-6, atol: float = 1e-8, what: str = ""
) -> None:
    """Compare an autograd result (Tensor or array) with a torch result (tensor or array)."""
    a = ours._data if isinstance(ours, ag.Tensor) else np.asarray(ours)
    b = (
        theirs.detach().numpy(force=True)
        if torch is not None and isinstance(theirs, torch.Tensor)
        else np.asarray(theirs)
    )
    assert a.shape == b.shape, f"{what}: shape {a.shape} != torch's {b.shape}"
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=what)


def check_op(
    ours: Callable[..., ag.Tensor],
    theirs: Callable[..., Any] | None,
    shapes: Sequence[tuple[int, ...]] | None = None,
    inputs: Sequence[np.ndarray] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    gradcheck: bool = True,
) -> None:
    """Forward and input gradients of ``ours`` equal ``theirs``; ``ours`` passes gradcheck.

    Args:
        ours: function of autograd Tensors.
        theirs: the same function written for torch tensors (None: gradcheck only).
        shapes: shapes of random float64 inputs, or
        inputs: explicit float64 arrays.
    """
    arrays = list(inputs) if inputs is not None else make_inputs(shapes)
    xs = [ag.Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = ours(*xs)
    if theirs is not None and torch is not None:
        ts = [torch.tensor(a.copy(), requires_grad=True) for a in arrays]
        expected = theirs(*ts)
        assert_close(out, expected, rtol, atol, "forward")
        upstream = np.random.default_rng(1).standard_normal(out.shape)
        out.backward(upstream)
        expected.backward(torch.tensor(upstream))
        for i, (x, t) in enumerate(zip(xs, ts)):
            if t.grad is None:
                assert x.grad is None or not np.any(x.grad._data), f"input {i}: torch has no grad"
                continue
            assert x.grad is not None, f"input {i}: no gradient, torch has one"
            assert_close(x.grad, t.grad, rtol, atol, f"gradient of input {i}")
    if gradcheck and all(a.size for a in arrays):
        assert ag.gradcheck(ours, [ag.Tensor(a.copy(), requires_grad=True) for a in arrays])


def leaf(values: Any, dtype: str = "float64") -> ag.Tensor:
    """A float64 (or ``dtype``) leaf Tensor that requires grad."""
    return ag.tensor(values, dtype=dtype, requires_grad=True)


def raises_like_torch(ours: Callable[[], Any], theirs: Callable[[], Any]) -> None:
    """``ours()`` raises an exception of the same type as ``theirs()``."""
    with pytest.raises(Exception) as expected:
        theirs()
    with pytest.raises(expected.type):
        ours()


def torch_dtype_name(t: Any) -> str:
    """A torch tensor's dtype in our spelling: ``float32`` for ``torch.float32``."""
    return str(t.dtype).removeprefix("torch.")


def assert_same(ours: ag.Tensor, theirs: Any) -> None:
    """Same dtype, shape and values (NaN where torch has NaN, signed infinities)."""
    assert str(ours.dtype) == torch_dtype_name(theirs)
    a, b = ours._data, theirs.detach().numpy()
    assert a.shape == b.shape
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, equal_nan=True)


def positive(
    shapes: Sequence[tuple[int, ...]], low: float = 0.5, high: float = 2.0
) -> list[np.ndarray]:
    """float64 inputs bounded away from zero (for log, sqrt, pow bases, divisors)."""
    return make_inputs(shapes, low=low, high=high)


def away_from_zero(shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
    """float64 inputs with ``|x| >= 0.3`` (kinks of abs/relu/sign stay out of gradcheck's reach)."""
    arrays = make_inputs(shapes, low=0.3, high=2.0)
    rng = np.random.default_rng(2)
    return [a * rng.choice([-1.0, 1.0], size=a.shape) for a in arrays]


def _summed(outs: Sequence[Any], weights: Sequence[Any]) -> Any:
    """sum_i (outs[i] * weights[i]).sum(), skipping outputs that are None."""
    total = None
    for o, w in zip(outs, weights):
        if o is None:
            continue
        term = (o * w).sum()
        total = term if total is None else total + term
    return total


def _torch_array(t: Any) -> np.ndarray:
    """A torch tensor's values (torch's efficient zero tensors included) as an ndarray."""
    return t.detach().numpy(force=True)


def check_higher_order(
    ours: Callable[..., ag.Tensor],
    theirs: Callable[..., Any],
    shapes: Sequence[tuple[int, ...]] | None = None,
    inputs: Sequence[np.ndarray] | None = None,
    order: int = 3,
    rtol: float = 1e-6,
    atol: float = 1e-8,
) -> None:
    """Derivatives of order 1..``order`` of ``ours`` equal torch's (``create_graph=True``).

    Order k differentiates ``sum(grad_{k-1} * w_k)`` again with respect to every
    input, for fixed random weights ``w_k``. A derivative that no longer depends
    on the inputs (``a + b`` at order 2, relu's mask) counts as zero, so the two
    libraries may differ in whether they record such a constant.
    """
    arrays = list(inputs) if inputs is not None else make_inputs(shapes)
    rng = np.random.default_rng(3)
    xs = [ag.Tensor(a.copy(), requires_grad=True) for a in arrays]
    ts = [torch.tensor(a.copy(), requires_grad=True) for a in arrays]
    out, expected = ours(*xs), theirs(*ts)
    assert_close(out, expected, rtol, atol, "forward")
    w = rng.standard_normal(out.shape)
    ours_s, theirs_s = (out * ag.Tensor(w)).sum(), (expected * torch.tensor(w)).sum()
    for k in range(1, order + 1):
        g_ours: Sequence[Any] = [None] * len(xs)
        g_theirs: Sequence[Any] = [None] * len(ts)
        if ours_s is not None and ours_s.requires_grad:
            g_ours = ag.grad(ours_s, xs, create_graph=True, allow_unused=True)
        if theirs_s is not None and theirs_s.requires_grad:
            g_theirs = torch.autograd.grad(theirs_s, ts, create_graph=True, allow_unused=True)
        for i, (a, b) in enumerate(zip(g_ours, g_theirs)):
            a = np.zeros(arrays[i].shape) if a is None else a._data
            b = np.zeros(arrays[i].shape) if b is None else _torch_array(b)
            np.testing.assert_allclose(
                a, b, rtol=rtol, atol=atol, err_msg=f"order {k} derivative, input {i}"
            )
        weights = [rng.standard_normal(a.shape) for a in arrays]
        ours_s = _summed(g_ours, [ag.Tensor(v) for v in weights])
        theirs_s = _summed(g_theirs, [torch.tensor(v) for v in weights])


def check_function_and_method(name: str, inputs: Sequence[np.ndarray]) -> None:
    """``check_op`` on ``ag.<name>`` against ``torch.<name>``, then on the Tensor method
    ``x.<name>(...)`` against torch's (the first input is the tensor)."""
    check_op(getattr(ag, name), getattr(torch, name), inputs=inputs)
    check_op(
        lambda x, *rest: getattr(x, name)(*rest),
        lambda x, *rest: getattr(x, name)(*rest),
        inputs=inputs,
    )
