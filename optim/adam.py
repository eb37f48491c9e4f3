"""Adam and AdamW: adaptive moment estimation, with coupled or decoupled weight decay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _adam_direction, _check, _update_moments

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    r"""Adam, as ``torch.optim.Adam``.

    For each parameter :math:`\theta` with gradient :math:`g` at step :math:`t`
    (counting from 1)::

        g = -g                                   if maximize
        theta = theta * (1 - lr * weight_decay)  if decoupled_weight_decay (AdamW)
        g = g + weight_decay * theta             otherwise, if weight_decay != 0
        m = m + (1 - beta1) * (g - m)            (first moment)
        v = beta2 * v + (1 - beta2) * g * g      (second moment)
        v_max = max(v_max, v)                    if amsgrad, and v_max replaces v below
        denom = sqrt(v) / sqrt(1 - beta2 ** t) + eps
        theta = theta - (lr / (1 - beta1 ** t)) * m / denom

    State per parameter: ``step`` (a number), ``exp_avg`` (m), ``exp_avg_sq``
    (v) and, with amsgrad, ``max_exp_avg_sq``. Parameters whose ``.grad`` is
    None are skipped.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        betas: decay rates of the first and second moment averages.
        eps: added to the denominator for numerical stability.
        weight_decay: L2 penalty (decoupled from the gradient with
            ``decoupled_weight_decay=True``, which is what :class:`AdamW` does).
        amsgrad: use the running maximum of the second moment (AMSGrad).
        maximize: ascend the objective instead of descending it.
        decoupled_weight_decay: decay the weights directly instead of adding
            the penalty to the gradient.

    Example:
        >>> import autograd as ag
        >>> from optim import Adam
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = Adam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w
        tensor([ 0.9, -1.9], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
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
            "amsgrad": amsgrad,
            "maximize": maximize,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import Adam
            >>> w = ag.tensor([3.0], requires_grad=True)
            >>> opt = Adam([w], lr=0.5)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> w, opt.state[w]["step"]
            (tensor([2.5], requires_grad=True), 1.0)
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, eps = float(group["lr"]), float(group["eps"])
            weight_decay = float(group["weight_decay"])
            beta1, beta2 = (float(b) for b in group["betas"])
            amsgrad, maximize = group["amsgrad"], group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0.0
                    state["exp_avg"] = np.zeros_like(p._data)
                    state["exp_avg_sq"] = np.zeros_like(p._data)
                    if amsgrad:
                        state["max_exp_avg_sq"] = np.zeros_like(p._data)
                step = state["step"] = state["step"] + 1.0
                d = _adam_direction(p, lr, weight_decay, decoupled, maximize)
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                tmp = _update_moments(exp_avg, exp_avg_sq, d, beta1, beta2)
                if amsgrad:
                    second = state["max_exp_avg_sq"]
                    np.maximum(second, exp_avg_sq, out=second)
                else:
                    second = exp_avg_sq
                step_size = lr / (1 - beta1**step)
                denom = np.sqrt(second, out=tmp)
                denom /= (1 - beta2**step) ** 0.5
                denom += eps
                update = exp_avg * -step_size
                update /= denom
                p._data += update
        return loss


class AdamW(Adam):
    r"""Adam with decoupled weight decay, as ``torch.optim.AdamW``.

    The same update as :class:`Adam` with ``decoupled_weight_decay=True``: each
    step first shrinks the weights, ``theta = theta * (1 - lr * weight_decay)``,
    and the gradient itself carries no penalty term.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        betas: decay rates of the first and second moment averages.
        eps: added to the denominator for numerical stability.
        weight_decay: decoupled weight decay coefficient.
        amsgrad: use the running maximum of the second moment (AMSGrad).
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import AdamW
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
        >>> (w * w).sum().backward()
        >>> _ = opt.step()
        >>> w
        tensor([ 0.85, -1.8], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            maximize=maximize,
            decoupled_weight_decay=True,
        )

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a saved state as :meth:`Optimizer.load_state_dict`; decay stays decoupled.

        Example:
            >>> import autograd as ag
            >>> from optim import AdamW
            >>> opt = AdamW([ag.zeros(2, requires_grad=True)])
            >>> opt.load_state_dict(opt.state_dict())
            >>> opt.param_groups[0]["decoupled_weight_decay"]
            True
        """
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
