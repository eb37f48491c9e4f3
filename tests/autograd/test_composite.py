"""Random compositions of ops, first and second derivatives against torch.

Each case is a small program drawn from a fixed seed: unary and broadcasting
binary ops applied to earlier values (0-d, size-1 and matrix shapes mixed).
It catches what single-op tests cannot: shared inputs, diamonds, broadcasting
inside a chain, and saved values reused under ``create_graph=True``.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch

pytestmark = requires_torch


def _amax(lib, x):
    return torch.amax(x, -1, keepdim=True) if lib is torch else x.amax(-1, keepdim=True)


UNARY = [
    lambda lib, x: (x * 0.3).exp(),
    lambda lib, x: x.tanh(),
    lambda lib, x: x.sigmoid(),
    lambda lib, x: x * x,
    lambda lib, x: (x + 0.1234).abs(),
    lambda lib, x: (x + 0.0123).relu(),
    lambda lib, x: x.sum(-1, keepdim=True) if x.ndim else x,
    lambda lib, x: x.mean(0) if x.ndim else x,
    lambda lib, x: _amax(lib, x) if x.ndim else x,
    lambda lib, x: x.permute(*reversed(range(x.ndim))) if x.ndim else x,
    lambda lib, x: x.softmax(-1) if x.ndim else x,
    lambda lib, x: x.log_softmax(0) if x.ndim else x,
    lambda lib, x: x.clamp(-0.7, 0.8),
    lambda lib, x: x.var(-1, keepdim=True) if x.ndim and x.shape[-1] > 1 else x,
    lambda lib, x: (x * x + 1).sqrt(),
    lambda lib, x: (x * x + 1).log(),
    lambda lib, x: -x,
    lambda lib, x: (x * x + 0.5) ** 1.5,
    lambda lib, x: x.sin(),
    lambda lib, x: x[..., :1] if x.ndim else x,
    lambda lib, x: x.reshape(-1)[::2] if x.ndim else x,
]


def _amin(lib, x):
    return torch.amin(x, 0) if lib is torch else x.amin(0)


def _square_matmul(lib, x):
    if x.ndim >= 2:
        return x @ x.transpose(-1, -2)
    return x @ x if x.ndim == 1 else x


SHAPE_OPS = [  # indexing, joining and matrix ops
    lambda lib, x: x.std(0) if x.ndim and x.shape[0] > 1 else x,
    lambda lib, x: _amin(lib, x) if x.ndim else x,
    lambda lib, x: x[lib.tensor(np.array([0, 0, -1]))] if x.ndim else x,
    lambda lib, x: x[x > 0.1] if x.ndim else x,
    lambda lib, x: x.unsqueeze(0).expand(2, *x.shape),
    lambda lib, x: x.repeat(*([2] * max(x.ndim, 1))),
    lambda lib, x: x.unsqueeze(-1).squeeze(-1),
    lambda lib, x: x.flatten(),
    lambda lib, x: lib.cat([x, x * 2], -1) if x.ndim else x,
    lambda lib, x: lib.stack([x, x.tanh()], 0),
    _square_matmul,
    lambda lib, x: x[..., None, :] if x.ndim else x,
    lambda lib, x: x.reshape(*x.shape[::-1]) if x.ndim else x,
    lambda lib, x: (x.abs() + 0.5) ** (x * 0.5),
    lambda lib, x: x.double().float().double(),
]
UNARY += SHAPE_OPS

BINARY = [
    lambda lib, a, b: a + b,
    lambda lib, a, b: a * b,
    lambda lib, a, b: a - b,
    lambda lib, a, b: a / (b * b + 1),
    lambda lib, a, b: lib.maximum(a, b),
    lambda lib, a, b: lib.where(a > b, a, b * 2),
]

SHAPES = [(3, 4), (4,), (1, 4), (3, 1), (), (4, 4), (2, 3, 4)]


def _program(seed):
    rnd = random.Random(seed)
    steps = []
    for _ in range(rnd.randint(2, 7)):
        if rnd.random() < 0.6:
            steps.append(("u", rnd.randrange(len(UNARY)), rnd.randrange(10)))
        else:
            steps.append(("b", rnd.randrange(len(BINARY)), rnd.randrange(10), rnd.randrange(10)))
    return steps, rnd.choice(SHAPES), rnd.choice(SHAPES)


def _run(lib, steps, arrays):
    xs = [lib.tensor(a.copy(), requires_grad=True) for a in arrays]
    values = list(xs)
    for step in steps:
        if step[0] == "u":
            values.append(UNARY[step[1]](lib, values[step[2] % len(values)]))
            continue
        a, b = values[step[2] % len(values)], values[step[3] % len(values)]
        try:
            np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
        except ValueError:
            continue
        values.append(BINARY[step[1]](lib, a, b))
    out = (xs[0] * 2).sum()
    for v in values[2:]:
        out = out + (v * v).sum()
    grad = torch.autograd.grad if lib is torch else ag.grad
    first = grad(out, xs, create_graph=True, allow_unused=True)
    penalty = sum((g * g).sum() for g in first if g is not None)
    second = grad(penalty, xs, allow_unused=True) if penalty.requires_grad else (None, None)
    return out, first, second


def _values(t, shape):
    if t is None:
        return np.zeros(shape)
    return t._data if isinstance(t, ag.Tensor) else t.detach().numpy()


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("seed", range(60))
def test_random_program_matches_torch(seed):
    steps, shape_a, shape_b = _program(seed)
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-1.5, 1.5, shape_a), rng.uniform(-1.5, 1.5, shape_b)]
    ours, theirs = _run(ag, steps, arrays), _run(torch, steps, arrays)
    np.testing.assert_allclose(ours[0]._data, theirs[0].detach().numpy(), rtol=1e-6)
    for order in (1, 2):
        for i, (a, b) in enumerate(zip(ours[order], theirs[order])):
            np.testing.assert_allclose(
                _values(a, arrays[i].shape),
                _values(b, arrays[i].shape),
                rtol=1e-5,
                atol=1e-8,
                err_msg=f"{steps}: order {order}, input {i}",
            )
