"""NAdam: Adam with Nesterov momentum (and momentum decay)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _adam_direction, _check, _update_moments

__all__ = ["NAdam"]


def _times32(product: float, mu: float) -> float:
    """``product * mu`` in float32, as torch's float32 scalar tensor ``mu_product *= mu``."""
    return float(np.float32(product) * np.float32(mu))


class NAdam(Optimizer):
    r"""NAdam, as ``torch.optim.NAdam``.

    For each parameter :math:`\theta` with gradient :math:`g` at step :math:`t`
    (counting from 1)::

        g = -g                                   if maximize
        theta = theta * (1 - lr * weight_decay)  if decoupled_weight_decay (NAdamW)
        g = g + weight_decay * theta             otherwise, if weight_decay != 0
        mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        P = P * mu_t                             (mu_product, P_0 = 1)
        m = m + (1 - beta1) * (g - m)
        v = beta2 * v + (1 - beta2) * g * g
        denom = sqrt(v / (1 - beta2 ** t)) + eps
        theta = theta - lr * (1 - mu_t) / (1 - P) * g / denom
                      - lr * mu_{t+1} / (1 - P * mu_{t+1}) * m / denom

    State per parameter: ``step`` and ``mu_product`` (numbers; ``mu_product``
    is kept in float32 precision like torch's scalar tensor), ``exp_avg`` (m) and
    ``exp_avg_sq`` (v). Parameters whose ``.grad`` is None are skipped.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        betas: decay rates of the first and second moment averages.
        eps: added to the denominator for numerical stability.
        weight_decay: L2 penalty (or decoupled decay, see below).
        momentum_decay: the momentum schedule's decay ``psi``.
        decoupled_weight_decay: decay the weights directly (as AdamW does)
            instead of adding the penalty to the gradient.
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import NAdam
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = NAdam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w._data.round(4)
        array([ 0.8944, -1.8944], dtype=float32)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _check(momentum_decay >= 0.0, f"Invalid momentum_decay value: {momentum_decay}")
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum_decay": momentum_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import NAdam
            >>> w = ag.tensor([3.0], requires_grad=True)
            >>> opt = NAdam([w], lr=0.5)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> sorted(opt.state[w]), round(opt.state[w]["mu_product"], 4)
            (['exp_avg', 'exp_avg_sq', 'mu_product', 'step'], 0.4501)
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, eps = float(group["lr"]), float(group["eps"])
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            momentum_decay = float(group["momentum_decay"])
            decoupled = group["decoupled_weight_decay"]
            beta1, beta2 = (float(b) for b in group["betas"])
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0.0
                    state["mu_product"] = 1.0
                    state["exp_avg"] = np.zeros_like(p._data)
                    state["exp_avg_sq"] = np.zeros_like(p._data)
                step = state["step"] = state["step"] + 1.0
                bias_correction2 = 1 - beta2**step
                d = _adam_direction(p, lr, weight_decay, decoupled, maximize)
                mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
                mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
                mu_product = state["mu_product"] = _times32(state["mu_product"], mu)
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                tmp = _update_moments(exp_avg, exp_avg_sq, d, beta1, beta2)
                denom = np.asarray(exp_avg_sq / bias_correction2)  # an array if 0-d
                np.sqrt(denom, out=denom)
                denom += eps
                update = np.multiply(d, -lr * (1.0 - mu) / (1.0 - mu_product), out=tmp)
                update /= denom
                p._data += update
                momentum_step = (-lr * mu_next) / (1.0 - mu_product * mu_next)
                update = np.multiply(exp_avg, momentum_step, out=tmp)
                update /= denom
                p._data += update
        return loss
