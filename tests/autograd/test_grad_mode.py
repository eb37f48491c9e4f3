"""Grad modes: no_grad, enable_grad, set_grad_enabled and inference_mode as context managers
and decorators (generators too), restored after exceptions, and thread-local.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

import autograd as ag
from tests.helpers import leaf, requires_torch, torch


def test_no_grad_enable_grad_set_grad_enabled():
    x = leaf([1.0])
    with ag.no_grad():
        assert not ag.is_grad_enabled()
        y = x * 2
        with ag.enable_grad():
            assert ag.is_grad_enabled()
            z = x * 2
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None and y.is_leaf
    assert z.requires_grad and z.grad_fn is not None

    ag.set_grad_enabled(False)
    try:
        assert not (x * 2).requires_grad
    finally:
        ag.set_grad_enabled(True)
    assert (x * 2).requires_grad


def test_grad_mode_decorators():
    x = leaf([1.0])

    @ag.no_grad()
    def f(t):
        assert not ag.is_grad_enabled()
        return t * 2

    @ag.enable_grad()
    def g(t):
        return t * 2

    assert not f(x).requires_grad
    with ag.no_grad():
        assert g(x).requires_grad
    assert f.__name__ == "f"
    assert ag.is_grad_enabled()


@requires_torch
def test_grad_mode_decorators_work_without_parentheses_as_in_torch():
    def double(t):
        return t * 2

    for lib in (ag, torch):
        off, on = lib.no_grad(double), lib.enable_grad(double)
        assert not off(lib.ones(1, requires_grad=True)).requires_grad
        with lib.no_grad():
            assert on(lib.ones(1, requires_grad=True)).requires_grad
        assert lib.is_grad_enabled()
    assert ag.no_grad(double).__name__ == "double"
    with ag.set_grad_enabled(mode=False):  # torch's keyword still works
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()


def test_set_grad_enabled_as_call_context_manager_and_decorator():
    x = leaf([1.0])
    with ag.set_grad_enabled(False):
        assert not (x * 2).requires_grad
        with ag.set_grad_enabled(True):
            assert (x * 2).requires_grad
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()

    @ag.set_grad_enabled(False)
    def f(t):
        return t * 2

    assert ag.is_grad_enabled(), "decorating must not change the mode"
    assert not f(x).requires_grad and ag.is_grad_enabled()
    with ag.no_grad():
        assert ag.set_grad_enabled(True)(lambda t: t * 2)(x).requires_grad
        assert not ag.is_grad_enabled()


def test_no_grad_restores_mode_after_an_exception():
    with pytest.raises(ValueError), ag.no_grad():
        raise ValueError
    assert ag.is_grad_enabled()


def test_grad_mode_is_thread_local():
    started, release = threading.Event(), threading.Event()
    seen = {}

    def worker():
        with ag.no_grad():
            started.set()
            release.wait(5)
            seen["worker"] = ag.is_grad_enabled()

    t = threading.Thread(target=worker)
    t.start()
    started.wait(5)
    seen["main"] = ag.is_grad_enabled()
    seen["main records"] = (leaf([1.0]) * 2).requires_grad
    release.set()
    t.join()
    assert seen == {"worker": False, "main": True, "main records": True}

    def fresh():
        seen["fresh"] = ag.is_grad_enabled()

    with ag.no_grad():
        t = threading.Thread(target=fresh)
        t.start()
        t.join()
    assert seen["fresh"] is True


def _state(lib):
    x = lib.ones(2, requires_grad=True)
    return (x * 2).requires_grad, lib.is_grad_enabled(), lib.is_inference_mode_enabled()


@requires_torch
@pytest.mark.parametrize("mode", [True, False])
def test_context_manager_matches_torch(mode):
    with ag.inference_mode(mode):
        ours = _state(ag)
    with torch.inference_mode(mode):
        theirs = _state(torch)
    assert ours == theirs
    assert _state(ag) == _state(torch) == (True, True, False)


@requires_torch
def test_nesting_and_inside_no_grad_match_torch():
    for lib in (ag, torch):
        with lib.inference_mode():
            with lib.inference_mode(False):
                inner = _state(lib)
            outer = _state(lib)
        with lib.no_grad(), lib.inference_mode():
            under_no_grad = _state(lib)
        if lib is ag:
            ours = inner, outer, under_no_grad
        else:
            assert (inner, outer, under_no_grad) == ours


@requires_torch
def test_decorator_with_and_without_parentheses_matches_torch():
    results = []
    for lib in (ag, torch):

        @lib.inference_mode
        def bare():
            return _state(lib)

        @lib.inference_mode()
        def called():
            return _state(lib)

        @lib.inference_mode(False)
        def off():
            return _state(lib)

        results.append((bare(), called(), off(), bare.__name__))
    assert results[0] == results[1]


@requires_torch
def test_generator_functions_run_without_grad():
    @ag.inference_mode()
    def gen():
        x = ag.ones(1, requires_grad=True)
        yield (x * 2).requires_grad

    assert list(gen()) == [False]
    assert ag.is_grad_enabled()


@requires_torch
def test_exception_restores_the_modes():
    with pytest.raises(ValueError, match="boom"), ag.inference_mode():
        raise ValueError("boom")
    assert ag.is_grad_enabled() and not ag.is_inference_mode_enabled()


@requires_torch
def test_mode_must_be_bool():
    with pytest.raises(TypeError, match="'mode' must be bool, not int"):
        ag.inference_mode(1)


def _modes_in_generators(no_grad, enable_grad, is_grad_enabled) -> list:
    seen = []

    @no_grad()
    def off():
        yield is_grad_enabled()
        yield is_grad_enabled()

    @no_grad
    def off_bare():
        yield is_grad_enabled()

    seen.append(list(off()))
    seen.append(list(off_bare()))
    seen.append(is_grad_enabled())  # restored between and after the steps
    with no_grad():

        @enable_grad()
        def on():
            received = yield is_grad_enabled()
            yield (received, is_grad_enabled())

        gen = on()
        seen.append(next(gen))
        seen.append(gen.send("x"))
        seen.append(is_grad_enabled())
    return seen


def test_no_grad_decorates_generator_functions_like_torch():
    ours = _modes_in_generators(ag.no_grad, ag.enable_grad, ag.is_grad_enabled)
    assert ours == [[False, False], [False], True, True, ("x", True), False]
    if torch is not None:
        assert ours == _modes_in_generators(torch.no_grad, torch.enable_grad, torch.is_grad_enabled)


def test_generator_under_no_grad_records_no_graph_and_forwards_throw_and_return():
    x = ag.ones(2, requires_grad=True)

    @ag.no_grad()
    def steps():
        try:
            yield x * 2
        except KeyError:
            yield "caught"
        return "done"

    gen = steps()
    assert not next(gen).requires_grad
    assert gen.throw(KeyError("k")) == "caught"
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done" and ag.is_grad_enabled()


@pytest.mark.parametrize("mode", [0, 1, None, np.bool_(True)])
def test_set_grad_enabled_rejects_non_bool_like_torch(mode):
    with pytest.raises(TypeError, match="must be bool"):
        ag.set_grad_enabled(mode)
    assert ag.is_grad_enabled()
    if torch is not None:
        with pytest.raises(TypeError):
            torch.set_grad_enabled(mode)
        assert torch.is_grad_enabled()


def test_a_new_thread_starts_with_grad_enabled_whatever_the_caller_runs_under():
    seen = []
    with ag.no_grad():
        t = threading.Thread(target=lambda: seen.append(ag.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]
