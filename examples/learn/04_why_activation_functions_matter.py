# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 4: why activation functions matter
#
# Two reasons, one per half of this lesson.
#
# 1. **Gradients must survive the trip back.** Each layer multiplies the
#    gradient by its weights and by the activation's derivative. Twenty layers
#    of factors a bit below one and the first layers learn nothing (vanishing);
#    a bit above one and they blow up (exploding). The activation and the
#    initialisation decide which.
# 2. **Without a nonlinearity, depth buys nothing.** A stack of Linear layers
#    is one Linear layer: it can only draw a straight line between classes,
#    so it cannot learn XOR or two interleaved spirals.
#
# Run: `python examples/learn/04_why_activation_functions_matter.py [--out DIR] [--quick]`

# %%
import numpy as np
from lesson import Lesson, section

import autograd as ag
import nn
import nn.functional as F
import optim

lesson = Lesson(__file__, "Lesson 4: vanishing/exploding gradients, and what linear can't learn")
ag.manual_seed(0)

# %% [markdown]
# ## Part 1: the gradient norm, layer by layer
#
# A 20-layer network of width 64, one backward of a cross-entropy loss on
# random data, and the norm of each layer's weight gradient. Three
# initialisations of the weights:
#
# - **small**: N(0, 0.01^2), every layer shrinks the signal;
# - **large**: N(0, 1), every layer amplifies it by about sqrt(64) = 8;
# - **matched**: Xavier (`xavier_normal_`, variance 2 / (fan_in + fan_out)) for
#   sigmoid and tanh, Kaiming (`kaiming_normal_`, variance 2 / fan_in) for ReLU,
#   chosen so the signal keeps its size through a layer.
#
# The activation's derivative multiplies in at every layer: sigmoid's is at
# most 1/4, tanh's at most 1 (at 0), ReLU's exactly 1 where it is active.

# %%
section("Gradient norm per layer")
DEPTH, WIDTH = 20, 64
ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
x = ag.randn(128, WIDTH)
labels = ag.tensor(np.random.default_rng(0).integers(0, 10, 128))


def deep_net(activation: str, init: str) -> nn.Sequential:
    layers: list[nn.Module] = []
    for _ in range(DEPTH):
        linear = nn.Linear(WIDTH, WIDTH)
        if init == "small":
            nn.init.normal_(linear.weight, 0.0, 0.01)
        elif init == "large":
            nn.init.normal_(linear.weight, 0.0, 1.0)
        elif activation == "relu":
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        else:
            nn.init.xavier_normal_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers += [linear, ACTIVATIONS[activation]()]
    return nn.Sequential(*layers, nn.Linear(WIDTH, 10))


norms: dict[tuple[str, str], np.ndarray] = {}
for activation in ACTIVATIONS:
    for init in ("small", "large", "matched"):
        net = deep_net(activation, init)
        F.cross_entropy(net(x), labels).backward()
        norms[activation, init] = np.array(
            [np.linalg.norm(net[2 * i].weight.grad.numpy()) for i in range(DEPTH)]
        )
        n = norms[activation, init]
        print(
            f"  {activation:7s} {init:7s}  |dL/dW| at layer 1: {n[0]:9.2e}   layer 10: "
            f"{n[9]:9.2e}   layer {DEPTH}: {n[-1]:9.2e}"
        )

# %% [markdown]
# What the numbers say:

# %%
lesson.claim(
    "sigmoid vanishes even with Xavier init: layer 1 gets < 1e-6 of layer 20's gradient",
    norms["sigmoid", "matched"][0] < 1e-6 * norms["sigmoid", "matched"][-1],
)
lesson.claim(
    "tanh with Xavier init keeps every layer within a factor 100",
    norms["tanh", "matched"].max() / norms["tanh", "matched"].min() < 100,
)
lesson.claim(
    "ReLU with Kaiming init keeps every layer within a factor 100",
    norms["relu", "matched"].max() / norms["relu", "matched"].min() < 100,
)
lesson.claim(
    "small init starves every activation: layer 1's gradient < 1e-20",
    all(norms[a, "small"][0] < 1e-20 for a in ACTIVATIONS),
)
lesson.claim(
    "large init explodes ReLU: every layer's gradient > 1e10", norms["relu", "large"].min() > 1e10
)
lesson.claim(
    "large init explodes tanh towards the input: layer 1 > 1000 x layer 20",
    norms["tanh", "large"][0] > 1e3 * norms["tanh", "large"][-1],
)

# %% [markdown]
# ## Part 2: what a stack of Linear layers cannot learn
#
# Linear(Linear(x)) = x @ (W2 W1)^T + (W2 b1 + b2): one matrix and one bias.
# Check it on a three-layer stack, then train it and the same stack with ReLU
# between the layers on two problems whose classes no straight line separates.

# %%
section("A linear stack is one linear map")
stack = nn.Sequential(nn.Linear(2, 32), nn.Linear(32, 32), nn.Linear(32, 2))
W = [stack[i].weight.detach().numpy() for i in range(3)]
b = [stack[i].bias.detach().numpy() for i in range(3)]
W_total = W[2] @ W[1] @ W[0]
b_total = W[2] @ (W[1] @ b[0] + b[1]) + b[2]
probe = np.random.default_rng(1).normal(size=(5, 2)).astype(np.float32)
lesson.check(
    "three Linear layers == one: x @ (W3 W2 W1)^T + b",
    stack(ag.tensor(probe)).detach().numpy(),
    probe @ W_total.T + b_total,
    tol=1e-5,
)

rng = np.random.default_rng(0)


def xor_data(n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    corner = rng.integers(0, 2, (n, 2))
    points = (2 * corner - 1) + rng.normal(0, 0.35, (n, 2))
    return points.astype(np.float32), corner[:, 0] ^ corner[:, 1]


def spiral_data(n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    t = np.sqrt(rng.uniform(0, 1, n // 2)) * 3 * np.pi  # 1.5 turns
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (1.5 * np.pi)
    points = np.concatenate([arm, -arm]) + rng.normal(0, 0.04, (n, 2))
    return points.astype(np.float32), np.repeat([0, 1], n // 2)


def train(points: np.ndarray, classes: np.ndarray, nonlinear: bool) -> tuple[nn.Module, float]:
    act = [nn.ReLU()] if nonlinear else []
    model = nn.Sequential(nn.Linear(2, 32), *act, nn.Linear(32, 32), *act, nn.Linear(32, 2))
    opt = optim.Adam(model.parameters(), lr=0.02)
    X, Y = ag.tensor(points), ag.tensor(classes)
    for _ in range(300 if lesson.quick else 600):
        opt.zero_grad()
        F.cross_entropy(model(X), Y).backward()
        opt.step()
    with ag.no_grad():
        accuracy = float((model(X).argmax(dim=1).numpy() == classes).mean())
    return model, accuracy


section("Training a linear stack and a ReLU network")
problems = {"XOR": xor_data(), "spirals": spiral_data()}
trained = {}
for name, (points, classes) in problems.items():
    for nonlinear in (False, True):
        model, accuracy = train(points, classes, nonlinear)
        trained[name, nonlinear] = model, accuracy
        print(f"  {name:8s} {'ReLU' if nonlinear else 'linear':7s} train accuracy {accuracy:.3f}")
lesson.claim("the linear stack fails XOR (accuracy < 0.8)", trained["XOR", False][1] < 0.8)
lesson.claim(
    "the linear stack fails the spirals (accuracy < 0.8)", trained["spirals", False][1] < 0.8
)
lesson.claim(
    "with ReLU both are learned (accuracy >= 0.97)",
    min(trained["XOR", True][1], trained["spirals", True][1]) >= 0.97,
)

# %% [markdown]
# ## Pictures
#
# `gradient_norms.png`: one panel per activation, the gradient norm of each
# layer's weights (log scale) under the three initialisations. A line that
# drops off the bottom reached exactly 0: the gradient underflowed float32.
# `decision_boundaries.png`: what each model predicts over the plane.

# %%
section("Pictures")
fig = lesson.figure("gradient norm per layer", figsize=(14, 3.8))
if fig is not None:
    axes = fig.subplots(1, 3, sharey=True)
    for ax, activation in zip(axes, ACTIVATIONS):
        for init, style in (("small", ":"), ("large", "--"), ("matched", "-")):
            ax.semilogy(
                np.arange(1, DEPTH + 1),
                norms[activation, init],
                style,
                marker="o",
                ms=3,
                label=init
                + (
                    " (Kaiming)"
                    if activation == "relu" and init == "matched"
                    else " (Xavier)"
                    if init == "matched"
                    else ""
                ),
            )
        ax.set(title=activation, xlabel="layer (1 = nearest the input)", xticks=[1, 5, 10, 15, 20])
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].set_ylabel("|dL/dW| of the layer")
    lesson.save(fig, "gradient_norms.png")

fig = lesson.figure("decision boundaries", figsize=(10, 9))
if fig is not None:
    grid = np.linspace(-2.2, 2.2, 200, dtype=np.float32)
    gx, gy = np.meshgrid(grid, grid)
    plane = ag.tensor(np.stack([gx.ravel(), gy.ravel()], axis=1))
    axes = fig.subplots(2, 2)
    for row, (name, (points, classes)) in zip(axes, problems.items()):
        for ax, nonlinear in zip(row, (False, True)):
            model, accuracy = trained[name, nonlinear]
            with ag.no_grad():
                p1 = F.softmax(model(plane), dim=1).numpy()[:, 1].reshape(gx.shape)
            ax.contourf(gx, gy, p1, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
            ax.scatter(
                points[:, 0],
                points[:, 1],
                c=classes,
                cmap="RdBu_r",
                s=8,
                edgecolors="k",
                linewidths=0.3,
            )
            ax.set(
                title=f"{name}, {'ReLU network' if nonlinear else 'linear stack'}: "
                f"accuracy {accuracy:.2f}",
                xticks=[],
                yticks=[],
                aspect="equal",
            )
    lesson.save(fig, "decision_boundaries.png")
lesson.finish()
