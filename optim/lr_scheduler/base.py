"""``LRScheduler``, the base of every scheduler in :mod:`optim.lr_scheduler`, and the checks
and state-dict copying the schedulers share.
"""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Any

from ..optimizer import Optimizer

__all__ = ["LRScheduler"]


# Warned when step() is given an epoch, which PyTorch also still accepts but deprecates.
EPOCH_DEPRECATION_WARNING = (
    "scheduler.step(epoch) is deprecated: call scheduler.step() once per epoch instead. "
    "With an explicit epoch the schedule jumps there, using its closed-form rate where it has one."
)


def _check_optimizer(optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


def _per_group(name: str, optimizer: Optimizer, value: Any) -> list[Any]:
    """``value`` repeated for every param group, or checked to have one entry per group."""
    n = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. "
                f"{name} has {len(value)} values, param_groups has {n}."
            )
        return list(value)
    return [value] * n


def _copy(value: Any) -> Any:
    if isinstance(value, Counter):
        return dict(value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class LRScheduler:
    """Base class of the learning-rate schedulers.

    Subclasses implement :meth:`get_lr`, which computes the new learning rate of
    every group from ``last_epoch`` (already advanced) and the current rates.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        last_epoch: index of the last epoch done; -1 starts a new schedule.
            To resume, pass the saved value (the groups must then already
            hold ``initial_lr``, e.g. from the optimizer's ``load_state_dict``)
            or, simpler, build with -1 and call :meth:`load_state_dict`.

    Attributes:
        base_lrs: each group's ``initial_lr``.
        last_epoch: the number of ``step()`` calls since the start (0 after
            construction).

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> from optim.lr_scheduler import StepLR
        >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for _ in range(5):
        ...     lrs.append(sched.get_last_lr()[0])
        ...     _ = opt.step()
        ...     sched.step()
        >>> lrs
        [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when resuming "
                        f"a scheduler with last_epoch={last_epoch} >= 0; load the optimizer's "
                        "state_dict first, or construct with last_epoch=-1 and call "
                        "load_state_dict on the scheduler"
                    )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The learning rate of every group for epoch ``last_epoch`` (subclasses define it)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_lr()")

    def get_last_lr(self) -> list[float]:
        """The learning rates most recently set by this scheduler, one per group.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> from optim.lr_scheduler import ExponentialLR
            >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
            >>> sched = ExponentialLR(opt, gamma=0.5)
            >>> _ = opt.step(); sched.step()
            >>> sched.get_last_lr()
            [0.5]
        """
        return list(self._last_lr)

    def step(self, epoch: int | None = None) -> None:
        """Advance the schedule by one epoch and set every group's ``lr``.

        Call it after ``optimizer.step()``.

        Args:
            epoch: deprecated, as in PyTorch (warns): jump to this epoch, using
                the closed-form rate where the scheduler has one.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> from optim.lr_scheduler import StepLR
            >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
            >>> sched = StepLR(opt, step_size=1, gamma=0.5)
            >>> _ = opt.step(); sched.step()
            >>> sched.get_last_lr()
            [0.5]
        """
        self._step_count += 1
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
            self.last_epoch = epoch
            closed_form = getattr(self, "_get_closed_form_lr", None)
            values = closed_form() if closed_form is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Everything the scheduler holds except the optimizer, as a dict of plain values.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> from optim.lr_scheduler import StepLR
            >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
            >>> StepLR(opt, step_size=3).state_dict()["last_epoch"]
            0
        """
        return {k: _copy(v) for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state saved by :meth:`state_dict` (the optimizer is left alone).

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> from optim.lr_scheduler import StepLR
            >>> opt = SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
            >>> sched = StepLR(opt, step_size=3)
            >>> sched.load_state_dict({**sched.state_dict(), "last_epoch": 7})
            >>> sched.last_epoch
            7
        """
        self.__dict__.update({k: _copy(v) for k, v in state_dict.items()})

    def _current_lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]
