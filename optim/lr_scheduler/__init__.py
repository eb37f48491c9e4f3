"""Learning-rate schedulers with ``torch.optim.lr_scheduler``'s semantics.

A scheduler changes ``group["lr"]`` of its optimizer's parameter groups. Create
it after the optimizer (construction records ``initial_lr`` in every group and
performs the first, "epoch 0" step) and call ``scheduler.step()`` after
``optimizer.step()``, once per epoch or per batch as the schedule intends.
The values follow PyTorch's recursive (chainable) formulas, so they agree with
``torch.optim.lr_scheduler`` to the last bit.

One file per family: ``base`` (``LRScheduler``), ``lambda_lr`` (user functions),
``decay`` (step, exponential, polynomial and warm-up factors), ``cosine``, ``cyclic``
(``OneCycleLR``), ``plateau`` (``ReduceLROnPlateau``) and ``composite`` (schedulers of
schedulers). Every name is importable from here.

Example:
    >>> import autograd as ag
    >>> import optim
    >>> opt = optim.SGD([ag.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    >>> for _ in range(4):
    ...     opt.step()
    ...     sched.step()
    >>> sched.get_last_lr()
    [0.25]
"""

from .base import LRScheduler
from .composite import ChainedScheduler, SequentialLR
from .cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from .cyclic import OneCycleLR
from .decay import ConstantLR, ExponentialLR, LinearLR, MultiStepLR, PolynomialLR, StepLR
from .lambda_lr import LambdaLR, MultiplicativeLR
from .plateau import ReduceLROnPlateau

__all__ = [
    "LRScheduler",
    "LambdaLR",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "MultiplicativeLR",
    "ConstantLR",
    "LinearLR",
    "PolynomialLR",
    "CosineAnnealingWarmRestarts",
    "SequentialLR",
    "ChainedScheduler",
]
