"""Adadelta: per-coordinate steps sized by running averages of squared updates and gradients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _check, _direction

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""Adadelta, as ``torch.optim.Adadelta``.

    For each parameter :math:`\theta` with gradient :math:`g`::

        g = -g                                    if maximize
        g = g + weight_decay * theta              if weight_decay != 0
        v = rho * v + (1 - rho) * g * g           (square_avg)
        delta = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta * delta   (acc_delta)
        theta = theta - lr * delta

    State per parameter: ``step`` (a number), ``square_avg`` (v) and
    ``acc_delta`` (u). Parameters whose ``.grad`` is None are skipped.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: coefficient scaling delta before it is applied.
        rho: decay rate of the running averages.
        eps: added inside both square roots for numerical stability.
        weight_decay: L2 penalty coefficient added to the gradient.
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import Adadelta
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = Adadelta([w], eps=1e-4)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w._data.round(4)
        array([ 0.9684, -1.9684], dtype=float32)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        *,
        maximize: bool = False,
    ) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import Adadelta
            >>> w = ag.tensor([1.0], requires_grad=True)
            >>> opt = Adadelta([w], lr=0.5)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> sorted(opt.state[w]), opt.state[w]["square_avg"]
            (['acc_delta', 'square_avg', 'step'], array([0.4], dtype=float32))
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, rho, eps = float(group["lr"]), float(group["rho"]), float(group["eps"])
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0.0
                    state["square_avg"] = np.zeros_like(p._data)
                    state["acc_delta"] = np.zeros_like(p._data)
                state["step"] += 1.0
                d, _ = _direction(p, weight_decay, maximize)
                square_avg, acc_delta = state["square_avg"], state["acc_delta"]
                square_avg *= rho
                tmp = np.asarray(d * (1 - rho))  # arrays, not scalars, if 0-d
                tmp *= d
                square_avg += tmp
                std = np.asarray(square_avg + eps)
                np.sqrt(std, out=std)
                delta = np.asarray(acc_delta + eps)
                np.sqrt(delta, out=delta)
                delta /= std
                delta *= d
                acc_delta *= rho
                np.multiply(delta, 1 - rho, out=tmp)
                tmp *= delta
                acc_delta += tmp
                delta *= -lr
                p._data += delta
        return loss
