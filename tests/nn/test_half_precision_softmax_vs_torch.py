"""float16 softmax, log_softmax and cross_entropy run in float32 and round once, as torch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import requires_torch, torch


@requires_torch
def test_issue_repro_softmax_last_value_and_gradient_are_torchs():
    values = np.array([1, 2, 10], np.float16)
    x, tx = ag.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    y, ty = x.softmax(-1), tx.softmax(-1)
    np.testing.assert_array_equal(y.detach().numpy(), ty.detach().numpy())
    assert y[2].item() == np.float16(0.9995)  # it was 1.0, with gradient 0
    y[2].backward()
    ty[2].backward()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())
    assert x.grad[2].item() > 0


def _ops(lib):
    if lib == "torch":
        ce, tensor = torch.nn.functional.cross_entropy, torch.tensor
    else:
        ce, tensor = F.cross_entropy, ag.tensor
    return {
        "softmax": lambda x, lab: x.softmax(1),
        "log_softmax": lambda x, lab: x.log_softmax(1),
        "cross_entropy": lambda x, lab: ce(x, tensor(lab)),
        "cross_entropy none": lambda x, lab: ce(x, tensor(lab), reduction="none"),
        "cross_entropy sum": lambda x, lab: ce(x, tensor(lab), reduction="sum"),
        "cross_entropy smoothing": lambda x, lab: ce(x, tensor(lab), label_smoothing=0.1),
    }


def _run(lib, name, logits, labels, upstream, dtype):
    make = torch.tensor if lib == "torch" else ag.tensor
    x = make(logits.astype(dtype), requires_grad=True)
    y = _ops(lib)[name](x, labels)
    y.backward(make(upstream.astype(dtype)))
    grad = x.grad.numpy()
    return np.asarray(y.detach().numpy()), grad


@requires_torch
@pytest.mark.parametrize("name", list(_ops("ours")))
def test_float16_is_as_accurate_as_torchs(name):
    rng = np.random.default_rng(0)
    worst = {"ours": [0.0, 0.0], "torch": [0.0, 0.0]}
    for _ in range(20):
        logits = rng.normal(0, 3, (16, 10)).astype(np.float16)
        labels = rng.integers(0, 10, 16)
        shape = _ops("torch")[name](torch.tensor(logits), labels).shape
        upstream = rng.uniform(-1, 1, tuple(shape)).astype(np.float16)
        out64, grad64 = _run("torch", name, logits, labels, upstream, np.float64)
        for lib in ("ours", "torch"):
            out, grad = _run(lib, name, logits, labels, upstream, np.float16)
            assert out.dtype == np.float16 and grad.dtype == np.float16
            worst[lib][0] = max(worst[lib][0], np.abs(out.astype(np.float64) - out64).max())
            worst[lib][1] = max(worst[lib][1], np.abs(grad.astype(np.float64) - grad64).max())
    # the float32-then-round kernels err no more than torch's own float16 result
    assert worst["ours"][0] <= worst["torch"][0] * 1.3 + 1e-6
    assert worst["ours"][1] <= worst["torch"][1] * 1.3 + 1e-6
