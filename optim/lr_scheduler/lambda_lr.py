"""Schedules given by the user's functions of the epoch: ``LambdaLR`` (a factor of the
initial lr) and ``MultiplicativeLR`` (a factor of the current lr).

Their ``state_dict`` leaves plain functions out, as torch's does.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from ..optimizer import Optimizer
from .base import LRScheduler, _check_optimizer, _copy

__all__ = ["LambdaLR", "MultiplicativeLR"]


class _LambdaState(LRScheduler):
    """``state_dict`` for schedulers driven by ``lr_lambdas`` (LambdaLR, MultiplicativeLR):
    plain functions cannot be saved and are left out; callable objects keep their
    attributes, as in torch."""

    lr_lambdas: list[Any]

    def _set_lambdas(self, optimizer: Any, lr_lambda: Any) -> None:
        """One callable per param group: ``lr_lambda`` itself, or one from a list."""
        _check_optimizer(optimizer)
        n = len(optimizer.param_groups)
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != n:
                raise ValueError(f"Expected {n} lr_lambdas, but got {len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * n
        for fn in self.lr_lambdas:
            if not callable(fn):
                raise TypeError(f"lr_lambda should be a function, but got {type(fn).__name__}")

    def state_dict(self) -> dict[str, Any]:
        """As :meth:`LRScheduler.state_dict`, with functions left out of ``lr_lambdas``.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> from optim.lr_scheduler import LambdaLR
            >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=0.5)
            >>> LambdaLR(opt, lambda epoch: 0.9 ** epoch).state_dict()["lr_lambdas"]
            [None]
        """
        sd = {k: _copy(v) for k, v in self.__dict__.items() if k not in ("optimizer", "lr_lambdas")}
        sd["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else dict(fn.__dict__)
            for fn in self.lr_lambdas
        ]
        return sd

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a saved state; the lambdas stay those given at construction."""
        state_dict = dict(state_dict)
        saved = state_dict.pop("lr_lambdas", [None] * len(self.lr_lambdas))
        super().load_state_dict(state_dict)
        for fn, attrs in zip(self.lr_lambdas, saved):
            if attrs is not None:
                fn.__dict__.update(attrs)


class LambdaLR(_LambdaState):
    """Set each group's lr to its ``initial_lr`` times ``lr_lambda(epoch)``.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        lr_lambda: a function of the epoch index returning a factor, or a list
            with one such function per param group.
        last_epoch: index of the last epoch done (-1: start).

    ``state_dict()`` stores no plain functions (``lr_lambdas`` holds None for
    them; the ``__dict__`` of callable objects is kept), as in PyTorch.

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> from optim.lr_scheduler import LambdaLR
        >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=0.5)
        >>> sched = LambdaLR(opt, lambda epoch: 1 / (epoch + 1))
        >>> _ = opt.step(); sched.step()
        >>> sched.get_last_lr()
        [0.25]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | list[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        self._set_lambdas(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """``initial_lr * lr_lambda(last_epoch)`` for every group."""
        return [base * fn(self.last_epoch) for fn, base in zip(self.lr_lambdas, self.base_lrs)]


class MultiplicativeLR(_LambdaState):
    """Multiply each group's lr by ``lr_lambda(epoch)`` at every step (not at construction).

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        lr_lambda: a function of the epoch index returning a factor, or a list
            with one such function per param group.
        last_epoch: index of the last epoch done (-1: start).

    ``state_dict()`` stores no plain functions (``lr_lambdas`` holds None for
    them; the ``__dict__`` of callable objects is kept), as in PyTorch.

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> from optim.lr_scheduler import MultiplicativeLR
        >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = MultiplicativeLR(opt, lambda epoch: 0.5)
        >>> for _ in range(3):
        ...     _ = opt.step(); sched.step()
        >>> sched.get_last_lr()
        [0.125]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | list[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        self._set_lambdas(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The current lrs times ``lr_lambda(last_epoch)`` (unchanged at construction)."""
        if self._is_initial:
            return self._current_lrs()
        return [lr * fn(self.last_epoch) for fn, lr in zip(self.lr_lambdas, self._current_lrs())]
