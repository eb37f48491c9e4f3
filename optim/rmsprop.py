"""RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _check, _direction, _lerp_

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop, as ``torch.optim.RMSprop``.

    For each parameter :math:`\theta` with gradient :math:`g`::

        g = -g                                    if maximize
        g = g + weight_decay * theta              if weight_decay != 0
        v = alpha * v + (1 - alpha) * g * g       (running mean square)
        avg = sqrt(v)
        if centered:
            m = m + (1 - alpha) * (g - m)         (running mean)
            avg = sqrt(v - m * m)
        avg = avg + eps
        if momentum > 0:
            b = momentum * b + g / avg
            theta = theta - lr * b
        else:
            theta = theta - lr * g / avg

    State per parameter: ``step``, ``square_avg`` (v), ``momentum_buffer`` (b,
    with momentum) and ``grad_avg`` (m, when centered). Parameters whose
    ``.grad`` is None are skipped.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        alpha: smoothing constant of the running averages.
        eps: added to the denominator for numerical stability.
        weight_decay: L2 penalty coefficient added to the gradient.
        momentum: momentum factor.
        centered: normalize by an estimate of the gradient's variance instead
            of its raw second moment.
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import RMSprop
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = RMSprop([w], lr=0.01)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w
        tensor([ 0.9, -1.9], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _check(alpha >= 0.0, f"Invalid alpha value: {alpha}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import RMSprop
            >>> w = ag.tensor([1.0], requires_grad=True)
            >>> opt = RMSprop([w], lr=0.01, alpha=0.75)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> w
            tensor([0.98], requires_grad=True)
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, alpha, eps = float(group["lr"]), float(group["alpha"]), float(group["eps"])
            momentum, weight_decay = float(group["momentum"]), float(group["weight_decay"])
            centered, maximize = group["centered"], group["maximize"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0.0
                    state["square_avg"] = np.zeros_like(p._data)
                    if momentum > 0:
                        state["momentum_buffer"] = np.zeros_like(p._data)
                    if centered:
                        state["grad_avg"] = np.zeros_like(p._data)
                state["step"] += 1.0
                d, _ = _direction(p, weight_decay, maximize)
                square_avg = state["square_avg"]
                square_avg *= alpha
                tmp = np.asarray(d * (1 - alpha))  # an array, not a scalar, if 0-d
                tmp *= d
                square_avg += tmp
                if centered:
                    grad_avg = state["grad_avg"]
                    _lerp_(grad_avg, d, 1 - alpha)
                    np.multiply(grad_avg, grad_avg, out=tmp)
                    avg = np.subtract(square_avg, tmp, out=tmp)
                    np.sqrt(avg, out=avg)
                else:
                    avg = np.sqrt(square_avg, out=tmp)
                avg += eps
                if momentum > 0:
                    buf = state["momentum_buffer"]
                    buf *= momentum
                    buf += np.divide(d, avg, out=avg)
                    p._data -= np.multiply(buf, lr, out=avg)
                else:
                    update = d * -lr
                    update /= avg
                    p._data += update
        return loss
