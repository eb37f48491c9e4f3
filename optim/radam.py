"""RAdam: Adam with a rectified (variance-corrected) adaptive learning rate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _adam_direction, _check, _update_moments

__all__ = ["RAdam"]


class RAdam(Optimizer):
    r"""RAdam, as ``torch.optim.RAdam``.

    For each parameter :math:`\theta` with gradient :math:`g` at step :math:`t`
    (counting from 1)::

        g = -g                                   if maximize
        theta = theta * (1 - lr * weight_decay)  if decoupled_weight_decay (RAdamW)
        g = g + weight_decay * theta             otherwise, if weight_decay != 0
        m = m + (1 - beta1) * (g - m)
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 t beta2 ** t / (1 - beta2 ** t)
        if rho_t > 5:
            r = sqrt((rho_t - 4) (rho_t - 2) rho_inf / ((rho_inf - 4) (rho_inf - 2) rho_t))
            theta = theta - lr * m_hat * sqrt(1 - beta2 ** t) / (sqrt(v) + eps) * r
        else:
            theta = theta - lr * m_hat           (plain momentum while the variance is untractable)

    State per parameter: ``step`` (a number), ``exp_avg`` (m) and
    ``exp_avg_sq`` (v). Parameters whose ``.grad`` is None are skipped.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        betas: decay rates of the first and second moment averages.
        eps: added to the denominator for numerical stability.
        weight_decay: L2 penalty (or decoupled decay, see below).
        decoupled_weight_decay: decay the weights directly (as AdamW does)
            instead of adding the penalty to the gradient.
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import RAdam
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = RAdam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w
        tensor([ 0.8, -1.6], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        decoupled_weight_decay: bool = False,
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
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import RAdam
            >>> w = ag.tensor([3.0], requires_grad=True)
            >>> opt = RAdam([w], lr=0.5)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> w, opt.state[w]["step"]
            (tensor([0.], requires_grad=True), 1.0)
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, eps = float(group["lr"]), float(group["eps"])
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            beta1, beta2 = (float(b) for b in group["betas"])
            rho_inf = 2 / (1 - beta2) - 1
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0.0
                    state["exp_avg"] = np.zeros_like(p._data)
                    state["exp_avg_sq"] = np.zeros_like(p._data)
                step = state["step"] = state["step"] + 1.0
                d = _adam_direction(p, lr, weight_decay, decoupled, maximize)
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                tmp = _update_moments(exp_avg, exp_avg_sq, d, beta1, beta2)
                bias_correction1 = 1 - beta1**step
                bias_correction2 = 1 - beta2**step
                update = exp_avg / bias_correction1
                update *= lr
                rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
                if rho_t > 5.0:
                    rect = (
                        (rho_t - 4)
                        * (rho_t - 2)
                        * rho_inf
                        / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
                    ) ** 0.5
                    # torch evaluates ``scalar / tensor`` as ``tensor.reciprocal() * scalar``
                    adaptive = np.sqrt(exp_avg_sq, out=tmp)
                    adaptive += eps
                    np.reciprocal(adaptive, out=adaptive)
                    adaptive *= bias_correction2**0.5
                    update *= adaptive
                    update *= rect
                p._data -= update
        return loss
