"""Stochastic gradient descent, with momentum, dampening and Nesterov momentum."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, _check, _direction

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent (optionally with momentum), as ``torch.optim.SGD``.

    For each parameter :math:`\theta` with gradient :math:`g` at step :math:`t`::

        g = -g                          if maximize
        g = g + weight_decay * theta    if weight_decay != 0
        if momentum != 0:
            b = g                                         at the first step
            b = momentum * b + (1 - dampening) * g        afterwards
            g = g + momentum * b        if nesterov, else g = b
        theta = theta - lr * g

    Parameters whose ``.grad`` is None are skipped. The momentum buffer is kept
    in ``state[p]["momentum_buffer"]``.

    Args:
        params: Tensors or parameter groups (dicts) to optimize.
        lr: learning rate.
        momentum: momentum factor (0 disables momentum).
        dampening: dampening of the momentum's gradient term.
        weight_decay: L2 penalty coefficient added to the gradient.
        nesterov: use Nesterov momentum (needs ``momentum > 0`` and zero dampening).
        maximize: ascend the objective instead of descending it.

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> w = ag.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w * w).sum().backward()
        ...     _ = opt.step()
        >>> w
        tensor([ 0.46, -0.92], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _check(
            not nesterov or (momentum > 0 and dampening == 0),
            "Nesterov momentum requires a momentum and zero dampening "
            f"(got momentum={momentum}, dampening={dampening})",
        )
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> w = ag.tensor([1.0], requires_grad=True)
            >>> opt = SGD([w], lr=0.5)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> w
            tensor([0.], requires_grad=True)
        """
        loss = self._call_closure(closure)
        for group in self.param_groups:
            lr, momentum = float(group["lr"]), float(group["momentum"])
            dampening, nesterov = float(group["dampening"]), group["nesterov"]
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            plain = momentum == 0 and weight_decay == 0 and not maximize
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if plain:  # theta -= lr * g: the product into a kept array, then in place
                    data, g = p._data, grad._data
                    out = self._scratch(p) if g.dtype is data.dtype else None
                    np.subtract(data, np.multiply(g, lr, out=out), out=data)
                    continue
                d, owned = _direction(p, weight_decay, maximize)
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = d if owned else d.copy()
                    else:
                        buf *= momentum
                        buf += d if dampening == 0 else d * (1 - dampening)
                    if nesterov:
                        t = buf * momentum
                        t += d
                        d, owned = t, True
                    else:
                        d, owned = buf, False
                if owned:
                    d *= lr
                    p._data -= d
                else:
                    p._data -= d * lr
        return loss
