"""Anomaly detection: name the op whose backward produced NaN or inf.

While :class:`detect_anomaly` is active, every node records the stack where it
was created, and the engine checks each gradient it computes. A bad value raises
a RuntimeError naming the op and showing where the op was created in the
forward pass.
"""

from __future__ import annotations

import os
import threading
import traceback
from typing import Any

import numpy as np


class _AnomalyState(threading.local):
    enabled = False


_state = _AnomalyState()
# Frames inside the library are left out of creation traces: the user's line is the news.
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def is_enabled() -> bool:
    """True inside a :class:`detect_anomaly` block."""
    return _state.enabled


def creation_trace() -> list[traceback.FrameSummary]:
    """The caller's stack without the library's own frames, kept on each node."""
    frames = traceback.extract_stack()[:-2]
    user = [f for f in frames if not os.path.abspath(f.filename).startswith(_PACKAGE_DIR)]
    return user or frames


class detect_anomaly:
    """Context manager that makes backward raise where a NaN or inf first appears.

    Args:
        check_nan: check every computed gradient for NaN and inf (default True).

    Example:
        >>> import autograd as ag, numpy as np
        >>> x = ag.tensor([0.0], requires_grad=True)
        >>> with ag.detect_anomaly(), np.errstate(invalid="ignore"):
        ...     y = x.sqrt()            # d sqrt(x)/dx is inf at 0
        ...     try:
        ...         (y * 0).sum().backward()
        ...     except RuntimeError as e:
        ...         print(str(e).splitlines()[0])
        Function 'SqrtBackward0' returned nan values in its 0th output.
    """

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan

    def __enter__(self) -> detect_anomaly:
        self._previous = is_enabled()
        _state.enabled = self.check_nan
        return self

    def __exit__(self, *exc: object) -> None:
        _state.enabled = self._previous


def check_gradients(node: Any, grads: tuple[Any, ...]) -> None:
    """Raise if any gradient a node returned holds NaN or inf (anomaly mode only)."""
    for i, g in enumerate(grads):
        if g is None:
            continue
        arr = np.asarray(g._data if hasattr(g, "_data") else g)  # a Tensor, array or scalar
        if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
            what = "nan" if np.isnan(arr).any() else "inf"
            trace = getattr(node, "_trace", None)
            where = "".join(traceback.format_list(trace)) if trace else "  (not recorded)\n"
            raise RuntimeError(
                f"Function '{node.name()}' returned {what} values in its {i}th output.\n"
                f"The op was created here in the forward pass:\n{where}"
            )


class set_detect_anomaly(detect_anomaly):
    """Turn anomaly detection on or off: at once, and back on leaving a ``with`` block.

    As ``torch.autograd.set_detect_anomaly``; ``detect_anomaly()`` is the same as
    ``set_detect_anomaly(True)`` used in a ``with`` block.

    Args:
        mode: True to check every gradient backward computes for NaN and inf.

    Example:
        >>> import autograd as ag
        >>> with ag.set_detect_anomaly(True):
        ...     ag.is_anomaly_enabled()
        True
        >>> ag.is_anomaly_enabled()
        False
    """

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.check_nan = bool(mode) and check_nan
        self._previous = is_enabled()
        _state.enabled = self.check_nan  # takes effect at once, as torch's does

    def __enter__(self) -> set_detect_anomaly:
        return self


def is_anomaly_enabled() -> bool:
    """True while anomaly detection is on (``detect_anomaly`` / ``set_detect_anomaly``).

    Example:
        >>> import autograd as ag
        >>> ag.is_anomaly_enabled()
        False
    """
    return _state.enabled
