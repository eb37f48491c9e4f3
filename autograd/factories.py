"""Tensor factories: zeros, ones, full, empty, randn, rand, arange, eye, from_numpy, the
``*_like`` forms and the ``Tensor.new_*`` helpers.

Each takes ``dtype=`` and ``requires_grad=``; random ones draw from the shared
generator in :mod:`autograd.random`, so :func:`autograd.manual_seed` fixes them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes
from .dtypes import DTypeLike
from .random import generator
from .tensor import Tensor


def _shape(shape: tuple[Any, ...]) -> tuple[int, ...]:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    for n in shape:  # torch's exception types: TypeError for a non-int, RuntimeError for < 0
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"shape must be a tuple of ints, got {shape}")
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: "
                               f"{list(shape)}")
    return tuple(int(n) for n in shape)


def _finish(data: np.ndarray, requires_grad: bool) -> Tensor:
    t = Tensor._make(data)
    if requires_grad:
        t.requires_grad = True
    return t


def _float_dtype(dtype: DTypeLike) -> np.dtype:
    return dtypes.DEFAULT_FLOAT if dtype is None else dtypes.to_dtype(dtype)


def tensor(data: Any, requires_grad: bool = False, dtype: DTypeLike = None) -> Tensor:
    """Make a Tensor from array-like data (same as ``Tensor(...)``), as ``torch.tensor``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1, 2]).dtype, ag.tensor([1.0, 2.0]).dtype
        (dtype('int64'), dtype('float32'))
    """
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def zeros(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype`` says otherwise).

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, 3).shape
        (2, 3)
    """
    return _finish(np.zeros(_shape(shape), _float_dtype(dtype)), requires_grad)


def empty(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """An uninitialized tensor, as ``torch.empty``; here it holds zeros.

    Example:
        >>> import autograd as ag
        >>> ag.empty(2, 3).shape, ag.empty(2, dtype="int64").dtype
        ((2, 3), dtype('int64'))
    """
    return zeros(*shape, dtype=dtype, requires_grad=requires_grad)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array`` and keeping its dtype, as ``torch.from_numpy``.

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
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected np.ndarray (got {type(array).__name__})")
    if array.dtype.kind not in "biufc":
        raise TypeError(f"from_numpy: can't convert np.ndarray of type {array.dtype}; use a "
                        "bool, integer, floating or complex array")
    return Tensor._make(array)


def ones(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones.

    Example:
        >>> import autograd as ag
        >>> ag.ones(2)
        tensor([1., 1.])
    """
    return _finish(np.ones(_shape(shape), _float_dtype(dtype)), requires_grad)


def full(shape: Any, fill_value: Any, dtype: DTypeLike = None,
         requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value``; its dtype follows the value as ``torch.full``.

    Example:
        >>> import autograd as ag
        >>> ag.full((2,), 7)
        tensor([7, 7])
    """
    if dtype is None:
        dtype = _scalar_default_dtype(fill_value)
    shape = _shape((shape,) if isinstance(shape, (int, np.integer)) else (tuple(shape),))
    return _finish(np.full(shape, fill_value, dtypes.to_dtype(dtype)), requires_grad)


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


def _random_dtype(dtype: DTypeLike, op: str) -> np.dtype:
    """The dtype of a random float factory; torch has no such kernel for other dtypes."""
    dtype = _float_dtype(dtype)
    if dtype.kind != "f":
        raise NotImplementedError(f"{op}: sampling is not implemented for dtype {dtype}; "
                                  "use a floating dtype (or randint for integers)")
    return dtype


def randn(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Samples from the standard normal distribution.

    Example:
        >>> import autograd as ag
        >>> ag.randn(2, 3).shape
        (2, 3)
    """
    dtype = _random_dtype(dtype, "randn")
    data = generator().standard_normal(_shape(shape), dtype=np.float64)
    return _finish(data.astype(dtype), requires_grad)


def rand(*shape: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Samples from the uniform distribution on ``[0, 1)``.

    Example:
        >>> import autograd as ag
        >>> bool(((ag.rand(100) >= 0) & (ag.rand(100) < 1)).all())
        True
    """
    dtype = _random_dtype(dtype, "rand")
    data = generator().random(_shape(shape), dtype=np.float64)
    return _finish(data.astype(dtype), requires_grad)


def randint(low: int, high: int, size: Any, dtype: DTypeLike = None) -> Tensor:
    """Random integers in ``[low, high)`` (int64 by default).

    Example:
        >>> import autograd as ag
        >>> t = ag.randint(0, 10, (3,))
        >>> t.dtype, bool(((t >= 0) & (t < 10)).all())
        (dtype('int64'), True)
    """
    shape = _shape((size,) if isinstance(size, (int, np.integer)) else (tuple(size),))
    data = generator().integers(low, high, shape)
    dtype = dtypes.DEFAULT_INT if dtype is None else dtypes.to_dtype(dtype)
    return Tensor._make(data.astype(dtype))


def arange(start: float, end: float | None = None, step: float = 1, dtype: DTypeLike = None,
           requires_grad: bool = False) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) by ``step``, as ``torch.arange``.

    Integer arguments give int64, any float argument gives float32.

    Example:
        >>> import autograd as ag
        >>> ag.arange(3), ag.arange(0, 1, 0.25)
        (tensor([0, 1, 2]), tensor([0.0000, 0.2500, 0.5000, 0.7500]))
    """
    if end is None:
        start, end = 0, start
    start, end, step = (v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    if step == 0:
        raise RuntimeError("arange: step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"arange: upper bound and lower bound inconsistent with step sign "
                           f"(start={start}, end={end}, step={step})")
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = dtypes.DEFAULT_INT if is_int else dtypes.DEFAULT_FLOAT
    return _finish(np.arange(start, end, step).astype(dtypes.to_dtype(dtype)), requires_grad)


def linspace(start: float, end: float, steps: int, dtype: DTypeLike = None,
             requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive.

    Example:
        >>> import autograd as ag
        >>> ag.linspace(0, 1, 5)
        tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    return _finish(np.linspace(start, end, steps).astype(_float_dtype(dtype)), requires_grad)


def eye(n: int, m: int | None = None, dtype: DTypeLike = None,
        requires_grad: bool = False) -> Tensor:
    """The identity matrix (``n`` x ``m``, square by default).

    Example:
        >>> import autograd as ag
        >>> ag.eye(2)
        tensor([[1., 0.],
                [0., 1.]])
    """
    for name, size in (("n", n), ("m", m)):
        if size is not None and size < 0:
            raise RuntimeError(f"eye: {name} must be greater or equal to 0, got {size}")
    return _finish(np.eye(n, m, dtype=_float_dtype(dtype)), requires_grad)


def _like(t: Any, fill: Any, dtype: DTypeLike, requires_grad: bool) -> Tensor:
    source = t._data if isinstance(t, Tensor) else np.asarray(t)
    dtype = source.dtype if dtype is None else dtypes.to_dtype(dtype)
    return _finish(np.full(source.shape, fill, dtype), requires_grad)


def zeros_like(t: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Zeros with the shape and dtype of ``t``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros_like(ag.ones(2, dtype="float64"))
        tensor([0., 0.], dtype=float64)
    """
    return _like(t, 0, dtype, requires_grad)


def ones_like(t: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Ones with the shape and dtype of ``t``.

    Example:
        >>> import autograd as ag
        >>> ag.ones_like(ag.tensor([1, 2]))
        tensor([1, 1])
    """
    return _like(t, 1, dtype, requires_grad)


def full_like(t: Any, fill_value: Any, dtype: DTypeLike = None,
              requires_grad: bool = False) -> Tensor:
    """``fill_value`` with the shape and dtype of ``t``.

    Example:
        >>> import autograd as ag
        >>> ag.full_like(ag.zeros(2), 0.5)
        tensor([0.5000, 0.5000])
    """
    return _like(t, fill_value, dtype, requires_grad)


def randn_like(t: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples with the shape and dtype of ``t``.

    Example:
        >>> import autograd as ag
        >>> ag.randn_like(ag.zeros(2, 3, dtype="float64")).dtype
        dtype('float64')
    """
    source = t._data if isinstance(t, Tensor) else np.asarray(t)
    return randn(*source.shape, dtype=dtype or source.dtype, requires_grad=requires_grad)


def rand_like(t: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """Uniform ``[0, 1)`` samples with the shape and dtype of ``t``.

    Example:
        >>> import autograd as ag
        >>> ag.rand_like(ag.zeros(4)).shape
        (4,)
    """
    source = t._data if isinstance(t, Tensor) else np.asarray(t)
    return rand(*source.shape, dtype=dtype or source.dtype, requires_grad=requires_grad)


def empty_like(t: Any, dtype: DTypeLike = None, requires_grad: bool = False) -> Tensor:
    """An uninitialized tensor with the shape and dtype of ``t``; here it holds zeros.

    Example:
        >>> import autograd as ag
        >>> ag.empty_like(ag.ones(2, 3)).shape
        (2, 3)
    """
    return _like(t, 0, dtype, requires_grad)


# -- Tensor.new_* (the tensor methods call these): dtype of the source unless given ----------


def _new_full(t: Tensor, shape: tuple[Any, ...], fill_value: Any, dtype: DTypeLike,
              requires_grad: bool) -> Tensor:
    dtype = t._data.dtype if dtype is None else dtypes.to_dtype(dtype)
    return _finish(np.full(_shape(shape), fill_value, dtype), requires_grad)


def _new_tensor(t: Tensor, data: Any, dtype: DTypeLike, requires_grad: bool) -> Tensor:
    if isinstance(data, Tensor):
        data = data._data
    dtype = t._data.dtype if dtype is None else dtypes.to_dtype(dtype)
    return _finish(np.array(data, dtype=dtype), requires_grad)
