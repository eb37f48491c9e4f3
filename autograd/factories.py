"""Tensor factories: zeros, ones, full, empty, randn, rand, randint, arange, linspace,
eye, tensor, as_tensor, from_numpy, the ``*_like`` forms and the ``Tensor.new_*`` helpers.

Each takes torch's parameters in torch's order: ``out=``, ``dtype=``, ``device=``
(the CPU, the only device here) and ``requires_grad=`` where torch has them, and
``generator=`` on the random ones. Random factories draw from the shared generator in
:mod:`autograd.random` unless given a ``np.random.Generator``, so
:func:`autograd.manual_seed` fixes them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from numbers import Number
from typing import Any, TypeVar

import numpy as np

from . import dtypes
from .devices import DeviceLike, check, strided
from .dtypes import DTypeLike
from .random import generator as _shared_generator
from .tensor import Tensor

F = TypeVar("F", bound=Callable[..., Tensor])


def _size_keyword(fn: F) -> F:
    """Let ``fn(*size, ...)`` also be called as ``fn(size=(2, 3))``, as torch's factories."""

    @functools.wraps(fn)
    def wrapper(*size: Any, **kwargs: Any) -> Tensor:
        if "size" in kwargs:
            if size:
                raise TypeError(
                    f"{fn.__name__}() got the size both positionally {size} and "
                    f"as size={kwargs['size']!r}"
                )
            size = (kwargs.pop("size"),)
        return fn(*size, **kwargs)

    return wrapper  # type: ignore[return-value]


def _shape(shape: tuple[Any, ...]) -> tuple[int, ...]:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    for n in shape:  # torch's exception types: TypeError for a non-int, RuntimeError for < 0
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"shape must be a tuple of ints, got {shape}")
        if n < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {n}: {list(shape)}"
            )
    return tuple(int(n) for n in shape)


def _size(size: Any) -> tuple[int, ...]:
    return _shape((size,) if isinstance(size, (int, np.integer)) else (tuple(size),))


def _finish(
    data: np.ndarray, requires_grad: bool, out: Tensor | None = None, where: str = ""
) -> Tensor:
    if out is not None:
        return _write_out(data, out, requires_grad, where)
    t = Tensor._make(data)
    if requires_grad:
        t.requires_grad = True
    return t


def _write_out(data: np.ndarray, out: Any, requires_grad: bool, where: str) -> Tensor:
    """Store a factory's result in ``out`` (resized when its shape differs), as torch."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{where}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if requires_grad or out.requires_grad:
        raise RuntimeError(
            f"{where}(): functions with out=... arguments don't support "
            "automatic differentiation, but one of the arguments requires grad"
        )
    if out._data.shape == data.shape:
        out._data[...] = data
    else:
        out._data = data.astype(out._data.dtype)
    return out


def _dtype(dtype: DTypeLike, default: np.dtype, out: Tensor | None, where: str) -> np.dtype:
    """The result's dtype: ``dtype``, else ``out``'s, else ``default``; they must agree."""
    if out is not None and isinstance(out, Tensor):
        if dtype is not None and dtypes.to_dtype(dtype) != out._data.dtype:
            raise RuntimeError(
                f"{where}(): dtype {dtypes.to_dtype(dtype)} does not match the "
                f"dtype of out= ({out._data.dtype})"
            )
        return out._data.dtype
    return default if dtype is None else dtypes.to_dtype(dtype)


def _place(device: DeviceLike, layout: Any, where: str) -> None:
    """Check a factory's ``device`` (the CPU) and ``layout`` (dense: ``None`` or
    ``ag.strided``, the only layout here)."""
    check(device, where)
    if layout is not None and layout is not strided:
        raise RuntimeError(
            f"{where}(): layout {layout!r} is not supported; tensors here are "
            "dense (layout=autograd.strided)"
        )


def _rng(generator: Any, where: str) -> np.random.Generator:
    if generator is None:
        return _shared_generator()
    if not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"{where}(): generator must be a np.random.Generator (e.g. the one "
            f"autograd.manual_seed returns), not {type(generator).__name__}"
        )
    return generator


def tensor(
    data: Any,
    *,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """Make a Tensor from array-like data (always a copy), as ``torch.tensor``.

    Args:
        data: a number, a (nested) list or tuple, an array or a Tensor.
        dtype: the result's dtype; by default inferred as torch does (Python floats
            float32, ints int64, bools bool; a NumPy array keeps its dtype).
        device: the CPU (``None``, ``'cpu'`` or ``ag.device('cpu')``).
        requires_grad: make the result a leaf that records operations.
        pin_memory: accepted for torch's signature; it changes nothing on the CPU.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1, 2]).dtype, ag.tensor([1.0, 2.0]).dtype
        (dtype('int64'), dtype('float32'))
        >>> ag.tensor([[1, 2], [3]])
        Traceback (most recent call last):
        ...
        ValueError: expected sequence of length 2 at dim 1 (got 1)
    """
    check(device, "tensor")
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def as_tensor(data: Any, *, dtype: DTypeLike = None, device: DeviceLike = None) -> Tensor:
    """``data`` as a Tensor, sharing memory where it can, as ``torch.as_tensor``.

    A Tensor of the wanted dtype is returned as it is, and a NumPy array of a tensor
    dtype is wrapped without a copy (writes to one show in the other); anything else
    (lists, numbers, another dtype) is converted as :func:`tensor` does.

    Example:
        >>> import numpy as np
        >>> import autograd as ag
        >>> a = np.array([1.0, 2.0])
        >>> t = ag.as_tensor(a)
        >>> a[0] = 5.0
        >>> t, ag.as_tensor([1, 2], dtype=ag.float32)
        (tensor([5., 2.], dtype=float64), tensor([1., 2.]))
    """
    check(device, "as_tensor")
    if isinstance(data, Tensor):
        return data if dtype is None else data.to(dtype)
    if (
        isinstance(data, np.ndarray)
        and data.dtype.kind in "biufc"
        and (dtype is None or dtypes.to_dtype(dtype) == data.dtype)
    ):
        return Tensor._make(data)
    return Tensor(data, dtype=dtype)


@_size_keyword
def zeros(
    *size: Any,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype`` says otherwise), as ``torch.zeros``.

    The size is given as ints, one sequence or ``size=``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, 3).shape, ag.zeros((2, 3)).shape, ag.zeros(size=[2, 3]).shape
        ((2, 3), (2, 3), (2, 3))
    """
    _place(device, layout, "zeros")
    dtype = _dtype(dtype, dtypes.DEFAULT_FLOAT, out, "zeros")
    return _finish(np.zeros(_shape(size), dtype), requires_grad, out, "zeros")


@_size_keyword
def ones(
    *size: Any,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """A tensor of ones, as ``torch.ones``.

    Example:
        >>> import autograd as ag
        >>> ag.ones(2), ag.ones(size=(1,), dtype=ag.int64)
        (tensor([1., 1.]), tensor([1]))
    """
    _place(device, layout, "ones")
    dtype = _dtype(dtype, dtypes.DEFAULT_FLOAT, out, "ones")
    return _finish(np.ones(_shape(size), dtype), requires_grad, out, "ones")


@_size_keyword
def empty(
    *size: Any,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """An uninitialized tensor, as ``torch.empty``; here it holds zeros.

    ``pin_memory`` and ``memory_format`` are accepted for torch's signature and change
    nothing.

    Example:
        >>> import autograd as ag
        >>> ag.empty(2, 3).shape, ag.empty(2, dtype="int64").dtype
        ((2, 3), dtype('int64'))
    """
    _place(device, layout, "empty")
    dtype = _dtype(dtype, dtypes.DEFAULT_FLOAT, out, "empty")
    return _finish(np.zeros(_shape(size), dtype), requires_grad, out, "empty")


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``ndarray`` and keeping its dtype, as
    ``torch.from_numpy``.

    Writes to one show in the other.

    Example:
        >>> import numpy as np
        >>> import autograd as ag
        >>> a = np.array([1, 2, 3])
        >>> t = ag.from_numpy(a)
        >>> a[0] = 7
        >>> t
        tensor([7, 2, 3])
    """
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    if ndarray.dtype.kind not in "biufc":
        raise TypeError(
            f"from_numpy: can't convert np.ndarray of type {ndarray.dtype}; use "
            "a bool, integer, floating or complex array"
        )
    return Tensor._make(ndarray)


def full(
    size: Any,
    fill_value: Any,
    *,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """A tensor filled with ``fill_value``; its dtype follows the value, as ``torch.full``.

    Example:
        >>> import autograd as ag
        >>> ag.full((2,), 7), ag.full(size=(1,), fill_value=0.5)
        (tensor([7, 7]), tensor([0.5000]))
    """
    _place(device, layout, "full")
    if not isinstance(size, (tuple, list)):
        raise TypeError(
            f"full(): argument 'size' (position 1) must be tuple of ints, not {type(size).__name__}"
        )
    _check_number(fill_value, "full")
    dtype = _dtype(dtype, _scalar_default_dtype(fill_value), out, "full")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value._data.item()
    return _finish(np.full(_size(size), fill_value, dtype), requires_grad, out, "full")


def _check_number(value: Any, where: str, position: int = 2) -> None:
    if isinstance(value, Tensor) and value._data.size == 1:
        return
    if not isinstance(value, (Number, np.number, np.bool_)):
        raise TypeError(
            f"{where}(): argument 'fill_value' (position {position}) must be "
            f"Number, not {type(value).__name__}"
        )


def _scalar_default_dtype(value: Any) -> np.dtype:
    """``torch.full``'s dtype for a fill value: a Python bool gives bool, an integer int64,
    a complex complex64, anything else (float, NumPy float or bool scalar) float32."""
    if isinstance(value, Tensor):
        value = value._data.item()
    if isinstance(value, bool):
        return np.dtype(np.bool_)
    if isinstance(value, (int, np.integer)):
        return dtypes.DEFAULT_INT
    if isinstance(value, (complex, np.complexfloating)):
        return dtypes.DEFAULT_COMPLEX
    return dtypes.DEFAULT_FLOAT


def _random_dtype(dtype: DTypeLike, out: Tensor | None, op: str) -> np.dtype:
    """The dtype of a random float factory; torch has no such kernel for other dtypes."""
    dtype = _dtype(dtype, dtypes.DEFAULT_FLOAT, out, op)
    if dtype.kind != "f":
        raise NotImplementedError(
            f"{op}: sampling is not implemented for dtype {dtype}; "
            "use a floating dtype (or randint for integers)"
        )
    return dtype


@_size_keyword
def randn(
    *size: Any,
    generator: np.random.Generator | None = None,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """Samples from the standard normal distribution, as ``torch.randn``.

    Example:
        >>> import autograd as ag
        >>> ag.randn(2, 3).shape, ag.randn(2, device=ag.device("cpu")).device
        ((2, 3), device(type='cpu'))
    """
    _place(device, layout, "randn")
    dtype = _random_dtype(dtype, out, "randn")
    data = _rng(generator, "randn").standard_normal(_shape(size), dtype=np.float64)
    return _finish(data.astype(dtype), requires_grad, out, "randn")


@_size_keyword
def rand(
    *size: Any,
    generator: np.random.Generator | None = None,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """Samples from the uniform distribution on ``[0, 1)``, as ``torch.rand``.

    Example:
        >>> import autograd as ag
        >>> bool(((ag.rand(100) >= 0) & (ag.rand(100) < 1)).all())
        True
    """
    _place(device, layout, "rand")
    dtype = _random_dtype(dtype, out, "rand")
    data = _rng(generator, "rand").random(_shape(size), dtype=np.float64)
    return _finish(data.astype(dtype), requires_grad, out, "rand")


def randint(
    low: int = 0,
    high: Any = None,
    size: Any = None,
    *,
    generator: np.random.Generator | None = None,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """Random integers in ``[low, high)`` (int64 by default), as ``torch.randint``.

    Called as ``randint(low, high, size)`` or ``randint(high, size)``.

    Example:
        >>> import autograd as ag
        >>> t = ag.randint(0, 10, (3,))
        >>> t.dtype, bool(((t >= 0) & (t < 10)).all()), ag.randint(5, (2, 2)).shape
        (dtype('int64'), True, (2, 2))
    """
    _place(device, layout, "randint")
    if size is None:  # randint(high, size): the two given are high and size
        if high is None:
            raise TypeError(
                "randint() missing its size: call randint(high, size) or randint(low, high, size)"
            )
        low, high, size = 0, low, high
    elif high is None:
        low, high = 0, low
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    dtype = _dtype(dtype, dtypes.DEFAULT_INT, out, "randint")
    data = _rng(generator, "randint").integers(low, high, _size(size))
    return _finish(data.astype(dtype), requires_grad, out, "randint")


def arange(
    start: float = 0,
    end: float | None = None,
    step: float = 1,
    *,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) by ``step``, as ``torch.arange``.

    Called as ``arange(end)``, ``arange(start, end)`` or ``arange(start, end, step)``.
    Integer arguments give int64, any float argument gives float32.

    Example:
        >>> import autograd as ag
        >>> ag.arange(3), ag.arange(0, 1, 0.25)
        (tensor([0, 1, 2]), tensor([0.0000, 0.2500, 0.5000, 0.7500]))
    """
    _place(device, layout, "arange")
    if end is None:
        start, end = 0, start
    start, end, step = (v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    if step == 0:
        raise RuntimeError("arange: step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(
            f"arange: upper bound and lower bound inconsistent with step sign "
            f"(start={start}, end={end}, step={step})"
        )
    is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
    dtype = _dtype(dtype, dtypes.DEFAULT_INT if is_int else dtypes.DEFAULT_FLOAT, out, "arange")
    return _finish(np.arange(start, end, step).astype(dtype), requires_grad, out, "arange")


def linspace(
    start: float,
    end: float,
    steps: int,
    *,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive, as
    ``torch.linspace``.

    Example:
        >>> import autograd as ag
        >>> ag.linspace(0, 1, 5)
        tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    _place(device, layout, "linspace")
    dtype = _dtype(dtype, dtypes.DEFAULT_FLOAT, out, "linspace")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"linspace(): argument 'steps' must be int, not {type(steps).__name__}")
    if steps < 0:
        raise RuntimeError(f"linspace(): number of steps must be non-negative, got {steps}")
    data = np.linspace(start, end, steps).astype(dtype)
    return _finish(data, requires_grad, out, "linspace")


def eye(
    n: int,
    m: int | None = None,
    *,
    out: Tensor | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """The identity matrix (``n`` x ``m``, square by default), as ``torch.eye``.

    Example:
        >>> import autograd as ag
        >>> ag.eye(2)
        tensor([[1., 0.],
                [0., 1.]])
    """
    _place(device, layout, "eye")
    for name, count in (("n", n), ("m", m)):
        if count is not None and count < 0:
            raise RuntimeError(f"eye: {name} must be greater or equal to 0, got {count}")
    dtype = _dtype(dtype, dtypes.DEFAULT_FLOAT, out, "eye")
    return _finish(np.eye(n, m, dtype=dtype), requires_grad, out, "eye")


def _source(input: Any) -> np.ndarray:  # noqa: A002
    return input._data if isinstance(input, Tensor) else np.asarray(input)


def _like(
    input: Any,
    fill: Any,
    dtype: DTypeLike,
    layout: Any,  # noqa: A002
    device: DeviceLike,
    requires_grad: bool,
    where: str,
) -> Tensor:
    _place(device, layout, where)
    source = _source(input)
    dtype = source.dtype if dtype is None else dtypes.to_dtype(dtype)
    return _finish(np.full(source.shape, fill, dtype), requires_grad)


def zeros_like(
    input: Any,
    *,
    dtype: DTypeLike = None,
    layout: Any = None,  # noqa: A002
    device: DeviceLike = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Zeros with the shape and dtype of ``input``, as ``torch.zeros_like``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros_like(ag.ones(2, dtype="float64"))
        tensor([0., 0.], dtype=float64)
    """
    return _like(input, 0, dtype, layout, device, requires_grad, "zeros_like")


def ones_like(
    input: Any,
    *,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,  # noqa: A002
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Ones with the shape and dtype of ``input``, as ``torch.ones_like``.

    Example:
        >>> import autograd as ag
        >>> ag.ones_like(ag.tensor([1, 2]))
        tensor([1, 1])
    """
    return _like(input, 1, dtype, layout, device, requires_grad, "ones_like")


def full_like(
    input: Any,
    fill_value: Any,
    *,
    dtype: DTypeLike = None,
    layout: Any = None,  # noqa: A002
    device: DeviceLike = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """``fill_value`` with the shape and dtype of ``input``, as ``torch.full_like``.

    Example:
        >>> import autograd as ag
        >>> ag.full_like(ag.zeros(2), 0.5)
        tensor([0.5000, 0.5000])
    """
    _check_number(fill_value, "full_like")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value._data.item()
    return _like(input, fill_value, dtype, layout, device, requires_grad, "full_like")


def empty_like(
    input: Any,
    *,
    dtype: DTypeLike = None,
    layout: Any = None,  # noqa: A002
    device: DeviceLike = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """An uninitialized tensor with the shape and dtype of ``input``; here it holds zeros.

    Example:
        >>> import autograd as ag
        >>> ag.empty_like(ag.ones(2, 3)).shape
        (2, 3)
    """
    return _like(input, 0, dtype, layout, device, requires_grad, "empty_like")


def randn_like(
    input: Any,
    *,
    generator: np.random.Generator | None = None,  # noqa: A002
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Standard normal samples with the shape and dtype of ``input``, as
    ``torch.randn_like``.

    Example:
        >>> import autograd as ag
        >>> ag.randn_like(ag.zeros(2, 3, dtype="float64")).dtype
        dtype('float64')
    """
    _place(device, layout, "randn_like")
    source = _source(input)
    return randn(
        *source.shape, generator=generator, dtype=dtype or source.dtype, requires_grad=requires_grad
    )


def rand_like(
    input: Any,
    *,
    generator: np.random.Generator | None = None,  # noqa: A002
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Uniform ``[0, 1)`` samples with the shape and dtype of ``input``, as
    ``torch.rand_like``.

    Example:
        >>> import autograd as ag
        >>> ag.rand_like(ag.zeros(4)).shape
        (4,)
    """
    _place(device, layout, "rand_like")
    source = _source(input)
    return rand(
        *source.shape, generator=generator, dtype=dtype or source.dtype, requires_grad=requires_grad
    )


def randint_like(
    input: Any,
    low: int = 0,
    high: int | None = None,
    *,  # noqa: A002
    generator: np.random.Generator | None = None,
    dtype: DTypeLike = None,
    layout: Any = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Random integers in ``[low, high)`` with the shape and dtype of ``input``, as
    ``torch.randint_like``; ``randint_like(input, high)`` draws from ``[0, high)``.

    Example:
        >>> import autograd as ag
        >>> t = ag.randint_like(ag.zeros(3, dtype="int64"), 4)
        >>> t.shape, t.dtype, bool(((t >= 0) & (t < 4)).all())
        ((3,), dtype('int64'), True)
    """
    _place(device, layout, "randint_like")
    if high is None:
        low, high = 0, low
    source = _source(input)
    return randint(
        low,
        high,
        source.shape,
        generator=generator,
        dtype=dtype or source.dtype,
        requires_grad=requires_grad,
    )


# -- Tensor.new_* (the tensor methods call these): dtype of the source unless given ----------


def _new_full(
    t: Tensor, shape: tuple[Any, ...], fill_value: Any, dtype: DTypeLike, requires_grad: bool
) -> Tensor:
    dtype = t._data.dtype if dtype is None else dtypes.to_dtype(dtype)
    return _finish(np.full(_shape(shape), fill_value, dtype), requires_grad)


def _new_tensor(t: Tensor, data: Any, dtype: DTypeLike, requires_grad: bool) -> Tensor:
    if isinstance(data, Tensor):
        data = data._data
    dtype = t._data.dtype if dtype is None else dtypes.to_dtype(dtype)
    return _finish(np.array(data, dtype=dtype), requires_grad)
