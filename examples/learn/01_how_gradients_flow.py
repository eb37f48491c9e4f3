# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 1: how gradients flow
#
# A gradient answers one question: if I nudge this number a little, how much
# does the loss move? Backpropagation answers it for every number at once, by
# applying the chain rule backwards through the computation, one small step
# per operation.
#
# This lesson does it by hand on a tiny expression, then lets the engine do
# it, checks that both agree (and agree with finite differences), draws the
# graph with every value and gradient on it, and prints the order in which
# the engine visits the nodes.
#
# Run: `python examples/learn/01_how_gradients_flow.py [--out DIR]`

# %%
from lesson import Lesson, section

import autograd as ag

lesson = Lesson(__file__, "Lesson 1: the chain rule by hand, then with the engine")

# %% [markdown]
# ## The expression
#
#     e = a * b        d = e + c        L = d * f
#
# with a = 2, b = -3, c = 10, f = -2. Forward: e = -6, d = 4, L = -8.

# %%
section("Forward")
a, b, c, f = 2.0, -3.0, 10.0, -2.0
e = a * b
d = e + c
L = d * f
print(f"  e = a*b = {e},  d = e + c = {d},  L = d*f = {L}")

# %% [markdown]
# ## Backward by hand: one local derivative per node
#
# Start at the end: dL/dL = 1. Each node multiplies the gradient it receives
# by its *local* derivative and hands the result to its inputs.
#
# - `L = d * f`: dL/dd = f, dL/df = d (a product sends each input the other one)
# - `d = e + c`: dd/de = dd/dc = 1 (a sum passes the gradient through unchanged)
# - `e = a * b`: de/da = b, de/db = a
#
# Chain them: dL/da = dL/dd * dd/de * de/da = f * 1 * b.

# %%
section("Backward by hand")
dL = 1.0
dd, df = dL * f, dL * d
de, dc = dd * 1.0, dd * 1.0
da, db = de * b, de * a
print(f"  dL/dd = {dd}  dL/df = {df}  dL/de = {de}  dL/dc = {dc}  dL/da = {da}  dL/db = {db}")

# %% [markdown]
# ## The same with the engine
#
# Leaves that need gradients are made with `requires_grad=True`. Every
# operation on them records a node (`grad_fn`); `L.backward()` walks those
# nodes in reverse. Intermediate tensors keep their gradient only if asked
# (`retain_grad()`), as in PyTorch.

# %%
section("Backward with the engine")
ta, tb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
tc, tf = ag.tensor(c, requires_grad=True), ag.tensor(f, requires_grad=True)
te = ta * tb
td = te + tc
tL = td * tf
for t in (te, td):
    t.retain_grad()
print(f"  L = {tL.item()}, made by {tL.grad_fn.name()}")
watch = ag.viz.watch_grads(tL)  # records the gradient reaching every node
tL.backward(retain_graph=True)
for name, by_hand, t in [
    ("a", da, ta),
    ("b", db, tb),
    ("c", dc, tc),
    ("f", df, tf),
    ("e", de, te),
    ("d", dd, td),
]:
    lesson.check(f"dL/d{name} by hand == engine", t.grad.item(), by_hand)

# %% [markdown]
# ## A third opinion: finite differences
#
# The definition of a derivative, computed numerically:
# (L(a + h) - L(a - h)) / 2h. Slow (two forward passes per input) but
# independent of any derivation, which is why it is the standard test of a
# backward pass.

# %%
section("Finite differences")


def loss(a: float, b: float, c: float, f: float) -> float:
    return (a * b + c) * f


h = 1e-6
numeric = (loss(a + h, b, c, f) - loss(a - h, b, c, f)) / (2 * h)
lesson.check("dL/da numerically == by hand", numeric, da, tol=1e-6)

# %% [markdown]
# ## Where paths meet, gradients add
#
# Use a value twice, y = x * x + x, and the gradient reaching x is the sum
# over both uses: dy/dx = 2x + 1. The engine accumulates, it does not
# overwrite.

# %%
section("Two paths add up")
x = ag.tensor(3.0, requires_grad=True)
y = x * x + x
y.backward()
lesson.check("dy/dx for y = x*x + x at x = 3 is 2x + 1", x.grad.item(), 2 * 3.0 + 1)

# %% [markdown]
# ## The graph, with values and gradients
#
# Each box is a node, named as `grad_fn` names it (`MulBackward0`); each leaf
# shows its value (`data`) and gradient (`grad`). Colour is the size of the
# gradient on a log scale.

# %%
section("Pictures")
names = {"a": ta, "b": tb, "c": tc, "f": tf, "e": te, "d": td, "L": tL}
lesson.render(tL, "graph", params=names, show_grads=True, rankdir="LR")

# %% [markdown]
# ## The order of the walk
#
# The engine visits a node only after every node that consumes its output
# (reverse topological order), so each node's gradient is complete when its
# backward runs. The forward order, reversed, is one such order.

# %%
section("Topological order")
visited = [node.name() for node, _ in watch.steps()]
print("  the engine visited: " + " -> ".join(visited))
forward = [te.grad_fn.name(), td.grad_fn.name(), tL.grad_fn.name()]
lesson.claim("the backward visits the forward's nodes in reverse", visited == forward[::-1])

# %% [markdown]
# Open `steps.html` in a browser to walk the backward one node at a time: each
# step shows the node's local derivative, the gradient it receives, and what it
# sends to each input, all numbers you can check against the ones above.

# %%
for t in (ta, tb, tc, tf):
    t.grad = None
tL2 = (ta * tb + tc) * tf
lesson.steps(tL2, "steps", params={"a": ta, "b": tb, "c": tc, "f": tf}, rankdir="LR")
lesson.check("the step page's backward gives the same dL/da", ta.grad.item(), da)
lesson.finish()
