"""``make_dot`` and ``render``: the graph behind a tensor as a Graphviz picture."""

from __future__ import annotations

import math
import os
import secrets
import shutil
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphviz

from ..function import _OUTPUT, Function
from ..ops.piecewise import ReLU
from ..tensor import Tensor
from ._graph import Graph, as_roots, cluster_label, collect, scope_names, tensor_names, widest_scope
from .grads import GradStats, GradWatch, find_stats

# A perceptually uniform sequential palette (viridis-like), dark = small gradient.
_PALETTE = [
    "#440154",
    "#482878",
    "#3e4989",
    "#31688e",
    "#26828e",
    "#1f9e89",
    "#35b779",
    "#6ece58",
    "#b5de2b",
    "#fde725",
]
BAD = "#d62728"  # NaN or inf gradient
ZERO = "#ffffff"  # gradient exactly zero
MISSING = "#e0e0e0"  # no gradient recorded
_OP_FILL, _PARAM_FILL, _INPUT_FILL = "#f2f2f2", "#cfe2f3", "#fff2cc"
_FONT = "Helvetica"
_CLUSTER_FILLS = ["#f5f7fc", "#e9eef8", "#dde4f3", "#d1daee"]
# A leaf read by more ops than this is drawn once per use (an RNN's weights, an input
# added at every step): one node with a huge fan-out makes dot's layout take minutes.
SHARED_LEAF_USES = 8


def fmt(v: float) -> str:
    """A number short enough for a node label."""
    if v != v or v in (math.inf, -math.inf):
        return str(v)
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.4g}"
    return f"{v:.2e}"


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


@dataclass
class _Scale:
    """Maps a gradient norm to a fill colour on one log10 scale for the whole picture."""

    lo: float = 0.0
    hi: float = 0.0

    @classmethod
    def fit(cls, norms: Iterable[float]) -> _Scale:
        logs = [math.log10(n) for n in norms if n > 0 and math.isfinite(n)]
        return cls(min(logs), max(logs)) if logs else cls()

    def position(self, norm: float) -> float:
        if self.hi - self.lo < 1e-12:
            return 0.5
        return min(max((math.log10(norm) - self.lo) / (self.hi - self.lo), 0.0), 1.0)

    def colour(self, stats: GradStats | None) -> tuple[str, str]:
        """(fill, font colour)."""
        if stats is None:
            return MISSING, "black"
        if not stats.finite:
            return BAD, "white"
        if stats.norm == 0:
            return ZERO, "black"
        t = self.position(stats.norm)
        x = t * (len(_PALETTE) - 1)
        i = min(int(x), len(_PALETTE) - 2)
        a, b = _PALETTE[i], _PALETTE[i + 1]
        mix = [
            round(int(a[k : k + 2], 16) * (1 - (x - i)) + int(b[k : k + 2], 16) * (x - i))
            for k in (1, 3, 5)
        ]
        return "#" + "".join(f"{c:02x}" for c in mix), ("white" if t < 0.55 else "black")


NOT_RECORDED = "grad not recorded"  # an op whose gradient no watch_grads hook saw


def _grad_line(stats: GradStats | None) -> str:
    if stats is None:
        return NOT_RECORDED
    if not stats.finite:
        return "grad NaN" if math.isnan(stats.norm) else "grad inf"
    if stats.value is not None:
        return f"grad {fmt(stats.value)}"
    return f"|grad| {fmt(stats.norm)}"


@dataclass
class Drawing:
    """A built picture: the Digraph and the DOT id of every drawn node and leaf."""

    graph: graphviz.Digraph
    ids: dict[int, str] = field(default_factory=dict)  # id(node or leaf) -> DOT node id
    omitted: int = 0  # nodes left out by max_nodes


def make_dot(
    root: Tensor | Iterable[Tensor],
    params: Mapping[str, Tensor] | None = None,
    show_shapes: bool = True,
    show_grads: bool = False,
    *,
    grads: GradWatch | None = None,
    module: Any = None,
    max_nodes: int | None = 300,
    rankdir: str = "TB",
    show_values: bool = True,
) -> graphviz.Digraph:
    r"""Draw the graph that produced ``root`` as a ``graphviz.Digraph``.

    One box per op, named as its ``grad_fn`` is (``MulBackward0``), one per
    leaf tensor (its name from ``params``, its shape and
    dtype); arrows run in data-flow direction, inputs -> op -> output. Ops run
    inside an ``nn.Module`` call are grouped in a cluster labelled with the
    module's name ("fc1 (Linear)"), nested as the modules are.

    Gradients: leaves show their ``.grad``. The engine keeps no gradient of an
    op node, so record them with :func:`watch_grads` *before* the backward;
    ``show_grads=True`` then finds those records by itself (or pass
    ``grads=watch``). An op with no record reads "grad not recorded", and when
    a backward ran (the leaves have gradients) but no op was recorded, a
    ``UserWarning`` says to call :func:`watch_grads`. Every node shows its
    gradient's norm (the value itself for one element) and is filled on one
    log10 colour scale, dark = small, yellow = large, shown in a legend; a NaN
    or inf gradient is filled red, an all-zero one white.

    Args:
        root: the output tensor (or several) whose graph to draw.
        params: names for tensors, e.g. ``dict(model.named_parameters())``.
            A non-leaf tensor given here names the op that produced it.
        show_shapes: put shapes (and dtypes of leaves) in the labels.
        show_grads: show and colour nodes by gradient norm (after a backward).
        grads: the :class:`GradWatch` to read op gradients from.
        module: the model, whose ``named_modules()`` names the clusters (and
            whose ``named_parameters()`` names the leaves when ``params`` is
            None); by default the model is found from the nodes' module
            scopes when one module call contains the others.
        max_nodes: draw at most this many nodes (ops and leaves, nearest the
            output first) and one note saying how many were left out;
            None draws everything.
        rankdir: Graphviz layout direction: "TB" (inputs at the top), "LR", ...
        show_values: show the value of one-element tensors (leaves, named
            tensors and the output).

    Returns:
        A ``graphviz.Digraph``; ``.source`` is the DOT text, :func:`render` draws it.

    Example:
        >>> import autograd as ag
        >>> w = ag.tensor([0.5, -1.0], requires_grad=True)
        >>> x = ag.tensor([2.0, 3.0])
        >>> loss = (w * x).sum()
        >>> watch = ag.viz.watch_grads(loss)     # before backward: op gradients are recorded
        >>> loss.backward()
        >>> dot = ag.viz.make_dot(loss, params={"w": w}, show_grads=True)
        >>> print(dot.source.splitlines()[5].strip())    # the Mul node: gradient [1, 1]
        n1 [label="MulBackward0\n(2,)\n|grad| 1.414" fillcolor="#..." fontcolor="white"]
        >>> "w\\n(2,) float32" in dot.source and "gradient norm" in dot.source
        True
    """
    return build(
        root,
        params,
        show_shapes,
        show_grads,
        grads=grads,
        module=module,
        max_nodes=max_nodes,
        rankdir=rankdir,
        show_values=show_values,
    ).graph


def build(
    root: Tensor | Iterable[Tensor],
    params: Mapping[str, Tensor] | None = None,
    show_shapes: bool = True,
    show_grads: bool = False,
    *,
    grads: GradWatch | None = None,
    module: Any = None,
    max_nodes: int | None = 300,
    rankdir: str = "TB",
    show_values: bool = True,
) -> Drawing:
    """:func:`make_dot`, also returning the DOT id given to each node (for the step page)."""
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"make_dot: max_nodes must be a positive int or None, got {max_nodes}")
    if rankdir not in ("TB", "LR", "BT", "RL"):
        raise ValueError(
            f"make_dot: rankdir must be one of 'TB', 'LR', 'BT', 'RL', got {rankdir!r}"
        )
    roots = as_roots(root, "make_dot")
    data = collect(roots)
    if module is None:
        module = widest_scope(n.scope for n in data.nodes if n.scope is not None)
    if params is None and callable(getattr(module, "named_parameters", None)):
        params = dict(module.named_parameters())
    names = tensor_names(params)
    nodes, leaves, omitted = _cap(data, max_nodes)
    g = graphviz.Digraph(
        "autograd",
        graph_attr={
            "rankdir": rankdir,
            "fontname": _FONT,
            "nodesep": "0.25",
            "ranksep": "0.35",
            "compound": "true",
        },
    )
    g.attr(
        "node",
        fontname=_FONT,
        fontsize="11",
        shape="box",
        style="rounded,filled",
        fillcolor=_OP_FILL,
        margin="0.12,0.05",
        penwidth="0.8",
    )
    g.attr("edge", color="#666666", arrowsize="0.6", penwidth="0.8")
    drawing = Drawing(g, omitted=omitted)
    look = _Look(names, show_shapes, show_grads, show_values, roots)
    if show_grads:
        look.fit(nodes, leaves, grads)
        _warn_unrecorded(nodes, leaves, look)
    if params:
        for name, t in params.items():
            if t.grad_fn is not None:
                look.outputs[id(t.grad_fn)] = (name, t)
    if show_shapes:
        look.shapes = _saved_shapes(nodes)
    clusters = _Clusters(g, nodes, names, module)
    for i, node in enumerate(nodes):
        drawing.ids[id(node)] = dot_id = f"n{i}"
        _emit(clusters.body_for(node.scope), dot_id, *look.op(node))
    shared = _draw_leaves(leaves, _uses(data, drawing.ids), names, look, clusters, drawing)
    _edges(g, data, drawing.ids, omitted, max_nodes, shared)
    clusters.attach()
    if show_grads:
        _legend(g, look.scale)
    return drawing


def _warn_unrecorded(nodes: list[Function], leaves: list[Tensor], look: _Look) -> None:
    """Say how to see op gradients when a backward ran but none of them was recorded."""
    if not nodes or any(look.stats.get(id(n)) is not None for n in nodes):
        return
    if not any(look.stats.get(id(t)) is not None for t in leaves):
        return  # no backward yet: nothing to show anywhere, nothing surprising
    warnings.warn(
        f"make_dot(show_grads=True): the leaves have gradients but none of the {len(nodes)} op "
        f"nodes has a recorded one (the engine keeps none); they read {NOT_RECORDED!r}. "
        "Call autograd.viz.watch_grads(loss) after the forward and before loss.backward() "
        "to record them.",
        UserWarning,
        stacklevel=4,
    )


def _draw_leaves(
    leaves: list[Tensor],
    uses: dict[int, int],
    names: dict[int, str],
    look: _Look,
    clusters: _Clusters,
    drawing: Drawing,
) -> dict[str, tuple[str, dict[str, str]]]:
    """Draw each leaf in its module's cluster; return those drawn once per use instead."""
    shared: dict[str, tuple[str, dict[str, str]]] = {}
    for i, leaf in enumerate(leaves):
        drawing.ids[id(leaf)] = dot_id = f"l{i}"
        name = names.get(id(leaf))
        label, attrs = look.leaf(leaf)
        if uses.get(id(leaf), 0) > SHARED_LEAF_USES:
            shared[dot_id] = (label + f"\\n(read by {uses[id(leaf)]} ops)", attrs)
            continue
        body = clusters.body_for_name(name.rpartition(".")[0]) if name else drawing.graph
        _emit(body, dot_id, label, attrs)
    return shared


def _emit(body: graphviz.Digraph, dot_id: str, label: str, attrs: dict[str, str]) -> None:
    """Append a node line directly: graphviz's own quoting costs ~50 us a node."""
    text = "".join(f' {k}="{v}"' for k, v in attrs.items())
    body.body.append(f'\t{dot_id} [label="{_quote(label)}"{text}]\n')


def _quote(text: str) -> str:
    r"""Escape for a DOT string, keeping our ``\n`` line breaks."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n")


class _Look:
    """Labels and colours of nodes, from the drawing options."""

    def __init__(
        self,
        names: dict[int, str],
        show_shapes: bool,
        show_grads: bool,
        show_values: bool,
        roots: list[Tensor],
    ) -> None:
        self.names, self.show_shapes, self.show_grads = names, show_shapes, show_grads
        self.show_values = show_values
        self.root_ids = {id(t) for t in roots}
        self.outputs = {
            id(t.grad_fn): (names.get(id(t)), t) for t in roots if t.grad_fn is not None
        }
        self.shapes: dict[int, tuple[int, ...]] = {}
        self.stats: dict[int, GradStats | None] = {}
        self.scale = _Scale()

    def fit(self, nodes: list[Function], leaves: list[Tensor], grads: GradWatch | None) -> None:
        for n in nodes:
            self.stats[id(n)] = grads.get(n) if grads is not None else find_stats(n)
        for t in leaves:
            self.stats[id(t)] = GradStats.of(t.grad) if t.grad is not None else None
        self.scale = _Scale.fit(s.norm for s in self.stats.values() if s is not None)

    def _grads(self, key: int, lines: list[str], attrs: dict[str, str]) -> None:
        if self.show_grads:
            stats = self.stats.get(key)
            lines.append(_grad_line(stats))
            attrs["fillcolor"], attrs["fontcolor"] = self.scale.colour(stats)
            if stats is not None and not stats.finite:
                attrs.update(color="#7f0000", penwidth="2.5")

    def op(self, node: Function) -> tuple[str, dict[str, str]]:
        name, out = self.outputs.get(id(node), (None, None))
        op = node.name()  # the grad_fn's name, so picture, text and repr agree
        lines = [f"{name} = {op}" if name else op]
        stats = self.stats.get(id(node))
        shown = out if self.show_values and out is not None and out._data.size == 1 else None
        if self.show_shapes and not (shown is not None and shown.ndim == 0):
            shape = (
                out.shape
                if out is not None
                else (stats.shape if stats else self.shapes.get(id(node)))
            )
            if shape is not None:
                lines.append(_shape(shape))
        if shown is not None:
            lines.append(f"data {fmt(float(shown._data.reshape(-1)[0]))}")
        attrs: dict[str, str] = {}
        self._grads(id(node), lines, attrs)
        if out is not None and id(out) in self.root_ids:
            attrs["peripheries"] = "2"
        return "\\n".join(lines), attrs

    def leaf(self, leaf: Tensor) -> tuple[str, dict[str, str]]:
        name = self.names.get(id(leaf))
        lines = [name] if name else []
        if self.show_shapes:
            scalar = self.show_values and leaf.ndim == 0
            lines.append(f"{leaf.dtype}" if scalar else f"{_shape(leaf.shape)} {leaf.dtype}")
        if self.show_values and leaf._data.size == 1:
            lines.append(f"data {fmt(float(leaf._data.reshape(-1)[0]))}")
        attrs = {"style": "filled", "fillcolor": _PARAM_FILL if name else _INPUT_FILL}
        self._grads(id(leaf), lines, attrs)
        return "\\n".join(lines) or "tensor", attrs


def _saved_shapes(nodes: list[Function]) -> dict[int, tuple[int, ...]]:
    """Output shapes readable from saved arrays: a node's own output, or a consumer's input."""
    shapes: dict[int, tuple[int, ...]] = {}
    for node in nodes:
        for value, kind in zip(node._saved or (), getattr(node, "_saved_kinds", ())):
            if kind == _OUTPUT:
                shapes[id(node)] = value.shape
            elif kind >= 0 and isinstance(node._sources[kind], Function):
                shapes[id(node._sources[kind])] = value.shape
        if isinstance(node, ReLU) and node._saved:  # it saves its mask, shaped like its output
            shapes.setdefault(id(node), node._saved[0].shape)
    return shapes


def _cap(data: Graph, max_nodes: int | None) -> tuple[list[Function], list[Tensor], int]:
    """Keep ops nearest the output first, with their leaves, up to ``max_nodes`` in all."""
    total = len(data.nodes) + len(data.leaves)
    if max_nodes is None or total <= max_nodes:
        return data.nodes, data.leaves, 0
    nodes: list[Function] = []
    leaves: list[Tensor] = [r for r in data.roots if r.grad_fn is None]
    seen = {id(t) for t in leaves}
    for node in data.nodes:
        new = [s for s in node._sources if isinstance(s, Tensor) and id(s) not in seen]
        new = list({id(s): s for s in new}.values())
        if len(nodes) + len(leaves) + 1 + len(new) > max_nodes:
            break
        nodes.append(node)
        leaves.extend(new)
        seen.update(id(s) for s in new)
    return nodes, leaves, total - len(nodes) - len(leaves)


def _uses(data: Graph, ids: dict[int, str]) -> dict[int, int]:
    """id(leaf) -> how many drawn ops read it."""
    counts: dict[int, int] = {}
    for source, node in data.edges:
        if isinstance(source, Tensor) and id(node) in ids:
            counts[id(source)] = counts.get(id(source), 0) + 1
    return counts


def _edges(
    g: graphviz.Digraph,
    data: Graph,
    ids: dict[int, str],
    omitted: int,
    max_nodes: int | None,
    shared: dict[str, tuple[str, dict[str, str]]],
) -> None:
    cut: list[str] = []
    copies: dict[str, int] = {}
    for source, node in data.edges:
        target = ids.get(id(node))
        if target is None:
            continue
        src = ids.get(id(source))
        if src in shared:  # one copy per use: dot lays out a huge fan-out very slowly
            k = copies[src] = copies.get(src, -1) + 1
            label, attrs = shared[src]
            _emit(g, f"{src}_{k}", label, {**attrs, "style": "filled,dashed"})
            src = f"{src}_{k}"
        if src is not None:
            g.body.append(f"\t{src} -> {target}\n")
        elif not cut or cut[-1] != target:
            cut.append(target)
    if omitted:
        g.node(
            "omitted",
            f"{omitted:,} more nodes not shown\n(max_nodes={max_nodes})",
            shape="note",
            style="dashed",
            fontcolor="#555555",
        )
        for target in dict.fromkeys(cut):
            g.edge("omitted", target, style="dashed")


class _Clusters:
    """One Graphviz cluster per module call, nested by dotted module name."""

    def __init__(
        self, g: graphviz.Digraph, nodes: list[Function], names: dict[int, str], module: Any
    ) -> None:
        self.g = g
        self.scopes, self.modules = scope_names(nodes, names, module)
        self.by_scope = {id(n.scope): n.scope for n in nodes if n.scope is not None}
        self.subgraphs: dict[str, graphviz.Digraph] = {}

    def body_for(self, scope: Any) -> graphviz.Digraph:
        if scope is None:
            return self.g
        return self.body_for_name(self.scopes[id(scope)], scope)

    def body_for_name(self, name: str, scope: Any = None) -> graphviz.Digraph:
        """The cluster for module ``name`` (made on first use); the top level for ""."""
        if not name:
            return self.g
        sub = self.subgraphs.get(name)
        if sub is None:
            if scope is None:
                scope = self.modules.get(name)
                if scope is None and name not in self.scopes.values():
                    return self.g  # a parameter name with no drawn module: no cluster
            sub = graphviz.Digraph(name=f"cluster_{len(self.subgraphs)}")
            depth = min(name.count("."), len(_CLUSTER_FILLS) - 1)  # nested: a shade darker
            sub.attr(
                label=cluster_label(name, scope),
                style="rounded,filled",
                fillcolor=_CLUSTER_FILLS[depth],
                color="#8c96b4",
                fontname=_FONT,
                fontsize="12",
                labeljust="l",
                penwidth="1",
            )
            self.subgraphs[name] = sub
            parent = name.rpartition(".")[0]
            while parent and parent not in self.modules:
                parent = parent.rpartition(".")[0]
            if parent:
                self.body_for_name(parent)
        return sub

    def attach(self) -> None:
        """Put each cluster in its parent's, deepest first, then the outermost in the graph."""
        for name in sorted(self.subgraphs, key=lambda n: -n.count(".")):
            parent = name.rpartition(".")[0]
            while parent and parent not in self.subgraphs:
                parent = parent.rpartition(".")[0]
            (self.subgraphs[parent] if parent else self.g).subgraph(self.subgraphs[name])


def _legend(g: graphviz.Digraph, scale: _Scale) -> None:
    ticks = 5 if scale.hi - scale.lo > 1e-12 else 1
    cells = []
    for k in range(ticks):
        t = k / (ticks - 1) if ticks > 1 else 0.5
        norm = 10 ** (scale.lo + t * (scale.hi - scale.lo))
        fill, font = scale.colour(GradStats((), norm, norm, True))
        cells.append(f'<td bgcolor="{fill}"><font color="{font}">{fmt(norm)}</font></td>')
    label = (
        '<<table border="0" cellborder="1" cellspacing="0" cellpadding="4">'
        f'<tr><td colspan="{ticks}"><b>gradient norm</b> (log scale)</td></tr>'
        f"<tr>{''.join(cells)}</tr>"
        f'<tr><td colspan="{ticks}"><table border="0" cellspacing="2"><tr>'
        f'<td bgcolor="{BAD}"><font color="white">NaN / inf</font></td>'
        f'<td bgcolor="{ZERO}" border="1">zero</td>'
        f'<td bgcolor="{MISSING}">not recorded</td>'
        "</tr></table></td></tr></table>>"
    )
    g.node("legend", label, shape="plaintext", style="")


def _format_path(path: str | os.PathLike[str], format: str) -> Path:
    if format not in graphviz.FORMATS:
        raise ValueError(
            f"render: unknown format {format!r}; use one of svg, png, pdf "
            f"(or any of graphviz.FORMATS)"
        )
    target = Path(path)
    suffix = target.suffix.lstrip(".").lower()
    if suffix == format:
        return target
    if suffix in graphviz.FORMATS:
        raise ValueError(
            f"render: path {str(path)!r} ends in .{suffix} but format={format!r};"
            f" pass format={suffix!r} or a path ending in .{format}"
        )
    return target.with_name(target.name + "." + format)


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # Mode 0o666 lets the umask decide the picture's permissions, as a plain open() would.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


INSTALL_HELP = (
    "Install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
    "graphviz; conda: conda install -c conda-forge graphviz)"
)


def render(
    root: Tensor | Iterable[Tensor] | graphviz.Digraph,
    path: str | os.PathLike[str],
    format: str = "svg",
    **make_dot_kwargs: Any,
) -> str:
    """Draw ``root``'s graph into a file with Graphviz's ``dot`` program.

    Without ``dot`` on PATH, the DOT source is written next to ``path`` (with
    suffix ``.dot``) instead, with a warning saying how to install Graphviz.

    Args:
        root: the output tensor(s), or a Digraph from :func:`make_dot`.
        path: the file to write; ".{format}" is appended unless it already ends so.
        format: any Graphviz output format: "svg", "png", "pdf", ...
        **make_dot_kwargs: passed to :func:`make_dot` (``params``, ``show_grads``, ...).

    Returns:
        The path actually written.

    Example:
        >>> import os, tempfile, warnings
        >>> import autograd as ag
        >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")   # no warning when dot is installed anyway
        ...     written = ag.viz.render((x * x).sum(), os.path.join(d, "graph"))
        ...     os.path.basename(written) in ("graph.svg", "graph.dot")
        True
    """
    graph = root if isinstance(root, graphviz.Digraph) else make_dot(root, **make_dot_kwargs)
    if isinstance(root, graphviz.Digraph) and make_dot_kwargs:
        raise TypeError(
            f"render: got a Digraph and make_dot options {sorted(make_dot_kwargs)};"
            " pass the tensor instead, or draw the Digraph as it is"
        )
    target = _format_path(path, format)
    if shutil.which("dot") is not None:
        try:
            data = graph.pipe(format=format)
        except graphviz.ExecutableNotFound:
            pass
        except graphviz.CalledProcessError as e:
            fallback = target.with_suffix(".dot")
            write_atomic(fallback, graph.source.encode("utf-8"))
            raise RuntimeError(
                f"render: Graphviz's dot failed to draw {str(target)!r} (exit status "
                f"{e.returncode}); the DOT source is in {str(fallback)!r}. A very large graph "
                "can do this: pass a smaller max_nodes."
            ) from e
        else:
            write_atomic(target, data)
            return str(target)
    fallback = target.with_suffix(".dot")
    write_atomic(fallback, graph.source.encode("utf-8"))
    warnings.warn(
        f"Graphviz's `dot` program was not found on PATH, so {str(target)!r} was not drawn; "
        f"wrote the DOT source to {str(fallback)!r} instead. {INSTALL_HELP}, then run "
        f"`dot -T{format} {fallback} -o {target}`.",
        RuntimeWarning,
        stacklevel=2,
    )
    return str(fallback)
