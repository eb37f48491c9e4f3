"""Arithmetic: add, sub, mul, div, neg, pow, remainder, floor_divide, fmod,
reciprocal, square, sqrt, rsqrt, lerp and hypot.

Each op is a :class:`~autograd.function.Function` whose forward runs on arrays and saves
what its derivative needs (often its output, which the forward computed anyway); the
backward is one formula that runs on arrays or, under ``create_graph=True``, on Tensors,
so every op here is differentiable to any order. Integer and bool input to a floating
function is promoted to float32 first, as in PyTorch.

Binary ops broadcast like NumPy; their backward reduces each gradient back to its input's
shape with :func:`autograd._shape.unbroadcast`. ``div``'s rounding modes and the integer
``remainder`` and ``floor_divide`` follow PyTorch (an integer division by zero raises).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes
from .._shape import broadcast_shapes, unbroadcast
from .._typing import TensorLike
from ..function import Function, _named
from ..tensor import Tensor
from ._operands import (
    REFUSES_BOOL,
    _apply_binary,
    _binary,
    _float,
    _not_implemented,
    _operands,
    as_tensor,
    cast,
)
from .piecewise import floor, trunc

__all__ = [
    "add",
    "div",
    "floor_divide",
    "fmod",
    "hypot",
    "lerp",
    "mul",
    "neg",
    "pow",
    "reciprocal",
    "remainder",
    "rsqrt",
    "sqrt",
    "square",
    "sub",
]


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


REFUSES_BOOL.add(Sub)  # bool - bool is refused, as in torch (see _operands._binary)


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


class Sqrt(Function):
    """out = sqrt(x).  d/dx = grad / (2 * out)."""

    @staticmethod
    def forward(ctx, x):
        out = np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad / (2 * out),)


class Square(Function):
    """out = x * x.  d/dx = grad * 2 * x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * (x + x),)


class Rsqrt(Function):
    """out = 1 / sqrt(x).  d/dx = -grad * out**3 / 2."""

    @staticmethod
    def forward(ctx, x):
        out = 1 / np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * (out * out * out) * -0.5,)


class Reciprocal(Function):
    """out = 1 / x.  d/dx = -grad * out**2."""

    @staticmethod
    def forward(ctx, x):
        out = 1 / x
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (-grad * (out * out),)


def sqrt(input: TensorLike) -> Tensor:
    """Elementwise square root.

    Example:
        >>> import autograd as ag
        >>> ag.sqrt(ag.tensor([4.0, 9.0]))
        tensor([2., 3.])
    """
    return Sqrt.apply(_float(input))


def square(input: TensorLike) -> Tensor:
    """Elementwise ``x * x``, as ``torch.square``; integer and bool input give int64.

    Example:
        >>> import autograd as ag
        >>> ag.square(ag.tensor([-2.0, 3.0]))
        tensor([4., 9.])
    """
    input = as_tensor(input)
    if input._data.dtype.kind == "b":
        input = cast(input, np.int64)
    return Square.apply(input)


def rsqrt(input: TensorLike) -> Tensor:
    """Elementwise reciprocal square root ``1 / sqrt(x)``, as ``torch.rsqrt``.

    Example:
        >>> import autograd as ag
        >>> ag.rsqrt(ag.tensor([4.0, 0.25]))
        tensor([0.5000, 2.0000])
    """
    return Rsqrt.apply(_float(input))


def reciprocal(input: TensorLike) -> Tensor:
    """Elementwise ``1 / x``, as ``torch.reciprocal``; integer input gives float32.

    Example:
        >>> import autograd as ag
        >>> ag.reciprocal(ag.tensor([2.0, -4.0]))
        tensor([ 0.5000, -0.2500])
    """
    return Reciprocal.apply(_float(input))


class Hypot(Function):
    """out = sqrt(a**2 + b**2).  d/da = grad * a / out,  d/db = grad * b / out."""

    @staticmethod
    def forward(ctx, a, b):
        out = np.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        return (
            unbroadcast(grad * a / out, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad * b / out, b.shape) if ctx.needs_input_grad[1] else None,
        )


def _lerp(start: Any, end: Any, weight: Any) -> Any:
    """torch's two-sided lerp: exact at both ends (weight 0 gives start, 1 gives end)."""
    diff = end - start
    return np.where(np.abs(weight) < 0.5, start + weight * diff, end - diff * (1 - weight))


class LerpScalar(Function):
    """out = start + w * (end - start) for a number w.  d/dstart = grad * (1 - w),
    d/dend = grad * w."""

    torch_name = "LerpBackward0"

    @staticmethod
    def forward(ctx, start, end, *, weight):
        ctx.shapes = start.shape, end.shape
        ctx.weight = weight
        return _lerp(start, end, np.asarray(weight, start.dtype)).astype(start.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        s_shape, e_shape = ctx.shapes
        w = ctx.weight
        return (
            unbroadcast(grad * (1 - w), s_shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad * w, e_shape) if ctx.needs_input_grad[1] else None,
        )


class Lerp(Function):
    """out = start + w * (end - start) for a tensor w.  d/dstart = grad * (1 - w),
    d/dend = grad * w,  d/dw = grad * (end - start)."""

    torch_name = "LerpBackward1"

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        return _lerp(start, end, weight)

    @staticmethod
    def backward(ctx, grad):
        start, end, w = ctx.saved_tensors
        needs = ctx.needs_input_grad
        return (
            unbroadcast(grad * (1 - w), start.shape) if needs[0] else None,
            unbroadcast(grad * w, end.shape) if needs[1] else None,
            unbroadcast(grad * (end - start), w.shape) if needs[2] else None,
        )


class Fmod(Function):
    """out = a - trunc(a / b) * b (the sign of a, as C's fmod).  d/da = grad,
    d/db = -grad * trunc(a / b)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        if a.dtype.kind == "f":
            with np.errstate(divide="ignore", invalid="ignore"):
                ctx.save_for_backward(np.trunc(a / b))  # piecewise constant: no derivative
        return np.fmod(a, b)

    @staticmethod
    def backward(ctx, grad):
        (quotient,) = ctx.saved_tensors
        a_shape, b_shape = ctx.shapes
        return (
            unbroadcast(grad, a_shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(-grad * quotient, b_shape) if ctx.needs_input_grad[1] else None,
        )


def hypot(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``sqrt(input**2 + other**2)`` without overflow, as ``torch.hypot``
    (floating tensors only, as torch).

    Example:
        >>> import autograd as ag
        >>> ag.hypot(ag.tensor([3.0, 5.0]), ag.tensor([4.0, 12.0]))
        tensor([ 5., 13.])
    """
    a, b = _operands(input, other)
    _not_implemented("hypot", a, b)
    return _apply_binary(Hypot, a, b, "hypot")


def lerp(input: TensorLike, end: TensorLike, weight: TensorLike) -> Tensor:
    """Linear interpolation ``input + weight * (end - input)``, as ``torch.lerp``.

    ``input`` and ``end`` are floating tensors of one dtype; ``weight`` is a number or a
    tensor (all three broadcast). The result is exact at ``weight`` 0 and 1.

    Example:
        >>> import autograd as ag
        >>> ag.lerp(ag.tensor([0.0, 10.0]), ag.tensor([1.0, 20.0]), 0.25)
        tensor([ 0.2500, 12.5000])
    """
    start, end = as_tensor(input), as_tensor(end, as_tensor(input)._data.dtype)
    _not_implemented("lerp", start, end)
    if start._data.dtype != end._data.dtype:
        raise RuntimeError(
            f"lerp: expected end to have dtype {start.dtype} like input, got "
            f"{end.dtype}; convert one with .to() or .type_as()"
        )
    if not isinstance(weight, Tensor):
        if isinstance(weight, np.ndarray):
            weight = Tensor._make(weight)
        else:
            return _apply_binary_lerp_scalar(start, end, weight)
    if weight._data.dtype != start._data.dtype:
        if weight.ndim != 0:
            raise RuntimeError(
                f"lerp: expected weight to have dtype {start.dtype} like input, "
                f"got {weight.dtype}; convert it with .type_as(input)"
            )
        weight = cast(weight, start._data.dtype)  # a 0-d weight takes input's dtype, as torch
    try:
        return Lerp.apply(start, end, weight)
    except ValueError:
        broadcast_shapes("lerp", np.broadcast_shapes(start.shape, end.shape), weight.shape)
        broadcast_shapes("lerp", start.shape, end.shape)
        raise


def _apply_binary_lerp_scalar(start: Tensor, end: Tensor, weight: Any) -> Tensor:
    try:
        return LerpScalar.apply(start, end, weight=float(weight))
    except ValueError:
        broadcast_shapes("lerp", start.shape, end.shape)
        raise


def fmod(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise C remainder ``input - trunc(input / other) * other`` (the sign of
    ``input``), as ``torch.fmod``; compare :func:`autograd.remainder`.

    Example:
        >>> import autograd as ag
        >>> ag.fmod(ag.tensor([5.5, -5.5]), 2.0)
        tensor([ 1.5000, -1.5000])
        >>> ag.fmod(ag.tensor([-7, 7]), 3)
        tensor([-1,  1])
    """
    tensor_divisor = isinstance(other, Tensor)
    a, b = _operands(input, other)
    _not_implemented("fmod", a, b, kinds="b")
    _integer_zero_divisor(a, b, "fmod")
    out = _apply_binary(Fmod, a, b, "fmod")
    return _named(out, "FmodBackward1") if tensor_divisor else out
