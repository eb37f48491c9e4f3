"""The fused whole-sequence LSTM layer (autograd.ops.lstm) against torch: forward, backward,
float64 gradcheck and second derivatives, in both directions, with and without biases."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from autograd.ops.lstm import lstm_layer
from tests.helpers import TORCH_MISSING, assert_close, check_higher_order, check_op

torch = pytest.importorskip("torch", reason=TORCH_MISSING)

L, N, I, H = 4, 2, 3, 5
SHAPES = [(L, N, I), (N, H), (N, H), (4 * H, I), (4 * H, H), (4 * H,), (4 * H,)]


def _torch_layer(x, h, c, w_ih, w_hh, b_ih=None, b_hh=None, reverse=False):
    """The packed output [h_1 .. h_L, c_L] of one layer, step by step in torch."""
    steps = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    hs = [None] * x.shape[0]
    for t in steps:
        a = x[t] @ w_ih.T + h @ w_hh.T
        if b_ih is not None:
            a = a + b_ih + b_hh
        i, f, g, o = a.chunk(4, dim=-1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        hs[t] = h
    return torch.stack([*hs, c])


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("bias", [True, False])
def test_lstm_layer_matches_torch_and_gradchecks(reverse, bias):
    shapes = SHAPES if bias else SHAPES[:5]
    check_op(
        lambda *a: lstm_layer(*a, *((None, None) if not bias else ()), reverse=reverse),
        lambda *a: _torch_layer(*a, reverse=reverse),
        shapes,
        rtol=1e-9,
        atol=1e-10,
    )


@pytest.mark.parametrize("reverse", [False, True])
def test_lstm_layer_second_derivatives_match_torch(reverse):
    check_higher_order(
        lambda *a: lstm_layer(*a, reverse=reverse),
        lambda *a: _torch_layer(*a, reverse=reverse),
        SHAPES,
        order=2,
    )


def test_lstm_layer_one_step_and_only_some_inputs_needing_grad():
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    arrays[0] = arrays[0][:1]  # a single time step
    ours = [ag.tensor(a, requires_grad=k in (0, 4)) for k, a in enumerate(arrays)]
    theirs = [torch.tensor(a, requires_grad=k in (0, 4)) for k, a in enumerate(arrays)]
    out, expected = lstm_layer(*ours), _torch_layer(*theirs)
    assert_close(out, expected, rtol=1e-9, atol=1e-10)
    w = rng.standard_normal(out.shape)
    (out * ag.tensor(w)).sum().backward()
    (expected * torch.tensor(w)).sum().backward()
    for a, t in zip(ours, theirs):
        if t.grad is None:
            assert a.grad is None
        else:
            assert_close(a.grad, t.grad, rtol=1e-9, atol=1e-10)


def test_lstm_float32_training_step_matches_torch():
    """The float32 path (halved sigmoid rows, gate-major layout) as torch's nn.LSTM."""
    theirs = torch.nn.LSTM(6, 8, num_layers=2, batch_first=True)
    ours = nn.LSTM(6, 8, num_layers=2, batch_first=True)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(6).standard_normal((3, 7, 6)).astype(np.float32)
    out, (h, c) = ours(ag.tensor(x))
    t_out, (t_h, t_c) = theirs(torch.tensor(x))
    for a, t in ((out, t_out), (h, t_h), (c, t_c)):
        assert_close(a, t, rtol=1e-5, atol=1e-6)
    (out.sum() + c.sum()).backward()
    (t_out.sum() + t_c.sum()).backward()
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
        assert_close(p.grad, q.grad, rtol=1e-4, atol=1e-5, what=name)


def test_lstm_rejects_a_float64_input_to_float32_weights():
    with pytest.raises(RuntimeError, match="float64"):
        nn.LSTM(3, 4)(ag.zeros(2, 1, 3, dtype="float64"))
