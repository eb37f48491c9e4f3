"""autograd.viz.make_dot and render: labels, edges, clusters named after modules, gradient
colours, caps on size, and the fallbacks when Graphviz's dot is missing or fails.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd.function import module_scope
from tests.autograd.viz._graphs import (
    Act,
    dot_nodes,
    svg_of,
    svg_texts,
    two_layer,
)
from tests.skip_policy import needs_dot


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
