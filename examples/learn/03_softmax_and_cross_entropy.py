# ruff: noqa: N816  (math names: dL, dW1 read as the formulas do)
# %% [markdown]
# # Lesson 3: softmax and cross-entropy
#
# A classifier outputs one score (logit) per class. Softmax turns scores into
# probabilities, cross-entropy scores the probability given to the right
# class, and together their gradient is astonishingly simple:
#
#     dL/dz = softmax(z) - onehot(y)
#
# This lesson derives it, checks it numerically and against the engine, and
# shows why every real implementation computes it through log-sum-exp.
#
# Run: `python examples/learn/03_softmax_and_cross_entropy.py [--out DIR]`

# %%
import numpy as np
from lesson import Lesson, section

import autograd as ag
import nn.functional as F

lesson = Lesson(__file__, "Lesson 3: softmax - onehot, checked, and why log-sum-exp")

# %% [markdown]
# ## The derivation
#
# p_k = exp(z_k) / S with S = sum_j exp(z_j), and L = -log p_y = log S - z_y.
#
# - d(log S)/dz_k = exp(z_k) / S = p_k
# - d(z_y)/dz_k = 1 if k == y else 0, which is onehot(y)_k
#
# So dL/dz_k = p_k - onehot(y)_k: the predicted probability minus the target.
# Every wrong class is pushed down by its probability; the right class is
# pulled up by what it is missing (1 - p_y). For a batch averaged over N
# rows, each row's gradient is divided by N.

# %%
section("softmax - onehot, by hand")
z = np.array([2.0, 1.0, 0.1, -1.0])
y = 0
p = np.exp(z) / np.exp(z).sum()
by_hand = p - np.eye(4)[y]
print(f"  logits {z}\n  softmax {np.round(p, 4)}\n  gradient {np.round(by_hand, 4)}")
lesson.check("the gradient sums to zero (probabilities sum to 1)", by_hand.sum(), 0.0, tol=1e-12)

# %% [markdown]
# ## Check it numerically: central differences, one logit at a time

# %%
section("Finite differences")


def cross_entropy(z: np.ndarray, y: int) -> float:
    return float(np.log(np.exp(z).sum()) - z[y])


h = 1e-6
numeric = np.array(
    [(cross_entropy(z + h * e, y) - cross_entropy(z - h * e, y)) / (2 * h) for e in np.eye(4)]
)
lesson.check("dL/dz numerically == softmax - onehot", numeric, by_hand, tol=1e-8)

# %% [markdown]
# ## And with the engine: `F.cross_entropy` on logits and a class label

# %%
section("The engine")
tz = ag.tensor(z[None, :], requires_grad=True)  # a batch of one row: (1, 4)
loss = F.cross_entropy(tz, ag.tensor([y]))
loss.backward()
lesson.check("loss: engine == log S - z_y", loss.item(), cross_entropy(z, y), tol=1e-12)
lesson.check("dL/dz: engine == softmax - onehot", tz.grad.numpy()[0], by_hand, tol=1e-12)

rng = np.random.default_rng(0)
batch = rng.normal(size=(8, 5))
labels = rng.integers(0, 5, size=8)
tb = ag.tensor(batch, requires_grad=True)
F.cross_entropy(tb, ag.tensor(labels)).backward()
probs = np.exp(batch) / np.exp(batch).sum(axis=1, keepdims=True)
lesson.check(
    "a batch of 8: engine == (softmax - onehot) / 8",
    tb.grad.numpy(),
    (probs - np.eye(5)[labels]) / 8,
    tol=1e-12,
)

# %% [markdown]
# ## Why log-sum-exp
#
# exp overflows: in float32, exp(89) is already inf; in float64, exp(710).
# Logits that large are rare but they happen (a confident network, a bad
# learning rate), and one inf turns the loss into inf - inf = NaN.
#
# The fix costs nothing: softmax is unchanged when a constant is subtracted
# from every logit, so subtract the largest, m = max(z):
#
#     log S = m + log(sum_j exp(z_j - m))
#
# Now the largest exponent is exp(0) = 1 and nothing overflows.

# %%
section("Overflow, and the log-sum-exp fix")
big = np.array([1000.0, 999.0, 990.0])
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.log(np.exp(big).sum()) - big[0]
m = big.max()
stable = m + np.log(np.exp(big - m).sum()) - big[0]
print(f"  logits {big}: naive loss {naive}, log-sum-exp loss {stable:.6f}")
lesson.claim("the naive formula gives NaN or inf", not np.isfinite(naive))
lesson.check(
    "log-sum-exp gives the true value log(1 + e^-1 + e^-10)",
    stable,
    np.log1p(np.exp(-1.0) + np.exp(-10.0)),
    tol=1e-12,
)
huge = ag.tensor([[1e4, -1e4, 0.0]], requires_grad=True)  # float32, far beyond exp's range
hl = F.cross_entropy(huge, ag.tensor([1]))
hl.backward()
lesson.check("the engine's loss on logits +-1e4 is finite: 2e4", hl.item(), 2e4, tol=1e-6)
lesson.check("and so is its gradient: softmax - onehot", huge.grad.numpy()[0], [1, -1, 0], tol=1e-6)

# %% [markdown]
# ## Pictures
#
# Left: logits, probabilities and the gradient of one example. Middle: the
# loss -log p_y as the right class's logit grows (its slope is p_y - 1, flat
# once the network is right). Right: float32 cross-entropy computed naively
# breaks down (inf, then NaN) once a logit passes 88; log-sum-exp does not.

# %%
section("Pictures")
scale = np.linspace(0, 160, 321).astype(np.float32)
with np.errstate(over="ignore", invalid="ignore"):
    rows = scale[:, None] * np.array([1.0, 0.5, 0.0], np.float32)  # logits s, s/2, 0
    naive_loss = np.log(np.exp(rows).sum(axis=1)) - rows[:, 1]  # true class: the middle
    m = rows.max(axis=1)
    stable_loss = m + np.log(np.exp(rows - m[:, None]).sum(axis=1)) - rows[:, 1]
first_bad = scale[~np.isfinite(naive_loss)][0]
lesson.claim(
    f"float32 naive cross-entropy first breaks at a logit of {first_bad:g} (exp(88.7) is inf)",
    88 <= first_bad <= 90,
)
lesson.claim("float32 log-sum-exp never does", bool(np.isfinite(stable_loss).all()))
lesson.check(
    "and it is right: the loss is s/2 + log(1 + e^(-s/2) + ...) = 80 at s = 160",
    stable_loss[-1],
    80.0,
    tol=1e-6,
)
fig = lesson.figure("softmax, its gradient and overflow", figsize=(14, 3.8))
if fig is not None:
    ax = fig.add_subplot(1, 3, 1)
    k = np.arange(4)
    ax.bar(k - 0.27, z, 0.27, label="logit z")
    ax.bar(k, p, 0.27, label="softmax p")
    ax.bar(k + 0.27, by_hand, 0.27, label="dL/dz = p - onehot")
    ax.axhline(0, color="k", lw=0.8)
    ax.set(
        xticks=k,
        xticklabels=[f"class {i}" + (" (true)" if i == y else "") for i in k],
        title="one example, true class 0",
    )
    ax.legend(fontsize=8)
    ax = fig.add_subplot(1, 3, 2)
    zy = np.linspace(-6, 6, 200)
    others = np.array([1.0, 0.1, -1.0])
    total = np.log(np.exp(zy) + np.exp(others).sum())
    ax.plot(zy, total - zy, label="loss -log p_y")
    ax.plot(zy, np.exp(zy) / np.exp(total) - 1, label="slope p_y - 1")
    ax.axhline(0, color="k", lw=0.8)
    ax.set(xlabel="logit of the true class", title="cross-entropy along one logit")
    ax.legend()
    ax = fig.add_subplot(1, 3, 3)
    ax.plot(scale, naive_loss, lw=4, alpha=0.6, label="naive log(sum exp(z)) - z_y")
    ax.plot(scale, stable_loss, "k--", label="log-sum-exp (shift by the max)")
    ax.axvspan(first_bad, scale[-1], color="#d62728", alpha=0.12)
    ax.text(first_bad + 4, 5, f"naive: inf/NaN\nfrom s = {first_bad:g}", color="#d62728")
    ax.set(
        xlabel="largest logit s (logits s, s/2, 0; true class s/2)",
        ylabel="loss",
        title="float32 cross-entropy",
    )
    ax.legend(loc="upper left", fontsize=8)
    lesson.save(fig, "softmax_cross_entropy.png")
lesson.finish()
