# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 5: how optimization works
#
# Backprop gives the gradient; an optimizer decides what to do with it. This
# lesson follows four optimizers across two 2-D surfaces, where every step
# can be drawn:
#
# - **SGD**: p -= lr * g. Walks straight downhill, as fast as the steepest
#   direction allows.
# - **Momentum**: v = mu * v + g; p -= lr * v. A heavy ball: keeps going in
#   directions where the gradient agrees from step to step, cancels where it
#   flips sign.
# - **RMSprop**: s = alpha * s + (1 - alpha) * g^2; p -= lr * g / (sqrt(s) + eps).
#   Divides each coordinate by its own recent gradient size, so steep and
#   flat directions move at similar speed.
# - **Adam**: momentum and RMSprop together, with a bias correction for the
#   first steps.
#
# Then the learning rate: too small crawls, too large diverges, and on a
# quadratic you can say exactly where "too large" starts.
#
# Run: `python examples/learn/05_how_optimization_works.py [--out DIR] [--quick]`

# %%
from collections.abc import Callable

import numpy as np
from lesson import Lesson, section

import autograd as ag
import optim

lesson = Lesson(__file__, "Lesson 5: SGD, momentum, RMSprop, Adam; learning rates")
STEPS = 150 if lesson.quick else 400

# %% [markdown]
# ## Two surfaces
#
# - **Rosenbrock**: f = (1 - x)^2 + 100 (y - x^2)^2, a curved, flat-bottomed
#   valley with its minimum at (1, 1). Finding the valley is easy, following
#   it is hard.
# - **A ravine**: f = 0.1 x^2 + 2 y^2, a quadratic 20 times steeper across
#   (y) than along (x), minimum at (0, 0). Curvatures (second derivatives):
#   0.2 along x, 4 across.


# %%
def rosenbrock(p: ag.Tensor) -> ag.Tensor:
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def ravine(p: ag.Tensor) -> ag.Tensor:
    x, y = p[0], p[1]
    return 0.1 * x**2 + 2 * y**2


def run(
    f: Callable[[ag.Tensor], ag.Tensor],
    start: tuple[float, float],
    make: Callable,
    steps: int = STEPS,
) -> np.ndarray:
    """The path of one optimizer: the point after each step, as (steps + 1, 2)."""
    p = ag.tensor(start, dtype="float64", requires_grad=True)
    opt = make([p])
    path = [p.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        f(p).backward()
        opt.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


# %% [markdown]
# ## One step of each, by hand
#
# At p = (-1.5, 2) on Rosenbrock, the gradient is
# df/dx = -2 (1 - x) - 400 x (y - x^2), df/dy = 200 (y - x^2).
# The first step of every optimizer follows from its formula above:
# SGD moves lr * g; momentum too (v starts at g); Adam's bias-corrected first
# step is lr * g / |g| = lr * sign(g) in every coordinate; RMSprop's is
# lr * g / sqrt((1 - alpha) g^2) = lr / sqrt(0.01) * sign(g) = 10 lr * sign(g).

# %%
section("First steps by hand")
x0, y0 = -1.5, 2.0
g = np.array([-2 * (1 - x0) - 400 * x0 * (y0 - x0**2), 200 * (y0 - x0**2)])
p0 = np.array([x0, y0])
pt = ag.tensor(p0, requires_grad=True)
rosenbrock(pt).backward()
lesson.check("Rosenbrock's gradient by hand == engine", pt.grad.numpy(), g, tol=1e-12)
expected = {
    "SGD": (lambda ps: optim.SGD(ps, lr=1e-3), p0 - 1e-3 * g),
    "momentum": (lambda ps: optim.SGD(ps, lr=1e-3, momentum=0.9), p0 - 1e-3 * g),
    "RMSprop": (lambda ps: optim.RMSprop(ps, lr=1e-3), p0 - 1e-2 * np.sign(g)),
    "Adam": (lambda ps: optim.Adam(ps, lr=0.05), p0 - 0.05 * np.sign(g)),
}
for name, (make, by_hand) in expected.items():
    lesson.check(
        f"{name}'s first step by hand == optim",
        run(rosenbrock, (x0, y0), make, 1)[1],
        by_hand,
        tol=1e-6,
    )
v = g.copy()  # momentum's second step: v = 0.9 v + g(p1)
p1 = p0 - 1e-3 * v
g1 = np.array([-2 * (1 - p1[0]) - 400 * p1[0] * (p1[1] - p1[0] ** 2), 200 * (p1[1] - p1[0] ** 2)])
v = 0.9 * v + g1
lesson.check(
    "momentum's second step by hand == optim",
    run(rosenbrock, (x0, y0), expected["momentum"][0], 2)[2],
    p1 - 1e-3 * v,
    tol=1e-9,
)

# %% [markdown]
# ## Four optimizers, two surfaces
#
# One learning rate per optimizer for both surfaces, as one would train a
# network: SGD's must be small enough for Rosenbrock's steepest direction
# (curvature in the thousands), and then it crawls along every flat one. That
# is the trouble momentum and the adaptive methods address.

# %%
section("Racing to the minimum")
optimizers = {
    "SGD": lambda ps: optim.SGD(ps, lr=1e-3),
    "momentum": lambda ps: optim.SGD(ps, lr=1e-3, momentum=0.9),
    "RMSprop": lambda ps: optim.RMSprop(ps, lr=1e-2),
    "Adam": lambda ps: optim.Adam(ps, lr=0.05),
}
surfaces = {
    "Rosenbrock": (rosenbrock, (-1.5, 2.0), np.array([1.0, 1.0])),
    "ravine": (ravine, (-4.5, 1.5), np.array([0.0, 0.0])),
}
paths: dict[tuple[str, str], np.ndarray] = {}
for surface, (f, start, minimum) in surfaces.items():
    for name, make in optimizers.items():
        path = run(f, start, make)
        paths[surface, name] = path
        final = f(ag.tensor(path[-1])).item()
        print(
            f"  {surface:10s} {name:8s} after {STEPS} steps: ({path[-1][0]:+.3f}, "
            f"{path[-1][1]:+.3f}), f = {final:.2e}, distance to minimum "
            f"{np.linalg.norm(path[-1] - minimum):.3f}"
        )
dist = {k: np.linalg.norm(v[-1] - surfaces[k[0]][2]) for k, v in paths.items()}
lesson.claim(
    "on Rosenbrock, momentum ends nearer the minimum than plain SGD",
    dist["Rosenbrock", "momentum"] < dist["Rosenbrock", "SGD"],
)
lesson.claim(
    "on Rosenbrock, Adam ends nearer the minimum than plain SGD",
    dist["Rosenbrock", "Adam"] < dist["Rosenbrock", "SGD"],
)

# %% [markdown]
# ## The learning rate
#
# On the ravine, SGD's update is linear: each coordinate is multiplied by
# (1 - lr * curvature) at every step, so after t steps
#
#     x_t = (1 - 0.2 lr)^t x_0,     y_t = (1 - 4 lr)^t y_0.
#
# The steep direction decides: |1 - 4 lr| < 1 needs lr < 2 / 4 = 0.5. Above
# that, y grows by a factor |1 - 4 lr| > 1 at every step and the run diverges.
# Below, the flat direction decides how long it takes: a tiny lr barely moves x.

# %%
section("Too small, about right, too large")
rates = {"too small (0.01)": 0.01, "about right (0.4)": 0.4, "too large (0.52)": 0.52}
lr_runs = {}
T = 60
start = np.array([-4.5, 1.5])
for label, lr in rates.items():
    path = run(ravine, tuple(start), lambda ps, lr=lr: optim.SGD(ps, lr=lr), T)
    lr_runs[label] = path
    closed_form = start * np.array([(1 - 0.2 * lr) ** T, (1 - 4 * lr) ** T])
    lesson.check(
        f"lr {lr}: the point after {T} steps == (1 - lr * curvature)^t * start",
        path[-1],
        closed_form,
        tol=1e-9,
    )
loss_of = {k: np.array([ravine(ag.tensor(q)).item() for q in v]) for k, v in lr_runs.items()}
f0 = loss_of["too small (0.01)"][0]
lesson.claim(
    "too small: along the flat direction x has gone less than 15% of the way",
    abs(lr_runs["too small (0.01)"][-1][0]) > 0.85 * abs(start[0]),
)
lesson.claim(
    "about right: the loss fell below 1% of the start", loss_of["about right (0.4)"][-1] < 0.01 * f0
)
lesson.claim("too large: the loss grew past where it started", loss_of["too large (0.52)"][-1] > f0)

# %% [markdown]
# ## Pictures
#
# `trajectories.png`: each optimizer's path over the contour lines of both
# surfaces (the star is the minimum). `learning_rates.png`: the three
# learning rates on the ravine, as paths and as loss curves.

# %%
section("Pictures")
colours = {"SGD": "#1f77b4", "momentum": "#ff7f0e", "RMSprop": "#2ca02c", "Adam": "#d62728"}
fig = lesson.figure("optimizer trajectories", figsize=(14, 5.5))
if fig is not None:
    views = {
        "Rosenbrock": ((-2, 2), (-1, 3), np.logspace(-1, 3.5, 18)),
        "ravine": ((-5, 1), (-2, 2), np.logspace(-2, 1.2, 14)),
    }
    for k, (surface, (xlim, ylim, levels)) in enumerate(views.items()):
        ax = fig.add_subplot(1, 2, k + 1)
        gx, gy = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
        f = surfaces[surface][0]
        z = f(ag.tensor(np.stack([gx, gy]))).numpy()
        ax.contour(gx, gy, z, levels=levels, colors="#999999", linewidths=0.6)
        for width, name in zip((4.5, 3.2, 2.0, 1.2), reversed(optimizers)):  # SGD on top
            path = paths[surface, name]
            ax.plot(
                path[:, 0],
                path[:, 1],
                "-",
                color=colours[name],
                lw=width,
                alpha=0.85,
                label=f"{name}: {np.linalg.norm(path[-1] - surfaces[surface][2]):.2f} "
                "from the minimum",
            )
        m = surfaces[surface][2]
        ax.plot(*m, "*", color="k", ms=14)
        ax.plot(*surfaces[surface][1], "o", color="k", ms=6)
        ax.set(
            title=f"{surface}, {STEPS} steps from the dot (star: the minimum)",
            xlim=xlim,
            ylim=ylim,
            aspect="equal" if k else "auto",
        )
        ax.legend(fontsize=8, loc="upper left" if k == 0 else "lower right")
    lesson.save(fig, "trajectories.png")

fig = lesson.figure("learning rates", figsize=(13, 4.5))
if fig is not None:
    ax = fig.add_subplot(1, 2, 1)
    gx, gy = np.meshgrid(np.linspace(-5, 1, 200), np.linspace(-3, 3, 200))
    ax.contour(
        gx,
        gy,
        0.1 * gx**2 + 2 * gy**2,
        levels=np.logspace(-2, 1.5, 14),
        colors="#999999",
        linewidths=0.6,
    )
    for label, path in lr_runs.items():
        shown = path[:25]
        ax.plot(shown[:, 0], np.clip(shown[:, 1], -3, 3), ".-", ms=3, lw=1, label=label)
    ax.set(title="SGD on the ravine (first 25 steps)", xlim=(-5, 1), ylim=(-3, 3))
    ax.legend(fontsize=8)
    ax = fig.add_subplot(1, 2, 2)
    for label, losses in loss_of.items():
        ax.semilogy(losses, label=label)
    ax.set(xlabel="step", ylabel="loss f(x, y)", title="loss per step")
    ax.legend(fontsize=8)
    lesson.save(fig, "learning_rates.png")
lesson.finish()
