"""More elementwise math, as torch names it: erf, tan, the inverse trigonometric and the
hyperbolic functions, log2, log10, exp2, sinc; the binary atan2, hypot, logaddexp, lerp,
fmod; nan_to_num; and the logical and bitwise ops (bool or integer results, no gradient).

The differentiable ops follow :mod:`autograd.ops.unary`: forward on arrays, one backward
formula that also runs on Tensors under ``create_graph=True`` (so it uses operators and
NumPy ufuncs that Tensors route to their own ops). Integer and bool input to a floating
function is promoted to float32, as in PyTorch; binary ops broadcast and reduce each
gradient back with :func:`autograd._shape.unbroadcast`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._shape import broadcast_shapes, unbroadcast
from ..function import Function, _named
from ..tensor import Tensor
from .elementwise import _float, _integer_zero_divisor, _operands, as_tensor, cast
from .nn import Erf  # GELU's erf: a vectorised series / continued fraction

TensorLike = Any

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


# -- unary ---------------------------------------------------------------------------------


class Tan(Function):
    """out = tan(x).  d/dx = grad * (1 + out**2)."""

    @staticmethod
    def forward(ctx, x):
        out = np.tan(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * (1 + out * out),)


class Asin(Function):
    """out = asin(x).  d/dx = grad / sqrt(1 - x**2) (inf at |x| = 1, nan beyond)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arcsin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / np.sqrt(1 - x * x),)


class Acos(Function):
    """out = acos(x).  d/dx = -grad / sqrt(1 - x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arccos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (-grad / np.sqrt(1 - x * x),)


class Atan(Function):
    """out = atan(x).  d/dx = grad / (1 + x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arctan(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (1 + x * x),)


class Sinh(Function):
    """out = sinh(x).  d/dx = grad * cosh(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sinh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * np.cosh(x),)


class Cosh(Function):
    """out = cosh(x).  d/dx = grad * sinh(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cosh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * np.sinh(x),)


class Asinh(Function):
    """out = asinh(x).  d/dx = grad / sqrt(x**2 + 1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arcsinh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / np.sqrt(x * x + 1),)


class Acosh(Function):
    """out = acosh(x).  d/dx = grad / sqrt(x**2 - 1) (inf at |x| = 1, nan inside)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arccosh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / np.sqrt(x * x - 1),)


class Atanh(Function):
    """out = atanh(x).  d/dx = grad / (1 - x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arctanh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (1 - x * x),)


class Log2(Function):
    """out = log2(x).  d/dx = grad / (x * ln 2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log2(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (x * _LN2),)


class Log10(Function):
    """out = log10(x).  d/dx = grad / (x * ln 10)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log10(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (x * _LN10),)


class Exp2(Function):
    """out = 2**x.  d/dx = grad * out * ln 2."""

    @staticmethod
    def forward(ctx, x):
        out = np.exp2(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * out * _LN2,)


class Sinc(Function):
    """out = sin(pi x) / (pi x), 1 at 0.  d/dx = grad * (cos(pi x) - out) / x, 0 at x = 0."""

    @staticmethod
    def forward(ctx, x):
        out = np.sinc(x)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        zero = x == 0
        safe = np.where(zero, 1, x)  # keeps 0/0 out of both the value and its derivative
        return (np.where(zero, 0, grad * (np.cos(math.pi * x) - out) / safe),)


def erf(input: TensorLike) -> Tensor:
    """Elementwise error function ``2/sqrt(pi) * integral_0^x exp(-t**2) dt``, as ``torch.erf``.

    Example:
        >>> import autograd as ag
        >>> ag.erf(ag.tensor([0.0, 1.0, -2.0]))
        tensor([ 0.0000,  0.8427, -0.9953])
    """
    return Erf.apply(_float(input))


def tan(input: TensorLike) -> Tensor:
    """Elementwise tangent, as ``torch.tan``.

    Example:
        >>> import autograd as ag
        >>> ag.tan(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5574])
    """
    return Tan.apply(_float(input))


def asin(input: TensorLike) -> Tensor:
    """Elementwise arcsine (``nan`` outside ``[-1, 1]``), as ``torch.asin``.

    Example:
        >>> import autograd as ag
        >>> ag.asin(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5708])
    """
    return Asin.apply(_float(input))


def acos(input: TensorLike) -> Tensor:
    """Elementwise arccosine (``nan`` outside ``[-1, 1]``), as ``torch.acos``.

    Example:
        >>> import autograd as ag
        >>> ag.acos(ag.tensor([1.0, 0.0]))
        tensor([0.0000, 1.5708])
    """
    return Acos.apply(_float(input))


def atan(input: TensorLike) -> Tensor:
    """Elementwise arctangent, as ``torch.atan``.

    Example:
        >>> import autograd as ag
        >>> ag.atan(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """
    return Atan.apply(_float(input))


def sinh(input: TensorLike) -> Tensor:
    """Elementwise hyperbolic sine, as ``torch.sinh``.

    Example:
        >>> import autograd as ag
        >>> ag.sinh(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.1752])
    """
    return Sinh.apply(_float(input))


def cosh(input: TensorLike) -> Tensor:
    """Elementwise hyperbolic cosine, as ``torch.cosh``.

    Example:
        >>> import autograd as ag
        >>> ag.cosh(ag.tensor([0.0, 1.0]))
        tensor([1.0000, 1.5431])
    """
    return Cosh.apply(_float(input))


def asinh(input: TensorLike) -> Tensor:
    """Elementwise inverse hyperbolic sine, as ``torch.asinh``.

    Example:
        >>> import autograd as ag
        >>> ag.asinh(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8814])
    """
    return Asinh.apply(_float(input))


def acosh(input: TensorLike) -> Tensor:
    """Elementwise inverse hyperbolic cosine (``nan`` below 1), as ``torch.acosh``.

    Example:
        >>> import autograd as ag
        >>> ag.acosh(ag.tensor([1.0, 2.0]))
        tensor([0.0000, 1.3170])
    """
    return Acosh.apply(_float(input))


def atanh(input: TensorLike) -> Tensor:
    """Elementwise inverse hyperbolic tangent (``+-inf`` at ``+-1``), as ``torch.atanh``.

    Example:
        >>> import autograd as ag
        >>> ag.atanh(ag.tensor([0.0, 0.5]))
        tensor([0.0000, 0.5493])
    """
    return Atanh.apply(_float(input))


def log2(input: TensorLike) -> Tensor:
    """Elementwise base-2 logarithm, as ``torch.log2``.

    Example:
        >>> import autograd as ag
        >>> ag.log2(ag.tensor([1.0, 8.0]))
        tensor([0., 3.])
    """
    return Log2.apply(_float(input))


def log10(input: TensorLike) -> Tensor:
    """Elementwise base-10 logarithm, as ``torch.log10``.

    Example:
        >>> import autograd as ag
        >>> ag.log10(ag.tensor([1.0, 100.0]))
        tensor([0., 2.])
    """
    return Log10.apply(_float(input))


def exp2(input: TensorLike) -> Tensor:
    """Elementwise ``2 ** x``, as ``torch.exp2``.

    Example:
        >>> import autograd as ag
        >>> ag.exp2(ag.tensor([0.0, 3.0]))
        tensor([1., 8.])
    """
    return Exp2.apply(_float(input))


def sinc(input: TensorLike) -> Tensor:
    """Elementwise normalized sinc ``sin(pi x) / (pi x)``, 1 at 0, as ``torch.sinc``.

    Example:
        >>> import autograd as ag
        >>> ag.sinc(ag.tensor([0.0, 0.5]))
        tensor([1.0000, 0.6366])
    """
    return Sinc.apply(_float(input))


# -- binary --------------------------------------------------------------------------------


class Atan2(Function):
    """out = atan2(a, b), the angle of the point (b, a).  With r = a**2 + b**2:
    d/da = grad * b / r,  d/db = -grad * a / r (both 0 at the origin, as torch)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        r = a * a + b * b
        origin = r == 0
        recip = np.where(origin, 0, 1 / np.where(origin, 1, r))
        return (
            unbroadcast(grad * b * recip, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad * -a * recip, b.shape) if ctx.needs_input_grad[1] else None,
        )


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


class Logaddexp(Function):
    """out = log(exp(a) + exp(b)), computed stably.
    d/da = grad / (1 + exp(b - a)),  d/db = grad / (1 + exp(a - b))."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.logaddexp(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            unbroadcast(grad / (1 + np.exp(b - a)), a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad / (1 + np.exp(a - b)), b.shape) if ctx.needs_input_grad[1] else None,
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


def _not_implemented(name: str, *tensors: Tensor, kinds: str = "biu") -> None:
    """torch's NotImplementedError for a dtype its kernel does not cover."""
    for t in tensors:
        if t._data.dtype.kind in kinds:
            raise NotImplementedError(
                f"{name}: not implemented for {t.dtype} tensors (shape "
                f"{t.shape}); convert with .float() first"
            )


def _apply_binary(fn: type[Function], a: Tensor, b: Tensor, name: str) -> Tensor:
    try:
        return fn.apply(a, b)
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)  # the readable error where shapes clash
        raise


def atan2(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``atan(input / other)`` in the right quadrant, as ``torch.atan2``;
    integer and bool input give float32.

    Example:
        >>> import autograd as ag
        >>> ag.atan2(ag.tensor([1.0, 1.0]), ag.tensor([1.0, -1.0]))
        tensor([0.7854, 2.3562])
    """
    a, b = _operands(input, other)
    return _apply_binary(Atan2, _float(a), _float(b), "atan2")


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


def logaddexp(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``log(exp(input) + exp(other))`` without overflow, as ``torch.logaddexp``
    (floating tensors only, as torch).

    Example:
        >>> import autograd as ag
        >>> ag.logaddexp(ag.tensor([0.0, 100.0]), ag.tensor([0.0, 100.0]))
        tensor([  0.6931, 100.6931])
    """
    a, b = _operands(input, other)
    _not_implemented("logaddexp", a, b)
    return _apply_binary(Logaddexp, a, b, "logaddexp")


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


# -- nan_to_num ------------------------------------------------------------------------------


class NanToNum(Function):
    """out = x with NaN, +inf and -inf replaced.  d/dx = grad * isfinite(x) (so an
    infinite upstream gradient gives NaN where x is not finite, as torch's product)."""

    @staticmethod
    def forward(ctx, x, *, nan, posinf, neginf):
        ctx.save_for_backward(np.isfinite(x))
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        (finite,) = ctx.saved_tensors
        return (grad * finite,)


def nan_to_num(
    input: TensorLike, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """Replace NaN by ``nan``, +inf by ``posinf`` and -inf by ``neginf``, as
    ``torch.nan_to_num``; the infinities default to the dtype's largest and smallest
    finite values. Integer and bool tensors come back as a copy.

    Example:
        >>> import autograd as ag
        >>> ag.nan_to_num(ag.tensor([float("nan"), float("inf"), -1.0]), posinf=9.0)
        tensor([ 0.,  9., -1.])
    """
    x = as_tensor(input)
    if x._data.dtype.kind not in "fc":
        return Tensor._make(x._data.copy())
    return NanToNum.apply(x, nan=nan, posinf=posinf, neginf=neginf)


# -- logical and bitwise: no gradient ----------------------------------------------------------


def _logical(ufunc: np.ufunc, a: TensorLike, b: TensorLike, name: str) -> Tensor:
    a, b = as_tensor(a), as_tensor(b)
    try:
        return Tensor._make(ufunc(a._data, b._data))
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)
        raise


def logical_and(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``input and other`` of any dtypes (nonzero is True), a bool tensor, as
    ``torch.logical_and``.

    Example:
        >>> import autograd as ag
        >>> ag.logical_and(ag.tensor([1, 2, 0]), ag.tensor([2.0, 0.0, 1.0]))
        tensor([ True, False, False])
    """
    return _logical(np.logical_and, input, other, "logical_and")


def logical_or(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``input or other`` of any dtypes, a bool tensor, as ``torch.logical_or``.

    Example:
        >>> import autograd as ag
        >>> ag.logical_or(ag.tensor([1, 0, 0]), ag.tensor([0, 0, 3]))
        tensor([ True, False,  True])
    """
    return _logical(np.logical_or, input, other, "logical_or")


def logical_xor(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise exclusive or of the truth values, a bool tensor, as ``torch.logical_xor``.

    Example:
        >>> import autograd as ag
        >>> ag.logical_xor(ag.tensor([1, 0, 2]), ag.tensor([0, 0, 3]))
        tensor([ True, False, False])
    """
    return _logical(np.logical_xor, input, other, "logical_xor")


def logical_not(input: TensorLike) -> Tensor:
    """Elementwise ``not input`` of any dtype (zero is False), a bool tensor, as
    ``torch.logical_not``; ``~`` is :func:`bitwise_not`.

    Example:
        >>> import autograd as ag
        >>> ag.logical_not(ag.tensor([0, 3]))
        tensor([ True, False])
    """
    return Tensor._make(np.logical_not(as_tensor(input)._data))


def _bitwise(ufunc: np.ufunc, a: TensorLike, b: TensorLike, name: str) -> Tensor:
    a, b = _operands(a, b)
    _not_implemented(name, a, b, kinds="fc")
    return _logical(ufunc, a, b, name)


def bitwise_and(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise bitwise AND of integer or bool tensors (``&``), as ``torch.bitwise_and``.

    Example:
        >>> import autograd as ag
        >>> ag.bitwise_and(ag.tensor([12, 10]), 6)
        tensor([4, 2])
        >>> ag.tensor([True, True]) & ag.tensor([True, False])
        tensor([ True, False])
    """
    return _bitwise(np.bitwise_and, input, other, "bitwise_and")


def bitwise_or(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise bitwise OR of integer or bool tensors (``|``), as ``torch.bitwise_or``.

    Example:
        >>> import autograd as ag
        >>> ag.bitwise_or(ag.tensor([12, 10]), 1)
        tensor([13, 11])
    """
    return _bitwise(np.bitwise_or, input, other, "bitwise_or")


def bitwise_xor(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise bitwise XOR of integer or bool tensors (``^``), as ``torch.bitwise_xor``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([True, True]) ^ ag.tensor([True, False])
        tensor([False,  True])
    """
    return _bitwise(np.bitwise_xor, input, other, "bitwise_xor")


def bitwise_not(input: TensorLike) -> Tensor:
    """Elementwise bitwise NOT of an integer or bool tensor (``~``), as ``torch.bitwise_not``.

    Example:
        >>> import autograd as ag
        >>> ag.bitwise_not(ag.tensor([0, 5])), ~ag.tensor([True, False])
        (tensor([-1, -6]), tensor([False,  True]))
    """
    x = as_tensor(input)
    _not_implemented("bitwise_not", x, kinds="fc")
    return Tensor._make(np.invert(x._data))


def _invert(x: Tensor) -> Tensor:
    """``~x``: torch refuses it on floating tensors with a TypeError."""
    if x._data.dtype.kind in "fc":
        raise TypeError(
            f"~ (operator.invert) is only implemented on integer and bool tensors, "
            f"got {x.dtype}; for a mask compare first, e.g. ~(x > 0)"
        )
    return bitwise_not(x)
