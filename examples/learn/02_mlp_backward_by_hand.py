# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 2: an MLP's backward pass by hand
#
# A two-layer network, 784 -> 32 -> 10 on MNIST digits, with its backward
# written in NumPy from the chain rule (the `NumpyMLP` of
# `examples/numpy_mlp.py`), next to the same network in the library. Every
# gradient the hand-written version computes must equal the engine's to 1e-6.
#
# Run: `python examples/learn/02_mlp_backward_by_hand.py [--out DIR]`

# %%
import sys
from pathlib import Path

import numpy as np
from lesson import Lesson, section

import autograd as ag
import data
import nn
import nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # examples/, for numpy_mlp
from numpy_mlp import NumpyMLP  # noqa: E402

lesson = Lesson(__file__, "Lesson 2: an MLP's backward in NumPy beside autograd")

# %% [markdown]
# ## The data and two identical networks
#
# float64 throughout, so the only differences left are rounding in the last
# digits. The library's model gets the very same weights through
# `load_state_dict`.

# %%
section("Two identical networks")
images, labels = data.MNIST(train=False, flatten=True).arrays  # (10000, 784) float32, (10000,)
x, y = images[:64].astype(np.float64), labels[:64]  # one batch
by_hand = NumpyMLP([784, 32, 10], np.random.default_rng(0), dtype=np.float64)
W1, b1, W2, b2 = by_hand.params
model = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10)).double()
model.load_state_dict({"0.weight": W1, "0.bias": b1, "2.weight": W2, "2.bias": b2})
print(f"  batch {x.shape}, W1 {W1.shape}, W2 {W2.shape}")

# %% [markdown]
# ## Forward by hand
#
#     z1 = x @ W1^T + b1      (64, 32)
#     h  = relu(z1)           (64, 32)
#     z2 = h @ W2^T + b2      (64, 10)   the logits
#     L  = mean_i( logsumexp(z2_i) - z2[i, y_i] )   cross-entropy

# %%
section("Forward")
z1 = x @ W1.T + b1
h = np.maximum(z1, 0)
z2 = h @ W2.T + b2
shifted = z2 - z2.max(axis=1, keepdims=True)
log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
loss = -log_probs[np.arange(64), y].mean()

tx = ag.tensor(x)
th = model[1](model[0](tx))
tz2 = model[2](th)
for t in (th, tz2):
    t.retain_grad()
tloss = F.cross_entropy(tz2, ag.tensor(y))
lesson.check("loss by hand == engine", tloss.item(), loss, tol=1e-12)

# %% [markdown]
# ## Backward by hand, layer by layer
#
# The loss's gradient with respect to the logits is (softmax - onehot) / N
# (lesson 3 derives it). Then each Linear layer `z = h @ W^T + b` gives
#
#     dL/dW = dz^T @ h        dL/db = dz summed over the batch        dL/dh = dz @ W
#
# and ReLU lets the gradient through where its input was positive.

# %%
section("Backward by hand")
dz2 = np.exp(log_probs)
dz2[np.arange(64), y] -= 1
dz2 /= 64
dW2, db2 = dz2.T @ h, dz2.sum(axis=0)
dh = dz2 @ W2
dz1 = dh * (z1 > 0)
dW1, db1 = dz1.T @ x, dz1.sum(axis=0)
print(f"  dz2 {dz2.shape}  dW2 {dW2.shape}  dh {dh.shape}  dW1 {dW1.shape}")

ag.viz.watch_grads(tloss)  # so the picture below can show the gradient of every op node
tloss.backward()
lesson.render(tloss, "graph", module=model, show_grads=True)
pairs = [
    ("dL/dlogits", dz2, tz2.grad),
    ("dL/dW2", dW2, model[2].weight.grad),
    ("dL/db2", db2, model[2].bias.grad),
    ("dL/dh", dh, th.grad),
    ("dL/dW1", dW1, model[0].weight.grad),
    ("dL/db1", db1, model[0].bias.grad),
]
for name, ours, engine in pairs:
    lesson.check(f"{name} by hand == engine", engine.numpy(), ours, tol=1e-6)

# %% [markdown]
# `NumpyMLP.loss_and_grads` does the same in a loop over layers, in place
# where it can (that is the speed reference of `examples/benchmark.py`).

# %%
hand_loss, grads = by_hand.loss_and_grads(x, y)
lesson.check("NumpyMLP's loss == engine", hand_loss, tloss.item(), tol=1e-12)
for name, g, p in zip(
    ["W1", "b1", "W2", "b2"],
    grads,
    [model[0].weight, model[0].bias, model[2].weight, model[2].bias],
):
    lesson.check(f"NumpyMLP's dL/d{name} == engine", g, p.grad.numpy(), tol=1e-6)

# %% [markdown]
# ## Training both: the same steps give the same losses
#
# Twenty steps of plain SGD, `p -= lr * grad`, in NumPy and with `optim.SGD`.

# %%
section("Twenty SGD steps each")
import optim  # noqa: E402

opt = optim.SGD(model.parameters(), lr=0.1)
hand_losses, engine_losses = [], []
for step in range(20):
    batch = slice(64 * step, 64 * (step + 1))
    xb, yb = images[batch].astype(np.float64), labels[batch]
    value, grads = by_hand.loss_and_grads(xb, yb)
    for p, g in zip(by_hand.params, grads):
        p -= 0.1 * g
    hand_losses.append(value)
    opt.zero_grad()
    step_loss = F.cross_entropy(model(ag.tensor(xb)), ag.tensor(yb))
    step_loss.backward()
    opt.step()
    engine_losses.append(step_loss.item())
lesson.check("loss after 20 steps, by hand == engine", hand_losses[-1], engine_losses[-1], tol=1e-9)
print(f"  loss {hand_losses[0]:.4f} -> {hand_losses[-1]:.4f}")

# %% [markdown]
# ## Pictures
#
# Left: each entry of dL/dW1 by hand against the engine's; they lie on the
# diagonal. Middle: the gradients of the first four hidden units'
# weights as 28 x 28 images: they sit where the digits' pixels were. Right: the two loss curves,
# on top of each other.

# %%
section("Pictures")
fig = lesson.figure("gradients by hand vs engine", figsize=(13, 3.8))
if fig is not None:
    ax = fig.add_subplot(1, 3, 1)
    engine_dW1 = pairs[4][2].numpy()
    ax.plot(dW1.reshape(-1), engine_dW1.reshape(-1), ".", ms=2)
    ax.set(
        xlabel="dL/dW1 by hand",
        ylabel="dL/dW1 by the engine",
        title=f"max |diff| {np.abs(dW1 - engine_dW1).max():.1e}",
    )
    grid = fig.add_subplot(1, 3, 2)
    tiles = np.block([[dW1[2 * r + k].reshape(28, 28) for k in range(2)] for r in range(2)])
    lim = np.abs(tiles).max()
    grid.imshow(tiles, cmap="RdBu_r", vmin=-lim, vmax=lim)
    grid.set(title="dL/dW1 of hidden units 0-3", xticks=[], yticks=[])
    curve = fig.add_subplot(1, 3, 3)
    curve.plot(hand_losses, lw=4, alpha=0.5, label="NumPy by hand")
    curve.plot(engine_losses, "k--", label="autograd")
    curve.set(xlabel="SGD step", ylabel="loss", title="the same training")
    curve.legend()
    lesson.save(fig, "by_hand_vs_engine.png")
lesson.finish()
