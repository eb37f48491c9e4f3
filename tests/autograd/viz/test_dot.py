"""autograd.viz: pictures rendered with Graphviz's dot, gradient records, diagnostics, step page."""

from __future__ import annotations

import gc
import os
import re
import shutil
import time
import weakref
from pathlib import Path

import numpy as np
import pytest

import autograd as ag
from autograd.function import module_scope
from tests.helpers import assert_close, requires_torch, torch

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")


def svg_of(root, **kwargs) -> str:
    return ag.viz.make_dot(root, **kwargs).pipe(format="svg").decode("utf-8")


def svg_texts(svg: str) -> list[str]:
    """The visible text lines of a rendered SVG, unescaped."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [t.replace("&#45;", "-").replace("&gt;", ">").replace("&lt;", "<") for t in texts]


def dot_nodes(src: str) -> dict[str, dict[str, str]]:
    """DOT node id -> its attributes, for the op and leaf nodes of a make_dot source."""
    nodes = {}
    for line in src.splitlines():
        m = re.match(r"\t+([nl][\d_]+) \[(.*)\]$", line)
        if m:
            nodes[m.group(1)] = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2)))
    return nodes


class Layer:
    """A stand-in module: owns parameters, tags its ops with module_scope."""

    def __init__(self, n_in: int, n_out: int) -> None:
        self._parameters = {
            "weight": ag.randn(n_out, n_in, requires_grad=True),
            "bias": ag.zeros(n_out, requires_grad=True),
        }

    def __call__(self, x):
        with module_scope(self):
            return x @ self._parameters["weight"].T + self._parameters["bias"]


class Act:
    def __call__(self, x):
        with module_scope(self):
            return ag.tanh(x)


def two_layer():
    fc1, fc2 = Layer(4, 3), Layer(3, 2)
    params = {
        f"{name}.{k}": v
        for name, layer in (("fc1", fc1), ("fc2", fc2))
        for k, v in layer._parameters.items()
    }
    x = ag.randn(5, 4)
    loss = (fc2(Act()(fc1(x))) ** 2).mean()
    return loss, params


# -- make_dot / render --------------------------------------------------------------------


@needs_dot
def test_svg_labels_carry_op_names_parameter_names_shapes_and_dtypes():
    w = ag.randn(3, 2, requires_grad=True)
    b = ag.zeros(2, requires_grad=True)
    x = ag.randn(4, 3)
    loss = ag.relu(x @ w + b).sum()
    texts = svg_texts(svg_of(loss, params={"w": w, "b": b}))
    for op in ("MmBackward0", "AddBackward0", "ReluBackward0", "SumBackward0"):
        assert op in texts
    assert "w" in texts and "b" in texts
    assert "(3, 2) float32" in texts and "(2,) float32" in texts
    assert "(4, 2)" in texts  # ReLU's output shape, read from the array it saved
    assert "(4, 2)" in svg_texts(svg_of(loss, show_shapes=True))
    assert "(4, 2)" not in svg_texts(svg_of(loss, show_shapes=False))


def test_edges_run_in_data_flow_direction():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = ag.exp(w).sum()
    src = ag.viz.make_dot(loss, params={"w": w}).source
    ids = dict(re.findall(r"\t(\w+) \[label=\"?([A-Za-z0-9]+)", src))
    edges = re.findall(r"\t(\w+) -> (\w+)", src)
    assert [(ids[a], ids[b]) for a, b in edges] == [
        ("ExpBackward0", "SumBackward0"),
        ("w", "ExpBackward0"),
    ]


def test_one_node_per_op_and_leaf_even_when_shared():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    h = x * x
    loss = (h + h).sum()  # h's node feeds Add twice; x feeds Mul twice
    src = ag.viz.make_dot(loss).source
    assert len(re.findall(r"\[label=", src)) == 4  # Sum, Add, Mul, x
    assert len(re.findall(r"->", src)) == 5


@needs_dot
def test_nan_gradient_is_marked_red_and_legend_shown():
    x = ag.tensor([-1.0, 4.0], requires_grad=True)
    with np.errstate(invalid="ignore"):
        loss = ag.sqrt(x).sum()  # sqrt(-1) = nan, and so is its gradient
    ag.viz.watch_grads(loss)  # not kept: the records live on the nodes
    loss.backward()
    svg = svg_of(loss, params={"x": x}, show_grads=True)
    texts = svg_texts(svg)
    assert "grad NaN" in texts
    assert 'fill="#d62728"' in svg  # the red fill, on the leaf and in the legend
    red_nodes = re.findall(
        r'<title>(\w+)</title>\s*<path fill="#d62728"|'
        r'<title>(\w+)</title>\s*<polygon fill="#d62728"',
        svg,
    )
    assert {a or b for a, b in red_nodes} == {"l0"}  # the leaf x; Sqrt's own grad is fine
    assert "gradient norm" in " ".join(texts)


def test_no_warning_before_a_backward_or_with_recorded_op_gradients():
    import warnings

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (ag.tanh(x) * 2).sum()
    watch = ag.viz.watch_grads(loss)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ag.viz.make_dot(loss, show_grads=True)  # no backward yet: nothing is recorded anywhere
        loss.backward()
        src = ag.viz.make_dot(loss, params={"x": x}, show_grads=True).source
    assert len(watch) == 3 and "grad not recorded" not in src
    assert "TanhBackward0\\n(2,)\\n|grad| " in src  # the op's shape and gradient norm


def test_gradient_colours_follow_the_norm_on_one_log_scale():
    x = ag.tensor([1.0], requires_grad=True)
    y = ag.tensor([1.0], requires_grad=True)
    loss = (x * 1000).sum() + (y * 0.001).sum()
    loss.backward()
    with pytest.warns(UserWarning, match="watch_grads"):  # op gradients were not recorded
        src = ag.viz.make_dot(loss, params={"x": x, "y": y}, show_grads=True).source
    fills = {
        a["label"][0]: a["fillcolor"] for a in dot_nodes(src).values() if a["label"][0] in "xy"
    }
    assert fills == {"x": "#fde725", "y": "#440154"}  # the largest and smallest ends
    assert "grad 1000" in src and "grad 0.001" in src


def test_zero_and_unrecorded_gradients_are_distinguished():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * 0.0).sum()
    loss.backward()  # no watch: op gradients were not recorded
    with pytest.warns(
        UserWarning,
        match=r"none of the 2 op nodes has a recorded one.*"
        r"watch_grads\(loss\) after the forward and before",
    ):
        src = ag.viz.make_dot(loss, params={"x": x}, show_grads=True).source
    nodes = dot_nodes(src)
    assert nodes["l0"]["label"].endswith("|grad| 0") and nodes["l0"]["fillcolor"] == "#ffffff"
    for op in ("n0", "n1"):  # Sum and Mul
        assert nodes[op]["label"].endswith("grad not recorded")
        assert nodes[op]["fillcolor"] == "#e0e0e0"


@needs_dot
def test_clusters_are_named_after_modules_from_params():
    loss, params = two_layer()
    svg = svg_of(loss, params=params)
    texts = svg_texts(svg)
    assert "fc1 (Layer)" in texts and "fc2 (Layer)" in texts
    assert "Act" in texts  # parameterless: its class name
    # the parameters sit inside their module's cluster
    src = ag.viz.make_dot(loss, params=params).source
    for name in ("fc1", "fc2"):
        cluster = re.search(
            r'subgraph cluster_\d \{\n[^\n]*label="' + name + r' \(Layer\)"(.*?)\n\t\}', src, re.S
        ).group(1)
        assert f'label="{name}.weight' in cluster and f'label="{name}.bias' in cluster


def test_parameterless_modules_are_numbered_when_repeated():
    x = ag.tensor([0.5], requires_grad=True)
    first, second = Act(), Act()
    loss = second(first(x)).sum()
    src = ag.viz.make_dot(loss).source
    labels = re.findall(r"label=(\w+) labeljust", src)
    assert sorted(labels) == ["Act_1", "Act_2"]
    # numbered in forward order: Act_1 holds the Tanh that reads x
    body = src[src.index("label=Act_1") :]
    node_id = re.search(r"\t\t(n\d+) \[", body).group(1)
    l0 = re.search(r"\t(l\d+) \[", src).group(1)
    assert f"{l0} -> {node_id}" in src


def test_string_scopes_name_their_cluster():
    x = ag.tensor([1.0], requires_grad=True)
    with module_scope("encoder"):
        h = x * 2
    loss = h.sum()
    src = ag.viz.make_dot(loss).source
    assert re.search(
        r"subgraph cluster_0 \{\n[^\n]*label=encoder[^\n]*\n"
        r'\t\tn1 \[label="MulBackward0"',
        src,
    )


@needs_dot
def test_clusters_match_nn_module_names():
    nn = pytest.importorskip("nn")
    F = pytest.importorskip("nn.functional")
    model = nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 3))
    loss = F.cross_entropy(model(ag.randn(5, 6)), ag.tensor([0, 1, 2, 0, 1]))
    # names from the model
    texts = svg_texts(svg_of(loss, module=model))
    assert {"0 (Linear)", "1 (ReLU)", "2 (Linear)"} <= set(texts)
    assert {"0.weight", "0.bias", "2.weight", "(3, 4) float32"} <= set(texts)  # leaves too
    # names from the parameters, and the parameters labelled
    texts = svg_texts(svg_of(loss, params=dict(model.named_parameters())))
    assert {"0 (Linear)", "2 (Linear)", "ReLU", "0.weight", "2.bias"} <= set(texts)


def test_nested_modules_give_nested_clusters():
    nn = pytest.importorskip("nn")

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)
            self.act = nn.Tanh()

        def forward(self, x):
            return self.act(self.fc(x)) + x

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.block = Block()
            self.head = nn.Linear(3, 1)

        def forward(self, x):
            return self.head(self.block(x))

    net = Net()
    loss = net(ag.randn(2, 3)).sum()
    src = ag.viz.make_dot(loss, module=net).source
    block = src.index('label="block (Block)"')
    inner = src.index('label="block.fc (Linear)"')
    assert block < inner and 'label="head (Linear)"' in src
    # block.fc's cluster is written inside block's (one tab deeper)
    assert "\t\tsubgraph cluster_" in src[:inner]


def test_graphs_of_gradients_draw_too():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (g,) = ag.grad((x**3).sum(), x, create_graph=True)  # 3 x^2, itself a graph
    src = ag.viz.make_dot(g, params={"x": x}).source
    assert 'label="x\\n(2,) float32"' in src
    assert {a["label"].split("\\n")[0] for a in dot_nodes(src).values()} >= {"MulBackward0", "x"}
    ops_before = ag.viz.graph_summary(g).op_counts
    g.sum().backward()  # drawing changed nothing: the graph still runs
    np.testing.assert_allclose(x.grad._data, 6 * x._data)
    assert sum(ops_before.values()) >= 2


def test_max_nodes_caps_the_picture_with_a_note():
    x = ag.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(50):
        y = y * 1.01
    dot = ag.viz.make_dot(y.sum(), max_nodes=10)
    drawn = re.findall(r"\t(n\d+|l\d+) \[", dot.source)
    assert len(drawn) == 10
    assert "42 more nodes not shown" in dot.source  # 51 ops + 1 leaf - 10
    assert "omitted -> n9" in dot.source
    with pytest.raises(ValueError, match="max_nodes must be a positive int or None, got 0"):
        ag.viz.make_dot(y, max_nodes=0)


def test_hundred_thousand_node_graph_builds_without_recursion():
    x = ag.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = ag.neg(y)
    start = time.perf_counter()
    src = ag.viz.make_dot(y, max_nodes=None, show_grads=True).source
    elapsed = time.perf_counter() - start
    assert src.count("label=Neg") + src.count('label="Neg') == 100_000
    assert src.count("->") == 100_000
    assert elapsed < 20  # a few seconds on a slow machine
    assert ag.viz.graph_summary(y).nodes == 100_000


@needs_dot
def test_render_writes_svg_and_png(tmp_path):
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    svg = ag.viz.render(loss, tmp_path / "graph", params={"x": x})
    assert svg == str(tmp_path / "graph.svg")
    assert "MulBackward0" in svg_texts(Path(svg).read_text())
    png = ag.viz.render(loss, tmp_path / "sub" / "graph.png", format="png")
    assert Path(png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_leaves_permissions_to_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        svg = ag.viz.render((ag.ones(2, requires_grad=True) * 2).sum(), tmp_path / "g.svg")
    finally:
        os.umask(previous)
    assert os.stat(svg).st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["g.svg"]  # no temporary file left


def test_render_falls_back_to_dot_source_without_graphviz(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    with pytest.warns(
        RuntimeWarning,
        match=r"`dot` program was not found.*apt-get install "
        r"graphviz.*brew install graphviz.*conda",
    ):
        written = ag.viz.render(loss, tmp_path / "graph.svg")
    assert written == str(tmp_path / "graph.dot")
    assert not (tmp_path / "graph.svg").exists()
    assert Path(written).read_text() == ag.viz.make_dot(loss).source


def test_render_falls_back_when_graphviz_reports_no_executable(tmp_path, monkeypatch):
    import graphviz

    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(("dot",))

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    x = ag.tensor([1.0], requires_grad=True)
    with pytest.warns(RuntimeWarning, match="wrote the DOT source"):
        written = ag.viz.render(x * 2, tmp_path / "g", format="png")
    assert written.endswith("g.dot")


def test_render_reports_a_dot_failure_and_keeps_the_source(tmp_path, monkeypatch):
    import graphviz

    def crash(*args, **kwargs):
        raise graphviz.CalledProcessError(-11, ["dot", "-Tsvg"])

    monkeypatch.setattr(graphviz.Digraph, "pipe", crash)
    x = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(
        RuntimeError,
        match=r"dot failed to draw '.*g\.svg' \(exit status -11\)"
        r".*pass a smaller max_nodes",
    ):
        ag.viz.render(x * 2, tmp_path / "g.svg")
    assert (tmp_path / "g.dot").read_text() == ag.viz.make_dot(x * 2).source


def test_a_leaf_read_by_many_ops_is_drawn_once_per_use():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(20):
        y = ag.tanh(y) + x  # x feeds the first Tanh and 20 Adds: a copy for each keeps dot fast
    few = x * 2 + x * 3
    src = ag.viz.make_dot(y.sum(), params={"x": x}).source
    copies = [a for k, a in dot_nodes(src).items() if a["label"].startswith("x\\n")]
    assert len(copies) == 21
    assert all(a["label"].endswith("(read by 21 ops)") for a in copies)
    assert len(re.findall(r"\tl0_\d+ -> n\d+", src)) == 21
    few_src = ag.viz.make_dot(few.sum(), params={"x": x}).source
    assert "read by" not in few_src and few_src.count("l0 -> ") == 2


def test_render_and_make_dot_errors(tmp_path):
    x = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match=r"ends in \.png but format='svg'; pass format='png'"):
        ag.viz.render(x * 2, tmp_path / "g.png")
    with pytest.raises(ValueError, match="unknown format 'svgg'"):
        ag.viz.render(x * 2, tmp_path / "g", format="svgg")
    with pytest.raises(
        TypeError,
        match=r"expected a Tensor \(or a list of Tensors\) as root, "
        "got ndarray",
    ):
        ag.viz.make_dot(np.ones(2))
    with pytest.raises(TypeError, match="got int at position 1"):
        ag.viz.make_dot([x * 2, 3])
    with pytest.raises(ValueError, match="rankdir must be one of 'TB', 'LR', 'BT', 'RL', got 'up'"):
        ag.viz.make_dot(x * 2, rankdir="up")
    with pytest.raises(TypeError, match="params must map names to tensors"):
        ag.viz.make_dot(x * 2, params=[x])
    with pytest.raises(TypeError, match=r"params\['w'\] is list, expected a Tensor"):
        ag.viz.make_dot(x * 2, params={"w": [1.0]})


# -- watch_grads ----------------------------------------------------------------------------


@requires_torch
def test_watch_records_each_nodes_gradient_like_torch():
    a = np.array([[0.5, -1.0], [2.0, 0.3]])
    x = ag.tensor(a, requires_grad=True)
    h = ag.tanh(x * 3)
    loss = (h**2).sum()
    watch = ag.viz.watch_grads(loss)
    loss.backward()
    tx = torch.tensor(a, requires_grad=True)
    th = torch.tanh(tx * 3)
    th.retain_grad()
    (th**2).sum().backward()
    stats = watch[h.grad_fn]
    assert stats.shape == (2, 2)
    assert_close(np.array(stats.norm), np.array(th.grad.norm().item()), rtol=1e-12)
    assert_close(np.array(stats.absmax), np.array(th.grad.abs().max().item()), rtol=1e-12)
    assert stats.finite and stats.value is None
    assert [n.name() for n, _ in watch.steps()] == [
        "SumBackward0",
        "PowBackward0",
        "TanhBackward0",
        "MulBackward0",
    ]
    assert "TanhBackward0\\n(2, 2)\\n|grad| " in ag.viz.make_dot(loss, show_grads=True).source
    watch.remove()
    assert not h.grad_fn._hooks and watch[h.grad_fn] is stats  # records stay in the watch
    with pytest.warns(UserWarning, match="watch_grads"):  # a new watch is needed
        assert "grad not recorded" in ag.viz.make_dot(loss, show_grads=True).source


def test_watch_holds_the_graph_weakly():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * 2).sum()
    watch = ag.viz.watch_grads(loss)
    loss.backward()
    assert len(watch) == 2
    node = weakref.ref(loss.grad_fn)
    del loss
    gc.collect()
    assert node() is None and len(watch) == 0


def test_watch_does_not_change_gradients():
    x = ag.tensor([1.0, -2.0], requires_grad=True)
    loss = (ag.exp(x) * x).sum()
    ag.viz.watch_grads(loss)
    loss.backward()
    expected = np.exp(x._data) * (x._data + 1)
    np.testing.assert_allclose(x.grad._data, expected, rtol=1e-6)


# -- explain_grad ---------------------------------------------------------------------------


def test_explain_not_connected():
    w = ag.tensor([1.0], requires_grad=True)
    v = ag.tensor([2.0], requires_grad=True)
    loss = (v * 3).sum()
    e = ag.viz.explain_grad(loss, w, name="w")
    assert e.reason == "not_connected"
    assert re.match(r"w is not in loss's graph \(2 nodes, 1 leaves\)", str(e))


def test_explain_detached():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    d = w.detach()
    loss = (w * d).sum()
    e = ag.viz.explain_grad(loss, d, name="d")
    assert e.reason == "detached" and "looks like a .detach() of it" in str(e)
    h = ag.exp(w)
    hd = h.detach()
    loss = h.sum() + hd.sum()
    assert ag.viz.explain_grad(loss, hd).reason == "detached"


def test_explain_requires_grad_false():
    c = ag.tensor([1.0, 2.0])
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    e = ag.viz.explain_grad((w * c).sum(), c, name="c")
    assert e.reason == "requires_grad_false"
    assert "c has requires_grad=False" in str(e) and "requires_grad_()" in str(e)


def test_explain_no_grad():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    with ag.no_grad():
        h = w * 2  # came out of an op: no graph
        inside = ag.viz.explain_grad(h, h, name="h")
    loss = (h * 3).sum()
    e = ag.viz.explain_grad(loss, w, name="w")
    assert inside.reason == "no_grad" and "inside no_grad()" in str(inside)
    assert e.reason == "no_grad"
    assert str(e).startswith("loss has no graph (requires_grad=False, no grad_fn)")


def test_explain_integer_dtype():
    idx = ag.tensor([0, 1])
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    e = ag.viz.explain_grad(w.sum(), idx, name="idx")
    assert e.reason == "integer_dtype" and "idx has dtype int64" in str(e)


def test_explain_graph_freed():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    loss.backward()
    w.grad = None
    e = ag.viz.explain_grad(loss, w, name="w")
    assert e.reason == "graph_freed"
    assert "without retain_graph=True and freed 1 nodes' saved arrays" in str(e)


def test_explain_dead_relu():
    w = ag.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
    x = ag.tensor([[1.0, 1.0]])
    loss = ag.relu(x @ w - 100.0).sum()  # every pre-activation is far below zero
    e = ag.viz.explain_grad(loss, w, name="w")  # before backward: computed on the side
    assert e.reason == "dead_relu" and "ReluBackward0 of shape (1, 2)" in str(e)
    assert w.grad is None  # explaining did not write .grad
    loss.backward(retain_graph=True)
    np.testing.assert_array_equal(w.grad._data, 0)
    assert ag.viz.explain_grad(loss, w).reason == "dead_relu"
    fresh = ag.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
    alive = ag.relu(x @ fresh + 100.0).sum()
    assert ag.viz.explain_grad(alive, fresh).reason == "backward_not_run"


def test_explain_zero_without_relu_and_ok():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * 0.0).sum()
    assert ag.viz.explain_grad(loss, w).reason == "zero_grad"
    good = (w * 2).sum()
    good.backward()
    e = ag.viz.explain_grad(good, w, name="w")
    assert e.reason == "ok" and "norm 2.828" in str(e)


def test_explain_not_leaf_and_retain_grad():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    h = w * 3
    loss = h.sum()
    e = ag.viz.explain_grad(loss, h, name="h")
    assert e.reason == "not_leaf" and "h.retain_grad()" in str(e)
    h.retain_grad()
    loss.backward()
    assert ag.viz.explain_grad(loss, h).reason == "ok"


def test_explain_type_errors():
    with pytest.raises(TypeError, match="explain_grad: tensor must be a Tensor, got list"):
        ag.viz.explain_grad(ag.ones(1), [1.0])


# -- graph_summary --------------------------------------------------------------------------


def test_summary_counts_and_saved_bytes_match_a_direct_sum():
    loss, params = two_layer()
    s = ag.viz.graph_summary(loss)
    from autograd.engine import toposort

    nodes = toposort([loss.grad_fn])
    arrays = {id(v): v for n in nodes for v in (n._saved or ()) if isinstance(v, np.ndarray)}
    assert s.saved_bytes == sum(a.nbytes for a in arrays.values()) > 0
    assert s.saved_arrays == len(arrays)
    assert s.nodes == len(nodes) and s.leaves == 4
    assert s.op_counts["MatMul"] == 2 and s.op_counts["Tanh"] == 1
    assert sum(s.op_counts.values()) == s.nodes
    assert f"{s.nodes} nodes" in str(s) and "saved for backward" in str(s)
    saving = sum(1 for n in nodes if n._saved is not None)
    loss.backward()
    after = ag.viz.graph_summary(loss)
    assert after.saved_bytes == 0 and after.released == saving > 0
    assert "already freed by a backward" in str(after)


def test_summary_counts_a_shared_array_once():
    x = ag.ones(1000, requires_grad=True)  # float32: 4000 bytes
    loss = (x * x).sum()  # Mul saves x's array twice
    assert ag.viz.graph_summary(loss).saved_bytes == 4000


# -- the example ----------------------------------------------------------------------------


@needs_dot
def test_example_writes_its_pictures_and_pages(tmp_path, monkeypatch, capsys):
    pytest.importorskip("nn")
    import runpy
    import sys

    monkeypatch.setattr(sys, "argv", ["visualize_graph.py", "--out", str(tmp_path)])
    runpy.run_path(
        str(Path(__file__).parents[3] / "examples" / "visualize_graph.py"), run_name="__main__"
    )
    printed = capsys.readouterr().out.split()
    names = [
        "neuron.svg",
        "neuron.png",
        "neuron_steps.html",
        "mlp.svg",
        "mlp.png",
        "mlp_steps.html",
    ]
    assert printed == [str(tmp_path / n) for n in names]
    neuron = svg_texts((tmp_path / "neuron.svg").read_text())
    assert {"o = TanhBackward0", "data 0.7071", "grad 1", "x1", "grad -1.5"} <= set(neuron)
    mlp = svg_texts((tmp_path / "mlp.svg").read_text())
    assert {"0 (Linear)", "1 (ReLU)", "2 (Linear)", "0.weight", "(32, 784) float32"} <= set(mlp)
    assert "grad not recorded" not in mlp  # every op gradient was recorded
    # one frame per node: Linear, ReLU, Linear, cross-entropy (2-D logits need no Reshape)
    assert (tmp_path / "mlp_steps.html").read_text().count('class="frame"') == 4
