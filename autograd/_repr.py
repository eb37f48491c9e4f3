"""How a Tensor prints: PyTorch's ``repr`` layout, with PyTorch's default print options.

``format_tensor`` gives ``tensor([...], dtype=..., grad_fn=<...>)`` exactly as torch
lays it out: 80 columns, four decimals or scientific notation chosen per tensor,
summaries with ``...`` past 1000 entries, suffixes for non-default dtypes.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

import numpy as np

# PyTorch's default print options (``torch.set_printoptions``); fixed here, with no setter.
_LINEWIDTH, _THRESHOLD, _EDGEITEMS = 80, 1000, 3
_PREFIX = "tensor("
_DEFAULT_DTYPES = (np.float32, np.int64, np.bool_, np.complex64)  # repr omits their dtype=


def _edges(data: np.ndarray) -> np.ndarray:
    """The entries a summarized repr shows: the first and last few along every dim."""
    for axis, n in enumerate(data.shape):
        if n > 2 * _EDGEITEMS:
            keep = np.r_[:_EDGEITEMS, n - _EDGEITEMS : n]
            data = data.take(keep, axis=axis)
    return data


def _real_formatter(data: np.ndarray) -> tuple[Callable[[Any], str], int]:
    """torch's ``_Formatter``: a function printing one entry padded to the shared width.

    Floats print as ``1.`` when every finite value is whole, else with four decimals, and
    in scientific notation when the nonzero finite magnitudes span more than 1000x, exceed
    1e8 or fall below 1e-4. Zeros, nan and inf count toward neither choice nor width.
    """
    flat = data.ravel()
    if flat.dtype.kind != "f":
        width = builtins.max((len(str(v)) for v in flat.tolist()), default=1)
        return (lambda v: str(v).rjust(width)), width
    flat = flat.astype(np.float64)
    shown = flat[np.isfinite(flat) & (flat != 0)]
    lo, hi = (float(np.abs(shown).min()), float(np.abs(shown).max())) if shown.size else (1, 1)
    sci = hi / lo > 1000.0 or hi > 1e8 or lo < 1e-4
    whole = bool(np.all(shown == np.ceil(shown)))

    def fmt(v: float) -> str:
        if sci:
            return f"{v:.4e}"
        if whole:
            return f"{v:.0f}." if np.isfinite(v) else f"{v:.0f}"
        return f"{v:.4f}"

    width = builtins.max((len(fmt(v)) for v in shown.tolist()), default=1)
    return (lambda v: fmt(v).rjust(width)), width


def _element_formatter(data: np.ndarray) -> tuple[Callable[[Any], str], int]:
    """The entry formatter and its width; a complex entry joins a real and an imaginary one."""
    if data.dtype.kind != "c":
        return _real_formatter(data)
    (real, real_width), (imag, imag_width) = _real_formatter(data.real), _real_formatter(data.imag)

    def fmt(v: complex) -> str:
        im = (imag(v.imag) + "j").lstrip()
        return real(v.real) + (im if im[0] in "+-" else "+" + im)

    return fmt, real_width + imag_width + 1


def _array_str(
    data: np.ndarray, indent: int, summarize: bool, fmt: Callable[[Any], str], width: int
) -> str:
    """torch's nested layout: rows wrap at 80 columns, ``...`` stands for skipped entries."""
    if data.ndim == 0:
        return fmt(data.item())
    n, cut = len(data), summarize and len(data) > 2 * _EDGEITEMS
    if data.ndim == 1:
        values = (
            data.tolist()
            if not cut
            else [*data[:_EDGEITEMS].tolist(), None, *data[n - _EDGEITEMS :].tolist()]
        )
        items = [" ..." if v is None else fmt(v) for v in values]
        per_line = builtins.max(1, (_LINEWIDTH - indent) // (width + 2))
        lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = [*range(_EDGEITEMS), None, *range(n - _EDGEITEMS, n)] if cut else range(n)
    parts = [
        "..." if i is None else _array_str(data[i], indent + 1, summarize, fmt, width) for i in rows
    ]
    return "[" + ("," + "\n" * (data.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def _add_suffixes(text: str, suffixes: list[str]) -> str:
    """Append ``, dtype=...`` and the like, moving one to a new line past 80 columns."""
    last_line = len(text) - text.rfind("\n") + 1  # torch's count, off by one as it is
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > _LINEWIDTH:
            text += ",\n" + " " * len(_PREFIX) + suffix
            last_line = len(_PREFIX) + len(suffix)
        else:
            text += ", " + suffix
            last_line += len(suffix) + 2
    return text + ")"


def format_tensor(t: Any) -> str:
    """``tensor([...], size=..., dtype=..., grad_fn=<...>)`` in PyTorch's layout."""
    data = t._data
    suffixes = []
    if data.size == 0:  # no entry to tell the dtype by, so only float32 goes unnamed
        body = "[]"
        if data.ndim != 1:
            suffixes.append(f"size={data.shape}")
        if data.dtype != np.float32:
            suffixes.append(f"dtype={data.dtype}")
    else:
        summarize = data.size > _THRESHOLD
        fmt, width = _element_formatter(_edges(data) if summarize else data)
        body = _array_str(data, len(_PREFIX), summarize, fmt, width)
        if data.dtype not in _DEFAULT_DTYPES:
            suffixes.append(f"dtype={data.dtype}")
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t._requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(_PREFIX + body, suffixes)
