"""Collect a graph for drawing: op nodes, leaves, edges and module names.

Everything here walks with :func:`autograd.engine.toposort` (iterative), so a
graph of any depth is fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..engine import toposort
from ..function import Function
from ..tensor import Tensor


@dataclass
class Graph:
    """The nodes reachable from some roots, consumers first (the engine's order)."""

    roots: list[Tensor]
    nodes: list[Function]
    leaves: list[Tensor]
    # (source, node): source is a Function or a leaf Tensor feeding input i of node.
    edges: list[tuple[Any, Function]] = field(default_factory=list)


def as_roots(root: Tensor | Iterable[Tensor], where: str) -> list[Tensor]:
    """``root`` as a list of Tensors, with an error naming what was passed instead."""
    if isinstance(root, Tensor):
        return [root]
    if not isinstance(root, (list, tuple)):
        raise TypeError(
            f"{where}: expected a Tensor (or a list of Tensors) as root, got {type(root).__name__}"
        )
    roots = list(root)
    for i, r in enumerate(roots):
        if not isinstance(r, Tensor):
            raise TypeError(
                f"{where}: expected a Tensor (or Tensors) as root, got "
                f"{type(r).__name__} at position {i}"
            )
    return roots


def collect(roots: list[Tensor]) -> Graph:
    """Walk the graph behind ``roots`` once, without recursion."""
    starts: list[Function] = []
    for r in roots:
        if r.grad_fn is not None and r.grad_fn not in starts:
            starts.append(r.grad_fn)
    nodes = toposort(starts)
    leaves: list[Tensor] = []
    seen: set[int] = set()
    edges: list[tuple[Any, Function]] = []
    for r in roots:
        if r.grad_fn is None and id(r) not in seen:
            seen.add(id(r))
            leaves.append(r)
    for node in nodes:
        for source in node._sources:
            if source is None:
                continue
            edges.append((source, node))
            if isinstance(source, Tensor) and id(source) not in seen:
                seen.add(id(source))
                leaves.append(source)
    return Graph(roots, nodes, leaves, edges)


def tensor_names(params: Mapping[str, Tensor] | None) -> dict[int, str]:
    """id(tensor) -> name, from a mapping such as ``dict(model.named_parameters())``."""
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise TypeError(
            f"params must map names to tensors (e.g. dict(model.named_parameters())),"
            f" got {type(params).__name__}"
        )
    names = {}
    for name, t in params.items():
        if not isinstance(t, Tensor):
            raise TypeError(f"params[{name!r}] is {type(t).__name__}, expected a Tensor")
        names[id(t)] = str(name)
    return names


def _owned_tensors(scope: Any) -> list[Any]:
    owned = getattr(scope, "_parameters", None)
    return list(owned.values()) if isinstance(owned, Mapping) else []


def _named_modules(obj: Any) -> list[tuple[str, Any]]:
    method = getattr(obj, "named_modules", None)
    return list(method()) if callable(method) else []


def scope_names(
    nodes: list[Function], names: dict[int, str], module: Any = None
) -> tuple[dict[int, str], dict[str, Any]]:
    """id(scope) -> module name ("" for the root model) for every scope seen on ``nodes``.

    Also returns name -> module for every module of the model (from
    ``named_modules()``), so enclosing modules can be drawn as nested clusters.

    Names come from ``module.named_modules()`` (or, without ``module``, from the
    scope that contains all the others), then from parameter names (a module
    owning "fc1.weight" is "fc1"), then from the parameters feeding the nodes of
    that scope; the rest get their class name, numbered when repeated.
    """
    scopes: dict[int, Any] = {}
    for node in reversed(nodes):  # data-flow order, so numbering follows the forward
        s = node.scope
        if s is not None and id(s) not in scopes:
            scopes[id(s)] = s
    result: dict[int, str] = {}
    if module is None:
        module = widest_scope(scopes.values())
    modules = dict(_named_modules(module))
    for name, m in modules.items():
        if id(m) in scopes:
            result[id(m)] = name
    for sid, s in scopes.items():
        if sid in result:
            continue
        if isinstance(s, str):
            result[sid] = s
            continue
        for p in _owned_tensors(s):
            if id(p) in names:
                result[sid] = names[id(p)].rpartition(".")[0]
                break
    _names_from_edges(nodes, names, scopes, result)
    unnamed = [s for sid, s in scopes.items() if sid not in result]
    per_class: dict[str, int] = {}
    for s in unnamed:
        per_class[type(s).__name__] = per_class.get(type(s).__name__, 0) + 1
    counters: dict[str, int] = {}
    for s in unnamed:
        cls = type(s).__name__
        counters[cls] = counters.get(cls, 0) + 1
        result[id(s)] = cls if per_class[cls] == 1 else f"{cls}_{counters[cls]}"
    return result, modules


def widest_scope(scopes: Iterable[Any]) -> Any:
    """The scope whose ``named_modules()`` covers the most of the others (the model).

    None unless some scope contains another: a layer alone is not the model.
    """
    scopes = list(scopes)
    ids = {id(s) for s in scopes}
    best, best_count = None, 1  # a module covering only itself is no model root
    for s in scopes:
        count = sum(1 for _, m in _named_modules(s) if id(m) in ids)
        if count > best_count:
            best, best_count = s, count
    return best


def _names_from_edges(
    nodes: list[Function], names: dict[int, str], scopes: dict[int, Any], result: dict[int, str]
) -> None:
    for node in nodes:
        sid = id(node.scope) if node.scope is not None else None
        if sid is None or sid in result:
            continue
        for source in node._sources:
            if isinstance(source, Tensor) and id(source) in names:
                result[sid] = names[id(source)].rpartition(".")[0]
                break


def cluster_label(name: str, scope: Any) -> str:
    """``fc1 (Linear)``; just the name when it already is the class name or a string scope."""
    cls = type(scope).__name__
    if isinstance(scope, str) or name == cls or name.startswith(cls + "_"):
        return name
    return f"{name} ({cls})"
