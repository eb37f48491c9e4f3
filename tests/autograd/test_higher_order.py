"""Second and third derivatives (create_graph=True) of unary and binary ops against
torch.autograd.grad, on 0-d and larger inputs.
"""

from __future__ import annotations

import pytest

import autograd as ag
from tests.helpers import (
    away_from_zero,
    check_higher_order,
    make_inputs,
    positive,
    requires_torch,
    torch,
)

pytestmark = requires_torch
UNARY = {
    "exp": (ag.exp, lambda x: x.exp(), make_inputs),
    "log": (ag.log, lambda x: x.log(), positive),
    "sqrt": (ag.sqrt, lambda x: x.sqrt(), positive),
    "abs": (ag.abs, lambda x: x.abs(), away_from_zero),
    "sign": (ag.sign, lambda x: x.sign(), away_from_zero),
    "sin": (ag.sin, lambda x: x.sin(), make_inputs),
    "cos": (ag.cos, lambda x: x.cos(), make_inputs),
    "tanh": (ag.tanh, lambda x: x.tanh(), make_inputs),
    "sigmoid": (ag.sigmoid, lambda x: x.sigmoid(), make_inputs),
    "relu": (ag.relu, lambda x: x.relu(), away_from_zero),
    "neg": (ag.neg, lambda x: -x, make_inputs),
    "clamp": (lambda x: x.clamp(-0.5, 0.5) * x, lambda x: x.clamp(-0.5, 0.5) * x, away_from_zero),
    "pow 3": (lambda x: x**3, lambda x: x**3, make_inputs),
    "pow -1.5": (lambda x: x**-1.5, lambda x: x**-1.5, positive),
    "rpow": (lambda x: 2.0**x, lambda x: 2.0**x, make_inputs),
    "sum": (lambda x: (x * x).sum(), lambda x: (x * x).sum(), make_inputs),
    "sum dim": (lambda x: (x**3).sum(1, keepdim=True), lambda x: (x**3).sum(1, True), make_inputs),
    "mean": (lambda x: (x**3).mean(0), lambda x: (x**3).mean(0), make_inputs),
    "var": (lambda x: x.var(1), lambda x: x.var(1), make_inputs),
    "var biased": (lambda x: x.var(unbiased=False), lambda x: x.var(unbiased=False), make_inputs),
    "std": (lambda x: x.std(0), lambda x: x.std(0), make_inputs),
    "max": (lambda x: (x * x).amax(1), lambda x: torch.amax(x * x, 1), make_inputs),
    "min all": (lambda x: (x**3).min(), lambda x: torch.amin(x**3), make_inputs),
    "softmax": (lambda x: ag.softmax(x, 1), lambda x: torch.softmax(x, 1), make_inputs),
    "log_softmax": (lambda x: ag.log_softmax(x, 0), lambda x: torch.log_softmax(x, 0), make_inputs),
    "getitem": (lambda x: x[[0, 0, 2], 1:] ** 2, lambda x: x[[0, 0, 2], 1:] ** 2, make_inputs),
    "getitem mask": (lambda x: x[x > 0] ** 3, lambda x: x[x > 0] ** 3, make_inputs),
    "reshape/permute": (
        lambda x: (x.reshape(4, 3).T ** 2).flatten(),
        lambda x: (x.reshape(4, 3).T ** 2).flatten(),
        make_inputs,
    ),
    "expand": (
        lambda x: x[:, :1].expand(3, 5) ** 3,
        lambda x: x[:, :1].expand(3, 5) ** 3,
        make_inputs,
    ),
    "cat/stack": (
        lambda x: ag.stack([ag.cat([x, x * x], 1), x.tanh().repeat(1, 2)]),
        lambda x: torch.stack([torch.cat([x, x * x], 1), x.tanh().repeat(1, 2)]),
        make_inputs,
    ),
    "cast": (lambda x: x.float().double() ** 3, lambda x: x.float().double() ** 3, make_inputs),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_third_order(name):
    ours, theirs, maker = UNARY[name]
    check_higher_order(ours, theirs, inputs=maker([(3, 4)]), rtol=1e-5, atol=1e-7)


ZERO_D = [
    "exp",
    "log",
    "sqrt",
    "abs",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "relu",
    "neg",
    "clamp",
    "pow 3",
    "pow -1.5",
    "rpow",
    "sum",
    "cast",
]


@pytest.mark.parametrize("name", ZERO_D)
def test_unary_third_order_on_0d(name):
    # NumPy's ufuncs return scalars for 0-d input; the saved output must stay in the graph
    ours, theirs, maker = UNARY[name]
    check_higher_order(ours, theirs, inputs=maker([()]), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", ["add", "mul", "div", "pow", "maximum"])
def test_binary_third_order_on_0d(name):
    fn, maker = BINARY[name]
    fn = fn or (lambda a, b: getattr(ag if isinstance(a, ag.Tensor) else torch, name)(a * a, b))
    check_higher_order(fn, fn, inputs=maker([(), ()]), rtol=1e-5, atol=1e-7)


BINARY = {
    "add": (lambda a, b: a + b, make_inputs),
    "sub": (lambda a, b: a - b, make_inputs),
    "mul": (lambda a, b: a * b, make_inputs),
    "div": (lambda a, b: a / b, away_from_zero),
    "pow": (lambda a, b: a**b, positive),
    "maximum": (None, make_inputs),
    "minimum": (None, make_inputs),
    "matmul": (lambda a, b: (a @ b.T) ** 2, make_inputs),
    "where": (None, make_inputs),
    "tanh(a * b) + a": (lambda a, b: (a * b).tanh() + a, make_inputs),
}


@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1), (1, 4))], ids=str)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_third_order(name, shapes):
    fn, maker = BINARY[name]
    if name == "matmul":
        shapes = ((3, 4), (5, 4))
    if name in ("maximum", "minimum"):
        check_higher_order(
            lambda a, b: getattr(ag, name)(a * a, b * b * b),
            lambda a, b: getattr(torch, name)(a * a, b * b * b),
            inputs=maker(shapes),
        )
        return
    if name == "where":
        check_higher_order(
            lambda a, b: ag.where(a > b, a * a, b**3),
            lambda a, b: torch.where(a > b, a * a, b**3),
            inputs=maker(shapes),
        )
        return
    check_higher_order(fn, fn, inputs=maker(shapes), rtol=1e-5, atol=1e-7)
