"""A training script written the way PyTorch scripts usually are, device boilerplate
and all, run with this library and with torch: the same lines give the same numbers.

``run`` below is one script; it is called once with ``(autograd, nn, optim)`` and
once with ``(torch, torch.nn, torch.optim)``, starting from the same weights.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
import nn
import optim
from tests.helpers import requires_torch, torch

pytestmark = requires_torch


def make_net(nn_lib):
    class Net(nn_lib.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn_lib.Conv2d(1, 4, 3, 1)
            self.fc1 = nn_lib.Linear(4 * 3 * 3, 16)
            self.fc2 = nn_lib.Linear(16, 3)

        def forward(self, x):
            x = nn_lib.functional.relu(self.conv(x))
            x = nn_lib.functional.max_pool2d(x, 2)
            x = x.flatten(1)
            x = nn_lib.functional.relu(self.fc1(x))
            return nn_lib.functional.log_softmax(self.fc2(x), dim=1)

    return Net()


def run(lib, nn_lib, optim_lib, weights, images, labels, save_to):
    use_accel = lib.accelerator.is_available()
    device = lib.accelerator.current_accelerator() if use_accel else lib.device("cpu")
    assert device == lib.device("cuda" if lib.cuda.is_available() else "cpu")
    lib.cuda.manual_seed(1)
    lib.backends.cudnn.deterministic = True
    assert not lib.backends.mps.is_available()

    model = make_net(nn_lib).to(device)
    model.load_state_dict({k: lib.from_numpy(v.copy()) for k, v in weights.items()})
    optimizer = optim_lib.SGD(model.parameters(), lr=0.1)
    losses = []
    for epoch in range(3):
        model.train()
        for start in range(0, len(images), 16):
            data = lib.from_numpy(images[start : start + 16]).to(device)
            target = lib.from_numpy(labels[start : start + 16]).to(device, non_blocking=True)
            optimizer.zero_grad()
            loss = nn_lib.functional.nll_loss(model(data), target)
            loss.backward()
            optimizer.step()
            with lib.no_grad():  # an extra hand-written step, as older scripts do
                for p in model.parameters():
                    p.data.add_(-0.01 * p.grad)
            losses.append(loss.item())
    model.eval()
    with lib.inference_mode():
        data = lib.from_numpy(images).to(device)
        pred = model(data).argmax(dim=1, keepdim=True)
        correct = pred.eq(lib.from_numpy(labels).to(device).view_as(pred)).sum().item()
        noise = lib.randn(4, 1, 8, 8, device=device)
        assert model(noise).shape == (4, 3) and noise.device == device
    lib.save(model.state_dict(), save_to)
    return losses, correct, model


def test_the_same_script_trains_alike_here_and_in_torch(tmp_path):
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 96)
    images = rng.standard_normal((96, 1, 8, 8)).astype(np.float32) * 0.5
    images[:, 0, 2:5, 2:5] += 2.0 * labels[:, None, None].astype(np.float32)  # learnable
    ag.manual_seed(0)
    weights = {k: np.asarray(v).copy() for k, v in make_net(nn).state_dict().items()}

    ours, ours_correct, model = run(ag, nn, optim, weights, images, labels, tmp_path / "ours.npz")
    theirs, theirs_correct, _ = run(
        torch, torch.nn, torch.optim, weights, images, labels, tmp_path / "theirs.pt"
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    assert ours_correct == theirs_correct and ours_correct > 80  # of 96
    assert np.mean(ours[-6:]) < 0.8 * np.mean(ours[:6])  # last epoch vs first
    saved = ag.load(tmp_path / "ours.npz", weights_only=True)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(np.asarray(saved[key]), np.asarray(value))
