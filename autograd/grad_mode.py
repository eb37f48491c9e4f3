"""Grad mode: whether operations record a graph. Thread-local, as in PyTorch.

One flag, read by :meth:`autograd.function.Function.apply` on every op. ``no_grad``,
``enable_grad`` and ``inference_mode`` flip it for a ``with`` block or a decorated
function.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    """Per-thread flags; class attributes are each new thread's defaults."""

    enabled = True  # record new ops
    graph_backward = False  # a create_graph backward is running: backward formulas get Tensors
    scope: object = None  # the module call that new nodes belong to (see function.module_scope)
    inference = False  # inside inference_mode(): read by is_inference_mode_enabled


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


class _GradModeContext:
    """Sets grad mode for a ``with`` block or, used as a decorator, for each call."""

    mode: bool

    def __enter__(self) -> None:
        self._previous = _state.enabled
        _state.enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        _state.enabled = self._previous

    def __call__(self, fn: F) -> F:
        mode = self.mode
        if inspect.isgeneratorfunction(fn):
            return _wrap_generator(mode, fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous = _state.enabled
            _state.enabled = mode
            try:
                return fn(*args, **kwargs)
            finally:
                _state.enabled = previous

        return wrapper  # type: ignore[return-value]


def _wrap_generator(mode: bool, fn: F) -> F:
    """Run each step of the generator ``fn`` returns in ``mode``, as torch does.

    A generator's body runs on ``next()``, after a plain wrapper has returned, so
    the mode is set around every resumption and restored at every ``yield``.
    """

    def step(gen: Any, method: str, *args: Any) -> Any:
        previous = _state.enabled
        _state.enabled = mode
        try:
            return getattr(gen, method)(*args)
        finally:
            _state.enabled = previous

    @functools.wraps(fn)
    def generator_context(*args: Any, **kwargs: Any) -> Any:
        gen = fn(*args, **kwargs)
        try:
            response = step(gen, "send", None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    step(gen, "close")
                    raise
                except BaseException:
                    response = step(gen, "throw", *sys.exc_info()[1:2])
                else:
                    response = step(gen, "send", request)
        except StopIteration as stop:
            return stop.value

    return generator_context  # type: ignore[return-value]


class set_grad_enabled(_GradModeContext):
    """Turn graph recording on or off, as ``torch.set_grad_enabled``.

    Called on its own it sets the mode for the current thread from then on. Used
    in a ``with`` statement it restores the previous mode at the end of the
    block; used as a decorator it sets the mode for each call of the function.

    Args:
        mode: True to record operations, False not to.

    Example:
        >>> import autograd as ag
        >>> x = ag.ones(2, requires_grad=True)
        >>> with ag.set_grad_enabled(False):
        ...     (x * 2).requires_grad
        False
        >>> ag.is_grad_enabled()
        True
    """

    def __init__(self, mode: bool) -> None:
        if not isinstance(mode, bool):
            raise TypeError(
                f"set_grad_enabled(): argument 'mode' must be bool, not {type(mode).__name__} "
                f"({mode!r})"
            )
        self.mode = mode
        self._previous = _state.enabled
        _state.enabled = self.mode  # takes effect at once, as torch's does

    def __enter__(self) -> None:
        pass  # already set by __init__; __exit__ restores what was there before

    def __call__(self, fn: F) -> F:
        _state.enabled = self._previous  # as a decorator it must not change the mode now
        return super().__call__(fn)


class _FixedGradMode(_GradModeContext):
    """A mode with no argument; as in torch, ``@no_grad`` works without parentheses too."""

    def __new__(cls, fn: Any = None) -> Any:
        self = super().__new__(cls)
        if callable(fn):  # used bare as a decorator: decorate at once
            return self(fn)
        return self

    def __init__(self, fn: Any = None) -> None:
        pass


class no_grad(_FixedGradMode):
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


class enable_grad(_FixedGradMode):
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


class inference_mode:
    """Context manager and decorator for inference, as ``torch.inference_mode``.

    With ``mode=True`` (the default) it disables graph recording, as :class:`no_grad`
    does, and :func:`is_inference_mode_enabled` is True inside. ``mode=False`` leaves
    inference mode and, as in torch, turns graph recording on, so
    ``inference_mode(not training)`` can wrap both cases. Like ``no_grad`` it also
    decorates a function, with or without parentheses.

    Torch additionally marks the tensors made inside as inference tensors that may
    not be used in autograd later; here they are ordinary tensors that do not
    require grad.

    Args:
        mode: whether to enable inference mode.

    Example:
        >>> import autograd as ag
        >>> x = ag.ones(2, requires_grad=True)
        >>> with ag.inference_mode():
        ...     y = x * 2
        ...     ag.is_inference_mode_enabled()
        True
        >>> y.requires_grad, ag.is_inference_mode_enabled()
        (False, False)
    """

    def __new__(cls, mode: Any = True) -> Any:
        if callable(mode):  # used bare as a decorator: decorate at once
            return cls(True)(mode)
        return super().__new__(cls)

    def __init__(self, mode: Any = True) -> None:
        if callable(mode):
            return
        if not isinstance(mode, bool):
            raise TypeError(
                f"inference_mode(): argument 'mode' must be bool, not "
                f"{type(mode).__name__} ({mode!r})"
            )
        self.mode = mode
        self._saved: list[tuple[bool, bool]] = []

    def __enter__(self) -> None:
        self._saved.append((_state.enabled, _state.inference))
        _state.enabled = not self.mode  # as torch: inference_mode(False) turns grad mode on
        _state.inference = self.mode

    def __exit__(self, *exc: object) -> None:
        _state.enabled, _state.inference = self._saved.pop()

    def __call__(self, fn: F) -> F:
        mode = self.mode
        if inspect.isgeneratorfunction(fn):  # grad mode set around each step, as no_grad's
            return _wrap_generator(not mode, fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with inference_mode(mode):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def is_inference_mode_enabled() -> bool:
    """Return True inside :class:`inference_mode`, as ``torch.is_inference_mode_enabled``.

    Example:
        >>> import autograd as ag
        >>> ag.is_inference_mode_enabled()
        False
    """
    return _state.inference
