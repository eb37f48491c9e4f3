"""Grad mode: whether operations record a graph. Thread-local, as in PyTorch.

One flag, read by :meth:`autograd.function.Function.apply` on every op. ``no_grad``
and ``enable_grad`` flip it for a ``with`` block or a decorated function.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])



class _GradState(threading.local):
    """Per-thread flags; class attributes are each new thread's defaults."""

    enabled = True  # record new ops
    graph_backward = False  # a create_graph backward is running: backward formulas get Tensors
    scope = None  # the module call that new nodes belong to (see function.module_scope)


_state = _GradState()


def is_grad_enabled() -> bool:
    """Return True when new operations are recorded for backward.

    Example:
        >>> import autograd as ag
        >>> ag.is_grad_enabled()
        True
        >>> with ag.no_grad():
        ...     ag.is_grad_enabled()
        False
    """
    return _state.enabled


def set_grad_enabled(mode: bool) -> None:
    """Turn graph recording on or off for the current thread."""
    _state.enabled = bool(mode)


class _GradModeContext:
    """Sets grad mode for a ``with`` block or, used as a decorator, for each call."""

    mode: bool

    def __enter__(self) -> None:
        self._previous = is_grad_enabled()
        set_grad_enabled(self.mode)

    def __exit__(self, *exc: object) -> None:
        set_grad_enabled(self._previous)

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):
    """Context manager and decorator that disables graph recording.

    Results computed inside have ``requires_grad=False``; use it for evaluation
    and for parameter updates.

    Example:
        >>> import autograd as ag
        >>> x = ag.ones(2, requires_grad=True)
        >>> with ag.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    mode = False


class enable_grad(_GradModeContext):
    """Context manager and decorator that re-enables graph recording inside ``no_grad``.

    Example:
        >>> import autograd as ag
        >>> x = ag.ones(2, requires_grad=True)
        >>> with ag.no_grad():
        ...     with ag.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    mode = True
