"""Elementwise ops: arithmetic, clamp, cast, maximum/minimum, where, masked_fill.

Unary math lives in :mod:`autograd.ops.unary` and comparisons in
:mod:`autograd.ops.compare`; both are re-exported from here.

Binary ops broadcast like NumPy; their backward reduces the gradient back to
each input's shape with :func:`autograd._shape.unbroadcast`. Python scalars take
the tensor's dtype (``float32 * 2.0`` stays float32); mixed tensor dtypes are
promoted with PyTorch's rules through a differentiable :class:`Cast`.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .. import dtypes
from .._shape import broadcast_shapes, unbroadcast
from ..function import Function, _named
from ..tensor import Tensor

TensorLike = Any


# -- operand preparation ----------------------------------------------------------------


def as_tensor(value: TensorLike, like: np.dtype | None = None) -> Tensor:
    """``value`` as a Tensor; a Python scalar takes the dtype ``like`` when compatible."""
    if isinstance(value, Tensor):
        return value
    if type(value) is float and like is not None and like.kind == "f":  # the common x * 0.5
        return Tensor._make(np.array(value, like))
    if isinstance(value, (bool, int, float)) and like is not None:
        return Tensor._make(dtypes.scalar_array(value, like))
    if isinstance(value, np.ndarray):
        return Tensor._make(value)
    return Tensor(value)


def _operands(a: TensorLike, b: TensorLike) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of one dtype (PyTorch promotion)."""
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            b = as_tensor(b)
        a = as_tensor(a, b._data.dtype)
    elif not isinstance(b, Tensor):
        b = as_tensor(b, a._data.dtype)
    if a._data.dtype != b._data.dtype:
        dtype = dtypes.result_type(a._data, b._data)
        a, b = cast(a, dtype), cast(b, dtype)
    return a, b


def _binary(fn: type[Function], a: TensorLike, b: TensorLike, name: str) -> Tensor:
    # Fast path: two Tensors of one dtype (dtype objects of built-in types are shared,
    # so ``is`` settles the common case; anything else goes through _operands).
    if not (isinstance(a, Tensor) and isinstance(b, Tensor) and a._data.dtype is b._data.dtype):
        if fn is Sub:
            _check_bool_sub(a, b)  # before _operands promotes a bool operand to a number
        a, b = _operands(a, b)
    try:
        return fn.apply(a, b)
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)  # raises the readable error if shapes clash
        raise
    except TypeError:
        if fn is Sub:
            _check_bool_sub(a, b)  # NumPy refuses bool - bool with a TypeError
        raise


def _is_bool(value: TensorLike) -> bool:
    kind = type(value)
    if kind is float or kind is int:  # the common scalar operands, settled first
        return False
    if isinstance(value, (Tensor, np.ndarray)):
        data = value._data if isinstance(value, Tensor) else value
        return data.dtype.kind == "b"
    return kind is bool or kind is np.bool_


def _check_bool_sub(a: TensorLike, b: TensorLike) -> None:
    """torch refuses ``-`` with a bool operand (a tensor or a Python bool)."""
    if _is_bool(a) or _is_bool(b):
        kinds = [
            type(v).__name__ if not isinstance(v, Tensor) else f"{v.dtype} tensor" for v in (a, b)
        ]
        raise RuntimeError(
            f"sub: cannot subtract with a bool operand (got {kinds[0]} - {kinds[1]}); "
            "to invert a mask use ~ or logical_not(), for exclusive or use ^"
        )


# -- selecting a gradient by a mask ------------------------------------------------------

# Signed integers as wide as each float type: a float's bits AND all-ones is the float,
# AND zero is +0.0, whatever the float (inf and NaN included).
_SAME_WIDTH_INT = {2: np.int16, 4: np.int32, 8: np.int64}
_INT_ONE = {size: np.ones((), itype) for size, itype in _SAME_WIDTH_INT.items()}


def _masked_grad(grad: Any, mask: Any, keep: bool = True) -> Any:
    """``grad`` where ``mask == keep``, exactly 0 elsewhere: torch's ``where(mask, grad, 0)``.

    A product ``grad * mask`` would turn an inf or NaN gradient into NaN at a masked-out
    place; torch gives 0 there. ``mask`` is bool and broadcasts with ``grad``. On arrays
    this ANDs the gradient's bits with a mask of all-ones or zeros, which runs as fast as
    the product (``np.where`` branches per element and is ten times slower on a random
    mask); on Tensors (``create_graph=True``) it records ``where``.
    """
    itype = _SAME_WIDTH_INT.get(grad.dtype.itemsize)
    if (
        type(grad) is not np.ndarray
        or type(mask) is not np.ndarray
        or itype is None
        or grad.dtype.kind != "f"
    ):
        return np.where(mask, grad, 0) if keep else np.where(mask, 0, grad)
    bits = mask.astype(itype)  # 0 / 1
    if keep:
        np.negative(bits, out=bits)  # 1 -> all ones
    else:
        np.subtract(bits, _INT_ONE[bits.itemsize], out=bits)  # 0 -> all ones, 1 -> 0
    out = bits if bits.shape == grad.shape else None
    return np.bitwise_and(grad.view(itype), bits, out=out).view(grad.dtype)


# -- arithmetic -------------------------------------------------------------------------


class Add(Function):
    """out = a + b.  d/da = grad,  d/db = grad (each summed back to its input's shape)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return a + b

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        return unbroadcast(grad, a_shape), unbroadcast(grad, b_shape)


class Sub(Function):
    """out = a - b.  d/da = grad,  d/db = -grad."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return a - b

    @staticmethod
    def backward(ctx, grad):
        a_shape, b_shape = ctx.shapes
        return (
            unbroadcast(grad, a_shape),
            unbroadcast(-grad, b_shape) if ctx.needs_input_grad[1] else None,
        )


class Mul(Function):
    """out = a * b.  d/da = grad * b,  d/db = grad * a."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            unbroadcast(grad * b, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad * a, b.shape) if ctx.needs_input_grad[1] else None,
        )


class Div(Function):
    """out = a / b.  d/da = grad / b,  d/db = -grad * a / b**2."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            unbroadcast(grad / b, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-grad * a / (b * b), b.shape) if ctx.needs_input_grad[1] else None,
        )


class Neg(Function):
    """out = -x.  d/dx = -grad."""

    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, grad):
        return (-grad,)


class Pow(Function):
    """out = a ** b.  d/da = grad * b * a**(b-1) (0 where b == 0),  d/db = grad * out * log(a)."""

    @staticmethod
    def forward(ctx, a, b):
        out = a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        grad_a = grad_b = None
        if ctx.needs_input_grad[0] and b.ndim == 0 and not ctx.needs_input_grad[1]:
            c = b.item()  # a constant exponent, as in x ** 2
            grad_a = grad * (c * a ** (c - 1)) if c != 0 else grad * 0
        elif ctx.needs_input_grad[0]:
            grad_a = unbroadcast(np.where(b == 0, 0.0, grad * b * a ** (b - 1)), a.shape)
        if ctx.needs_input_grad[1]:
            # a**b with a == 0 and b >= 0 has slope 0 in b (PyTorch's convention).
            zero = (a == 0) & (b >= 0)
            log_a = np.log(np.where(zero, 1.0, a))  # log(0) would warn and give nan * 0
            grad_b = unbroadcast(np.where(zero, 0.0, grad * out * log_a), b.shape)
        return grad_a, grad_b


def add(input: TensorLike, other: TensorLike, *, alpha: float = 1) -> Tensor:
    """Elementwise ``input + alpha * other`` with broadcasting, as ``torch.add``.

    Example:
        >>> import autograd as ag
        >>> ag.add(ag.tensor([1.0, 2.0]), 1)
        tensor([2., 3.])
    """
    if alpha != 1:
        other = _binary(Mul, other, alpha, "add")
    return _binary(Add, input, other, "add")


def sub(input: TensorLike, other: TensorLike, *, alpha: float = 1) -> Tensor:
    """Elementwise ``input - alpha * other`` with broadcasting, as ``torch.sub``.

    Example:
        >>> import autograd as ag
        >>> ag.sub(ag.tensor([1.0, 2.0]), 1)
        tensor([0., 1.])
    """
    if alpha != 1:
        other = _binary(Mul, other, alpha, "sub")
    return _binary(Sub, input, other, "sub")


def mul(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a * b`` with broadcasting, as ``torch.mul``.

    Example:
        >>> import autograd as ag
        >>> ag.mul(ag.tensor([1.0, 2.0]), 3)
        tensor([3., 6.])
    """
    return _binary(Mul, input, other, "mul")


def div(input: TensorLike, other: TensorLike, *, rounding_mode: str | None = None) -> Tensor:
    """Elementwise true division ``a / b``, as ``torch.div``; integers divide to float.

    ``rounding_mode="trunc"`` rounds the quotient toward zero and ``"floor"`` toward minus
    infinity (as ``floor_divide``); both keep integer dtypes and have zero gradient.

    Example:
        >>> import autograd as ag
        >>> ag.div(ag.tensor([1, 2]), 4)
        tensor([0.2500, 0.5000])
    """
    if rounding_mode is not None:
        return _rounded_div(input, other, rounding_mode)
    input, other = _operands(input, other)
    if input._data.dtype.kind not in "fc":
        input, other = cast(input, dtypes.DEFAULT_FLOAT), cast(other, dtypes.DEFAULT_FLOAT)
    return _binary(Div, input, other, "div")


def _rounded_div(input: TensorLike, other: TensorLike, rounding_mode: str) -> Tensor:
    if rounding_mode not in ("trunc", "floor"):
        raise ValueError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
            f"but found '{rounding_mode}'"
        )
    input, other = _operands(input, other)
    if input._data.dtype.kind in "fc":  # rounded, so the gradient is zero, as in torch
        return (trunc if rounding_mode == "trunc" else floor)(_binary(Div, input, other, "div"))
    if rounding_mode == "floor":
        return floor_divide(input, other)
    _integer_zero_divisor(input, other, "div")
    quotient = np.trunc(np.true_divide(input._data, other._data))  # exact for |q| < 2**53
    return Tensor._make(quotient.astype(np.result_type(input._data, other._data)))


class Remainder(Function):
    """out = a - floor(a / b) * b (the sign of b, as Python's %).  d/da = grad,
    d/db = -grad * floor(a / b)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.remainder(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            unbroadcast(grad, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-grad * np.floor(a / b), b.shape) if ctx.needs_input_grad[1] else None,
        )


class FloorDivide(Function):
    """out = floor(a / b).  Not differentiable, as in torch: backward raises."""

    @staticmethod
    def forward(ctx, a, b):
        return np.floor_divide(a, b)

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(
            "the derivative of floor_divide (//) is not implemented; it is zero "
            "almost everywhere, so detach() its inputs or use div() and floor()"
        )


def _integer_zero_divisor(a: Tensor, b: Tensor, op: str) -> None:
    """torch raises where NumPy would warn and return 0 for an integer division by zero."""
    if a._data.dtype.kind in "biu" and b._data.dtype.kind in "biu" and not b._data.all():
        raise RuntimeError(
            f"{op}: integer division by zero (divisor of shape {b.shape} has a zero)"
        )


def remainder(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a % b`` with the sign of ``b`` (Python's and torch's rule).

    Example:
        >>> import autograd as ag
        >>> ag.remainder(ag.tensor([5.5, -3.0]), 2.0)
        tensor([1.5000, 1.0000])
    """
    tensor_divisor = isinstance(other, Tensor)
    input, other = _operands(input, other)
    _integer_zero_divisor(input, other, "remainder")
    out = _binary(Remainder, input, other, "remainder")
    return _named(out, "RemainderBackward1") if tensor_divisor else out


def floor_divide(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a // b``, rounded toward minus infinity (Python's and torch's rule).

    Example:
        >>> import autograd as ag
        >>> ag.floor_divide(ag.tensor([5, -3]), 2)
        tensor([ 2, -2])
    """
    input, other = _operands(input, other)
    _integer_zero_divisor(input, other, "floor_divide")
    return _binary(FloorDivide, input, other, "floor_divide")


def neg(input: TensorLike) -> Tensor:
    """Elementwise ``-x``.

    Example:
        >>> import autograd as ag
        >>> ag.neg(ag.tensor([1.0, -2.0]))
        tensor([-1.,  2.])
    """
    input = as_tensor(input)
    try:
        return Neg.apply(input)
    except TypeError:
        if input._data.dtype.kind == "b":
            raise RuntimeError(
                f"neg: cannot negate a bool tensor (shape {input.shape}); to invert a mask use ~ "
                "or logical_not()"
            ) from None
        raise


def pow(input: TensorLike, exponent: TensorLike) -> Tensor:
    """Elementwise ``base ** exponent``, as ``torch.pow``.

    Example:
        >>> import autograd as ag
        >>> ag.pow(ag.tensor([2.0, 3.0]), 2)
        tensor([4., 9.])
    """
    try:
        out = _binary(Pow, input, exponent, "pow")
    except ValueError:  # NumPy refuses integers to negative integer powers
        a, b = _operands(input, exponent)
        if a._data.dtype.kind not in "biu" or b._data.dtype.kind not in "biu":
            raise
        if not isinstance(exponent, (Tensor, np.ndarray)):
            raise RuntimeError(
                f"pow: integers to negative integer powers are not allowed (a {a.dtype} "
                f"tensor to the power {exponent})"
            ) from None
        return Tensor._make(_integer_pow(a._data, b._data))
    if out.grad_fn is not None and isinstance(exponent, Tensor):  # torch's names by operand kind
        _named(out, "PowBackward1" if isinstance(input, Tensor) else "PowBackward2")
    return out


def _integer_pow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """torch's integer ``a ** b`` where some ``b < 0``: 1 for base 1, +-1 for base -1, else 0."""
    negative = b < 0
    out = a ** np.where(negative, 0, b).astype(b.dtype)
    odd = (b % 2) != 0
    small = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0))
    return np.where(negative, small, out).astype(out.dtype)


class Clamp(Function):
    """out = min(max(x, lo), hi).  d/dx = grad where lo <= x <= hi, else 0."""

    @staticmethod
    def forward(ctx, x, *, lo, hi):
        ctx.save_for_backward(
            ((x >= lo) if lo is not None else True) & ((x <= hi) if hi is not None else True)
        )
        return np.clip(x, lo, hi)

    @staticmethod
    def backward(ctx, grad):
        (inside,) = ctx.saved_tensors
        return (_masked_grad(grad, inside),)


class Cast(Function):
    """out = x converted to ``dtype``.  d/dx = grad converted back to x's dtype."""

    @staticmethod
    def forward(ctx, x, *, dtype):
        ctx.source = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return (grad.astype(ctx.source),)


def clamp(input: TensorLike, min: float | None = None, max: float | None = None) -> Tensor:
    """Clamp every element into ``[min, max]``; either bound may be None.

    Example:
        >>> import autograd as ag
        >>> ag.clamp(ag.tensor([-2.0, 0.5, 3.0]), min=0.0, max=1.0)
        tensor([0.0000, 0.5000, 1.0000])
    """
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
    input = as_tensor(input)
    if (isinstance(min, Tensor) and min._requires_grad) or (
        isinstance(max, Tensor) and max._requires_grad
    ):
        return _clamp_tensor_bounds(input, min, max)
    lo = min._data if isinstance(min, Tensor) else min
    hi = max._data if isinstance(max, Tensor) else max
    if input._data.dtype.kind in "biu" and builtins.any(
        isinstance(b, float) or (isinstance(b, np.ndarray) and b.dtype.kind == "f")
        for b in (lo, hi)
    ):
        input = cast(input, dtypes.DEFAULT_FLOAT)  # an integer tensor with a float bound, as torch
    # Bounds take the tensor's dtype, so np.clip cannot widen float32 to float64.
    dtype = input._data.dtype
    lo = None if lo is None else np.asarray(lo, dtype)
    hi = None if hi is None else np.asarray(hi, dtype)
    for bound in (lo, hi):
        if isinstance(bound, np.ndarray) and bound.ndim:  # a tensor bound broadcasts with x
            broadcast_shapes("clamp", input.shape, bound.shape)
    return Clamp.apply(input, lo=lo, hi=hi)


clip = clamp


def _clamp_tensor_bounds(x: Tensor, lo: TensorLike, hi: TensorLike) -> Tensor:
    """clamp with bounds that require grad, as torch: the gradient goes to the bound where
    it is applied (``x < lo`` or ``x > hi``) and to ``x`` elsewhere (boundary included);
    ``hi`` wins where ``lo > hi``."""
    out = x
    if lo is not None:
        out = where(out < lo, lo, out)
    if hi is not None:
        out = where(out > hi, hi, out)
    return out


def cast(x: TensorLike, dtype: dtypes.DTypeLike) -> Tensor:
    """``x`` converted to ``dtype``; differentiable between floating dtypes.

    Example:
        >>> import autograd as ag
        >>> ag.cast(ag.tensor([1.7]), "int64")
        tensor([1])
    """
    x = as_tensor(x)
    dtype = dtypes.to_dtype(dtype)
    if x._data.dtype == dtype:
        return x
    return Cast.apply(x, dtype=dtype)


def _float(x: TensorLike) -> Tensor:
    """Integer and bool tensors are promoted to float32 by floating functions (as torch)."""
    if isinstance(x, Tensor) and x._data.dtype.kind in "fc":
        return x
    x = as_tensor(x)
    return x if x._data.dtype.kind in "fc" else cast(x, dtypes.DEFAULT_FLOAT)


# -- maximum, minimum, where ------------------------------------------------------------


class Maximum(Function):
    """out = max(a, b).  d/da = grad unless b wins (0 there), d/db likewise; ties split it
    evenly. Where a NaN is compared neither wins, so both inputs get all of it (as torch)."""

    @staticmethod
    def forward(ctx, a, b):
        out = np.maximum(a, b)
        _save_extremum_masks(ctx, a, b, a < b, a > b, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return _extremum_backward(ctx, grad)


class Minimum(Function):
    """out = min(a, b).  d/da = grad unless b wins (0 there), d/db likewise; ties split it
    evenly. Where a NaN is compared neither wins, so both inputs get all of it (as torch)."""

    @staticmethod
    def forward(ctx, a, b):
        out = np.minimum(a, b)
        _save_extremum_masks(ctx, a, b, a > b, a < b, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return _extremum_backward(ctx, grad)


def _save_extremum_masks(
    ctx: Function,
    a: np.ndarray,
    b: np.ndarray,
    b_wins: np.ndarray,
    a_wins: np.ndarray,
    dtype: np.dtype,
) -> None:
    """Save where each input loses, and the tie factor (0.5 at ties, else 1) in the output's
    dtype, or None without ties, for maximum's and minimum's backward."""
    ctx.shapes = a.shape, b.shape
    tie = a == b
    half = np.where(tie, 0.5, 1.0).astype(dtype) if tie.any() else None
    ctx.save_for_backward(b_wins, a_wins, half)


def _extremum_backward(ctx: Function, grad: Any) -> tuple[Any, Any]:
    """Each input's gradient for maximum/minimum: selected where it does not lose."""
    a_loses, b_loses, half = ctx.saved_tensors
    a_shape, b_shape = ctx.shapes
    if half is not None:
        grad = grad * half
    needs = ctx.needs_input_grad
    return (
        unbroadcast(_masked_grad(grad, a_loses, keep=False), a_shape) if needs[0] else None,
        unbroadcast(_masked_grad(grad, b_loses, keep=False), b_shape) if needs[1] else None,
    )


class Where(Function):
    """out = a where cond else b.  d/da = grad where cond (else 0),  d/db = grad where not cond."""

    @staticmethod
    def forward(ctx, a, b, *, cond):
        ctx.shapes = a.shape, b.shape
        ctx.save_for_backward(cond)
        return np.where(cond, a, b)

    @staticmethod
    def backward(ctx, grad):
        (cond,) = ctx.saved_tensors
        a_shape, b_shape = ctx.shapes
        needs = ctx.needs_input_grad
        return (
            unbroadcast(_masked_grad(grad, cond), a_shape) if needs[0] else None,
            unbroadcast(_masked_grad(grad, cond, keep=False), b_shape) if needs[1] else None,
        )


def maximum(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise maximum, as ``torch.maximum``; ties split the gradient evenly.

    Example:
        >>> import autograd as ag
        >>> ag.maximum(ag.tensor([1.0, 5.0]), ag.tensor([3.0, 2.0]))
        tensor([3., 5.])
    """
    return _binary(Maximum, input, other, "maximum")


def minimum(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise minimum, as ``torch.minimum``; ties split the gradient evenly.

    Example:
        >>> import autograd as ag
        >>> ag.minimum(ag.tensor([1.0, 5.0]), ag.tensor([3.0, 2.0]))
        tensor([1., 2.])
    """
    return _binary(Minimum, input, other, "minimum")


def where(
    condition: TensorLike, input: TensorLike = None, other: TensorLike = None
) -> Tensor | tuple[Tensor, ...]:
    """Pick from ``input`` where ``condition`` holds, else from ``other`` (broadcasting).

    With only ``condition``, the indices of its nonzero entries, one int64 tensor per
    dim (``torch.where(condition)``, i.e. ``nonzero(as_tuple=True)``).

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([-1.0, 2.0])
        >>> ag.where(x > 0, x, 0.0)
        tensor([0., 2.])
    """
    if input is None and other is None:
        cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
        return tuple(Tensor._make(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(cond)))
    if input is None or other is None:
        raise TypeError(
            "where() takes a condition alone or a condition, input and other; "
            f"got input={input!r} and other={other!r}"
        )
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        if isinstance(condition, Tensor):
            raise RuntimeError(
                f"where: expected condition to be a bool tensor, got dtype "
                f"{cond.dtype} (shape {cond.shape}); compare it, e.g. t != 0"
            )
        cond = cond.astype(bool)
    a, b = _operands(input, other)
    try:
        broadcast_shapes("where", cond.shape, np.broadcast_shapes(a.shape, b.shape))
    except ValueError:
        broadcast_shapes("where", a.shape, b.shape)
    return Where.apply(a, b, cond=cond)


def masked_fill(input: TensorLike, mask: TensorLike, value: TensorLike) -> Tensor:
    """``value`` where the bool ``mask`` is True, else ``x``, as ``torch.masked_fill``.

    The mask broadcasts with ``x``; ``value`` is a number or a 0-d tensor and takes
    ``x``'s dtype. The gradient flows to ``x`` where the mask is False (and to a
    ``value`` tensor that requires grad, summed over the filled places).

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> x.masked_fill(ag.tensor([True, False]), 0.0)
        tensor([[0., 2.],
                [0., 4.]])
    """
    input = as_tensor(input)
    cond = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if cond.dtype != np.bool_:
        raise RuntimeError(
            f"masked_fill: expected a bool mask, got dtype {cond.dtype} "
            f"(shape {cond.shape}); compare it first, e.g. mask != 0"
        )
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise RuntimeError(
                f"masked_fill: value must be a number or a 0-dim tensor, got a "
                f"tensor of shape {value.shape}"
            )
        value = cast(value, input._data.dtype)
    else:
        value = Tensor._make(np.asarray(value).astype(input._data.dtype))
    broadcast_shapes("masked_fill", cond.shape, input.shape)
    return _named(Where.apply(value, input, cond=cond), "MaskedFillBackward0")


# Split out to keep files short; re-exported here, where the names have always lived.
from .compare import (  # noqa: E402, F401
    eq,
    ge,
    gt,
    le,
    lt,
    ne,
)
from .unary import (  # noqa: E402, F401
    Abs,
    Cos,
    Exp,
    Expm1,
    Log,
    Log1p,
    Reciprocal,
    ReLU,
    Rsqrt,
    Sigmoid,
    Sign,
    Sin,
    Sqrt,
    Square,
    Tanh,
    abs,
    cos,
    exp,
    expm1,
    floor,
    log,
    log1p,
    reciprocal,
    relu,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    tanh,
    trunc,
)
