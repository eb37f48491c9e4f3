"""dtype rules, following ``torch.tensor`` and PyTorch's type promotion.

- Python floats (and lists of them) become float32, Python ints int64, bools bool.
- A NumPy array keeps its dtype.
- A binary op between tensors of different kinds (bool < integer < floating)
  takes the higher kind's dtype; within a kind a 0-d tensor does not widen a
  dimensioned one (``float32 tensor + float64 0-d tensor -> float32``).
- A Python scalar adopts the tensor's dtype unless it is of a higher kind
  (``int64 tensor * 0.5 -> float32``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

DTypeLike = Any

_ALIASES = {
    "float": np.float32,
    "double": np.float64,
    "half": np.float16,
    "long": np.int64,
    "int": np.int32,
}

DEFAULT_FLOAT = np.dtype(np.float32)
DEFAULT_INT = np.dtype(np.int64)
DEFAULT_COMPLEX = np.dtype(np.complex64)


def to_dtype(dtype: DTypeLike) -> np.dtype:
    """Resolve a NumPy dtype, a string (``"float32"``, ``"long"``) or a Python type.

    As in torch, the string ``"float"`` is float32 while the Python type ``float``
    is float64 (as it is for NumPy).

    Example:
        >>> import autograd as ag
        >>> ag.to_dtype("long"), ag.to_dtype("float"), ag.to_dtype(float)
        (dtype('int64'), dtype('float32'), dtype('float64'))
    """
    if isinstance(dtype, np.dtype):
        return dtype
    if dtype is float:
        return np.dtype(np.float64)
    if dtype is int:
        return DEFAULT_INT
    if isinstance(dtype, str):
        name = dtype.removeprefix("torch.")
        dtype = _ALIASES.get(name, name)
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError(
            f"unknown dtype {dtype!r}; use a NumPy dtype or a name like 'float32'"
        ) from None


def _kind(dtype: np.dtype) -> int:
    if dtype.kind == "b":
        return 0
    if dtype.kind in "iu":
        return 1
    return 2


def infer_array(data: Any, dtype: DTypeLike = None) -> np.ndarray:
    """Turn array-like ``data`` into an ndarray with ``torch.tensor``'s dtype rules."""
    if dtype is not None:
        return np.array(data, dtype=to_dtype(dtype))
    if isinstance(data, np.ndarray):
        if data.dtype.kind in "USOV":  # strings, objects, records: no tensor dtype holds them
            raise TypeError(
                f"cannot make a tensor from a NumPy array of dtype {data.dtype} "
                f"(shape {data.shape}); use a numeric or bool array"
            )
        return data.copy()
    try:
        if isinstance(data, (list, tuple)):
            found = _sequence_dtype(data)
            if found is not None:
                return np.array(data, dtype=found)
        arr = np.array(data)
    except ValueError:
        if isinstance(data, (list, tuple)):
            _check_rectangular(data)  # torch's message for ragged lists
        raise
    if arr.dtype == np.float64 and not isinstance(data, np.floating):
        return arr.astype(DEFAULT_FLOAT)
    if arr.dtype.kind in "iu" and not isinstance(data, np.integer):
        return arr.astype(DEFAULT_INT)
    if arr.dtype.kind in "USO":
        if arr.dtype.kind == "O":  # torch: RuntimeError("Could not infer dtype of NoneType")
            raise RuntimeError(
                f"could not infer a dtype for {data!r} (of type "
                f"{type(data).__name__}); use numbers, bools or arrays"
            )
        raise TypeError(f"cannot make a tensor from {type(data).__name__} with dtype {arr.dtype}")
    if arr.dtype == np.complex128 and not isinstance(data, np.complexfloating):
        return arr.astype(DEFAULT_COMPLEX)  # Python complex -> complex64, as torch
    return arr


def _check_rectangular(data: list[Any] | tuple[Any, ...]) -> None:
    """Raise torch's ValueError for ragged nested lists (``[[1, 2], [3]]``): every
    sequence at a depth must have the length of the first one there."""
    level: list[Any] = [data]
    dim = 0
    while level:
        first = level[0]
        if not isinstance(first, (list, tuple)):
            return
        expected = len(first)
        nxt: list[Any] = []
        for item in level:
            if isinstance(item, (list, tuple)):
                if len(item) != expected:
                    raise ValueError(
                        f"expected sequence of length {expected} at dim {dim} (got {len(item)})"
                    )
                nxt.extend(item)
        level = nxt
        dim += 1


_PYTHON_DTYPES = {
    bool: np.dtype(np.bool_),
    int: DEFAULT_INT,
    float: DEFAULT_FLOAT,
    complex: DEFAULT_COMPLEX,
}


def _sequence_dtype(data: list[Any] | tuple[Any, ...]) -> np.dtype | None:
    """``torch.tensor``'s dtype for (nested) lists: each element counts with its own
    dtype (Python float float32, int int64, NumPy scalars and arrays their own) and
    the higher kind wins, as in :func:`result_type`. None when an element is of
    another type, or the list is empty (the caller's rules apply).
    """
    found: list[np.dtype] = []
    stack = [data]
    while stack:
        seq = stack.pop()
        types = set(map(type, seq))  # one C-level pass per list
        nested = False
        for t in types:
            if t is list or t is tuple:
                nested = True
            elif t in _PYTHON_DTYPES:
                found.append(_PYTHON_DTYPES[t])
            elif issubclass(t, np.generic):
                found.append(np.dtype(t))
            elif t is np.ndarray:
                found.extend(a.dtype for a in seq if type(a) is np.ndarray)
            else:
                return None
        if nested:
            stack.extend(item for item in seq if type(item) is list or type(item) is tuple)
    best = None
    for dt in found:
        if dt.kind not in "biufc":
            return None
        if best is None or _kind(dt) > _kind(best):
            best = dt
        elif _kind(dt) == _kind(best):
            best = np.promote_types(best, dt)
    return best


def scalar_array(value: Any, like: np.dtype) -> np.ndarray:
    """A 0-d array for Python scalar ``value`` used beside a tensor of dtype ``like``."""
    if isinstance(value, bool):
        scalar_kind = 0
    elif isinstance(value, int):
        scalar_kind = 1
    else:
        scalar_kind = 2
    if scalar_kind <= _kind(like):
        return np.array(value, dtype=like)
    return np.array(value, dtype=DEFAULT_FLOAT if scalar_kind == 2 else DEFAULT_INT)


def result_type(a: np.ndarray, b: np.ndarray) -> np.dtype:
    """PyTorch's promotion for two tensors (see the module docstring)."""
    ka, kb = _kind(a.dtype), _kind(b.dtype)
    if ka != kb:
        return a.dtype if ka > kb else b.dtype
    if a.ndim == 0 and b.ndim > 0:
        return b.dtype
    if b.ndim == 0 and a.ndim > 0:
        return a.dtype
    return np.promote_types(a.dtype, b.dtype)


def is_floating(dtype: np.dtype) -> bool:
    """True for floating and complex dtypes, the ones that can require grad."""
    return dtype.kind in "fc"
