"""Loss modules: thin wrappers that hold the options of the functional losses.

Every loss takes ``reduction`` in ``"mean" | "sum" | "none"`` (checked when the
module is built). Class weights and ``pos_weight`` are registered as buffers,
as in PyTorch, so they travel with ``state_dict()``.
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor

from .. import functional as F
from ..functional.loss import _legacy_reduction
from .module import Module


def _as_buffer(value: Any) -> Tensor | None:
    if value is None or isinstance(value, Tensor):
        return value
    return Tensor(value)


class _Loss(Module):
    # As in torch, arguments such as ``reduction`` are checked when the loss is computed.
    # ``size_average`` and ``reduce`` are PyTorch's deprecated spellings of ``reduction``;
    # they are accepted (with a warning) and keep torch's positional order.
    def __init__(
        self, size_average: bool | None = None, reduce: bool | None = None, reduction: str = "mean"
    ) -> None:
        super().__init__()
        self.reduction = _legacy_reduction(size_average, reduce, reduction)


class MSELoss(_Loss):
    """Mean squared error: ``(input - target) ** 2`` reduced by ``reduction``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.MSELoss()(ag.tensor([1.0, 3.0]), ag.tensor([1.0, 1.0]))
        tensor(2.)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error: ``|input - target|`` reduced by ``reduction``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.L1Loss(reduction="sum")(ag.tensor([1.0, 3.0]), ag.tensor([2.0, 1.0]))
        tensor(3.)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.l1_loss(input, target, reduction=self.reduction)


class NLLLoss(_Loss):
    """Negative log-likelihood of class labels given log-probabilities ``(N, C, ...)``.

    Args:
        weight: per-class rescaling weights ``(C,)``; ``mean`` divides by the
            summed weights of the counted targets.
        ignore_index: targets with this value contribute nothing.
        reduction: ``mean``, ``sum`` or ``none``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> logp = ag.tensor([[0.0, -2.0], [-1.0, 0.0]])
        >>> nn.NLLLoss()(logp, ag.tensor([0, 0]))
        tensor(0.5000)
    """

    def __init__(
        self,
        weight: Any = None,
        size_average: bool | None = None,
        ignore_index: int = -100,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _as_buffer(weight))
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.nll_loss(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
        )


class CrossEntropyLoss(_Loss):
    """Cross-entropy between logits ``(N, C, ...)`` and int64 class labels ``(N, ...)``.

    Computed as ``nll_loss(log_softmax(input))`` in a stable fused kernel, so
    logits of +-1e4 give finite values and gradients. Class-probability targets
    (same shape as the input, floating) are accepted as well.

    Args:
        weight: per-class rescaling weights ``(C,)``.
        ignore_index: labels with this value contribute nothing.
        reduction: ``mean``, ``sum`` or ``none``.
        label_smoothing: in [0, 1]; mixes the one-hot target with the uniform
            distribution.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> loss = nn.CrossEntropyLoss()(ag.tensor([[1e4, 0.0]]), ag.tensor([0]))
        >>> loss
        tensor(0.)
    """

    def __init__(
        self,
        weight: Any = None,
        size_average: bool | None = None,
        ignore_index: int = -100,
        reduce: bool | None = None,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _as_buffer(weight))
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.cross_entropy(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits, ``sigmoid`` folded in for stability.

    Args:
        weight: rescaling weight broadcast over the loss elements.
        reduction: ``mean``, ``sum`` or ``none``.
        pos_weight: weight of positive examples, broadcast along the last dim
            (e.g. one per class).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.BCEWithLogitsLoss()(ag.tensor([0.0]), ag.tensor([1.0]))
        tensor(0.6931)
    """

    def __init__(
        self,
        weight: Any = None,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
        pos_weight: Any = None,
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _as_buffer(weight))
        self.register_buffer("pos_weight", _as_buffer(pos_weight))

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.binary_cross_entropy_with_logits(
            input, target, weight=self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


class BCELoss(_Loss):
    """Binary cross-entropy between probabilities in [0, 1] and targets.

    Each log is clamped to ``>= -100`` as in PyTorch, so inputs of exactly 0 or 1
    stay finite. :class:`BCEWithLogitsLoss` on logits is the more stable choice.

    Args:
        weight: rescaling weight broadcast over the loss elements.
        reduction: ``mean``, ``sum`` or ``none``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.BCELoss()(ag.tensor([0.5, 0.0]), ag.tensor([1.0, 0.0]))
        tensor(0.3466)
    """

    def __init__(
        self,
        weight: Any = None,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _as_buffer(weight))

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """Squared error below ``beta``, absolute error above (``beta=0`` is :class:`L1Loss`).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.SmoothL1Loss()(ag.tensor([0.5, 3.0]), ag.zeros(2))
        tensor(1.3125)
    """

    def __init__(
        self,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
        beta: float = 1.0,
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """Squared error below ``delta``, ``delta``-scaled absolute error above.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.HuberLoss(delta=2.0)(ag.tensor([0.5, 3.0]), ag.zeros(2))
        tensor(2.0625)
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class KLDivLoss(_Loss):
    """KL divergence of ``target`` from the distribution whose log-probabilities are ``input``.

    ``reduction='batchmean'`` (sum over elements divided by the batch size) gives
    the true KL divergence; ``'mean'`` divides by the number of elements and warns,
    as in PyTorch. ``log_target=True`` takes ``target`` as log-probabilities.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> logq = ag.log_softmax(ag.tensor([[0.0, 0.0]]), dim=1)
        >>> nn.KLDivLoss(reduction="batchmean")(logq, ag.tensor([[0.5, 0.5]]))
        tensor(0.)
    """

    def __init__(
        self,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
        log_target: bool = False,
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class MarginRankingLoss(_Loss):
    """``max(0, -target * (input1 - input2) + margin)``; ``target`` is 1 or -1.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> loss = nn.MarginRankingLoss(margin=0.5)
        >>> loss(ag.tensor([1.0, 0.0]), ag.tensor([0.0, 1.0]), ag.tensor([1.0, 1.0]))
        tensor(0.7500)
    """

    def __init__(
        self,
        margin: float = 0.0,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        return F.margin_ranking_loss(
            input1, input2, target, margin=self.margin, reduction=self.reduction
        )


class HingeEmbeddingLoss(_Loss):
    """``x`` where ``target == 1``, ``max(0, margin - x)`` where ``target == -1``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.HingeEmbeddingLoss()(ag.tensor([0.3, 0.4]), ag.tensor([1.0, -1.0]))
        tensor(0.4500)
    """

    def __init__(
        self,
        margin: float = 1.0,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return F.hinge_embedding_loss(input, target, margin=self.margin, reduction=self.reduction)


class CosineEmbeddingLoss(_Loss):
    """``1 - cos(x1, x2)`` where ``target == 1``, ``max(0, cos(x1, x2) - margin)`` where -1.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> loss = nn.CosineEmbeddingLoss()
        >>> loss(ag.tensor([[1.0, 0.0]]), ag.tensor([[1.0, 1.0]]), ag.tensor([-1.0]))
        tensor(0.7071)
    """

    def __init__(
        self,
        margin: float = 0.0,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        return F.cosine_embedding_loss(
            input1, input2, target, margin=self.margin, reduction=self.reduction
        )


class TripletMarginLoss(_Loss):
    """``max(d(anchor, positive) - d(anchor, negative) + margin, 0)``, ``d`` the p-norm
    distance of :func:`nn.functional.pairwise_distance`.

    Args:
        margin: required gap between the distances; must be positive.
        p: norm degree of the distance.
        eps: added to the differences, as in :class:`PairwiseDistance`.
        swap: use ``min(d(a, n), d(p, n))`` as the negative distance.
        reduction: ``mean``, ``sum`` or ``none``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> a, p, n = ag.tensor([[0.0, 0.0]]), ag.tensor([[3.0, 4.0]]), ag.tensor([[0.0, 1.0]])
        >>> nn.TripletMarginLoss(eps=0.0)(a, p, n)
        tensor(5.)
    """

    def __init__(
        self,
        margin: float = 1.0,
        p: float = 2.0,
        eps: float = 1e-6,
        swap: bool = False,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(
                f"TripletMarginLoss: expected margin to be greater than 0, got {margin} instead"
            )
        self.margin = margin
        self.p = p
        self.eps = eps
        self.swap = swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        return F.triplet_margin_loss(
            anchor,
            positive,
            negative,
            margin=self.margin,
            p=self.p,
            eps=self.eps,
            swap=self.swap,
            reduction=self.reduction,
        )


class PoissonNLLLoss(_Loss):
    """Negative log-likelihood of a Poisson target; see :func:`nn.functional.poisson_nll_loss`.

    Args:
        log_input: the input is the log of the rate (``exp(x) - t * x``); else the rate
            itself (``x - t * log(x + eps)``).
        full: add the Stirling approximation term of ``log(t!)``.
        eps: keeps ``log`` finite when ``log_input`` is False.
        reduction: ``mean``, ``sum`` or ``none``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.PoissonNLLLoss()(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 2.0]))
        tensor(0.8591)
    """

    def __init__(
        self,
        log_input: bool = True,
        full: bool = False,
        size_average: bool | None = None,
        eps: float = 1e-8,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_input = log_input
        self.full = full
        self.eps = eps

    def forward(self, log_input: Tensor, target: Tensor) -> Tensor:
        return F.poisson_nll_loss(
            log_input,
            target,
            log_input=self.log_input,
            full=self.full,
            eps=self.eps,
            reduction=self.reduction,
        )


class GaussianNLLLoss(_Loss):
    """Gaussian negative log-likelihood ``(log(var) + (input - target)**2 / var) / 2``.

    ``var`` may have the input's shape, one dim fewer, or one size-1 dim (one
    variance shared along it); see :func:`nn.functional.gaussian_nll_loss`.

    Args:
        full: add the constant ``log(2 pi) / 2``.
        eps: lower clamp of ``var`` (for the value; the gradient passes through).
        reduction: ``mean``, ``sum`` or ``none``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> loss = nn.GaussianNLLLoss()
        >>> loss(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 0.0]), ag.tensor([1.0, 2.0]))
        tensor(0.6733)
    """

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__(None, None, reduction)
        self.full = full
        self.eps = eps

    def forward(self, input: Tensor, target: Tensor, var: Tensor | float) -> Tensor:
        return F.gaussian_nll_loss(
            input, target, var, full=self.full, eps=self.eps, reduction=self.reduction
        )
