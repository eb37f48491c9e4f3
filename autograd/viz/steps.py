"""The backward pass as a step-by-step page: one frame per node the engine visits."""

from __future__ import annotations

import html
import json
import os
import shutil
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import graphviz

from ..tensor import Tensor
from .dot import INSTALL_HELP, build, fmt, write_atomic
from .grads import GradStats, watch_grads

_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0; display: flex; height: 100vh; }
#graph { flex: 1; overflow: auto; padding: 8px; }
#side { width: 380px; border-left: 1px solid #ccc; padding: 12px 16px; overflow: auto;
        background: #fafafa; }
#side h1 { font-size: 18px; margin: 4px 0 10px; }
#controls button { font-size: 14px; padding: 4px 12px; }
#counter { display: inline-block; min-width: 90px; text-align: center; }
#frames { padding-left: 0; list-style: none; }
.frame { display: none; line-height: 1.45; }
.frame.active { display: block; }
.frame code { background: #eee; padding: 0 3px; }
.note { color: #555; font-size: 13px; }
svg g.node.pending { opacity: 0.3; }
svg g.node.current > path, svg g.node.current > polygon, svg g.node.current > ellipse
  { stroke: #ff7f0e; stroke-width: 6px; }
svg g.node.receiver > path, svg g.node.receiver > polygon, svg g.node.receiver > ellipse
  { stroke: #1f77b4; stroke-width: 4px; stroke-dasharray: 6 3; }
"""

_SCRIPT = r"""
const steps = JSON.parse(document.getElementById("steps-data").textContent);
const frames = document.querySelectorAll(".frame");
let k = 0;
function show(i) {
  k = Math.max(0, Math.min(steps.length - 1, i));
  frames.forEach((f, j) => f.classList.toggle("active", j === k));
  document.getElementById("counter").textContent = (k + 1) + " / " + steps.length;
  const reached = new Set();
  for (let j = 0; j <= k; j++) {
    reached.add(steps[j].node);
    steps[j].inputs.forEach(x => reached.add(x));
  }
  document.querySelectorAll("svg g.node").forEach(g => {
    // the DOT node id; "l3_7" is one drawn copy of a leaf read by many ops, "l3"
    const id = g.querySelector("title").textContent.replace(/^(l\d+)_\d+$/, "$1");
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
if (steps.length) show(0);
"""


def _op_label(node: Any, names: dict[int, str]) -> str:
    """``<code>MulBackward0</code>``, plus the name of the tensor it made when one was given."""
    label = f"<code>{html.escape(node.name())}</code>"
    name = names.get(id(node))
    return f"{label} (<code>{html.escape(name)}</code>)" if name else label


def _describe(i: int, n: int, node: Any, stats: GradStats, names: dict[int, str],
              drawn: dict[int, str]) -> tuple[str, list[str]]:
    if stats.value is not None:
        grad = f"the gradient <code>{fmt(stats.value)}</code>"
    else:
        grad = (f"a gradient of shape <code>{html.escape(str(stats.shape))}</code>, norm "
                f"<code>{fmt(stats.norm)}</code>")
    if not stats.finite:
        grad += " <b style='color:#d62728'>(contains NaN or inf)</b>"
    targets, ids = [], []
    for source in node._sources:
        if source is None:
            continue
        if isinstance(source, Tensor):
            label = names.get(id(source), f"leaf {tuple(source.shape)}")
            final = ""
            if source.grad is not None:
                g = GradStats.of(source.grad)
                final = "; <code>.grad</code> after the walk: <code>" + (
                    fmt(g.value) if g.value is not None else f"norm {fmt(g.norm)}") + "</code>"
            targets.append(f"<code>{html.escape(label)}</code> (leaf, accumulated{final})")
        else:
            targets.append(_op_label(source, names))
        if id(source) in drawn:
            ids.append(drawn[id(source)])
    sends = ("its backward sends gradients to " + ", ".join(targets)) if targets else \
        "no input needs a gradient"
    text = (f"<b>Step {i + 1} of {n}</b>: {_op_label(node, names)} receives "
            f"{grad}; {sends}.")
    return text, ids


def backward_steps(loss: Tensor, path: str | os.PathLike[str],
                   params: Mapping[str, Tensor] | None = None, retain_graph: bool = True,
                   **make_dot_kwargs: Any) -> str:
    """Run ``loss.backward()`` and write the walk, step by step, as one HTML page.

    Each step is one node in the order the engine visits it (reverse
    topological order): the gradient it receives (shape and norm) and the
    inputs its backward passes gradients to. The page holds the picture of the
    graph (coloured by gradient norm) as inline SVG and prev/next buttons (or
    the arrow keys) that highlight the current node (orange) and the inputs it
    feeds (blue); nodes not yet reached are faded. It loads nothing from the
    network. Without Graphviz's ``dot`` the page lists the steps only.

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
        ...     page = ag.viz.backward_steps((x * x).sum(), os.path.join(d, "steps.html"))
        ...     open(page).read().count('class="frame"')    # Sum, then Mul
        2
        >>> x.grad
        tensor([2., 4.])
    """
    if not isinstance(loss, Tensor) or loss.grad_fn is None:
        raise RuntimeError("backward_steps: loss must be a Tensor with a graph (a grad_fn); got "
                           f"{type(loss).__name__ if not isinstance(loss, Tensor) else 'a leaf'}")
    watch = watch_grads(loss)  # left in place: make_dot(show_grads=True) shows them later
    loss.backward(retain_graph=retain_graph)
    make_dot_kwargs.pop("show_grads", None)
    drawing = build(loss, params, show_grads=True, grads=watch, **make_dot_kwargs)
    names = {id(t): n for n, t in (params or {}).items()}
    names.update({id(t.grad_fn): n for n, t in (params or {}).items() if t.grad_fn is not None})
    steps = watch.steps()
    frames, data = [], []
    for i, (node, stats) in enumerate(steps):
        text, ids = _describe(i, len(steps), node, stats, names, drawing.ids)
        node_id = drawing.ids.get(id(node), "")
        frames.append(f'<li class="frame" data-node="{node_id}">{text}</li>')
        data.append({"node": node_id, "inputs": ids})
    svg = _svg(drawing.graph)
    page = _page(svg, frames, data)
    target = Path(path)
    write_atomic(target, page.encode("utf-8"))
    return str(target)


def _svg(graph: graphviz.Digraph) -> str | None:
    if shutil.which("dot") is None:
        warnings.warn(f"Graphviz's `dot` program was not found on PATH, so the step page has no "
                      f"picture, only the list of steps. {INSTALL_HELP}.", RuntimeWarning,
                      stacklevel=3)
        return None
    try:
        svg = graph.pipe(format="svg").decode("utf-8")
    except graphviz.ExecutableNotFound:
        return None
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


def _page(svg: str | None, frames: list[str], data: list[dict[str, Any]]) -> str:
    picture = svg or ("<p class='note'>No picture: Graphviz's <code>dot</code> program was not "
                      f"found. {html.escape(INSTALL_HELP)}.</p>")
    steps_json = json.dumps(data).replace("</", "<\\/")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>Backward, step by step</title>", f"<style>{_STYLE}</style></head><body>",
        f'<div id="graph">{picture}</div>', '<div id="side"><h1>Backward, step by step</h1>',
        '<div id="controls"><button id="prev">&#9664; prev</button><span id="counter"></span>'
        '<button id="next">next &#9654;</button></div>',
        "<p class='note'>The engine visits nodes consumers-first (reverse topological order). "
        "Orange: the node whose backward runs now. Blue dashes: the inputs it sends gradients "
        "to. Faded: not reached yet. Arrow keys work too.</p>",
        '<ol id="frames">', *frames, "</ol></div>",
        f'<script type="application/json" id="steps-data">{steps_json}</script>',
        f"<script>{_SCRIPT}</script>", "</body></html>", "",
    ])


__all__ = ["backward_steps"]
