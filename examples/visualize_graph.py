"""Draw autograd graphs: a single neuron with its values and gradients, and an MLP's backward.

Writes, into --out (default runs/visualize/):

- neuron.svg / neuron.png: tanh(x1*w1 + x2*w2 + b) left to right, every node
  showing its value (data) and its gradient d(out)/d(node) (grad), coloured by
  the gradient's size.
- neuron_steps.html: the neuron's backward pass, one step per click.
- mlp.svg / mlp.png: an nn.MLP([784, 32, 10]) with cross-entropy after one
  backward: one cluster per layer, parameters named, every node coloured by its
  gradient norm on one log scale.
- mlp_steps.html: the MLP's backward pass, step by step.

Needs Graphviz's ``dot`` (apt-get install graphviz / brew install graphviz);
without it the .dot sources are written instead. Runs offline in a second or two:

    python examples/visualize_graph.py --out runs/visualize
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import autograd as ag
import nn
import nn.functional as F


def neuron(out: Path) -> list[str]:
    """The classic one-neuron picture: values and gradients on every node."""
    x1, x2 = ag.tensor(2.0, requires_grad=True), ag.tensor(0.0, requires_grad=True)
    w1, w2 = ag.tensor(-3.0, requires_grad=True), ag.tensor(1.0, requires_grad=True)
    b = ag.tensor(6.8813735870195432, requires_grad=True)
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = ag.tanh(n)
    names = {
        "x1": x1,
        "x2": x2,
        "w1": w1,
        "w2": w2,
        "b": b,
        "x1*w1": x1w1,
        "x2*w2": x2w2,
        "x1*w1 + x2*w2": x1w1x2w2,
        "n": n,
        "o": o,
    }
    page = ag.viz.backward_steps(o, out / "neuron_steps.html", params=names, rankdir="LR")
    options = {"params": names, "show_grads": True, "rankdir": "LR"}
    return [
        ag.viz.render(o, out / "neuron.svg", **options),
        ag.viz.render(o, out / "neuron.png", format="png", **options),
        page,
    ]


def mlp(out: Path) -> list[str]:
    """An MLP on a batch of 784-pixel inputs, after one backward."""
    ag.manual_seed(0)
    model = nn.MLP([784, 32, 10])
    x = ag.rand(16, 784)  # a batch of 16 "images" in [0, 1)
    y = ag.randint(0, 10, (16,))  # their labels
    loss = F.cross_entropy(model(x), y)
    params = dict(model.named_parameters())
    page = ag.viz.backward_steps(loss, out / "mlp_steps.html", params=params, module=model)
    options = {"params": params, "module": model, "show_grads": True}
    return [
        ag.viz.render(loss, out / "mlp.svg", **options),
        ag.viz.render(loss, out / "mlp.png", format="png", **options),
        page,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/visualize", help="folder to write into")
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = neuron(out) + mlp(out)
    for w in caught:
        print(f"warning: {w.message}")
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
