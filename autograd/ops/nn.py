"""Ops that neural-network layers compose: linear, softmax, losses, GELU.

Fused where fusing buys speed or stability: ``Linear`` is one node for
``x @ W^T + b``; ``LogSoftmax`` and ``CrossEntropy`` subtract the row maximum
(log-sum-exp), so logits of +-1e4 stay finite.

Convolution and pooling live in :mod:`autograd.ops.conv`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._shape import normalize_dim
from .._typing import TensorLike
from ..dtypes import DTypeLike
from ..function import Function, _named, call
from ..grad_mode import _state
from ..tensor import Tensor
from ._operands import _float, as_tensor, cast
from .linalg import _same_dtype
from .shape import cat
from .special import Erf, _erf


class Linear(Function):
    """out = x @ W^T + b.  d/dx = grad @ W,  d/dW = grad^T @ x,  d/db = grad summed over rows."""

    def name(self) -> str:
        """torch's name: addmm (mm without a bias) for a 2-D input, else a view of it."""
        names = _LINEAR_NAMES[len(self.needs_input_grad) == 3]
        return names.get(self.ndim, names[0])

    ndim = 2  # the input's rank, for name(); set on the node only when it differs

    @staticmethod
    def forward(ctx, x, weight, bias=None):
        ctx.save_for_backward(x, weight)
        if x.ndim != 2:
            ctx.ndim = x.ndim
        out = _matrix_product(x, weight.T)
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        needs = ctx.needs_input_grad
        if grad.ndim == 2:  # (N, out) already: no reshapes
            rows = grad
        else:
            rows, x = grad.reshape((-1, grad.shape[-1])), x.reshape((-1, x.shape[-1]))
        if type(rows) is np.ndarray:  # plain arrays: np.dot (see _matrix_product)
            grad_x = _matrix_product(grad, weight) if needs[0] else None
            grad_w = _matrix_product(rows.T, x) if needs[1] else None
        else:  # Tensors under create_graph: the same products, recorded
            grad_x = grad @ weight if needs[0] else None
            grad_w = rows.swapaxes(0, 1) @ x if needs[1] else None
        grad_b = _column_sums(rows) if len(needs) > 2 and needs[2] else None
        return grad_x, grad_w, grad_b


def _matrix_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a matrix ``b``, as one ``np.dot`` of matrices.

    ``np.dot`` hands two matrices to BLAS with less ceremony than ``matmul`` (1-8% faster on
    every MLP shape measured, with two threads). A batch ``a`` (..., K) is first viewed as
    one (rows, K) matrix: one GEMM instead of ``matmul``'s loop over the batch, 1.2 ms ->
    0.9 ms for a GPT block's (12, 64, 128) @ (128, 384).
    """
    if b.ndim != 2:
        return a @ b
    if a.ndim == 2:
        return np.dot(a, b)
    return np.dot(a.reshape(-1, a.shape[-1]), b).reshape(*a.shape[:-1], b.shape[1])


# ones vectors for _column_sums by (length, dtype); read-only, so sharing them is safe
_ONES: dict[tuple[int, np.dtype], np.ndarray] = {}


def _column_sums(rows: Any) -> Any:
    """``rows.sum(axis=0)``; for arrays as ``ones @ rows``, a BLAS call about 4x faster than
    NumPy's reduction over the rows of a tall (N*OH*OW, out) matrix, and 2x on an MLP's."""
    if not isinstance(rows, np.ndarray):
        return rows.sum(axis=0)
    key = (rows.shape[0], rows.dtype)
    ones = _ONES.get(key)
    if ones is None:
        if len(_ONES) >= 64:  # batch sizes vary little; keep the cache small anyway
            _ONES.clear()
        ones = _ONES[key] = np.ones(key[0], key[1])
        ones.flags.writeable = False
    return ones @ rows


class LogSoftmax(Function):
    """out = x - logsumexp(x, dim).  d/dx = grad - softmax(x) * grad.sum(dim).

    float16 runs in float32 and rounds once, forward and backward, as torch's kernels.
    """

    @staticmethod
    def forward(ctx, x, *, dim):
        if not x.size:  # empty: nothing to normalise (and no max along an empty dim)
            out = x.copy()
        else:
            wide = x.astype(np.float32) if x.dtype == _HALF else x
            shifted = wide - wide.max(axis=dim, keepdims=True)
            out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
            out = out.astype(x.dtype, copy=False)
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        if type(grad) is np.ndarray and grad.dtype == _HALF:
            g = grad.astype(np.float32)
            wide = g - np.exp(out.astype(np.float32)) * g.sum(axis=ctx.dim, keepdims=True)
            return (wide.astype(_HALF),)
        return (grad - np.exp(out) * grad.sum(axis=ctx.dim, keepdims=True),)


class Softmax(Function):
    """out = exp(x) / sum(exp(x), dim).  d/dx = out * (grad - (grad * out).sum(dim)).

    float16 runs in float32 and rounds once, forward and backward, as torch's kernels.
    """

    @staticmethod
    def forward(ctx, x, *, dim):
        if not x.size:  # empty: nothing to normalise (and no max along an empty dim)
            out = x.copy()
        else:
            wide = x.astype(np.float32) if x.dtype == _HALF else x
            e = np.exp(wide - wide.max(axis=dim, keepdims=True))
            out = (e / e.sum(axis=dim, keepdims=True)).astype(x.dtype, copy=False)
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        if type(grad) is np.ndarray and grad.dtype == _HALF:
            g, p = grad.astype(np.float32), out.astype(np.float32)
            return ((p * (g - (g * p).sum(axis=ctx.dim, keepdims=True))).astype(_HALF),)
        return (out * (grad - (grad * out).sum(axis=ctx.dim, keepdims=True)),)


_HALF = np.dtype(np.float16)


# torch's node for linear, by bias and input rank (key 0: any other rank): addmm or mm,
# behind a view when the input is not 2-D
_LINEAR_NAMES = {
    True: {2: "AddmmBackward0", 0: "ViewBackward0"},
    False: {2: "MmBackward0", 1: "SqueezeBackward4", 0: "UnsafeViewBackward0"},
}


def linear(input: TensorLike, weight: TensorLike, bias: TensorLike | None = None) -> Tensor:
    """``x @ weight.T + bias`` in one node, as ``torch.nn.functional.linear``.

    Example:
        >>> import autograd as ag
        >>> ag.linear(ag.ones(2, 3), ag.ones(4, 3), ag.zeros(4)).shape
        (2, 4)
    """
    x, weight = as_tensor(input), as_tensor(weight)
    x_shape, w_shape = x._data.shape, weight._data.shape
    if len(w_shape) != 2:
        raise RuntimeError(f"linear: weight must be 2-D (out, in), got shape {w_shape}")
    if not x_shape or x_shape[-1] != w_shape[1]:
        raise RuntimeError(
            f"linear: input shape {x_shape} and weight shape {w_shape} cannot be "
            f"multiplied (the input's last dim must be in_features={w_shape[1]}, "
            f"got {x_shape[-1] if x_shape else 'a 0-d tensor'})"
        )
    if x._data.dtype is not weight._data.dtype:  # built-in dtypes are shared objects
        _same_dtype("linear", x, weight)
    if bias is None:
        return Linear.apply(x, weight)
    bias = as_tensor(bias)
    if bias._data.dtype is not x._data.dtype:
        _same_dtype("linear", x, weight, bias)
    b_shape = bias._data.shape
    if b_shape != (w_shape[0],) and b_shape != ():
        raise RuntimeError(f"linear: bias shape {b_shape} does not match out_features={w_shape[0]}")
    return Linear.apply(x, weight, bias)


def _softmax_input(x: TensorLike, op: str) -> Tensor:
    """A floating Tensor; integer and bool tensors are refused, as torch has no kernel for them."""
    if isinstance(x, Tensor) and x._data.dtype.kind in "biu":
        raise NotImplementedError(
            f"{op} is not implemented for {x.dtype} tensors (shape "
            f"{x.shape}); convert with .float() first"
        )
    return _float(x)


def softmax(input: TensorLike, dim: int, dtype: DTypeLike = None) -> Tensor:
    """Softmax along ``dim``: non-negative, sums to 1, stable for large inputs.

    Example:
        >>> import autograd as ag
        >>> ag.softmax(ag.tensor([0.0, 0.0]), dim=0)
        tensor([0.5000, 0.5000])
    """
    if dtype is not None:
        input = cast(as_tensor(input), dtype)
    input = _softmax_input(input, "softmax")
    return Softmax.apply(input, dim=normalize_dim(dim, input.ndim, "softmax"))


def log_softmax(input: TensorLike, dim: int, dtype: DTypeLike = None) -> Tensor:
    """``log(softmax(x))`` along ``dim``, computed with log-sum-exp.

    Example:
        >>> import autograd as ag
        >>> ag.log_softmax(ag.tensor([1e4, 0.0]), dim=0)
        tensor([     0., -10000.])
    """
    if dtype is not None:
        input = cast(as_tensor(input), dtype)
    input = _softmax_input(input, "log_softmax")
    return LogSoftmax.apply(input, dim=normalize_dim(dim, input.ndim, "log_softmax"))


# -- losses -------------------------------------------------------------------------------------

_REDUCTIONS = ("mean", "sum", "none")


class CrossEntropy(Function):
    """loss_i = -sum_c dist[i, c] * log_softmax(x)[i, c], then reduced; ``dist`` is constant.

    d/dx_i = scale_i * (softmax(x_i) * sum_c dist[i, c] - dist[i]), scale = grad / denom for mean.
    """

    @staticmethod
    def forward(ctx, x, *, dist, reduction, denom):
        wide = x.astype(np.float32) if x.dtype == _HALF else x  # float16: round once, as torch
        shifted = wide - wide.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        losses = -(dist * logp).sum(axis=1).astype(x.dtype, copy=False)  # (M,)
        ctx.dist, ctx.reduction, ctx.denom = dist, reduction, denom
        ctx.save_for_backward(x)
        if reduction == "none":
            return losses
        total = losses.sum()
        if reduction == "mean":  # nothing to average (all ignored): NaN, as torch
            total = total / denom if denom else np.nan
        return np.asarray(total, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        dist = ctx.dist
        if ctx.reduction == "none":
            grad = grad.reshape((-1, 1))
        elif ctx.reduction == "mean":
            grad = grad * (1.0 / ctx.denom if ctx.denom else 0.0)
        p = call(Softmax, x, dim=1)
        return ((p * dist.sum(axis=1, keepdims=True) - dist) * grad,)


class LabelCrossEntropy(Function):
    """loss_i = logsumexp(x_i) - x[i, y_i] for 2-D logits and int labels, then reduced.

    The common case of :func:`cross_entropy` (no weight, no ignored label, no
    smoothing) as one lean node. Forward keeps the softmax probabilities;
    d/dx_i = (softmax(x_i) - onehot(y_i)) * scale_i, scale = grad / N for the mean.
    """

    torch_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, *, labels, reduction):
        n = x.shape[0]
        rows = np.arange(n)
        ctx.half = x.dtype == _HALF  # float16 runs in float32 and rounds once, as torch
        wide = x.astype(np.float32) if ctx.half else x
        probs = wide - np.maximum.reduce(wide, axis=1, keepdims=True)  # shifted; exp in place
        picked = probs[rows, labels]
        np.exp(probs, out=probs)
        sums = np.add.reduce(probs, axis=1, keepdims=True)
        losses = np.log(sums[:, 0])
        losses -= picked
        probs /= sums
        ctx.labels, ctx.rows, ctx.reduction = labels, rows, reduction
        ctx.save_for_backward(x, probs)
        if ctx.half:
            losses = losses.astype(_HALF)
        if reduction == "none":
            return losses
        total = losses.sum()
        return np.asarray(total / n if reduction == "mean" else total, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        x, probs = ctx.saved_tensors
        labels, rows = ctx.labels, ctx.rows
        reduction = ctx.reduction
        if _state.graph_backward:  # Tensors: the same formula, recorded (softmax depends on x)
            onehot = np.zeros(probs.shape, x.dtype)
            onehot[rows, labels] = 1
            scale = (
                grad.reshape((-1, 1))
                if reduction == "none"
                else grad * (1.0 / len(rows))
                if reduction == "mean"
                else grad
            )
            return ((call(Softmax, x, dim=1) - onehot) * scale,)
        if reduction == "none":
            out = probs * grad.reshape((-1, 1))  # a new array: probs stays intact
            out[rows, labels] -= grad
        else:
            scale = float(grad) / len(rows) if reduction == "mean" else float(grad)
            out = probs * scale  # a new array: probs stays intact for a retained graph
            out[rows, labels] -= scale
        return (out.astype(_HALF) if ctx.half else out,)


def _long_or_byte(dtype: np.dtype) -> bool:
    """torch's class-index target dtypes: int64, or uint8 (torch's Byte)."""
    return dtype.itemsize == 8 if dtype.kind == "i" else dtype.kind == "u" and dtype.itemsize == 1


def _labels_fast(x: Tensor, target: Tensor, ignore_index: int) -> np.ndarray | None:
    """The labels when (x, target) is the plain 2-D case with every label in range, else None.

    One min and one max decide; anything unusual (empty batch, a label out of range or
    equal to ``ignore_index``) goes to the general path, which names the problem.
    """
    labels, shape = target._data, x._data.shape
    kind = labels.dtype.kind
    if (
        len(shape) != 2
        or labels.shape != shape[:1]
        or kind not in "iu"
        or not shape[0]
        or not _long_or_byte(labels.dtype)
    ):
        return None
    c = shape[1]
    # one max over the labels read as unsigned: a negative label becomes huge, so
    # "max < C" means every label is in [0, C)
    unsigned = (
        labels
        if kind == "u"
        else labels.view(np.uint64 if labels.dtype.isnative else labels.dtype.str.replace("i", "u"))
    )
    if np.maximum.reduce(unsigned) >= c:
        return None
    if 0 <= ignore_index < c and (labels == ignore_index).any():
        return None
    return labels


def _rows(x: Tensor, target: Tensor, op: str) -> tuple[Tensor, Tensor]:
    """(C,) / (N, C) / (N, C, d1, ...) input -> (M, C) rows; matching target -> (M,)."""
    if x.ndim == 0:
        raise RuntimeError(f"{op}: input must have a class dimension, got a 0-d tensor")
    expected = () if x.ndim == 1 else (x.shape[0],) + x.shape[2:]
    if x.ndim > 1 and target.ndim and target.shape[0] != x.shape[0]:  # torch: a ValueError
        raise ValueError(
            f"{op}: input batch size {x.shape[0]} (shape {x.shape}) does not "
            f"match target batch size {target.shape[0]} (shape {target.shape})"
        )
    if target.shape != expected:
        raise RuntimeError(
            f"{op}: input of shape {x.shape} expects class-index target of shape "
            f"{expected}, got target shape {target.shape}"
        )
    c = x.shape[0] if x.ndim == 1 else x.shape[1]
    if x.ndim == 2:  # already rows: no reshape nodes
        return x, target if target.ndim == 1 else target.reshape(-1)
    if x.ndim > 2:  # move the class dim last
        x = x.permute(0, *range(2, x.ndim), 1)
    return x.reshape(-1, c), target.reshape(-1)


def _class_weights(
    target: np.ndarray, c: int, weight: Any, ignore_index: int, op: str, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-class weights (C,), the safe labels (M,) and each row's weight w[y] (0 where ignored)."""
    if target.dtype.kind not in "iu":
        raise RuntimeError(
            f"{op}: class-index target must be an integer tensor (int64), got dtype {target.dtype}"
        )
    if not _long_or_byte(target.dtype):
        raise RuntimeError(
            f"{op}: class-index target must be int64 (or uint8), as in torch; "
            f"got dtype {target.dtype}; convert it with .long()"
        )
    keep = target != ignore_index
    bad = target[keep & ((target < 0) | (target >= c))]
    if bad.size:
        raise IndexError(
            f"{op}: target label {bad.flat[0]} is out of bounds for {c} classes "
            f"(labels must be in [0, {c - 1}] or ignore_index={ignore_index})"
        )
    w = np.ones(c, dtype) if weight is None else np.asarray(as_tensor(weight)._data, dtype)
    if w.shape != (c,):
        raise RuntimeError(f"{op}: weight must have shape ({c},) (one per class), got {w.shape}")
    labels = np.where(keep, target, 0)
    return w, labels, np.where(keep, w[labels], 0).astype(dtype)


def _check_reduction(reduction: str, op: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"{op}: {reduction!r} is not a valid value for reduction (use 'mean', 'sum' or 'none')"
        )


def cross_entropy(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy of logits against class indices (or class probabilities), as torch.

    ``input`` is (N, C), (C,) or (N, C, d1, ...); ``target`` holds int class labels of shape
    (N,), () or (N, d1, ...), or float probabilities of ``input``'s shape. Log-softmax and
    the loss are one node, stable for large logits. With ``reduction="mean"`` and labels,
    the sum is divided by the total weight of the non-ignored targets.

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.nn import cross_entropy
        >>> cross_entropy(ag.tensor([[0.0, 0.0]]), ag.tensor([1]))
        tensor(0.6931)
    """
    op = "cross_entropy"
    _check_reduction(reduction, op)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing}")
    x, target = _float(input), as_tensor(target)
    if target._data.dtype.kind == "f" and target.shape == x.shape and x.ndim > 0:
        return _soft_cross_entropy(x, target, weight, reduction, label_smoothing)
    if weight is None and not label_smoothing:
        fast = _labels_fast(x, target, ignore_index)
        if fast is not None:
            return LabelCrossEntropy.apply(x, labels=fast, reduction=reduction)
    rows, flat_target = _rows(x, target, op)
    c = rows.shape[1]
    dtype = x._data.dtype
    w, labels, row_w = _class_weights(flat_target._data, c, weight, ignore_index, op, dtype)
    dist = np.zeros(rows.shape, dtype)
    dist[np.arange(len(labels)), labels] = (1.0 - label_smoothing) * row_w
    if label_smoothing:
        dist += (label_smoothing / c) * (row_w != 0)[:, None] * w
    out = CrossEntropy.apply(rows, dist=dist, reduction=reduction, denom=float(row_w.sum()))
    return out.reshape(target.shape) if reduction == "none" else out


def _soft_cross_entropy(
    x: Tensor, target: Tensor, weight: Any, reduction: str, label_smoothing: float
) -> Tensor:
    """Probability targets, composed: -(w * smoothed target * log_softmax(x)).sum(class dim)."""
    dim = 0 if x.ndim == 1 else 1
    c = x.shape[dim]
    t = target * (1.0 - label_smoothing) + label_smoothing / c if label_smoothing else target
    if weight is not None:
        w = as_tensor(weight)  # a Tensor: a weight that requires grad gets one, as in torch
        if w.shape != (c,):
            raise RuntimeError(f"cross_entropy: weight must have shape ({c},), got {w.shape}")
        if w.dtype != x.dtype:
            w = w.astype(x.dtype)
        t = t * w.reshape((c,) + (1,) * (x.ndim - dim - 1))
    losses = -(log_softmax(x, dim) * t).sum(dim=dim)
    return losses if reduction == "none" else losses.sum() if reduction == "sum" else losses.mean()


def nll_loss(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of log-probabilities at class indices, as torch.

    ``loss_i = -weight[y_i] * input[i, y_i]``; ignored targets contribute 0, and the mean
    divides by the total weight of the non-ignored targets.

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.nn import nll_loss
        >>> nll_loss(ag.tensor([[-0.5, -2.0], [-1.0, -0.25]]), ag.tensor([0, 1]))
        tensor(0.3750)
    """
    op = "nll_loss"
    _check_reduction(reduction, op)
    x, target = _float(input), as_tensor(target)
    rows, flat_target = _rows(x, target, op)
    w, labels, row_w = _class_weights(
        flat_target._data, rows.shape[1], weight, ignore_index, op, x._data.dtype
    )
    losses = rows[np.arange(len(labels)), labels] * -row_w  # (M,)
    if reduction == "none":
        return losses.reshape(target.shape)
    total, denom = losses.sum(), float(row_w.sum())
    if reduction == "sum":
        return total
    # nothing to average (all ignored): a NaN loss with zero gradient, as torch
    return total / denom if denom else total * 0.0 + float("nan")


# -- GELU ---------------------------------------------------------------------------------------

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _gelu_slope(x: Any, approximate: str) -> Any:
    """d gelu / dx, written with ops that work on arrays and on Tensors."""
    if approximate == "tanh":
        t = np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _SQRT_2_OVER_PI * (
            1.0 + 3 * 0.044715 * x * x
        )
    cdf = 0.5 * (1.0 + call(Erf, x * math.sqrt(0.5)))
    return cdf + x * np.exp(-0.5 * x * x) * (1.0 / math.sqrt(2.0 * math.pi))


# Chebyshev fit of erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2), for z >= 0, with a
# fractional error below 1.2e-7 everywhere (Press et al., Numerical Recipes, "erfcc")
_ERFC_FIT = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Phi(x) = erfc(-x / sqrt 2) / 2, in x's dtype.

    float64 goes through :func:`_erf` (1e-15). Narrower floats use the Chebyshev fit of
    erfc in their own precision, about 5x faster: within 4e-7 of the exact GELU (torch's
    float32 kernel is within 1.1e-6), the relative error of the tail kept by computing
    the smaller of Phi and 1 - Phi directly.
    """
    if x.dtype == np.float64 or x.dtype.kind != "f":
        return 0.5 * (1.0 + _erf(x * math.sqrt(0.5)))
    flat = x.reshape(-1)
    out = np.empty(flat.shape, x.dtype)
    scratch = np.empty((2, min(_CDF_BLOCK, flat.size)), x.dtype)
    for start in range(0, flat.size, _CDF_BLOCK):  # blocks small enough to stay in cache
        _normal_cdf_block(
            flat[start : start + _CDF_BLOCK], out[start : start + _CDF_BLOCK], scratch
        )
    return out.reshape(x.shape)


_CDF_BLOCK = 65536  # elements; ~25 passes over a block, each fastest while it is cached


def _normal_cdf_block(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """:func:`_normal_cdf` of the 1-D ``x`` into ``out``, every pass in place."""
    dt = x.dtype.type
    z, t = scratch[0, : x.size], scratch[1, : x.size]
    np.abs(x, out=z)
    z *= dt(math.sqrt(0.5))
    np.multiply(z, dt(0.5), out=t)  # t = 1 / (1 + z / 2)
    t += dt(1.0)
    np.reciprocal(t, out=t)
    p = np.multiply(t, dt(_ERFC_FIT[-1]), out=out)  # Horner's rule
    for c in _ERFC_FIT[-2:0:-1]:
        p += dt(c)
        p *= t
    p += dt(_ERFC_FIT[0])
    np.square(z, out=z)
    p -= z
    np.exp(p, out=p)
    p *= t
    p *= dt(0.5)  # erfc(|x| / sqrt 2) / 2 = min(Phi(x), 1 - Phi(x)); halving is exact
    # the tail where x is negative, 1 - tail elsewhere: sign arithmetic, several times
    # faster than np.where, and exact for the tail
    np.copysign(p, np.negative(x, out=z), out=p)
    p += ~np.signbit(x)


class GELU(Function):
    """out = x * Phi(x) (Phi the normal CDF, or torch's tanh approximation).

    d/dx = grad * (Phi(x) + x * phi(x)); the tanh form differentiates its own formula.
    """

    @staticmethod
    def forward(ctx, x, *, approximate):
        ctx.approximate = approximate
        ctx.save_for_backward(x)
        if approximate == "tanh":
            return 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
        ctx.cdf = _normal_cdf(x)  # reused by an ordinary backward
        return x * ctx.cdf

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if isinstance(x, np.ndarray) and ctx.approximate != "tanh":
            density = np.exp(-0.5 * x * x) * np.asarray(1.0 / math.sqrt(2.0 * math.pi), x.dtype)
            return (grad * (ctx.cdf + x * density),)
        return (grad * _gelu_slope(x, ctx.approximate),)


def gelu(input: TensorLike, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit ``x * Phi(x)``, as ``torch.nn.functional.gelu``.

    Args:
        approximate: ``"none"`` for the exact erf form, ``"tanh"`` for
            ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.nn import gelu
        >>> gelu(ag.tensor([-1.0, 0.0, 1.0]))
        tensor([-0.1587,  0.0000,  0.8413])
    """
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return GELU.apply(_float(input), approximate=approximate)


# -- layer normalisation ---------------------------------------------------------------------


def _layer_stats(x: Any, dims: tuple[int, ...], eps: float) -> tuple[Any, Any]:
    """``(x - mean) * rstd`` and ``rstd = 1 / sqrt(var + eps)`` over ``dims``; arrays or Tensors."""
    n = math.prod(x.shape[d] for d in dims)
    centered = x - x.sum(axis=dims, keepdims=True) * (1.0 / n)
    rstd = 1.0 / np.sqrt((centered * centered).sum(axis=dims, keepdims=True) * (1.0 / n) + eps)
    return centered * rstd, rstd


class LayerNorm(Function):
    """out = xhat * w + b, xhat = (x - mean) / sqrt(var + eps) over the trailing ``dims``.

    With g = grad * w:  d/dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),
    d/dw = sum(grad * xhat) and d/db = sum(grad) over the leading dims. An ordinary
    backward reuses the forward's xhat and rstd; under create_graph they are recomputed
    from x with Tensor ops, so higher derivatives are exact.
    """

    @staticmethod
    def forward(ctx, x, *affine, dims, eps):
        ctx.dims, ctx.eps, ctx.affine = dims, eps, len(affine)
        xhat, rstd = _layer_stats(x, dims, eps)
        ctx.xhat, ctx.rstd = xhat, rstd
        ctx.save_for_backward(x, *affine)
        out = xhat * affine[0] if affine else xhat.copy()
        if len(affine) == 2:
            out += affine[1]
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, *affine = ctx.saved_tensors
        dims = ctx.dims
        if isinstance(x, np.ndarray):
            xhat, rstd = ctx.xhat, ctx.rstd
        else:
            xhat, rstd = _layer_stats(x, dims, ctx.eps)
        g = grad * affine[0] if affine else grad
        n = math.prod(x.shape[d] for d in dims)
        mean_g = g.sum(axis=dims, keepdims=True) * (1.0 / n)
        mean_gx = (g * xhat).sum(axis=dims, keepdims=True) * (1.0 / n)
        needs = ctx.needs_input_grad
        dx = rstd * (g - mean_g - xhat * mean_gx) if needs[0] else None
        lead = tuple(range(x.ndim - len(dims)))
        grads = [dx]
        if affine:
            w_shape = affine[0].shape
            grads.append((grad * xhat).sum(axis=lead).reshape(w_shape) if needs[1] else None)
        if len(affine) == 2:
            grads.append(grad.sum(axis=lead).reshape(affine[1].shape) if needs[2] else None)
        return tuple(grads)


def layer_norm(
    x: Tensor, dims: tuple[int, ...], weight: Tensor | None, bias: Tensor | None, eps: float
) -> Tensor:
    """Layer normalisation over ``dims`` as one node (arguments already checked by
    :func:`nn.functional.layer_norm`); a bias without a weight is applied after it."""
    if weight is None:
        out = LayerNorm.apply(x, dims=dims, eps=eps)
        return out + bias if bias is not None else out
    affine = (weight,) if bias is None else (weight, bias)
    return _named(LayerNorm.apply(x, *affine, dims=dims, eps=eps), "NativeLayerNormBackward0")


# -- recurrent cells -------------------------------------------------------------------------


def _sigmoid(a: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-a))


def _join(parts: list[Any]) -> Any:
    """Concatenate along the last dim, arrays or (under create_graph) Tensors."""
    if all(isinstance(p, np.ndarray) for p in parts):
        return np.concatenate(parts, axis=-1)
    return cat([p if isinstance(p, Tensor) else Tensor._make(p) for p in parts], dim=-1)


class LSTMCell(Function):
    """One LSTM step as one node: ``[h', c']`` (concatenated on the last dim) from the
    input projection ``xp = x W_ih^T + b_ih``, the state ``h``, ``c`` and ``W_hh``, ``b_hh``.

    Gates ``a = xp + h W_hh^T + b_hh`` split into i, f, g, o (torch's order);
    ``c' = f c + i g`` and ``h' = o tanh(c')`` with i, f, o sigmoids and g a tanh.
    With ``dc = grad_c' + grad_h' o (1 - tanh(c')^2)``: ``d/da_i = dc g i (1 - i)``,
    ``d/da_f = dc c f (1 - f)``, ``d/da_g = dc i (1 - g^2)``,
    ``d/da_o = grad_h' tanh(c') o (1 - o)``; ``d/dc = dc f``; then ``d/dxp = d/da``,
    ``d/dh = d/da W_hh``, ``d/dW_hh = (d/da)^T h`` and ``d/db_hh = sum(d/da)``.
    """

    @staticmethod
    def forward(ctx, xp, h, c, w_hh, *bias):
        a = xp + _matrix_product(h, w_hh.T)  # (N, 4H)
        if bias:
            a += bias[0]
        ctx.save_for_backward(xp, h, c, w_hh, *bias)
        out = _lstm_gates(a, c)
        return out

    @staticmethod
    def backward(ctx, grad):
        xp, h, c, w_hh, *bias = ctx.saved_tensors
        a = xp + h @ w_hh.swapaxes(0, 1)
        if bias:
            a = a + bias[0]
        H = c.shape[-1]
        i, f = _sigmoid(a[:, :H]), _sigmoid(a[:, H : 2 * H])
        g, o = np.tanh(a[:, 2 * H : 3 * H]), _sigmoid(a[:, 3 * H :])
        tc = np.tanh(f * c + i * g)
        gh, gc = grad[:, :H], grad[:, H:]
        dc = gc + gh * o * (1.0 - tc * tc)
        da = _join(
            [
                dc * g * i * (1.0 - i),
                dc * c * f * (1.0 - f),
                dc * i * (1.0 - g * g),
                gh * tc * o * (1.0 - o),
            ]
        )  # (N, 4H)
        needs = ctx.needs_input_grad
        grads = [
            da if needs[0] else None,
            da @ w_hh if needs[1] else None,
            dc * f if needs[2] else None,
            da.swapaxes(0, 1) @ h if needs[3] else None,
        ]
        if bias:
            grads.append(da.sum(axis=0) if needs[4] else None)
        return tuple(grads)


def _lstm_gates(a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``[o tanh(c'), c']`` with ``c' = f c + i g`` from the gate pre-activations ``a``."""
    H = c.shape[-1]
    s = a.copy()
    s[:, : 2 * H] *= -1.0  # sigmoids of i, f and o in place: 1 / (1 + exp(-a))
    s[:, 3 * H :] *= -1.0
    np.exp(s[:, : 2 * H], out=s[:, : 2 * H])
    np.exp(s[:, 3 * H :], out=s[:, 3 * H :])
    s[:, : 2 * H] += 1.0
    s[:, 3 * H :] += 1.0
    np.reciprocal(s[:, : 2 * H], out=s[:, : 2 * H])
    np.reciprocal(s[:, 3 * H :], out=s[:, 3 * H :])
    np.tanh(s[:, 2 * H : 3 * H], out=s[:, 2 * H : 3 * H])
    i, f, g, o = s[:, :H], s[:, H : 2 * H], s[:, 2 * H : 3 * H], s[:, 3 * H :]
    c_new = f * c + i * g
    return np.concatenate([o * np.tanh(c_new), c_new], axis=-1)


def lstm_cell(xp: Tensor, h: Tensor, c: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
    """One fused LSTM step (see :class:`LSTMCell`): ``[h', c']`` of shape ``(N, 2H)``."""
    args = (xp, h, c, w_hh) if b_hh is None else (xp, h, c, w_hh, b_hh)
    return LSTMCell.apply(*args)
