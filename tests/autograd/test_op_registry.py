"""The one table of op names, and the one direction of autograd's imports.

``autograd/ops/__init__.py`` gathers the families' ``__all__`` lists; ``autograd`` exports
exactly those functions, and ``autograd/_methods.py`` installs the Tensor methods that call
them. ``tensor.py`` imports no op (only type checkers see the methods' module), and the op
families import each other without a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import autograd as ag
from autograd import _methods, ops

PACKAGE = Path(ag.__file__).parent


def _runtime_imports(path: Path) -> set[str]:
    """The modules ``path`` imports when it runs (``if TYPE_CHECKING:`` blocks left out),
    resolved to dotted names inside ``autograd``."""
    tree = ast.parse(path.read_text())
    package = ("autograd." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)).split(".")
    if path.name == "__init__.py":
        package = package[:-1]
    skip = {
        id(node)
        for top in ast.walk(tree)
        if isinstance(top, ast.If) and ast.unparse(top.test) == "TYPE_CHECKING"
        for node in ast.walk(top)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = (
            package[: len(package) - node.level + 1]
            if path.name == "__init__.py"
            else (package[: len(package) - node.level])
        )
        target = ".".join(base + ([node.module] if node.module else []))
        if node.module is None:
            found |= {f"{target}.{alias.name}" for alias in node.names}
        else:
            found.add(target)
    return found


def test_tensor_imports_no_op_when_it_runs():
    imports = _runtime_imports(PACKAGE / "tensor.py")
    assert imports, "tensor.py imports its helpers (dtypes, devices, ...)"
    bad = {
        m
        for m in imports
        if m.startswith("autograd.ops")
        or m in {"autograd._methods", "autograd.function", "autograd.engine", "autograd.factories"}
    }
    assert not bad, f"tensor.py imports {sorted(bad)} at run time"


def test_the_op_families_import_each_other_without_a_loop():
    families = {
        f"autograd.ops.{p.stem}": _runtime_imports(p)
        for p in sorted((PACKAGE / "ops").glob("*.py"))
        if p.name != "__init__.py"
    }
    graph = {m: {d for d in deps if d in families and d != m} for m, deps in families.items()}
    assert graph["autograd.ops.reduction"] >= {"autograd.ops.shape", "autograd.ops._operands"}
    done: set[str] = set()
    for start in graph:  # depth-first with an explicit stack: a grey node seen again is a loop
        stack, grey = [(start, iter(sorted(graph[start])))], {start}
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                grey.discard(node)
                done.add(node)
                stack.pop()
            elif child in grey:
                raise AssertionError(f"import loop through {child} and {node}")
            elif child not in done:
                grey.add(child)
                stack.append((child, iter(sorted(graph[child]))))


def test_autograd_exports_every_op_of_the_table():
    assert len(ops.__all__) == len(set(ops.__all__)) > 140
    for name in ops.__all__:
        assert getattr(ag, name) is getattr(ops, name), name
    for family in ops.FAMILIES:
        for name in family.__all__:
            assert getattr(ops, name) is getattr(family, name), (family.__name__, name)


@pytest.mark.parametrize(
    "name", sorted(n for n in vars(_methods.TensorMethods) if n not in _methods._NOT_METHODS)
)
def test_each_method_is_installed_as_a_plain_class_attribute(name):
    assert vars(ag.Tensor)[name] is vars(_methods.TensorMethods)[name]


def test_tensors_keep_their_identity_hash_and_elementwise_equality():
    t = ag.tensor([1.0, 2.0])
    assert ag.Tensor.__hash__ is object.__hash__
    assert {t: 1}[t] == 1
    assert (t == ag.tensor([1.0, 0.0])).tolist() == [True, False]


def test_a_method_without_docs_of_its_own_shows_its_ops():
    assert ag.Tensor.exp.__doc__.startswith("Method form of ``autograd.exp``.")
    assert ag.Tensor.clip is ag.Tensor.clamp
    assert ag.Tensor.clamp.__doc__.startswith("Method form of ``autograd.clamp``.")
    assert ag.Tensor.where.__doc__.startswith("``self`` where ``condition`` holds")
