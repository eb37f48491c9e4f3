"""RNN, LSTM, GRU and their cells against torch.nn (same weights by state_dict): forward,
backward, init, unbatched input, dropout, gradcheck and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import TORCH_MISSING, assert_close

torch = pytest.importorskip("torch", reason=TORCH_MISSING)


TOL = {"rtol": 1e-9, "atol": 1e-10}


LAYERS = {
    "RNN": (nn.RNN, torch.nn.RNN),
    "LSTM": (nn.LSTM, torch.nn.LSTM),
    "GRU": (nn.GRU, torch.nn.GRU),
}


CELLS = {
    "RNNCell": (nn.RNNCell, torch.nn.RNNCell),
    "LSTMCell": (nn.LSTMCell, torch.nn.LSTMCell),
    "GRUCell": (nn.GRUCell, torch.nn.GRUCell),
}


def _pair(ours_cls, torch_cls, *args, **kwargs):
    theirs = torch_cls(*args, **kwargs).double()
    ours = ours_cls(*args, **kwargs, dtype="float64")
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


def _tensors(arrays, grad=True):
    return (
        [ag.tensor(a, requires_grad=grad) for a in arrays],
        [torch.tensor(a, requires_grad=grad) for a in arrays],
    )


def _flat(out):
    """Output and states of a layer as one list (h_n, or h_n and c_n)."""
    o, state = out
    return [o, *state] if isinstance(state, tuple) else [o, state]


def _with_weight(layer, param, value):
    """The layer's output with ``param`` replaced by the graph tensor ``value``."""
    name = next(n for n, p in layer.named_parameters() if p is param)
    saved = layer._parameters[name]
    layer._parameters[name] = value
    try:
        out = layer(ag.ones(3, 2, 2, dtype="float64"))[0]
    finally:
        layer._parameters[name] = saved
    return out


def _torch_lstm_cell(xp, h, c, w, b):
    i, f, g, o = (xp + h @ w.T + b).chunk(4, dim=-1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.cat([torch.sigmoid(o) * torch.tanh(c), c], dim=-1)


@pytest.mark.parametrize("kind", list(LAYERS))
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"num_layers": 2},
        {"bidirectional": True},
        {"batch_first": True},
        {"num_layers": 2, "bidirectional": True, "batch_first": True},
        {"bias": False},
    ],
)
@pytest.mark.parametrize("with_state", [False, True])
def test_layer_matches_torch_forward_and_backward(kind, options, with_state):
    ours, theirs = _pair(*LAYERS[kind], 3, 4, **options)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 3) if options.get("batch_first") else (5, 2, 3))
    rows = options.get("num_layers", 1) * (2 if options.get("bidirectional") else 1)
    states = [rng.standard_normal((rows, 2, 4)) for _ in range(2 if kind == "LSTM" else 1)]
    (xa, *sa), (xt, *st) = _tensors([x, *states])
    if with_state:
        hx_a = tuple(sa) if kind == "LSTM" else sa[0]
        hx_t = tuple(st) if kind == "LSTM" else st[0]
        ours_out, torch_out = _flat(ours(xa, hx_a)), _flat(theirs(xt, hx_t))
    else:
        ours_out, torch_out = _flat(ours(xa)), _flat(theirs(xt))
    weights = [rng.standard_normal(t.shape) for t in torch_out]
    for a, t in zip(ours_out, torch_out):
        assert_close(a, t, what="forward", **TOL)
    sum((a * w).sum() for a, w in zip(ours_out, weights)).backward()
    sum((t * torch.tensor(w)).sum() for t, w in zip(torch_out, weights)).backward()
    assert_close(xa.grad, xt.grad, what="input gradient", **TOL)
    if with_state:
        for a, t in zip(sa, st):
            assert_close(a.grad, t.grad, what="state gradient", **TOL)
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
        assert_close(p.grad, q.grad, what=name, **TOL)


@pytest.mark.parametrize("kind", list(LAYERS))
def test_parameter_names_and_shapes_are_torchs(kind):
    ours_cls, torch_cls = LAYERS[kind]
    ours = ours_cls(3, 4, num_layers=2, bidirectional=True)
    theirs = torch_cls(3, 4, num_layers=2, bidirectional=True)
    assert [(n, p.shape) for n, p in ours.named_parameters()] == [
        (n, tuple(p.shape)) for n, p in theirs.named_parameters()
    ]
    assert all(p.dtype == np.float32 for p in ours.parameters())
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("kind", list(LAYERS) + list(CELLS))
def test_initialisation_is_uniform_within_one_over_sqrt_hidden(kind):
    ag.manual_seed(0)
    cls = {**LAYERS, **CELLS}[kind][0]
    layer = cls(8, 25)
    values = np.concatenate([p.detach().numpy().ravel() for p in layer.parameters()])
    assert np.abs(values).max() <= 0.2
    assert np.abs(values).max() > 0.19  # spread over the whole interval, not a constant
    assert abs(values.mean()) < 0.01


@pytest.mark.parametrize("kind", list(LAYERS))
def test_unbatched_input_matches_torch(kind):
    ours, theirs = _pair(*LAYERS[kind], 3, 4, num_layers=2)
    x = np.random.default_rng(1).standard_normal((5, 3))
    for a, t in zip(_flat(ours(ag.tensor(x))), _flat(theirs(torch.tensor(x)))):
        assert_close(a, t, **TOL)


def test_dropout_between_layers_only_in_training():
    ag.manual_seed(0)
    lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.5, dtype="float64")
    x = ag.randn(5, 2, 3, dtype="float64")
    first, _ = lstm(x)
    second, _ = lstm(x)
    assert not np.allclose(first.detach().numpy(), second.detach().numpy())
    lstm.eval()
    a, _ = lstm(x)
    b, _ = lstm(x)
    assert_close(a, b.detach().numpy())
    plain = nn.LSTM(3, 4, num_layers=2, dtype="float64")
    plain.load_state_dict(lstm.state_dict())
    assert_close(plain(x)[0], a.detach().numpy())


def test_dropout_with_one_layer_warns_as_torch():
    with pytest.warns(UserWarning, match="num_layers greater than 1"):
        nn.GRU(3, 4, dropout=0.2)


@pytest.mark.parametrize("kind", list(LAYERS))
def test_layer_gradcheck_in_float64(kind):
    ag.manual_seed(0)
    layer = LAYERS[kind][0](2, 3, num_layers=2, bidirectional=True, dtype="float64")
    params = list(layer.parameters())
    x = ag.randn(3, 2, 2, dtype="float64", requires_grad=True)

    assert ag.gradcheck(lambda x: layer(x)[0], [x])
    for p in (params[1], params[-1]):  # a recurrent weight, the last bias
        assert ag.gradcheck(lambda w, p=p: _with_weight(layer, p, w), [p.detach().requires_grad_()])


@pytest.mark.parametrize("kind", list(CELLS))
@pytest.mark.parametrize("batched", [True, False])
def test_cell_matches_torch(kind, batched):
    ours, theirs = _pair(*CELLS[kind], 3, 4)
    rng = np.random.default_rng(2)
    shape = (2,) if batched else ()
    x = rng.standard_normal((*shape, 3))
    states = [rng.standard_normal((*shape, 4)) for _ in range(2 if kind == "LSTMCell" else 1)]
    (xa, *sa), (xt, *st) = _tensors([x, *states])
    hx_a = tuple(sa) if kind == "LSTMCell" else sa[0]
    hx_t = tuple(st) if kind == "LSTMCell" else st[0]
    out_a, out_t = ours(xa, hx_a), theirs(xt, hx_t)
    out_a = list(out_a) if isinstance(out_a, tuple) else [out_a]
    out_t = list(out_t) if isinstance(out_t, tuple) else [out_t]
    for a, t in zip(out_a, out_t):
        assert_close(a, t, **TOL)
    sum((a * (i + 1)).sum() for i, a in enumerate(out_a)).backward()
    sum((t * (i + 1)).sum() for i, t in enumerate(out_t)).backward()
    assert_close(xa.grad, xt.grad, **TOL)
    for a, t in zip(sa, st):
        assert_close(a.grad, t.grad, **TOL)
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
        assert_close(p.grad, q.grad, what=name, **TOL)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("kind", list(CELLS))
def test_cell_gradcheck_in_float64(kind):
    ag.manual_seed(1)
    cell = CELLS[kind][0](2, 3, dtype="float64")
    x = ag.randn(2, 2, dtype="float64", requires_grad=True)
    h = ag.randn(2, 3, dtype="float64", requires_grad=True)
    if kind == "LSTMCell":
        c = ag.randn(2, 3, dtype="float64", requires_grad=True)
        assert ag.gradcheck(lambda x, h, c: cell(x, (h, c)), [x, h, c])
    else:
        assert ag.gradcheck(lambda x, h: cell(x, h), [x, h])


def test_rnn_relu_matches_torch():
    ours, theirs = _pair(nn.RNN, torch.nn.RNN, 3, 4, nonlinearity="relu", num_layers=2)
    x = np.random.default_rng(3).standard_normal((4, 2, 3))
    assert_close(ours(ag.tensor(x))[0], theirs(torch.tensor(x))[0], **TOL)
    cell, tcell = _pair(nn.RNNCell, torch.nn.RNNCell, 3, 4, nonlinearity="relu")
    assert_close(cell(ag.tensor(x[0])), tcell(torch.tensor(x[0])), **TOL)


def test_errors_name_the_shapes():
    lstm = nn.LSTM(3, 4, num_layers=2)
    with pytest.raises(RuntimeError, match="input_size. Expected 3, got 5"):
        lstm(ag.zeros(2, 1, 5))
    with pytest.raises(ValueError, match="Expected input to be 2D or 3D, got 4D"):
        lstm(ag.zeros(2, 1, 1, 3))
    with pytest.raises(RuntimeError, match=r"Expected hidden size \(2, 1, 4\), got \[1, 1, 4\]"):
        lstm(ag.zeros(2, 1, 3), (ag.zeros(1, 1, 4), ag.zeros(2, 1, 4)))
    with pytest.raises(RuntimeError, match=r"Expected cell size \(2, 1, 4\)"):
        lstm(ag.zeros(2, 1, 3), (ag.zeros(2, 1, 4), ag.zeros(2, 1, 3)))
    with pytest.raises(RuntimeError, match=r"Expected hidden size \(1, 3, 4\), got \[1, 2, 4\]"):
        nn.GRU(3, 4)(ag.zeros(5, 3, 3), ag.zeros(1, 2, 4))
    with pytest.raises(ValueError, match="dropout should be a number in range"):
        nn.RNN(3, 4, dropout=1.5)
    with pytest.raises(ValueError, match="hidden_size must be greater than zero"):
        nn.LSTM(3, 0)
    with pytest.raises(ValueError, match="Unknown nonlinearity 'gelu'"):
        nn.RNN(3, 4, nonlinearity="gelu")
    with pytest.raises(NotImplementedError, match="proj_size=2"):
        nn.LSTM(3, 4, proj_size=2)
    with pytest.raises(RuntimeError, match="inconsistent input_size: got 2 expected 3"):
        nn.GRUCell(3, 4)(ag.zeros(1, 2))
    with pytest.raises(RuntimeError, match=r"Expected hidden size \(1, 4\), got \[1, 5\]"):
        nn.RNNCell(3, 4)(ag.zeros(1, 3), ag.zeros(1, 5))


def test_lstm_state_dict_from_torch_loads_strictly():
    theirs = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    ours = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    assert len(ours.all_weights) == 4 and len(ours.all_weights[0]) == 4


def test_fused_lstm_step_matches_torch_to_second_order():
    from autograd.ops.nn import lstm_cell
    from tests.helpers import check_higher_order, check_op

    shapes = [(2, 12), (2, 3), (2, 3), (12, 3), (12,)]
    check_op(lstm_cell, _torch_lstm_cell, shapes)
    check_higher_order(lstm_cell, _torch_lstm_cell, shapes, order=2)
    check_op(
        lambda xp, h, c, w: lstm_cell(xp, h, c, w, None),
        lambda xp, h, c, w: _torch_lstm_cell(xp, h, c, w, 0.0),
        shapes[:4],
    )
