"""The hand-written NumPy MLP and the library compute the same thing.

``examples/numpy_mlp.py`` is the speed reference of the benchmark and a test
oracle: for the same weights and batch, the library's loss and every gradient
equal the hand-derived ones (float32 and float64), and its optimizers take the
same steps, so the benchmark times identical work.
"""

import numpy as np
import pytest
from numpy_mlp import NumpyAdam, NumpyMLP, NumpySGD

import autograd as ag
import nn
import nn.functional as F
import optim
from tests.helpers import requires_torch, torch

SIZES = [20, 16, 12, 5]


def _batch(dtype, n=9, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, SIZES[0])).astype(dtype), rng.integers(0, SIZES[-1], n)


def _library_twin(ref: NumpyMLP) -> nn.MLP:
    model = nn.MLP(SIZES).to(ref.params[0].dtype)
    model.load_state_dict(dict(zip(model.state_dict(), ref.params)))
    return model


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 2e-5), (np.float64, 1e-12)])
def test_library_matches_hand_written_loss_and_gradients(dtype, rtol):
    ref = NumpyMLP(SIZES, np.random.default_rng(0), dtype=dtype)
    model = _library_twin(ref)
    x, y = _batch(dtype)
    loss = F.cross_entropy(model(ag.tensor(x)), ag.tensor(y))
    loss.backward()
    ref_loss, ref_grads = ref.loss_and_grads(x, y)
    assert loss.dtype == dtype
    np.testing.assert_allclose(loss.item(), ref_loss, rtol=rtol)
    for (name, p), g in zip(model.named_parameters(), ref_grads):
        assert p.grad.dtype == dtype, name
        np.testing.assert_allclose(p.grad._data, g, rtol=rtol, atol=rtol * 1e-2, err_msg=name)


@requires_torch
def test_hand_written_reference_matches_torch():
    ref = NumpyMLP(SIZES, np.random.default_rng(0), dtype=np.float64)
    x, y = _batch(np.float64)
    layers = []
    for i in range(ref.n_layers):
        w = torch.tensor(ref.params[2 * i], requires_grad=True)
        b = torch.tensor(ref.params[2 * i + 1], requires_grad=True)
        layers.append((w, b))
    h = torch.tensor(x)
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = torch.relu(h)
    loss = torch.nn.functional.cross_entropy(h, torch.tensor(y))
    loss.backward()
    ref_loss, ref_grads = ref.loss_and_grads(x, y)
    np.testing.assert_allclose(ref_loss, loss.item(), rtol=1e-12)
    torch_grads = [t.grad.numpy() for pair in layers for t in pair]
    for g, t in zip(ref_grads, torch_grads):
        np.testing.assert_allclose(g, t, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_library_optimizers_take_the_hand_written_steps(kind):
    ref = NumpyMLP(SIZES, np.random.default_rng(0), dtype=np.float64)
    model = _library_twin(ref)
    if kind == "sgd":
        ref_opt, opt = NumpySGD(ref.params, 0.1), optim.SGD(model.parameters(), lr=0.1)
    else:
        ref_opt, opt = NumpyAdam(ref.params, 1e-2), optim.Adam(model.parameters(), lr=1e-2)
    for step in range(3):
        x, y = _batch(np.float64, seed=step)
        _, grads = ref.loss_and_grads(x, y)
        ref_opt.step(grads)
        opt.zero_grad()
        F.cross_entropy(model(ag.tensor(x)), ag.tensor(y)).backward()
        opt.step()
    for (name, p), w in zip(model.named_parameters(), ref.params):
        np.testing.assert_allclose(p._data, w, rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_float32_stays_float32_through_a_training_step(kind):
    model = nn.MLP(SIZES)
    opt = (
        optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        if kind == "sgd"
        else optim.Adam(model.parameters())
    )
    x, y = _batch(np.float32)
    for _ in range(2):
        opt.zero_grad()
        loss = F.cross_entropy(model(ag.tensor(x)), ag.tensor(y))
        loss.backward()
        opt.step()
    assert loss.dtype == np.float32
    for name, p in model.named_parameters():
        assert p.dtype == np.float32, f"{name} is {p.dtype}"
        assert p.grad.dtype == np.float32, f"{name}.grad is {p.grad.dtype}"
    for state in opt.state.values():
        for key, value in state.items():
            if isinstance(value, np.ndarray) and value.ndim:
                assert value.dtype == np.float32, f"optimizer state {key} is {value.dtype}"
