"""The backward pass as a step-by-step page: one frame per node the engine visits.

Each frame is what a learner needs to redo the step by hand: the op's local
derivative (as the docstring of its Function states it, so the formula lives in
one place), the numbers the step works with (the gradient it receives and the
values its forward saved) and the gradient it sends to each input.
"""

from __future__ import annotations

import functools
import html
import inspect
import json
import os
import re
import shutil
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphviz
import numpy as np

from ..function import _OUTPUT, Function
from ..tensor import Tensor
from ._graph import collect, widest_scope
from .dot import INSTALL_HELP, build, fmt, write_atomic
from .grads import watch_grads

# A tensor with at most this many entries is shown whole; a larger one as a few entries
# and its summary statistics.
SMALL = 16

_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0; display: flex; height: 100vh;
       color: #222; }
#graph { flex: 1; overflow: auto; padding: 8px; }
#graph svg { max-width: 100%; height: auto; }  /* the whole graph in view while stepping */

#side { width: 460px; border-left: 1px solid #ccc; padding: 12px 16px; overflow: auto;
        background: #fafafa; font-size: 14px; }
#side h1 { font-size: 18px; margin: 4px 0 10px; }
#controls button { font-size: 14px; padding: 4px 12px; }
#counter { display: inline-block; min-width: 90px; text-align: center; }
#frames { padding-left: 0; list-style: none; }
.frame { display: none; line-height: 1.4; }
.frame.active { display: block; }
.frame h2 { font-size: 16px; margin: 8px 0 6px; }
.frame h3 { font-size: 13px; margin: 12px 0 3px; color: #555; text-transform: uppercase;
            letter-spacing: 0.04em; }
.frame code { background: #eee; padding: 0 3px; }
.formula { font-family: Menlo, Consolas, monospace; font-size: 13px; background: #fff;
           border-left: 3px solid #ff7f0e; padding: 4px 8px; margin: 2px 0; }
.numbers { font-family: Menlo, Consolas, monospace; font-size: 12px; background: #fff;
           border: 1px solid #ddd; padding: 4px 6px; margin: 2px 0 6px; white-space: pre;
           overflow-x: auto; }
.stats { font-size: 12px; color: #555; }
.send { border-left: 3px solid #1f77b4; padding-left: 8px; margin: 6px 0; }
.bad { color: #d62728; font-weight: bold; }
.note { color: #555; font-size: 13px; }
svg g.node.pending { opacity: 0.3; }
svg g.node.current > path, svg g.node.current > polygon, svg g.node.current > ellipse
  { stroke: #ff7f0e; stroke-width: 6px; }
svg g.node.receiver > path, svg g.node.receiver > polygon, svg g.node.receiver > ellipse
  { stroke: #1f77b4; stroke-width: 4px; stroke-dasharray: 6 3; }
"""

_SCRIPT = r"""
const steps = JSON.parse(document.getElementById("steps-data").textContent);
const reveal = JSON.parse(document.getElementById("reveal-data").textContent);
const frames = document.querySelectorAll(".frame");
const NOT_YET = "#e0e0e0";
let k = 0;
// the DOT node id; "l3_7" is one drawn copy of a leaf read by many ops, "l3"
const dotId = g => g.querySelector("title").textContent.replace(/^(l\d+)_\d+$/, "$1");
const nodes = Array.from(document.querySelectorAll("svg g.node")).filter(g => dotId(g) in reveal);
nodes.forEach(g => {  // remember the drawn gradient, to hide it until the walk gets there
  const texts = g.querySelectorAll("text");
  g._shape = g.querySelector("path, polygon, ellipse");
  g._fill = g._shape ? g._shape.getAttribute("fill") : null;
  g._stroke = g._shape ? [g._shape.getAttribute("stroke"), g._shape.getAttribute("stroke-width")]
    : null;
  g._texts = Array.from(texts).map(t => [t, t.getAttribute("fill"), t.textContent]);
});
function show(i) {
  k = Math.max(0, Math.min(steps.length - 1, i));
  frames.forEach((f, j) => f.classList.toggle("active", j === k));
  document.getElementById("counter").textContent = (k + 1) + " / " + steps.length;
  if (location.hash !== "#" + (k + 1)) history.replaceState(null, "", "#" + (k + 1));
  const reached = new Set();
  for (let j = 0; j <= k; j++) {
    reached.add(steps[j].node);
    steps[j].inputs.forEach(x => reached.add(x));
  }
  nodes.forEach(g => {
    const known = reveal[dotId(g)] <= k;  // its gradient is complete by this step
    if (g._shape) {  // a NaN's red outline too waits for the step that makes it
      g._shape.setAttribute("fill", known ? g._fill : NOT_YET);
      g._shape.setAttribute("stroke", known ? g._stroke[0] : "#888888");
      if (g._stroke[1] !== null) g._shape.setAttribute("stroke-width", known ? g._stroke[1] : "1");
    }
    g._texts.forEach(([t, fill, text], j) => {
      if (fill !== null) t.setAttribute("fill", known ? fill : "black");
      if (j === g._texts.length - 1) t.textContent = known ? text : "grad: not yet";
    });
  });
  document.querySelectorAll("svg g.node").forEach(g => {
    const id = dotId(g);
    g.classList.remove("current", "receiver", "pending");
    if (id === steps[k].node) g.classList.add("current");
    else if (steps[k].inputs.includes(id)) g.classList.add("receiver");
    else if (!reached.has(id) && !["legend", "omitted"].includes(id))
      g.classList.add("pending");
  });
}
document.getElementById("prev").onclick = () => show(k - 1);
document.getElementById("next").onclick = () => show(k + 1);
document.addEventListener("keydown", e => {
  if (e.key === "ArrowLeft") show(k - 1);
  if (e.key === "ArrowRight") show(k + 1);
});
// "steps.html#3" opens at step 3, and the address follows the steps, so a step can be linked
window.addEventListener("hashchange", () => show(parseInt(location.hash.slice(1)) - 1 || 0));
if (steps.length) show(parseInt(location.hash.slice(1)) - 1 || 0);
"""


# -- the formula, from the docstring --------------------------------------------------------


def _plain(text: str) -> str:
    """Docstring markup (``code``, :func:`name`) as plain text, whitespace collapsed."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", text).replace("``", "")
    return " ".join(text.split())


@functools.cache
def op_formula(cls: type[Any]) -> tuple[str, str]:
    """``(forward, local derivative)`` as the docstring of the Function class ``cls`` states them.

    The docstring of every op starts with its forward (``out = a * b.``) and
    states its derivative (``d/da = grad * b,  d/db = grad * a.``); this finds
    the sentence that holds the first ``d/d``. Either part is "" when absent.

    Example:
        >>> from autograd.ops.arithmetic import Mul
        >>> from autograd.viz.steps import op_formula
        >>> op_formula(Mul)
        ('out = a * b.', 'd/da = grad * b, d/db = grad * a.')
    """
    doc = inspect.getdoc(cls) or ""
    paragraphs = [_plain(p) for p in doc.split("\n\n") if p.strip()]
    if not paragraphs:
        return "", ""
    forward, derivative = paragraphs[0], ""
    for k, p in enumerate(paragraphs):
        at = p.find("d/d")
        if at < 0:
            continue
        start = p.rfind(". ", 0, at) + 2 if p.rfind(". ", 0, at) >= 0 else 0
        end = p.find(". ", at)
        derivative = p[start:] if end < 0 else p[start : end + 1]
        if k == 0:
            forward = p[:start].strip()
        break
    if forward.find("d/d") >= 0:
        forward = ""
    return forward, _trim(derivative)


def _trim(sentence: str) -> str:
    """Drop the clauses (split at "; ") that are prose after the formulas."""
    parts = sentence.split("; ")
    while len(parts) > 1 and "d/d" not in parts[0] and "=" not in parts[0]:
        parts = parts[1:]  # "Forward keeps the probabilities; d/dx = ..."
    keep = [parts[0]]
    for part in parts[1:]:
        if "=" not in part and len(part) > 40:
            break
        keep.append(part)
    text = "; ".join(keep)
    return text if text.endswith(".") or len(keep) == len(parts) else text + "."


@functools.cache
def _input_names(cls: type[Any]) -> tuple[str, ...]:
    """The names ``forward`` gives its tensor inputs (``a``, ``b``; ``x``, ``weight``...)."""
    try:
        params = list(inspect.signature(cls.forward).parameters.values())[1:]
    except (TypeError, ValueError):
        return ()
    return tuple(p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


@functools.cache
def _saved_names(cls: type[Any]) -> tuple[str, ...]:
    """The names ``backward`` unpacks its saved values into (``x, probs = ctx.saved_tensors``)."""
    try:
        source = inspect.getsource(cls.backward)
    except (OSError, TypeError):
        return ()
    m = re.search(r"^\s*\(?([\w\s,]+?)\)?,?\s*=\s*ctx\.saved_tensors\s*$", source, re.M)
    return tuple(n.strip() for n in m.group(1).split(",") if n.strip()) if m else ()


# -- the numbers of a step ------------------------------------------------------------------


def _array(value: Any) -> np.ndarray:
    return np.asarray(value._data if isinstance(value, Tensor) else value)


def numbers(value: Any) -> str:
    """A tensor's numbers as text: every entry when small, else a few and its statistics.

    Example:
        >>> import numpy as np
        >>> from autograd.viz.steps import numbers
        >>> print(numbers(np.array([0.5, -1.25])))
        [0.5, -1.25]
        >>> print(numbers(np.arange(100.0).reshape(10, 10)))
        shape (10, 10), first entries [0, 1, 2, 3, ...]
        mean 49.5, std 28.87, min 0, max 99, norm 573
    """
    a = _array(value)
    if a.dtype.kind not in "fiub":
        return f"{a.dtype} array of shape {tuple(a.shape)}"
    if a.size <= SMALL:
        return np.array2string(
            a, separator=", ", max_line_width=64, formatter={"float_kind": lambda v: fmt(float(v))}
        )
    flat = a.reshape(-1).astype(np.float64)
    head = ", ".join(fmt(float(v)) for v in flat[:4])
    finite = flat[np.isfinite(flat)]
    with np.errstate(over="ignore", invalid="ignore"):
        norm = float(np.sqrt(np.sum(np.square(flat))))
        stats = (
            (
                f"mean {fmt(float(finite.mean()))}, std {fmt(float(finite.std()))}, "
                f"min {fmt(float(finite.min()))}, max {fmt(float(finite.max()))}, "
                f"norm {fmt(norm)}"
            )
            if finite.size
            else "no finite entry"
        )
    bad = flat.size - finite.size
    extra = f", {bad} NaN/inf" if bad else ""
    return f"shape {tuple(a.shape)}, first entries [{head}, ...]\n{stats}{extra}"


@dataclass
class StepRecord:
    """What one backward step computed: the gradient in, the saved values, the gradients out."""

    incoming: str
    incoming_finite: bool
    saved: list[tuple[str, str]] = field(default_factory=list)  # (name, numbers)
    sent: list[str | None] = field(default_factory=list)  # numbers, per input
    sent_finite: list[bool] = field(default_factory=list)
    step: int = -1


class _StepRecorder:
    """A node hook that re-runs the node's backward on a copy of its gradient to see what it sends.

    The hook runs just before the engine calls the same backward with the same
    gradient and saved values, so the result is the gradient the engine sends on.
    """

    def __init__(self, node: Function, counter: list[int]) -> None:
        self.node, self.counter = node, counter
        self.record: StepRecord | None = None

    def __call__(self, grad: Tensor) -> None:
        node = self.node
        g = _array(grad)
        record = StepRecord(
            numbers(g),
            bool(np.isfinite(g).all()) if g.dtype.kind == "f" else True,
            step=self.counter[0],
        )
        self.counter[0] += 1
        record.saved = _saved_values(node)
        sent = node.backward(node, np.array(g, copy=True))
        if type(sent) is not tuple:
            sent = (sent,)
        for s in sent:
            if s is None:
                record.sent.append(None)
                record.sent_finite.append(True)
            else:
                a = _array(s)
                record.sent.append(numbers(a))
                record.sent_finite.append(
                    bool(np.isfinite(a).all()) if a.dtype.kind == "f" else True
                )
        self.record = record


def _saved_values(node: Function) -> list[tuple[str, str]]:
    saved = node._saved or ()
    kinds = getattr(node, "_saved_kinds", ()) or (None,) * len(saved)
    cls: Any = type(node)
    own = _saved_names(cls)
    inputs = _input_names(cls)
    out = []
    for j, (value, kind) in enumerate(zip(saved, kinds)):
        if not isinstance(value, (np.ndarray, np.generic)) or value.dtype.kind not in "fiub":
            continue
        if len(own) == len(saved):
            name = own[j]
        elif kind == _OUTPUT:
            name = "out"
        elif kind is not None and 0 <= kind < len(inputs):
            name = inputs[kind]
        else:
            name = f"saved[{j}]"
        out.append((name, numbers(value)))
    return out


# -- the page -------------------------------------------------------------------------------


def _numbers_html(text: str, finite: bool = True) -> str:
    warn = "" if finite else "<div class='bad'>contains NaN or inf</div>"
    return f"<div class='numbers'>{html.escape(text)}</div>{warn}"


def _source_label(source: Any, names: dict[int, str]) -> str:
    if isinstance(source, Tensor):
        name = names.get(id(source))
        what = (
            f"<code>{html.escape(name)}</code>"
            if name
            else f"a leaf of shape <code>{tuple(source.shape)}</code>"
        )
        return f"{what} (leaf: it accumulates into <code>.grad</code>)"
    return node_label(source, names)


def node_label(node: Any, names: dict[int, str]) -> str:
    """``<code>MulBackward0</code>``, plus the name of the tensor it made when one was given."""
    label = f"<code>{html.escape(node.name())}</code>"
    name = names.get(id(node))
    return f"{label} (makes <code>{html.escape(name)}</code>)" if name else label


def _frame(i: int, n: int, node: Function, record: StepRecord, names: dict[int, str]) -> str:
    cls: Any = type(node)
    forward, derivative = op_formula(cls)
    parts = [f"<h2>Step {i + 1} of {n}: {node_label(node, names)}</h2>"]
    if node.name() != f"{cls.__name__}Backward0":
        parts.append(
            f"<div class='note'>formulas from the docstring of "
            f"<code>{cls.__module__}.{cls.__name__}</code></div>"
        )
    if forward:
        parts.append(f"<h3>Forward</h3><div class='formula'>{html.escape(forward)}</div>")
    parts.append(
        "<h3>Local derivative</h3>"
        + (
            f"<div class='formula'>{html.escape(derivative)}</div>"
            if derivative
            else "<div class='note'>(its docstring states no derivative)</div>"
        )
    )
    parts.append(
        "<div class='note'><code>grad</code> is the gradient this node receives "
        "(d loss / d out).</div>"
    )
    parts.append("<h3>Receives grad</h3>" + _numbers_html(record.incoming, record.incoming_finite))
    if record.saved:
        parts.append(
            "<h3>Saved by the forward</h3>"
            + "".join(
                f"<div><code>{html.escape(name)}</code></div>{_numbers_html(text)}"
                for name, text in record.saved
            )
        )
    inputs = _input_names(cls)
    sends = []
    for k, source in enumerate(node._sources):
        if source is None or k >= len(record.sent) or record.sent[k] is None:
            continue
        arg = inputs[k] if k < len(inputs) else f"input {k}"
        sends.append(
            f"<div class='send'>&rarr; {_source_label(source, names)} "
            f"<span class='note'>(d loss / d{html.escape(arg)})</span>"
            f"{_numbers_html(record.sent[k] or '', record.sent_finite[k])}</div>"
        )
    parts.append(
        "<h3>Sends</h3>"
        + ("".join(sends) if sends else "<div class='note'>no input needs a gradient</div>")
    )
    return "".join(parts)


def backward_steps(
    loss: Tensor,
    path: str | os.PathLike[str],
    params: Mapping[str, Tensor] | None = None,
    retain_graph: bool = True,
    **make_dot_kwargs: Any,
) -> str:
    """Run ``loss.backward()`` and write the walk, step by step, as one HTML page.

    Each step is one node in the order the engine visits it (reverse
    topological order), named as its ``grad_fn`` is (``MulBackward0``). A step
    shows the op's forward and local derivative (the formulas its Function's
    docstring states), the gradient it receives, the values its forward saved
    for the backward, and the gradient it sends to each input: every entry of
    a tensor of up to 16 entries, else the first few and their statistics.

    The page holds the picture of the graph as inline SVG and prev/next
    buttons (or the arrow keys): the current node is outlined orange, the
    inputs it feeds blue; nodes not reached yet are faded, and each node shows
    its gradient (and its colour on the gradient-norm scale) only from the step
    where that gradient is complete. It loads nothing from the network.
    Without Graphviz's ``dot`` the page lists the steps only.

    As with any backward, gradients accumulate into the leaves' ``.grad``; the
    gradients of op nodes stay recorded (as with :func:`watch_grads`), so a
    later ``make_dot(loss, show_grads=True)`` shows them too.

    Args:
        loss: the scalar to backpropagate.
        path: the ``.html`` file to write.
        params: names for tensors, as in :func:`make_dot`.
        retain_graph: keep the graph after the backward (default True), so it
            can still be drawn or measured.
        **make_dot_kwargs: more :func:`make_dot` options (``module``, ``rankdir``, ...).

    Returns:
        The path written.

    Example:
        >>> import os, tempfile, warnings
        >>> import autograd as ag
        >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")        # in case dot is not installed
        ...     page = open(ag.viz.backward_steps((x * x).sum(),
        ...                                       os.path.join(d, "steps.html"))).read()
        >>> page.count('class="frame"')    # SumBackward0, then MulBackward0
        2
        >>> "d/da = grad * b, d/db = grad * a." in page
        True
        >>> x.grad
        tensor([2., 4.])
    """
    if not isinstance(loss, Tensor) or loss.grad_fn is None:
        raise RuntimeError(
            "backward_steps: loss must be a Tensor with a graph (a grad_fn); got "
            f"{type(loss).__name__ if not isinstance(loss, Tensor) else 'a leaf'}"
        )
    watch = watch_grads(loss)  # left in place: make_dot(show_grads=True) shows them later
    counter = [0]
    recorders = []
    for node in collect([loss]).nodes:
        recorders.append(_StepRecorder(node, counter))
        node.register_hook(recorders[-1])
    try:
        loss.backward(retain_graph=retain_graph)
    finally:
        for r in recorders:
            if r.node._hooks and r in r.node._hooks:
                r.node._hooks.remove(r)
    make_dot_kwargs.pop("show_grads", None)
    drawing = build(loss, params, show_grads=True, grads=watch, **make_dot_kwargs)
    params = _params(loss, params, make_dot_kwargs.get("module"))
    names = {id(t): n for n, t in (params or {}).items()}
    names.update({id(t.grad_fn): n for n, t in (params or {}).items() if t.grad_fn is not None})
    done = sorted(
        (r for r in recorders if r.record is not None),
        key=lambda r: r.record.step if r.record else 0,
    )
    frames, data = [], []
    reveal: dict[str, int] = {}  # DOT id -> the step from which its gradient is complete
    for i, r in enumerate(done):
        if r.record is None:
            continue
        node_id = drawing.ids.get(id(r.node), "")
        ids = [
            drawing.ids[id(s)] for s in r.node._sources if s is not None and id(s) in drawing.ids
        ]
        reveal.setdefault(node_id, i)
        for k, s in enumerate(r.node._sources):
            sent = r.record.sent[k] if k < len(r.record.sent) else None
            if isinstance(s, Tensor) and sent is not None and id(s) in drawing.ids:
                reveal[drawing.ids[id(s)]] = i  # a leaf is complete after its last consumer
        frames.append(
            f'<li class="frame" data-node="{node_id}">'
            f"{_frame(i, len(done), r.node, r.record, names)}</li>"
        )
        data.append({"node": node_id, "inputs": ids})
    for dot_id in drawing.ids.values():
        reveal.setdefault(dot_id, len(done))  # never reached: no gradient on any step
    page = _page(_svg(drawing.graph), frames, data, reveal)
    target = Path(path)
    write_atomic(target, page.encode("utf-8"))
    return str(target)


def _params(loss: Tensor, params: Mapping[str, Tensor] | None, module: Any) -> Mapping[str, Tensor]:
    """The names the picture uses: ``params``, else the model's, as :func:`make_dot` finds them."""
    if params is not None:
        return params
    if module is None:
        module = widest_scope(n.scope for n in collect([loss]).nodes if n.scope is not None)
    named = getattr(module, "named_parameters", None)
    return dict(named()) if callable(named) else {}


def _svg(graph: graphviz.Digraph) -> str | None:
    if shutil.which("dot") is None:
        warnings.warn(
            f"Graphviz's `dot` program was not found on PATH, so the step page has no "
            f"picture, only the list of steps. {INSTALL_HELP}.",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    try:
        svg = graph.pipe(format="svg").decode("utf-8")
    except graphviz.ExecutableNotFound:
        return None
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


def _json(value: Any) -> str:
    return json.dumps(value).replace("</", "<\\/")


def _page(
    svg: str | None, frames: list[str], data: list[dict[str, Any]], reveal: dict[str, int]
) -> str:
    picture = svg or (
        "<p class='note'>No picture: Graphviz's <code>dot</code> program was not "
        f"found. {html.escape(INSTALL_HELP)}.</p>"
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>Backward, step by step</title>",
            f"<style>{_STYLE}</style></head><body>",
            f'<div id="graph">{picture}</div>',
            '<div id="side"><h1>Backward, step by step</h1>',
            '<div id="controls"><button id="prev">&#9664; prev</button><span id="counter"></span>'
            '<button id="next">next &#9654;</button></div>',
            "<p class='note'>The engine visits nodes consumers-first (reverse topological order). "
            "Orange: the node whose backward runs now. Blue dashes: the inputs it sends gradients "
            "to. Faded: not reached yet. A node shows its gradient once it is complete. "
            "Arrow keys work too.</p>",
            '<ol id="frames">',
            *frames,
            "</ol></div>",
            f'<script type="application/json" id="steps-data">{_json(data)}</script>',
            f'<script type="application/json" id="reveal-data">{_json(reveal)}</script>',
            f"<script>{_SCRIPT}</script>",
            "</body></html>",
            "",
        ]
    )


__all__ = ["backward_steps"]
