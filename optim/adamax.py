"""Adamax: Adam with the infinity norm of past gradients in place of their second moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _check, _direction, _lerp_

__all__ = ["Adamax"]


class Adamax(Optimizer):
    r"""Adamax, as ``torch.optim.Adamax``.

    For each parameter :math:`\theta` with gradient :math:`g` at step :math:`t`
    (counting from 1)::

        g = -g                                 if maximize
        g = g + weight_decay * theta           if weight_decay != 0
        m = m + (1 - beta1) * (g - m)          (first moment)
        u = max(beta2 * u, |g| + eps)          (exponentially weighted infinity norm)
        theta = theta - (lr / (1 - beta1 ** t)) * m / u

    State per parameter: ``step`` (a number), ``exp_avg`` (m) and ``exp_inf``
    (u). Parameters whose ``.grad`` is None are skipped.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        betas: decay rates of the first moment and of the infinity norm.
        eps: added to ``|g|`` for numerical stability.
        weight_decay: L2 penalty coefficient added to the gradient.
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import Adamax
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = Adamax([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w
        tensor([ 0.9, -1.9], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        *,
        maximize: bool = False,
    ) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import Adamax
            >>> w = ag.tensor([3.0], requires_grad=True)
            >>> opt = Adamax([w], lr=0.5)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> w, opt.state[w]["exp_inf"]
            (tensor([2.5], requires_grad=True), array([6.], dtype=float32))
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, eps = float(group["lr"]), float(group["eps"])
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            beta1, beta2 = (float(b) for b in group["betas"])
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0.0
                    state["exp_avg"] = np.zeros_like(p._data)
                    state["exp_inf"] = np.zeros_like(p._data)
                step = state["step"] = state["step"] + 1.0
                d, _ = _direction(p, weight_decay, maximize)
                exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
                tmp = _lerp_(exp_avg, d, 1 - beta1)
                exp_inf *= beta2
                np.abs(d, out=tmp)
                tmp += eps
                np.maximum(exp_inf, tmp, out=exp_inf)
                update = exp_avg * -(lr / (1 - beta1**step))
                update /= exp_inf
                p._data += update
        return loss
