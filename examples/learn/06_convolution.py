# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 6: convolution
#
# A convolution slides a small filter over an image and takes a dot product
# at every position. Written as loops it is slow; the trick every fast
# implementation uses is **im2col**: copy each window of the image into one
# row of a matrix, and the whole convolution becomes one matrix product.
# Its backward then falls out of the matrix product's backward (lesson 2),
# plus **col2im**, which adds each row's gradient back onto the pixels the
# window came from.
#
# This lesson builds both in NumPy, checks them against the engine, then
# trains a small network on MNIST and looks at what its first-layer filters
# learned.
#
# Run: `python examples/learn/06_convolution.py [--out DIR] [--quick]`

# %%
import time

import numpy as np
from lesson import Lesson, section

import autograd as ag
import data
import nn
import nn.functional as F
import optim

lesson = Lesson(__file__, "Lesson 6: im2col, conv backward, and filters learned on MNIST")
ag.manual_seed(0)
rng = np.random.default_rng(0)

# %% [markdown]
# ## The definition, as loops
#
# out[n, o, i, j] = b[o] + sum over c, u, v of x[n, c, i + u, j + v] * w[o, c, u, v]
# (stride 1, no padding; what deep learning calls convolution is, strictly,
# cross-correlation: the filter is not flipped).

# %%
section("Convolution as loops, as im2col, and in the engine")
N, C, H, Wd, O, K = 2, 3, 6, 6, 4, 3  # batch, channels, height, width, filters, kernel
OH, OW = H - K + 1, Wd - K + 1
x = rng.normal(size=(N, C, H, Wd))
w = rng.normal(size=(O, C, K, K))
b = rng.normal(size=O)
loops = np.zeros((N, O, OH, OW))
for n in range(N):
    for o in range(O):
        for i in range(OH):
            for j in range(OW):
                loops[n, o, i, j] = b[o] + np.sum(x[n, :, i : i + K, j : j + K] * w[o])

# %% [markdown]
# ## im2col
#
# One row per output position (n, i, j), holding the C*K*K pixels under the
# window; the filters become a (C*K*K, O) matrix. Then
# out = cols @ W^T + b, reshaped back to (N, O, OH, OW).


# %%
def im2col(x: np.ndarray, k: int) -> np.ndarray:
    n, c, h, w = x.shape
    oh, ow = h - k + 1, w - k + 1
    cols = np.empty((n, oh, ow, c, k, k))
    for u in range(k):  # K*K slices instead of a loop over every window
        for v in range(k):
            cols[:, :, :, :, u, v] = x[:, :, u : u + oh, v : v + ow].transpose(0, 2, 3, 1)
    return cols.reshape(n * oh * ow, c * k * k)  # (N*OH*OW, C*K*K)


cols = im2col(x, K)
wmat = w.reshape(O, C * K * K)  # (O, C*K*K)
rows = cols @ wmat.T + b  # (N*OH*OW, O)
by_im2col = rows.reshape(N, OH, OW, O).transpose(0, 3, 1, 2)
print(f"  x {x.shape} -> cols {cols.shape}; filters {w.shape} -> {wmat.shape}")
lesson.check("im2col @ W^T == the loops", by_im2col, loops, tol=1e-12)

tx, tw, tb = (ag.tensor(a, requires_grad=True) for a in (x, w, b))
tout = F.conv2d(tx, tw, tb)
lesson.check("F.conv2d == the loops", tout.detach().numpy(), loops, tol=1e-12)

# %% [markdown]
# ## The backward, by hand
#
# Take any upstream gradient G = dL/dout, reshaped like `rows`: (N*OH*OW, O).
# The forward was a matrix product, so (as for a Linear layer):
#
# - dL/dW = G^T @ cols, reshaped to (O, C, K, K)
# - dL/db = G summed over every position
# - dL/dcols = G @ W, one gradient per window copy of a pixel
#
# A pixel sits in several windows, so its gradient is the **sum** over them:
# col2im adds each row of dL/dcols back where im2col took it from.


# %%
def col2im(dcols: np.ndarray, shape: tuple[int, ...], k: int) -> np.ndarray:
    n, c, h, w = shape
    oh, ow = h - k + 1, w - k + 1
    d = dcols.reshape(n, oh, ow, c, k, k)
    dx = np.zeros(shape)
    for u in range(k):
        for v in range(k):
            dx[:, :, u : u + oh, v : v + ow] += d[:, :, :, :, u, v].transpose(0, 3, 1, 2)
    return dx


G = rng.normal(size=(N, O, OH, OW))
tout.backward(ag.tensor(G))
g_rows = G.transpose(0, 2, 3, 1).reshape(-1, O)  # (N*OH*OW, O), like rows
dW = (g_rows.T @ cols).reshape(w.shape)
db = g_rows.sum(axis=0)
dx = col2im(g_rows @ wmat, x.shape, K)
lesson.check("dL/dW by hand (G^T @ cols) == engine", tw.grad.numpy(), dW, tol=1e-10)
lesson.check("dL/db by hand (G summed) == engine", tb.grad.numpy(), db, tol=1e-10)
lesson.check("dL/dx by hand (col2im(G @ W)) == engine", tx.grad.numpy(), dx, tol=1e-10)
lesson.claim(
    "gradcheck agrees: the engine's conv2d backward matches finite differences",
    ag.gradcheck(
        lambda a, f: F.conv2d(a, f),
        (ag.tensor(x[:1], requires_grad=True), ag.tensor(w, requires_grad=True)),
    ),
)

# %% [markdown]
# ## What a first layer learns on MNIST
#
# Eight 5x5 filters, ReLU, 2x2 max-pooling, then one Linear layer to the ten
# digits; Adam for two passes over a few thousand training images. The filters
# start as faint noise (std 0.01, so whatever structure shows later was
# learned); trained, they become stroke and edge detectors.

# %%
section("Training a small CNN on MNIST")
train_set, test_set = data.MNIST(train=True), data.MNIST(train=False)
n_train = 3000 if lesson.quick else 6000
images, labels = train_set.arrays
test_images, test_labels = test_set.arrays
images, labels = images[:n_train, None], labels[:n_train]  # (n, 1, 28, 28)
test_images, test_labels = test_images[:1000, None], test_labels[:1000]
net = nn.Sequential(
    nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 12 * 12, 10)
)
nn.init.normal_(net[0].weight, 0.0, 0.01)  # start near zero: what shows later was learned
initial_filters = net[0].weight.detach().numpy().copy()
opt = optim.Adam(net.parameters(), lr=3e-3)
start = time.perf_counter()
losses = []
for _ in range(2):  # epochs
    order = rng.permutation(n_train)
    for k in range(0, n_train, 64):
        batch = order[k : k + 64]
        opt.zero_grad()
        loss = F.cross_entropy(net(ag.tensor(images[batch])), ag.tensor(labels[batch]))
        loss.backward()
        opt.step()
        losses.append(loss.item())
with ag.no_grad():
    predicted = net(ag.tensor(test_images)).argmax(dim=1).numpy()
accuracy = float((predicted == test_labels).mean())
print(
    f"  2 epochs on {n_train} images in {time.perf_counter() - start:.1f}s: loss "
    f"{np.mean(losses[:10]):.3f} -> {np.mean(losses[-10:]):.3f}, test accuracy {accuracy:.3f}"
)
lesson.claim("the small CNN reaches > 90% test accuracy on 1000 test digits", accuracy > 0.9)
filters = net[0].weight.detach().numpy()
moved = np.linalg.norm(filters - initial_filters) / np.linalg.norm(initial_filters)
lesson.claim(
    f"the filters moved far from their random start (by {moved:.0%} of their size)", moved > 2
)

# %% [markdown]
# ## Pictures
#
# `filters.png`: the eight filters before and after training (red positive,
# blue negative, each filter on its own colour scale), and what each trained
# filter sees in one test digit (its ReLU output). `graph.png`: the network's
# graph after one backward.

# %%
section("Pictures")
digit = ag.tensor(test_images[:1])
with ag.no_grad():
    maps = net[1](net[0](digit)).numpy()[0]  # (8, 24, 24)
fig = lesson.figure("first-layer filters", figsize=(12, 5))
if fig is not None:
    axes = fig.subplots(3, 9)
    for ax in axes.ravel():
        ax.set(xticks=[], yticks=[])
    for row, (title, bank) in enumerate(
        (("random start", initial_filters), ("after training", filters))
    ):
        axes[row, 0].text(0.5, 0.5, title, ha="center", va="center", fontsize=10)
        axes[row, 0].axis("off")
        for k in range(8):
            lim = np.abs(bank[k, 0]).max()
            axes[row, k + 1].imshow(bank[k, 0], cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[2, 0].imshow(test_images[0, 0], cmap="gray_r")
    axes[2, 0].set_title(f"digit {test_labels[0]}", fontsize=9)
    for k in range(8):
        axes[2, k + 1].imshow(maps[k], cmap="magma")
        axes[2, k + 1].set_title(f"filter {k} sees", fontsize=8)
    lesson.save(fig, "filters.png")
loss = F.cross_entropy(net(ag.tensor(images[:32])), ag.tensor(labels[:32]))
ag.viz.watch_grads(loss)  # so the picture shows the gradient reaching every op node
loss.backward()
lesson.render(loss, "graph", module=net, show_grads=True)
lesson.finish()
