"""A test of the project's own packages never skips: only a missing PyTorch or Graphviz dot
is a reason to.

The suite's plugin (``tests/skip_policy.py``) turns any other skip into a failure; these tests
run it on a small test file of their own, and read every test module to check that no
``importorskip`` names one of the project's packages and that each ``skipif`` gives one of
the two allowed reasons.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = {"autograd", "nn", "optim", "data"} | {p.stem for p in (ROOT / "examples").glob("*.py")}
TEST_FILES = sorted((ROOT / "tests").rglob("*.py"))

SAMPLE = """
import pytest

from tests.skip_policy import DOT_MISSING, TORCH_MISSING


def test_own_reason():
    pytest.skip("nn.save is not available yet")


def test_own_package_missing():
    pytest.importorskip("a_package_that_is_not_installed")


@pytest.mark.skipif(True, reason=TORCH_MISSING)
def test_torch_missing():
    pass


@pytest.mark.skipif(True, reason=DOT_MISSING)
def test_dot_missing():
    pass


def test_passes():
    pass
"""


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """Calls of ``pytest.<name>(...)`` or ``pytest.mark.<name>(...)`` in a module."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
    ]


def test_the_plugin_fails_every_skip_but_the_two_allowed_ones(tmp_path: Path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.skip_policy", "-p", "no:cacheprovider"]
        + ["-o", "addopts=", "-rfs", str(tmp_path / "test_sample.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = done.stdout.strip().splitlines()[-1]
    assert "2 failed, 1 passed, 2 skipped" in summary, done.stdout
    assert "test_own_reason skipped for a reason this project does not allow" in done.stdout
    assert "a_package_that_is_not_installed" in done.stdout


def test_no_importorskip_names_the_projects_own_packages():
    found = []
    for path in TEST_FILES:
        for call in _calls(ast.parse(path.read_text()), "importorskip"):
            module = getattr(call.args[0], "value", None) if call.args else None
            if not isinstance(module, str) or module.split(".")[0] in OWN:
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}: {module!r}")
    assert found == []


def test_every_skipif_gives_one_of_the_allowed_reasons():
    found = []
    for path in TEST_FILES:
        for call in _calls(ast.parse(path.read_text()), "skipif"):
            reason = next((k.value for k in call.keywords if k.arg == "reason"), None)
            if not (isinstance(reason, ast.Name) and reason.id in {"TORCH_MISSING", "DOT_MISSING"}):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert found == []


def test_no_test_skips_itself():
    found = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in TEST_FILES
        if path.name != "test_skip_policy.py"
        for call in _calls(ast.parse(path.read_text()), "skip")
    ]
    assert found == []
