"""Small graphs and readers of rendered pictures that the viz tests share.

``two_layer`` builds a two-layer network from stand-in modules (``Layer``, ``Act``) that tag
their ops with ``module_scope``, so pictures of it have clusters; ``svg_of``, ``svg_texts`` and
``dot_nodes`` read what ``make_dot`` drew.
"""

from __future__ import annotations

import re

import autograd as ag
from autograd.function import module_scope


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
