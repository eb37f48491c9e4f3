"""The only reasons a test of this project may skip: PyTorch (the oracle) or Graphviz's dot
is not installed.

A skip for any other reason (an ``importorskip`` of one of the project's own packages, a
``pytest.skip`` in a test, a ``skipif`` with its own reason) is reported as a failure, so a
renamed or broken feature fails its tests instead of hiding them. ``tests/conftest.py``
loads this plugin for the whole suite.
"""

from __future__ import annotations

import shutil
from collections.abc import Generator
from typing import Any

import pytest

TORCH_MISSING = (
    "PyTorch is not installed; the tests that compare with it (the oracle) need it: "
    'pip install -e ".[test]"'
)
DOT_MISSING = "Graphviz dot not installed"
ALLOWED_SKIP_REASONS = (TORCH_MISSING, DOT_MISSING)

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason=DOT_MISSING)


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    """The reason text of a skipped report ("Skipped: <reason>" in pytest's longrepr)."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):
        return str(longrepr[2])
    return str(longrepr)


def _enforce(report: pytest.CollectReport | pytest.TestReport) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    if not any(allowed in reason for allowed in ALLOWED_SKIP_REASONS):
        report.outcome = "failed"
        report.longrepr = (
            f"{report.nodeid} skipped for a reason this project does not allow: {reason!r}. "
            "Tests skip only when PyTorch or Graphviz's dot is missing; import the "
            "project's own packages plainly."
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[Any]:
    outcome = yield
    _enforce(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[Any]:
    outcome = yield
    _enforce(outcome.get_result())
