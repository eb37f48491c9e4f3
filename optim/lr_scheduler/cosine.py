"""Cosine annealing: ``CosineAnnealingLR`` (one half-cosine from the initial lr to
``eta_min``) and ``CosineAnnealingWarmRestarts`` (SGDR's restarts every ``T_i`` epochs).
"""

from __future__ import annotations

import math

from ..optimizer import Optimizer
from .base import LRScheduler

__all__ = ["CosineAnnealingLR", "CosineAnnealingWarmRestarts"]


class CosineAnnealingLR(LRScheduler):
    r"""Anneal each group's lr along a cosine from ``initial_lr`` to ``eta_min`` over T_max epochs.

    The rate is updated recursively, as PyTorch does::

        lr_t = eta_min + (lr_{t-1} - eta_min)
               * (1 + cos(pi t / T_max)) / (1 + cos(pi (t-1) / T_max))

    which equals ``eta_min + (initial_lr - eta_min) * (1 + cos(pi t / T_max)) / 2``
    when nothing else changes the lr; past ``T_max`` it climbs back up
    (a cosine of period ``2 * T_max``).

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        T_max: number of epochs of the half period.
        eta_min: minimum learning rate.
        last_epoch: index of the last epoch done (-1: start).

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> from optim.lr_scheduler import CosineAnnealingLR
        >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = CosineAnnealingLR(opt, T_max=2)
        >>> lrs = []
        >>> for _ in range(2):
        ...     _ = opt.step(); sched.step(); lrs.append(round(sched.get_last_lr()[0], 6))
        >>> lrs
        [0.5, 0.0]
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The next lr of every group by the recursive cosine formula."""
        t, T, eta = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self._current_lrs()
        if self._step_count == 1 and t > 0:  # resumed with last_epoch >= 0: closed form
            return [
                eta + (base - eta) * (1 + math.cos(t * math.pi / T)) / 2 for base in self.base_lrs
            ]
        if (t - 1 - T) % (2 * T) == 0:  # leaving the minimum, where the ratio is 0/0
            return [
                lr + (base - eta) * (1 - math.cos(math.pi / T)) / 2
                for base, lr in zip(self.base_lrs, self._current_lrs())
            ]
        return [
            (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (lr - eta)
            + eta
            for lr in self._current_lrs()
        ]

    def _get_closed_form_lr(self) -> list[float]:
        return [
            self.eta_min
            + (base - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
            for base in self.base_lrs
        ]


class CosineAnnealingWarmRestarts(LRScheduler):
    r"""Cosine annealing from ``initial_lr`` to ``eta_min`` that restarts every ``T_i`` epochs.

    ``lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2``,
    where ``T_cur`` counts the epochs since the last restart and the period
    starts at ``T_0`` and is multiplied by ``T_mult`` after each restart.
    ``step(epoch)`` accepts a fractional epoch (e.g. ``epoch + batch / batches``
    to anneal within an epoch) and, as in PyTorch, does not warn.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        T_0: number of epochs of the first period (a positive int).
        T_mult: factor by which the period grows after a restart (an int >= 1).
        eta_min: minimum learning rate.
        last_epoch: index of the last epoch done (-1: start).

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> from optim.lr_scheduler import CosineAnnealingWarmRestarts
        >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = CosineAnnealingWarmRestarts(opt, T_0=2)
        >>> lrs = [sched.get_last_lr()[0]]
        >>> for _ in range(4):
        ...     _ = opt.step(); sched.step(); lrs.append(round(sched.get_last_lr()[0], 6))
        >>> lrs
        [1.0, 0.5, 1.0, 0.5, 1.0]
        >>> sched.step(1.5)
        >>> round(sched.get_last_lr()[0], 6), sched.last_epoch
        (0.146447, 1)
    """

    def __init__(
        self,
        optimizer: Optimizer,
        T_0: int,
        T_mult: int = 1,
        eta_min: float = 0.0,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(T_0, int) or T_0 <= 0:
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if not isinstance(T_mult, int) or T_mult < 1:
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(
                f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}"
            )
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur: float = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The lr of every group at ``T_cur`` epochs into the current period."""
        return [
            self.eta_min
            + (base - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
            for base in self.base_lrs
        ]

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch, or jump to ``epoch`` (may be fractional), and set the lrs.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> from optim.lr_scheduler import CosineAnnealingWarmRestarts
            >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
            >>> sched = CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
            >>> sched.step(2.0)
            >>> sched.T_i, sched.T_cur
            (4, 0.0)
        """
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if epoch < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult**n
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self.last_epoch = math.floor(epoch)
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = self._current_lrs()
