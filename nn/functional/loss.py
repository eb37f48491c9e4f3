"""Loss functions, and the ``reduction`` argument they share.

Mirrors :mod:`nn.modules.loss`. ``cross_entropy`` and ``nll_loss`` are fused autograd
kernels wrapped with PyTorch's legacy arguments; the others are composed from Tensor ops.
An invalid ``reduction`` is refused by the one check the fused kernels use too.
"""

from __future__ import annotations

import warnings

import numpy as np

from autograd import Tensor, where
from autograd._typing import TensorLike
from autograd.ops._operands import _float, as_tensor
from autograd.ops.nn import _REDUCTIONS, _check_reduction
from autograd.ops.nn import cross_entropy as _cross_entropy
from autograd.ops.nn import nll_loss as _nll_loss

from .activation import logsigmoid
from .distance import pairwise_distance

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cosine_embedding_loss",
    "cross_entropy",
    "gaussian_nll_loss",
    "hinge_embedding_loss",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "margin_ranking_loss",
    "mse_loss",
    "nll_loss",
    "poisson_nll_loss",
    "smooth_l1_loss",
    "triplet_margin_loss",
]


def _legacy_reduction(size_average: bool | None, reduce: bool | None, reduction: str) -> str:
    """``reduction`` from PyTorch's deprecated ``size_average`` / ``reduce`` flags (warns)."""
    if size_average is None and reduce is None:
        return reduction
    warnings.warn(
        "size_average and reduce args will be deprecated, please use "
        f"reduction='{'mean' if size_average is not False else 'sum'}' instead.",
        stacklevel=3,
    )
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if not reduce:
        return "none"
    return "mean" if size_average else "sum"


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def cross_entropy(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy of logits against class indices or class probabilities, as torch.

    Log-softmax and the loss are one stable node (logits of +-1e4 stay finite); the
    arguments, in torch's positional order, are those of
    :func:`autograd.ops.nn.cross_entropy`, plus torch's deprecated ``size_average`` and
    ``reduce`` (accepted with a warning; prefer ``reduction``).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.cross_entropy(ag.tensor([[0.0, 0.0]]), ag.tensor([1]))
        tensor(0.6931)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    return _cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)


def nll_loss(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of log-probabilities at class indices, as torch.

    ``loss_i = -weight[y_i] * input[i, y_i]``; see :func:`autograd.ops.nn.nll_loss`.
    ``size_average`` and ``reduce`` are torch's deprecated spellings of ``reduction``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.nll_loss(ag.tensor([[-0.1, -2.0], [-2.0, -0.2]]), ag.tensor([0, 1]))
        tensor(0.1500)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    return _nll_loss(input, target, weight, ignore_index, reduction)


def _loss_operands(
    name: str, input: TensorLike, target: TensorLike, promote: bool = False
) -> tuple[Tensor, Tensor]:
    """Input and target as Tensors of one float dtype: the input's, or with ``promote`` the
    wider of two float dtypes (torch's mse/l1/smooth_l1/kl_div/BCE-with-logits promote a
    float32 input against a float64 target; its huber and BCE losses do not)."""
    x = _float(input)
    t = as_tensor(target, x.dtype)
    if t.dtype != x.dtype:
        if promote and t.dtype.kind == "f" and t.dtype.itemsize > x.dtype.itemsize:
            x = x.astype(t.dtype)
        else:
            t = t.astype(x.dtype)
    if t.shape != x.shape:
        try:
            np.broadcast_shapes(x.shape, t.shape)
        except ValueError:
            raise RuntimeError(
                f"{name}: input shape {x.shape} and target shape {t.shape} "
                "cannot be broadcast together; they should be equal"
            ) from None
        warnings.warn(
            f"{name}: using a target size {t.shape} that is different to the input "
            f"size {x.shape}. This will likely lead to incorrect results due to "
            "broadcasting. Please ensure they have the same size.",
            stacklevel=3,
        )
    return x, t


def mse_loss(
    input: TensorLike,
    target: TensorLike,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    weight: TensorLike | None = None,
) -> Tensor:
    """Squared error ``(input - target) ** 2`` with the given reduction.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.mse_loss(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 4.0]))
        tensor(2.)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "mse_loss")
    x, t = _loss_operands("mse_loss", input, target, promote=True)
    diff = x - t
    return _weighted_reduce("mse_loss", diff * diff, weight, reduction)


def l1_loss(
    input: TensorLike,
    target: TensorLike,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    weight: TensorLike | None = None,
) -> Tensor:
    """Absolute error ``|input - target|`` with the given reduction.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.l1_loss(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 4.0]), reduction="sum")
        tensor(2.)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "l1_loss")
    x, t = _loss_operands("l1_loss", input, target, promote=True)
    return _weighted_reduce("l1_loss", (x - t).abs(), weight, reduction)


def _weighted_reduce(name: str, loss: Tensor, weight: TensorLike | None, reduction: str) -> Tensor:
    """``loss`` reduced; with elementwise ``weight`` (the input's shape) the mean is the
    weighted sum over the summed weights, as torch's weighted mse/l1 losses."""
    if weight is None:
        return _reduce(loss, reduction)
    w = as_tensor(weight, loss.dtype)
    if w.shape != loss.shape:
        raise ValueError(f"{name}: weight shape {w.shape} must equal the input shape {loss.shape}")
    loss = loss * w
    return loss.sum() / w.sum() if reduction == "mean" else _reduce(loss, reduction)


def binary_cross_entropy_with_logits(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    pos_weight: TensorLike | None = None,
) -> Tensor:
    """Sigmoid plus binary cross-entropy in one stable expression.

    ``loss = (1 - t) * x - (1 + (pos_weight - 1) * t) * logsigmoid(x)``, times
    ``weight``; finite for logits of any size.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.binary_cross_entropy_with_logits(ag.tensor([0.0, 1e4]), ag.tensor([1.0, 1.0]))
        tensor(0.3466)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "binary_cross_entropy_with_logits")
    x, t = _float(input), as_tensor(target)
    if t.shape != x.shape:  # torch broadcasts mse/l1 with a warning, but refuses here
        raise ValueError(
            f"binary_cross_entropy_with_logits: target size {t.shape} must be "
            f"the same as input size {x.shape}"
        )
    if t.dtype.kind not in "fc":  # torch cannot write a float loss into an integer target
        raise RuntimeError(
            f"binary_cross_entropy_with_logits: target must be a floating "
            f"tensor (probabilities), got dtype {t.dtype}; use "
            "target.float()"
        )
    x, t = _loss_operands("binary_cross_entropy_with_logits", x, t, promote=True)
    log_weight = 1 if pos_weight is None else 1 + (as_tensor(pos_weight, x.dtype) - 1) * t
    loss = (1 - t) * x - log_weight * logsigmoid(x)
    if weight is not None:
        loss = loss * as_tensor(weight, x.dtype)
    return _reduce(loss, reduction)


def binary_cross_entropy(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Binary cross-entropy of probabilities ``input``, as ``F.binary_cross_entropy``.

    ``loss = -weight * (t * log(x) + (1 - t) * log(1 - x))`` with each log clamped
    to ``>= -100`` as in PyTorch, so probabilities of exactly 0 or 1 give finite
    values. The input gradient is PyTorch's ``(x - t) / max(x * (1 - x), 1e-12)``.
    Prefer :func:`binary_cross_entropy_with_logits` on logits: it is more stable.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.binary_cross_entropy(ag.tensor([0.5, 1.0]), ag.tensor([1.0, 0.0]))
        tensor(50.3466)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "binary_cross_entropy")
    x, t = _float(input), as_tensor(target)
    if t.shape != x.shape:
        raise ValueError(
            f"Using a target size ({t.shape}) that is different to the input size "
            f"({x.shape}) is deprecated. Please ensure they have the same size."
        )
    x, t = _loss_operands("binary_cross_entropy", x, t)
    xd = x._data
    if xd.size and (np.isnan(xd).any() or xd.min() < 0 or xd.max() > 1):
        bad = xd[np.isnan(xd) | (xd < 0) | (xd > 1)].flat[0]
        raise RuntimeError(
            f"binary_cross_entropy: all elements of input should be between 0 and 1, got {bad}"
        )
    eps = float(np.float32(1e-12))  # PyTorch's gradient floor, a float constant in its kernel
    edge = xd * (1 - xd) < eps  # where the clamps (or PyTorch's gradient floor) apply
    if not edge.any():
        log_x, log_1mx = x.log(), (-x).log1p()
    else:
        safe = where(edge, np.asarray(0.5, x.dtype), x)  # no log(0) in the branch not taken
        with np.errstate(divide="ignore"):
            fixed_x = np.maximum(np.log(xd), -100).astype(x.dtype)
            fixed_1mx = np.maximum(np.log1p(-xd), -100).astype(x.dtype)
        log_x = where(edge, fixed_x, safe.log())
        log_1mx = where(edge, fixed_1mx, (-safe).log1p())
    loss = -(t * log_x + (1 - t) * log_1mx)
    if edge.any() and x.requires_grad:
        # the value is constant there; this zero term carries PyTorch's floored slope
        slope = np.where(edge, (xd - t._data) / np.maximum(xd * (1 - xd), eps), 0)
        loss = loss + (x - x.detach()) * slope.astype(x.dtype)
    if weight is not None:
        w = as_tensor(weight, x.dtype)
        try:
            ok = np.broadcast_shapes(w.shape, t.shape) == t.shape
        except ValueError:
            ok = False
        if not ok:
            raise RuntimeError(
                f"binary_cross_entropy: weight of shape {w.shape} cannot be "
                f"broadcast to the target shape {t.shape}"
            )
        loss = loss * w
    return _reduce(loss, reduction)


def smooth_l1_loss(
    input: TensorLike,
    target: TensorLike,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """``0.5 * d ** 2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 * beta`` (``d = x - t``).

    As ``torch.nn.functional.smooth_l1_loss``; ``beta=0`` is :func:`l1_loss`.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.smooth_l1_loss(ag.tensor([0.5, 3.0]), ag.zeros(2), reduction="none")
        tensor([0.1250, 2.5000])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "smooth_l1_loss")
    if beta < 0:
        raise RuntimeError(
            f"smooth_l1_loss does not support negative values for beta, got beta={beta}"
        )
    x, t = _loss_operands("smooth_l1_loss", input, target, promote=True)
    diff = x - t
    if beta == 0:
        return _reduce(diff.abs(), reduction)
    small = np.abs(diff._data) < beta
    loss = where(small, diff * diff * (0.5 / beta), diff.abs() - 0.5 * beta)
    return _reduce(loss, reduction)


def huber_loss(
    input: TensorLike,
    target: TensorLike,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: TensorLike | None = None,
) -> Tensor:
    """``0.5 * d ** 2`` where ``|d| < delta``, else ``delta * (|d| - 0.5 * delta)``.

    As ``torch.nn.functional.huber_loss`` (``d = input - target``); equals
    ``delta * smooth_l1_loss(..., beta=delta)``. ``weight`` (the input's shape)
    scales each element before the reduction.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.huber_loss(ag.tensor([0.5, 3.0]), ag.zeros(2), reduction="none", delta=2.0)
        tensor([0.1250, 4.0000])
    """
    _check_reduction(reduction, "huber_loss")
    if delta <= 0:
        raise RuntimeError(
            f"huber_loss does not support non-positive values for delta, got delta={delta}"
        )
    x, t = _loss_operands("huber_loss", input, target)
    diff = x - t
    small = np.abs(diff._data) < delta
    loss = where(small, diff * diff * 0.5, (diff.abs() - 0.5 * delta) * delta)
    if weight is not None:
        w = as_tensor(weight, x.dtype)
        if w.shape != x.shape:
            raise ValueError(
                f"Weights and input must have the same size, got weight "
                f"{w.shape} and input {x.shape}."
            )
        loss = loss * w
    return _reduce(loss, reduction)


def kl_div(
    input: TensorLike,
    target: TensorLike,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """Pointwise KL divergence ``t * (log(t) - input)`` with log-probabilities ``input``.

    As ``torch.nn.functional.kl_div``: ``0 * log(0)`` counts as 0;
    ``log_target=True`` takes the target as log-probabilities too
    (``exp(t) * (t - input)``). ``reduction='batchmean'`` divides the sum by the
    batch size and gives the true KL divergence; ``'mean'`` divides by the number
    of elements (and warns, as PyTorch does).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> logq = ag.log_softmax(ag.tensor([[0.0, 0.0]]), dim=1)
        >>> F.kl_div(logq, ag.tensor([[1.0, 0.0]]), reduction="batchmean")
        tensor(0.6931)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    elif reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the "
            "support size.'batchmean' divides only by the batch size, and aligns with "
            "the KL div math definition.'mean' will be changed to behave the same as "
            "'batchmean' in the next major release.",
            stacklevel=2,
        )
    if reduction != "batchmean":
        _check_reduction(reduction, "kl_div")
    x, t = _loss_operands("kl_div", input, target, promote=True)
    if log_target:
        loss = t.exp() * (t - x)
    else:
        nonzero = t._data != 0  # xlogy(t, t): 0 where t == 0
        log_t = where(nonzero, t, np.ones((), dtype=t.dtype)).log()
        loss = t * log_t - t * x
    if reduction == "batchmean":
        total = loss.sum()
        return total / x.shape[0] if x.ndim else total
    return _reduce(loss, reduction)


def _same_ndim(name: str, **tensors: Tensor) -> None:
    if len({t.ndim for t in tensors.values()}) > 1:
        sizes = ", ".join(f"{k}: {list(t.shape)}" for k, t in tensors.items())
        raise RuntimeError(
            f"{name} : All input tensors should have same dimension but got sizes: {sizes}"
        )


def margin_ranking_loss(
    input1: TensorLike,
    input2: TensorLike,
    target: TensorLike,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """``max(0, -target * (input1 - input2) + margin)``, as ``F.margin_ranking_loss``.

    ``target`` holds 1 (``input1`` should rank higher) or -1.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.margin_ranking_loss(ag.tensor([1.0, 0.0]), ag.tensor([0.0, 1.0]),
        ...                       ag.tensor([1.0, 1.0]), margin=0.5)
        tensor(0.7500)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "margin_ranking_loss")
    a, b = _float(input1), _float(input2)
    t = as_tensor(target, a.dtype)
    _same_ndim("margin_ranking_loss", input1=a, input2=b, target=t)
    return _reduce((-t * (a - b) + margin).clamp(min=0.0), reduction)


def hinge_embedding_loss(
    input: TensorLike,
    target: TensorLike,
    margin: float = 1.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """``x`` where ``target == 1``, ``max(0, margin - x)`` where ``target == -1``, as torch.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hinge_embedding_loss(ag.tensor([0.3, 0.4]), ag.tensor([1.0, -1.0]))
        tensor(0.4500)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "hinge_embedding_loss")
    x = _float(input)
    t = as_tensor(target)._data
    zero = x * np.zeros((), dtype=x.dtype)
    margin_part = where(t != 1, (margin - x).clamp(min=0.0), zero)
    self_part = where(t != -1, x, zero)
    return _reduce(margin_part + self_part, reduction)


def cosine_embedding_loss(
    input1: TensorLike,
    input2: TensorLike,
    target: TensorLike,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """``1 - cos(x1, x2)`` where ``target == 1``, ``max(0, cos(x1, x2) - margin)`` where -1.

    As ``torch.nn.functional.cosine_embedding_loss``: inputs ``(N, D)`` with target
    ``(N,)``, or ``(D,)`` with a 0-d target.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.cosine_embedding_loss(ag.tensor([[1.0, 0.0]]), ag.tensor([[0.0, 1.0]]),
        ...                         ag.tensor([1.0]))
        tensor(1.)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "cosine_embedding_loss")
    a, b = _float(input1), _float(input2)
    t = as_tensor(target)
    if t.ndim not in (0, 1):
        raise RuntimeError(
            f"0D or 1D target tensor expected, multi-target not supported "
            f"(got target of shape {t.shape})"
        )
    if a.ndim != t.ndim + 1 or b.ndim != t.ndim + 1:
        raise RuntimeError(
            f"{t.ndim}D target tensor expects {t.ndim + 1}D input tensors, but "
            f"found inputs with sizes {list(a.shape)} and {list(b.shape)}."
        )
    dim = t.ndim
    prod_sum = (a * b).sum(dim=dim)
    mag1 = (a * a).sum(dim=dim) + 1e-12
    mag2 = (b * b).sum(dim=dim) + 1e-12
    cos = prod_sum / (mag1 * mag2).sqrt()
    zero = cos * np.zeros((), dtype=cos.dtype)
    pos = where(t._data == 1, 1 - cos, zero)
    neg = where(t._data == -1, (cos - margin).clamp(min=0.0), zero)
    return _reduce(pos + neg, reduction)


def triplet_margin_loss(
    anchor: TensorLike,
    positive: TensorLike,
    negative: TensorLike,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the :func:`pairwise_distance`.

    ``swap`` uses ``min(d(a, n), d(p, n))`` as the negative distance, as torch.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> a, p, n = ag.tensor([[0.0, 0.0]]), ag.tensor([[3.0, 4.0]]), ag.tensor([[0.0, 1.0]])
        >>> F.triplet_margin_loss(a, p, n, eps=0.0)
        tensor(5.)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, "triplet_margin_loss")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, pos, neg = _float(anchor), _float(positive), _float(negative)
    if not a.ndim == pos.ndim == neg.ndim:
        raise RuntimeError(
            f"The anchor, positive, and negative tensors are expected to have "
            f"the same number of dimensions, but got: anchor {a.ndim}D, "
            f"positive {pos.ndim}D, and negative {neg.ndim}D inputs"
        )
    d_pos = pairwise_distance(a, pos, p, eps)
    d_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        d_neg = d_neg.minimum(pairwise_distance(pos, neg, p, eps))
    return _reduce((d_pos - d_neg + margin).clamp(min=0.0), reduction)


def poisson_nll_loss(
    input: TensorLike,
    target: TensorLike,
    log_input: bool = True,
    full: bool = False,
    size_average: bool | None = None,
    eps: float = 1e-8,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of a Poisson ``target`` with rate ``exp(input)`` (or ``input``).

    ``log_input``: ``exp(x) - t * x``; else ``x - t * log(x + eps)``. ``full`` adds the
    Stirling term ``t log t - t + log(2 pi t) / 2`` where ``t > 1``, as torch.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.poisson_nll_loss(ag.tensor([0.0, 1.0]), ag.tensor([1.0, 2.0]))
        tensor(0.8591)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    x = _float(input)
    t = as_tensor(target, x.dtype)
    loss = x.exp() - t * x if log_input else x - t * (x + eps).log()
    if full:
        td = t._data
        with np.errstate(divide="ignore", invalid="ignore"):
            stirling = td * np.log(td) - td + 0.5 * np.log(2 * np.pi * td)
        loss = loss + np.where(td > 1, stirling, 0).astype(x.dtype)
    return _reduce(loss, reduction)


def gaussian_nll_loss(
    input: TensorLike,
    target: TensorLike,
    var: TensorLike | float,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """``(log(var) + (input - target) ** 2 / var) / 2`` per element, as ``F.gaussian_nll_loss``.

    ``var`` has the input's shape, or one dim short of it, or a size-1 dim where the
    input has another size (homoscedastic), or is a float. It is clamped to ``eps`` for
    the value only: the gradient passes through the clamp, as torch's. ``full`` adds
    ``log(2 pi) / 2``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.gaussian_nll_loss(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 0.0]), ag.tensor([1.0, 2.0]))
        tensor(0.6733)
    """
    x = _float(input)
    t = as_tensor(target, x.dtype)
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        v = Tensor._make(np.full(x.shape, var, dtype=x.dtype))
    else:
        v = as_tensor(var, x.dtype)
        if v.shape != x.shape:
            if x.shape[:-1] == v.shape:
                v = v.unsqueeze(-1)
            elif not (x.ndim == v.ndim and sum(b for a, b in zip(x.shape, v.shape) if a != b) == 1):
                raise ValueError(
                    f"var is of incorrect size: {v.shape} for input of shape {x.shape}"
                )
        if np.any(v._data < 0):
            raise ValueError("var has negative entry/entries")
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not valid")
    offset = np.maximum(v._data, np.asarray(eps, dtype=v.dtype)) - v._data
    v = v + Tensor._make(offset)  # clamped value, identity gradient (torch clamps in no_grad)
    diff = x - t
    loss = (v.log() + diff * diff / v) * 0.5
    if full:
        loss = loss + 0.5 * float(np.log(2 * np.pi))
    return _reduce(loss, reduction)
