"""Run one of our modules and the equivalent torch.nn module side by side (and the leaf and
error-checking helpers the nn tests share).

Weights go across by name (our ``state_dict()`` into torch's ``load_state_dict``,
strict), so a passing comparison also proves the two state-dict layouts agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_close, torch

TORCH_DTYPES = {np.float32: "float32", np.float64: "float64"}


def tol(dtype: Any) -> dict[str, float]:
    """rtol/atol for comparisons in ``dtype``."""
    return {"rtol": 1e-9, "atol": 1e-10} if dtype == np.float64 else {"rtol": 2e-5, "atol": 2e-6}


def copy_to_torch(ours: Any, theirs: Any) -> None:
    """Load our state dict into the torch module (strict: the key sets must be equal)."""
    state = {k: torch.from_numpy(np.array(v)) for k, v in ours.state_dict().items()}
    theirs.load_state_dict(state, strict=True)


def run_both(
    ours: Any,
    theirs: Any,
    x: np.ndarray,
    dtype: Any = np.float64,
    grad_input: bool = True,
    seed: int = 1,
) -> tuple[Any, Any, Any, Any]:
    """Forward and backward (random upstream gradient) through both modules.

    Returns (our input, torch input, our output, torch output).
    """
    ours.to(dtype)
    theirs.to(getattr(torch, TORCH_DTYPES[dtype]))
    copy_to_torch(ours, theirs)
    floating = np.issubdtype(x.dtype, np.floating)
    xa = ag.Tensor(x.astype(dtype) if floating else x, requires_grad=grad_input and floating)
    xt = torch.tensor(x.astype(dtype) if floating else x, requires_grad=grad_input and floating)
    out, tout = ours(xa), theirs(xt)
    assert out.dtype == dtype, f"output dtype {out.dtype}, expected {np.dtype(dtype)}"
    upstream = np.random.default_rng(seed).standard_normal(out.shape).astype(dtype)
    out.backward(ag.Tensor(upstream))
    tout.backward(torch.tensor(upstream))
    return xa, xt, out, tout


def compare(
    ours: Any, theirs: Any, x: np.ndarray, dtype: Any = np.float64, grad_input: bool = True
) -> None:
    """Outputs, input gradient, every parameter gradient and every buffer agree."""
    xa, xt, out, tout = run_both(ours, theirs, x, dtype, grad_input)
    t = tol(dtype)
    assert_close(out, tout, what="forward", **t)
    if xa.requires_grad:
        assert_close(xa.grad, xt.grad, what="input gradient", **t)
    theirs_params = dict(theirs.named_parameters())
    assert [n for n, _ in ours.named_parameters()] == list(theirs_params)
    for name, p in ours.named_parameters():
        assert p.grad is not None, f"{name}: no gradient"
        assert p.grad.dtype == dtype
        assert_close(p.grad, theirs_params[name].grad, what=f"gradient of {name}", **t)
    theirs_buffers = dict(theirs.named_buffers())
    for name, b in ours.named_buffers():
        assert_close(b, theirs_buffers[name], what=f"buffer {name}", **t)


def leaf(a: Any) -> ag.Tensor:
    """A float leaf of this library holding ``a``, requiring grad."""
    return ag.tensor(np.array(a), requires_grad=True)


def tleaf(a: Any) -> Any:
    """The same leaf in torch."""
    return torch.tensor(np.array(a), requires_grad=True)


def raises_like_torch(ours: Any, theirs: Any, expected: type[Exception], match: str = "") -> None:
    """Both calls raise ``expected`` (ours with a message matching ``match``)."""
    with pytest.raises(expected):
        theirs()
    with pytest.raises(expected, match=match):
        ours()
