"""autograd.viz.backward_steps: the page that walks the backward pass one node at a time."""

from __future__ import annotations

import html
import inspect
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd.engine import toposort
from autograd.function import Function
from autograd.viz.steps import SMALL, numbers, op_formula
from tests.skip_policy import needs_dot


def frames(page: str) -> list[str]:
    return re.findall(r'<li class="frame" data-node="\w*">(.*?)</li>', page, re.S)


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def all_functions() -> list[type]:
    found, stack = [], [Function]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("autograd.ops") and not sub.__name__.startswith("_"):
                found.append(sub)
    return found


def test_formula_is_parsed_from_the_docstring():
    from autograd.ops.linalg import MatMul
    from autograd.ops.nn import LabelCrossEntropy, Linear

    assert op_formula(Linear) == (
        "out = x @ W^T + b.",
        "d/dx = grad @ W, d/dW = grad^T @ x, d/db = grad summed over rows.",
    )
    forward, derivative = op_formula(MatMul)
    assert forward.startswith("out = a @ b") and derivative.startswith("d/da = grad @ b^T")
    assert "softmax(x_i) - onehot(y_i)" in op_formula(LabelCrossEntropy)[1]


@pytest.mark.parametrize("cls", all_functions(), ids=lambda c: c.__name__)
def test_every_derivative_shown_is_a_substring_of_its_docstring(cls):
    forward, derivative = op_formula(cls)
    doc = " ".join((inspect.getdoc(cls) or "").replace("``", "").split())
    for part in (forward, derivative):
        assert part.rstrip(".") in doc  # one source of truth: nothing is made up
    assert "d/d" not in forward
    if "d/d" in doc:
        assert "d/d" in derivative


def test_small_tensors_show_every_value_large_ones_a_summary():
    assert numbers(np.array([[1.0, -2.5], [0.125, 3.0]])) == "[[1, -2.5],\n [0.125, 3]]"
    big = np.linspace(-1.0, 1.0, SMALL + 1)
    shown = numbers(big)
    assert shown.startswith(f"shape ({SMALL + 1},), first entries [-1, -0.875, -0.75, -0.625, ...]")
    assert "mean 0, " in shown and "min -1, max 1" in shown
    assert f"norm {ag.viz.dot.fmt(float(np.linalg.norm(big)))}" in shown
    assert "2 NaN/inf" in numbers(np.r_[big, np.nan, np.inf])


def test_each_step_shows_the_derivative_the_numbers_and_what_it_sends(tmp_path):
    a = ag.tensor([1.5, -2.0], requires_grad=True)
    b = ag.tensor([4.0, 0.5], requires_grad=True)
    loss = (a * b).sum()
    page = Path(ag.viz.backward_steps(loss, tmp_path / "s.html", params={"a": a, "b": b}))
    sum_step, mul_step = (text(f) for f in frames(page.read_text()))
    assert "Step 1 of 2: SumBackward0" in sum_step and "[1, 1]" in sum_step  # sends ones
    assert "Step 2 of 2: MulBackward0" in mul_step
    assert "d/da = grad * b, d/db = grad * a." in mul_step
    receives = mul_step.index("Receives grad")
    assert "[1, 1]" in mul_step[receives : receives + 40]
    # saved a and b, then sends grad * b to a and grad * a to b: the numbers to check by hand
    assert re.search(
        r"→ a \(leaf.*\(d loss / da\) \[4, 0\.5\] → b \(leaf.*\(d loss / db\) "
        r"\[1\.5, -2\]",
        mul_step,
    )
    np.testing.assert_array_equal(a.grad.numpy(), [4.0, 0.5])


def test_steps_follow_the_engine_and_name_nodes_as_grad_fn(tmp_path):
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    x, y = ag.randn(5, 4), ag.tensor([0, 1, 1, 0, 1])
    loss = F.cross_entropy(model(x), y)
    order = [n.name() for n in toposort([loss.grad_fn])]
    assert order == ["NllLossBackward0", "AddmmBackward0", "ReluBackward0", "AddmmBackward0"]
    page = Path(ag.viz.backward_steps(loss, tmp_path / "s.html", module=model)).read_text()
    heads = [re.search(r"Step \d+ of \d+: (\w+)", text(f)).group(1) for f in frames(page)]
    assert heads == order
    if shutil.which("dot"):  # the picture uses the same names
        svg = page[page.index("<svg") : page.index("</svg>")]
        labels = set(re.findall(r"<text[^>]*>(\w+Backward0)</text>", svg))
        assert labels == set(order), labels
        assert "LabelCrossEntropy" not in svg and ">Linear<" not in svg
    first = text(frames(page)[0])
    assert "softmax(x_i) - onehot(y_i)" in first  # the local derivative of the loss node
    assert "probs" in first  # the saved softmax, named as its backward names it


def test_large_tensors_are_summarised(tmp_path):
    w = ag.randn(20, 30, requires_grad=True)
    loss = (w * w).sum()
    step = text(frames(Path(ag.viz.backward_steps(loss, tmp_path / "s.html")).read_text())[1])
    assert "shape (20, 30), first entries" in step
    # Mul sends grad * w along each of its two edges to w; w.grad is their sum
    sent = f"norm {ag.viz.dot.fmt(float(np.linalg.norm(w.detach().numpy())))}"
    assert step.count(sent) == 4  # saved a and b (both w), then sent to a and to b


def test_nodes_show_a_gradient_only_from_the_step_that_completes_it(tmp_path):
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    loss = (h * h).sum() + h.sum()  # x's one consumer runs last; h has two consumers
    page = Path(ag.viz.backward_steps(loss, tmp_path / "s.html", params={"x": x})).read_text()
    reveal = eval(re.search(r'id="reveal-data">(.*?)</script>', page).group(1))  # plain JSON
    steps = eval(re.search(r'id="steps-data">(.*?)</script>', page).group(1))
    node_step = {s["node"]: i for i, s in enumerate(steps)}
    for dot_id, first in reveal.items():
        if dot_id in node_step:
            assert first == node_step[dot_id]  # an op: from its own step
    leaf = next(k for k in reveal if k.startswith("l"))
    assert reveal[leaf] == len(steps) - 1  # the leaf: after its last consumer
    for f in frames(page):  # the text never mentions a final .grad ahead of time
        assert "after the walk" not in f
    assert "grad: not yet" in page  # what the picture shows until then


def test_nan_is_flagged_where_it_appears(tmp_path):
    x = ag.tensor([0.0, 1.0], requires_grad=True)
    loss = (ag.sqrt(x) * 0 + x).sum()  # sqrt's derivative at 0 is inf; inf * 0 = NaN
    with np.errstate(all="ignore"):
        page = Path(ag.viz.backward_steps(loss, tmp_path / "s.html")).read_text()
    sqrt_step = next(f for f in frames(page) if "SqrtBackward0</code></h2>" in f)
    assert "contains NaN or inf" in sqrt_step


def test_retain_graph_false_frees_the_graph(tmp_path):
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    ag.viz.backward_steps(loss, tmp_path / "s.html", retain_graph=False)
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        loss.backward()


@needs_dot
def test_page_is_self_contained_and_has_controls(tmp_path):
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    page = Path(ag.viz.backward_steps((x * x).sum(), tmp_path / "s.html")).read_text()
    assert "<svg" in page and 'id="prev"' in page and 'id="next"' in page
    assert not re.search(r"<(link|img|iframe)|src=|https?://(?!www\.w3\.org)", page)


def test_step_page_without_dot_lists_the_steps(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(RuntimeWarning, match="only the list of steps"):
        page = Path(ag.viz.backward_steps((x * x).sum(), tmp_path / "s.html")).read_text()
    assert page.count('class="frame"') == 2 and "<svg" not in page


def test_step_page_errors(tmp_path):
    with pytest.raises(RuntimeError, match="loss must be a Tensor with a graph"):
        ag.viz.backward_steps(ag.ones(1), tmp_path / "s.html")
