"""Finite-difference gradient checking in float64.

:func:`gradcheck` builds the Jacobian of ``fn`` twice: analytically (one
backward per output element) and numerically (central differences, one pair
of forward calls per input element), and compares them elementwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .engine import grad
from .grad_mode import no_grad
from .tensor import Tensor


class GradcheckError(RuntimeError):
    """Raised by :func:`gradcheck` with the worst mismatching Jacobian entry.

    Example:
        >>> import autograd as ag
        >>> try:
        ...     ag.gradcheck(lambda t: t.detach() * t, [ag.ones(1, requires_grad=True)])
        ... except ag.GradcheckError as e:
        ...     print(str(e).split("): ")[1])
        analytic 1 vs numeric 2 (difference 1 exceeds atol + rtol * |numeric| = 0.00201)
    """


def _outputs(result: Any) -> list[Tensor]:
    return [result] if isinstance(result, Tensor) else [r for r in result if isinstance(r, Tensor)]


def gradcheck(
    fn: Callable[..., Any],
    inputs: Tensor | Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """Check analytic gradients of ``fn`` against central differences in float64.

    Floating-point inputs that require grad are copied to float64 leaves; other
    inputs are passed through unchanged.

    Args:
        fn: function of the inputs returning a Tensor or a tuple of Tensors.
        inputs: a Tensor or a sequence of arguments.
        eps: finite-difference step.
        atol, rtol: an entry passes when ``|analytic - numeric| <= atol + rtol * |numeric|``.
        raise_exception: raise :class:`GradcheckError` on failure (else return False).

    Returns:
        True when every entry of every Jacobian passes.

    Example:
        >>> import autograd as ag
        >>> x = ag.randn(3, requires_grad=True)
        >>> ag.gradcheck(lambda t: (t * t).sum(), x)
        True
    """
    args = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    args = [
        Tensor(a._data.astype(np.float64), requires_grad=True)
        if isinstance(a, Tensor) and a.requires_grad
        else a
        for a in args
    ]
    wrt = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
    if not wrt:
        raise ValueError("gradcheck: no input requires grad; nothing to check")
    outputs = _outputs(fn(*args))
    worst: tuple[float, str] | None = None
    for o_index, out in enumerate(outputs):
        analytic = _analytic_jacobian(out, [args[i] for i in wrt])
        for position, i in enumerate(wrt):
            numeric = _numeric_jacobian(fn, args, i, o_index, eps)
            found = _worst_mismatch(
                analytic[position], numeric, atol, rtol, args[i].shape, o_index, i
            )
            if found is not None and (worst is None or found[0] > worst[0]):
                worst = found
    if worst is None:
        return True
    if raise_exception:
        raise GradcheckError(worst[1])
    return False


def _analytic_jacobian(out: Tensor, wrt: list[Tensor]) -> list[np.ndarray]:
    """Rows d out[j] / d input, one backward per output element."""
    jac = [np.zeros((out._data.size, t._data.size)) for t in wrt]
    if not out.requires_grad:
        return jac
    for j in range(out._data.size):
        seed = np.zeros(out._data.size, dtype=out._data.dtype)
        seed[j] = 1
        grads = grad(
            out,
            wrt,
            grad_outputs=Tensor._make(seed.reshape(out.shape)),
            retain_graph=True,
            allow_unused=True,
        )
        for k, g in enumerate(grads):
            if g is None:
                continue
            if g.shape != wrt[k].shape:
                raise GradcheckError(
                    f"gradcheck: analytic gradient for input {k} has shape {g.shape}, "
                    f"expected the input's shape {wrt[k].shape}"
                )
            jac[k][j] = g._data.reshape(-1)
    return jac


def _numeric_jacobian(
    fn: Callable[..., Any], args: list[Any], i: int, o_index: int, eps: float
) -> np.ndarray:
    """Columns (f(x + eps e_k) - f(x - eps e_k)) / (2 eps) for each element k of input i."""
    x = args[i]._data
    flat = x.reshape(-1)
    columns = []
    with no_grad():
        for k in range(flat.size):
            original = flat[k]
            flat[k] = original + eps
            plus = _outputs(fn(*args))[o_index]._data.astype(np.float64).reshape(-1)
            flat[k] = original - eps
            minus = _outputs(fn(*args))[o_index]._data.astype(np.float64).reshape(-1)
            flat[k] = original
            columns.append((plus - minus) / (2 * eps))
    if not columns:
        return np.zeros((0, 0))
    return np.stack(columns, axis=1)


def _worst_mismatch(
    analytic: np.ndarray,
    numeric: np.ndarray,
    atol: float,
    rtol: float,
    shape: tuple[int, ...],
    o_index: int,
    i: int,
) -> tuple[float, str] | None:
    if numeric.size == 0:
        return None
    with np.errstate(invalid="ignore"):  # inf - inf: decided by the equality test below
        excess = np.abs(analytic - numeric) - (atol + rtol * np.abs(numeric))
    # As torch.allclose: NaN matches nothing (not even NaN); equal entries (inf == inf) pass.
    excess = np.where(np.isnan(analytic) | np.isnan(numeric), np.inf, excess)
    excess = np.where(analytic == numeric, -np.inf, excess)
    j, k = np.unravel_index(int(np.argmax(excess)), excess.shape)
    if not excess[j, k] > 0:
        return None
    element = np.unravel_index(k, shape) if shape else ()
    a, n = analytic[j, k], numeric[j, k]
    bound = atol + rtol * abs(n)
    why = (
        "NaN matches nothing, as in torch.allclose"
        if np.isnan(a) or np.isnan(n)
        else f"difference {abs(a - n):.3g} exceeds atol + rtol * |numeric| = {bound:.3g}"
    )
    message = (
        f"gradcheck: Jacobian mismatch for output {o_index} with respect to input {i}, "
        f"element {tuple(int(e) for e in element)} (output element {j}): "
        f"analytic {a:.8g} vs numeric {n:.8g} ({why})"
    )
    return float(excess[j, k]), message
