"""ag.inference_mode and ag.is_inference_mode_enabled, compared with torch's."""

from __future__ import annotations

import pytest

import autograd as ag
from tests.helpers import requires_torch, torch

pytestmark = requires_torch


def _state(lib):
    x = lib.ones(2, requires_grad=True)
    return (x * 2).requires_grad, lib.is_grad_enabled(), lib.is_inference_mode_enabled()


@pytest.mark.parametrize("mode", [True, False])
def test_context_manager_matches_torch(mode):
    with ag.inference_mode(mode):
        ours = _state(ag)
    with torch.inference_mode(mode):
        theirs = _state(torch)
    assert ours == theirs
    assert _state(ag) == _state(torch) == (True, True, False)


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


def test_generator_functions_run_without_grad():
    @ag.inference_mode()
    def gen():
        x = ag.ones(1, requires_grad=True)
        yield (x * 2).requires_grad

    assert list(gen()) == [False]
    assert ag.is_grad_enabled()


def test_exception_restores_the_modes():
    with pytest.raises(ValueError, match="boom"), ag.inference_mode():
        raise ValueError("boom")
    assert ag.is_grad_enabled() and not ag.is_inference_mode_enabled()


def test_mode_must_be_bool():
    with pytest.raises(TypeError, match="'mode' must be bool, not int"):
        ag.inference_mode(1)
