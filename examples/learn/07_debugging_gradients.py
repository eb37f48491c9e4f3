# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 7: debugging gradients
#
# When training goes wrong, the gradient is usually where. Four tools, one
# per kind of trouble:
#
# - **`ag.gradcheck`**: is a backward formula right? It compares it with
#   finite differences and names the worst element.
# - **`ag.detect_anomaly()`**: where did a NaN come from? It names the op
#   whose backward produced it and the line that created that op.
# - **`ag.viz.explain_grad`**: why is `.grad` None, or zero?
# - **the graph picture** (`show_grads=True`): which layers get tiny or huge
#   gradients, at a glance.
#
# Run: `python examples/learn/07_debugging_gradients.py [--out DIR]`

# %%
import numpy as np
from lesson import Lesson, section

import autograd as ag
import nn
import nn.functional as F

lesson = Lesson(__file__, "Lesson 7: gradcheck, detect_anomaly, explain_grad, graph pictures")
ag.manual_seed(0)

# %% [markdown]
# ## 1. gradcheck catches a wrong derivative
#
# Two hand-written ops for x^3: one with the right derivative 3x^2, one with
# a classic slip (the power rule's factor forgotten: x^2). gradcheck runs in
# float64 and perturbs each input element by +-eps.


# %%
class Cube(ag.Function):
    """out = x**3.  d/dx = grad * 3 * x**2."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * 3 * x * x,)


class BuggyCube(Cube):
    """out = x**3, with a wrong derivative: d/dx = grad * x**2."""

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * x * x,)


section("gradcheck")
x = ag.tensor([0.5, -1.0, 2.0], dtype="float64", requires_grad=True)
lesson.claim("gradcheck passes the right derivative", ag.gradcheck(Cube.apply, (x,)))
try:
    ag.gradcheck(BuggyCube.apply, (x,))
    caught = None
except ag.GradcheckError as e:
    caught = str(e)
    print("  gradcheck on the buggy op says:\n    " + caught.replace("\n", "\n    "))
lesson.claim("gradcheck rejects the wrong one", caught is not None)
lesson.claim(
    "and names the worst element: x = 2, analytic 4 vs numeric 12",
    caught is not None and "12" in caught and "4" in caught,
)

# %% [markdown]
# ## 2. Hunting a NaN
#
# A loss that is perfectly finite can still send NaN back. Here: the mean
# length of some vectors, `sqrt(sum(v^2))`, one of which is all zeros. The
# forward is fine (sqrt(0) = 0), but sqrt's derivative 1 / (2 sqrt(u)) is
# inf at 0, and inf * 0 (the gradient of v^2 at v = 0) is NaN. One NaN in a
# weight and the next step spreads it everywhere.

# %%
section("A NaN appears")
v = ag.tensor([[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]], requires_grad=True)


def mean_length(v: ag.Tensor) -> ag.Tensor:
    return (v * v).sum(dim=1).sqrt().mean()


with np.errstate(all="ignore"):
    loss = mean_length(v)
    loss.backward()
print(f"  loss = {loss.item():.4f} (finite), v.grad =\n{v.grad}")
lesson.claim("the loss is finite", bool(np.isfinite(loss.item())))
lesson.claim("but the gradient holds NaN", bool(np.isnan(v.grad.numpy()).any()))

# %% [markdown]
# Which op? Run the backward again under `detect_anomaly()`: it checks every
# gradient as it is made and raises at the first NaN or inf, naming the op
# and the line of the forward that created it. Here that is sqrt's backward
# returning inf; the next op back (the square, whose gradient is 2v = 0)
# turns inf * 0 into the NaN we saw.

# %%
v.grad = None
message = ""
with ag.detect_anomaly(), np.errstate(all="ignore"):
    loss = mean_length(v)
    try:
        loss.backward()
    except RuntimeError as e:
        message = str(e)
print("  detect_anomaly says:\n    " + "\n    ".join(message.splitlines()[:6]))
lesson.claim("detect_anomaly names SqrtBackward0", "SqrtBackward0" in message)
lesson.claim("and the line that made it", "mean_length" in message or ".sqrt()" in message)

# %% [markdown]
# The step page shows the same hunt visually: open `nan_steps.html`; the step
# of `SqrtBackward0` says its gradient *out* contains NaN, and the picture
# paints the nodes that received it red.

# %%
v.grad = None
with np.errstate(all="ignore"):
    lesson.steps(mean_length(v), "nan_steps", params={"v": v})

# %% [markdown]
# The fix: keep sqrt away from 0, `sqrt(u + eps)`, which changes the loss by
# at most sqrt(eps).

# %%
v.grad = None
fixed = ((v * v).sum(dim=1) + 1e-12).sqrt().mean()
fixed.backward()
lesson.claim(
    "with sqrt(u + 1e-12) every gradient is finite", bool(np.isfinite(v.grad.numpy()).all())
)
lesson.check("and the loss barely moved", fixed.item(), loss.item(), tol=1e-5)

# %% [markdown]
# ## 3. Why is my gradient None, or zero?
#
# Three classic mistakes, and what `explain_grad` says about each.

# %%
section("explain_grad")
w = ag.randn(4, 3, requires_grad=True)
inputs = ag.randn(8, 4)
bias = ag.zeros(3, requires_grad=True)
frozen = w.detach()  # 1. a detached copy: no path back to w
loss = (inputs @ frozen + bias).sum()
print("  " + str(ag.viz.explain_grad(loss, w, name="w")))
lesson.claim(
    "a detached weight: not connected to the loss",
    ag.viz.explain_grad(loss, w, name="w").reason == "not_connected",
)
hidden = inputs @ w  # 2. asking a non-leaf for .grad
loss = hidden.relu().sum()
loss.backward()
print("  " + str(ag.viz.explain_grad(loss, hidden, name="hidden")))
lesson.claim(
    "an intermediate tensor: not a leaf",
    ag.viz.explain_grad(loss, hidden, name="hidden").reason == "not_leaf",
)
layer = nn.Linear(4, 3)  # 3. a ReLU that never fires
nn.init.constant_(layer.bias, -100.0)
loss = F.relu(layer(inputs)).sum()  # (before any backward: it computes the gradient itself)
print("  " + str(ag.viz.explain_grad(loss, layer.weight, name="layer.weight")))
lesson.claim(
    "a bias of -100 before ReLU: a dead ReLU, zero gradient",
    ag.viz.explain_grad(loss, layer.weight, name="layer.weight").reason == "dead_relu",
)

# %% [markdown]
# ## 4. Vanishing and exploding gradients, seen in the graph
#
# Lesson 4 measured them; the graph picture shows them. Each node is filled
# by the norm of the gradient reaching it, on one log colour scale: dark
# purple is tiny, yellow is huge. Read the pictures bottom to top, the way
# the gradient travels: an 8-layer sigmoid network fades to dark towards the
# input (vanishing); an 8-layer ReLU network with N(0, 1) weights, which
# multiply the gradient by about sqrt(16 / 2) per layer, turns yellow
# towards the input (exploding).


# %%
def deep(activation: type, std: float | None) -> nn.Sequential:
    layers: list[nn.Module] = []
    for _ in range(8):
        linear = nn.Linear(16, 16)
        if std is None:
            nn.init.xavier_normal_(linear.weight)
        else:
            nn.init.normal_(linear.weight, 0.0, std)
        layers += [linear, activation()]
    return nn.Sequential(*layers)


section("Vanishing and exploding, in pictures")
batch = ag.randn(32, 16)
for name, net in (
    ("vanishing_sigmoid", deep(nn.Sigmoid, None)),
    ("exploding_relu", deep(nn.ReLU, 1.0)),
):
    h, layer_outputs = batch, []
    for module in net:
        h = module(h)
        if isinstance(module, nn.Linear):
            layer_outputs.append(h)
    loss = (h**2).mean()
    watch = ag.viz.watch_grads(loss)  # records the gradient reaching every node
    loss.backward()
    first, last = (watch[layer_outputs[i].grad_fn].norm for i in (0, -1))
    print(f"  {name}: gradient reaching layer 1's output {first:.2e}, layer 8's {last:.2e}")
    if name.startswith("vanishing"):
        lesson.claim("sigmoid: layer 1 receives < 1/100 of layer 8's gradient", first < last / 100)
    else:
        lesson.claim(
            "ReLU with N(0, 1) weights: layer 1 receives > 100x layer 8's gradient",
            first > 100 * last,
        )
    lesson.render(loss, name, module=net, show_grads=True)
lesson.finish()
