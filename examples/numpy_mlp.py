"""An MLP with hand-written NumPy forward and backward passes: deep learning with no autograd.

This is what the library automates. Every gradient below is derived by hand
from the chain rule, layer by layer, in the order the autograd engine would
visit the graph. It serves three purposes:

- a teaching example: read ``forward`` and ``backward`` side by side;
- the speed reference for ``examples/benchmark.py`` (how fast can NumPy go?);
- a test oracle: the library must produce the same loss and gradients.

Layout follows ``nn.Linear``: weight ``(out_features, in_features)``, bias
``(out_features,)``; the loss is mean cross-entropy over the batch.

Run ``python examples/numpy_mlp.py --epochs 1`` to train it on MNIST.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Sequence

import numpy as np


class NumpyMLP:
    """Linear -> ReLU -> ... -> Linear, with a hand-written backward pass.

    Args:
        sizes: layer widths, e.g. ``[784, 128, 10]``.
        rng: generator for PyTorch-style default initialisation
            (weights and biases uniform in ``+-1/sqrt(fan_in)``).
        dtype: parameter dtype (float32 by default).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        rng: np.random.Generator | None = None,
        dtype: np.dtype = np.float32,
    ) -> None:
        rng = rng or np.random.default_rng(0)
        self.params: list[np.ndarray] = []  # [W0, b0, W1, b1, ...]
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1 / math.sqrt(fan_in)
            self.params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(dtype))
            self.params.append(rng.uniform(-bound, bound, fan_out).astype(dtype))
        self._activations: list[np.ndarray] = []

    @property
    def n_layers(self) -> int:
        return len(self.params) // 2

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Logits for a batch ``x`` of shape (N, in_features); keeps what backward needs."""
        self._activations = [x]
        h = x
        for i in range(self.n_layers):
            weight, bias = self.params[2 * i], self.params[2 * i + 1]
            h = h @ weight.T  # (N, out)
            h += bias
            if i < self.n_layers - 1:
                np.maximum(h, 0, out=h)  # ReLU in place: h is ours
            self._activations.append(h)
        return h

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray]]:
        """Mean cross-entropy of the batch and the gradient of every parameter."""
        logits = self.forward(x)
        n = logits.shape[0]
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        log_probs_true = shifted[np.arange(n), y] - np.log(sum_exp[:, 0])
        loss = float(-log_probs_true.mean())
        # d loss / d logits = (softmax - one_hot) / N
        grad = exp / sum_exp
        grad[np.arange(n), y] -= 1
        grad /= n
        return loss, self.backward(grad)

    def backward(self, grad: np.ndarray) -> list[np.ndarray]:
        """Gradients of every parameter given d loss / d logits (the chain rule, by hand)."""
        grads: list[np.ndarray] = [np.empty(0)] * len(self.params)
        for i in reversed(range(self.n_layers)):
            weight = self.params[2 * i]
            h_in = self._activations[i]  # the layer's input
            grads[2 * i] = grad.T @ h_in  # dL/dW = grad^T x    (out, in)
            grads[2 * i + 1] = grad.sum(axis=0)  # dL/db = sum over the batch
            if i > 0:
                grad = grad @ weight  # dL/dx = grad W        (N, in)
                grad *= h_in > 0  # ReLU: pass where the activation was positive
        return grads


class NumpySGD:
    """Plain SGD, ``p -= lr * g``, in place."""

    def __init__(self, params: list[np.ndarray], lr: float) -> None:
        self.params, self.lr = params, lr

    def step(self, grads: list[np.ndarray]) -> None:
        for p, g in zip(self.params, grads):
            g *= self.lr
            p -= g


class NumpyAdam:
    """Adam with PyTorch's update order (bias-corrected moments, eps outside the sqrt)."""

    def __init__(
        self,
        params: list[np.ndarray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        beta1, beta2 = self.betas
        bias1 = 1 - beta1**self.t
        bias2_sqrt = math.sqrt(1 - beta2**self.t)
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            denom = np.sqrt(v)
            denom /= bias2_sqrt
            denom += self.eps
            p -= (self.lr / bias1) * m / denom


def train_epoch(
    model: NumpyMLP,
    optimizer: NumpySGD | NumpyAdam,
    images: np.ndarray,
    labels: np.ndarray,
    batch_size: int,
    order: np.ndarray,
) -> float:
    """One pass over the data in the given sample order; returns the mean batch loss."""
    total, batches = 0.0, 0
    for start in range(0, len(order), batch_size):
        index = order[start : start + batch_size]
        loss, grads = model.loss_and_grads(images[index], labels[index])
        optimizer.step(grads)
        total += loss
        batches += 1
    return total / max(batches, 1)


def accuracy(model: NumpyMLP, images: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of correctly classified images."""
    correct = 0
    for start in range(0, len(images), 1000):
        logits = model.forward(images[start : start + 1000])
        correct += int((logits.argmax(axis=1) == labels[start : start + 1000]).sum())
    return correct / len(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import data  # the project's MNIST reader (no autograd involved)

    train, test = data.MNIST(train=True, flatten=True), data.MNIST(train=False, flatten=True)
    x_train, y_train = train.arrays  # float32 (60000, 784), normalized
    x_test, y_test = test.arrays
    rng = np.random.default_rng(args.seed)
    model = NumpyMLP([784, args.hidden, 10], rng)
    optimizer = NumpySGD(model.params, args.lr)
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss = train_epoch(
            model, optimizer, x_train, y_train, args.batch_size, rng.permutation(len(x_train))
        )
        seconds = time.perf_counter() - start
        print(
            f"epoch {epoch}  loss {loss:.4f}  test acc {accuracy(model, x_test, y_test):.4f}"
            f"  {seconds:.2f}s"
        )


if __name__ == "__main__":
    main()
