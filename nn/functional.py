"""Stateless layer functions, as ``torch.nn.functional``.

Fused kernels (linear, softmax, cross-entropy, GELU in :mod:`autograd.ops.nn`;
convolution and pooling in :mod:`autograd.ops.conv`) are re-exported here; everything
else is composed from autograd ops and defines no backward of its own. Functions validate their
arguments and name the offending shapes and values.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike
from autograd.function import _named
from autograd.ops.attention import fused_attention_fits
from autograd.ops.attention import scaled_dot_product_attention as _fused_attention
from autograd.ops.conv import avg_pool2d, conv2d, max_pool2d
from autograd.ops.elementwise import _float, as_tensor, maximum, sigmoid, tanh, where
from autograd.ops.elementwise import relu as _relu
from autograd.ops.nn import cross_entropy as _cross_entropy
from autograd.ops.nn import gelu, linear
from autograd.ops.nn import layer_norm as _fused_layer_norm
from autograd.ops.nn import log_softmax as _log_softmax
from autograd.ops.nn import nll_loss as _nll_loss
from autograd.ops.nn import softmax as _softmax
from autograd.ops.shape import getitem, setitem
from autograd.random import generator

__all__ = [
    "adaptive_avg_pool2d",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "conv2d",
    "cosine_embedding_loss",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "dropout2d",
    "elu",
    "embedding",
    "gaussian_nll_loss",
    "gelu",
    "glu",
    "group_norm",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hinge_embedding_loss",
    "huber_loss",
    "instance_norm",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "margin_ranking_loss",
    "max_pool2d",
    "mish",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "pad",
    "pairwise_distance",
    "pixel_shuffle",
    "pixel_unshuffle",
    "poisson_nll_loss",
    "prelu",
    "relu",
    "relu6",
    "scaled_dot_product_attention",
    "selu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "triplet_margin_loss",
]

TensorLike = Any
_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"{reduction!r} is not a valid value for reduction; use 'mean', 'sum' or 'none'"
        )


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
    _check_reduction(reduction)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


# -- activations ------------------------------------------------------------------------


def relu(input: TensorLike, inplace: bool = False) -> Tensor:
    """``max(x, 0)`` elementwise, as ``torch.nn.functional.relu``.

    ``inplace`` is accepted for PyTorch compatibility; the result is always a new
    tensor (overwriting an input the graph still needs would break backward).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.relu(ag.tensor([-1.0, 2.0]), inplace=True)
        tensor([0., 2.])
    """
    return _relu(input)


def _softmax_args(
    name: str, input: TensorLike, dim: int | None, dtype: DTypeLike
) -> tuple[Tensor, int]:
    """The input as a Tensor (cast to ``dtype`` if given) and the dim, implicit if None."""
    x = as_tensor(input)
    if dtype is not None:
        x = x.astype(dtype)
    return x, _implicit_dim(name, x.ndim, stacklevel=4) if dim is None else dim


def _implicit_dim(name: str, ndim: int, stacklevel: int = 3) -> int:
    """PyTorch's deprecated choice of softmax dim when none is given (warns at the
    caller ``stacklevel`` frames up)."""
    dim = 0 if ndim in (0, 1, 3) else 1
    warnings.warn(
        f"{name} without dim: the implicit choice of dim (here {dim}, for a {ndim}-d "
        "input) is deprecated; pass dim explicitly",
        stacklevel=stacklevel,
    )
    return dim


def softmax(
    input: TensorLike, dim: int | None = None, _stacklevel: int = 3, dtype: DTypeLike = None
) -> Tensor:
    """Softmax along ``dim``, as ``torch.nn.functional.softmax``; stable for large inputs.

    ``dtype`` casts the input first; ``dim=None`` picks PyTorch's deprecated
    implicit dim (0 for 0-, 1- and 3-d inputs, else 1) and warns.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softmax(ag.tensor([0.0, 0.0]), dim=0)
        tensor([0.5000, 0.5000])
    """
    x, dim = _softmax_args("softmax", input, dim, dtype)
    return _softmax(x, dim)


def log_softmax(
    input: TensorLike, dim: int | None = None, _stacklevel: int = 3, dtype: DTypeLike = None
) -> Tensor:
    """``log(softmax(x))`` along ``dim`` (log-sum-exp), as ``torch.nn.functional.log_softmax``.

    ``dtype`` and ``dim=None`` as in :func:`softmax`.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.log_softmax(ag.tensor([1e4, 0.0]), dim=0)
        tensor([     0., -10000.])
    """
    x, dim = _softmax_args("log_softmax", input, dim, dtype)
    return _log_softmax(x, dim)


def leaky_relu(input: TensorLike, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    ``inplace`` is accepted for PyTorch compatibility; the result is always new.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.leaky_relu(ag.tensor([-2.0, 3.0]), 0.5)
        tensor([-1.,  3.])
    """
    x = _float(input)
    return where(x > 0, x, x * negative_slope)


def logsigmoid(input: TensorLike) -> Tensor:
    """``log(sigmoid(x))``, finite for any input (log-sum-exp of ``[0, x]``).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.logsigmoid(ag.tensor([-1e4, 1e4]))
        tensor([-10000.,      0.])
    """
    return -_softplus(-_float(input))  # log(sigmoid(x)) = -log(1 + exp(-x))


def _softplus(x: Tensor) -> Tensor:
    """``log(1 + exp(x))`` for any ``x``, infinities included: ``max(x, 0) + log1p(exp(-|x|))``.

    ``exp(-|x|)`` never overflows; the tie rule of ``maximum`` gives the slope 1/2 at
    0 (where ``|x|`` has slope 0), so the gradient is ``sigmoid(x)`` everywhere.
    """
    return maximum(x, np.zeros((), dtype=x.dtype)) + (-x.abs()).exp().log1p()


def softplus(input: TensorLike, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * x)) / beta``, and ``x`` itself where ``beta * x > threshold``.

    As ``torch.nn.functional.softplus``; finite for inputs of any size.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softplus(ag.tensor([-1e4, 0.0, 30.0]))
        tensor([ 0.0000,  0.6931, 30.0000])
    """
    x = _float(input)
    scaled = x * beta if beta != 1 else x
    soft = _softplus(scaled)
    if beta != 1:
        soft = soft / beta
    return where(scaled._data > threshold, x, soft)


def silu(input: TensorLike, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)`` (swish), as ``torch.nn.functional.silu``.

    ``inplace`` is accepted for PyTorch compatibility; the result is always new.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.silu(ag.tensor([-1e4, 0.0, 1.0]))
        tensor([-0.0000,  0.0000,  0.7311])
    """
    x = _float(input)
    return x * sigmoid(x)


def mish(input: TensorLike, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))``, as ``torch.nn.functional.mish``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.mish(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8651])
    """
    x = _float(input)
    return x * tanh(_softplus(x))


def elu(input: TensorLike, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere, as ``F.elu``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.elu(ag.tensor([-1.0, 2.0]))
        tensor([-0.6321,  2.0000])
    """
    x = _float(input)
    negative = x.clamp(max=0.0).expm1()  # clamped: no overflow in the branch not taken
    # torch's test is x <= 0, so a NaN input takes the identity branch (slope 1)
    return where(~(x._data <= 0), x, negative * alpha if alpha != 1 else negative)


def hardtanh(
    input: TensorLike, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """``x`` clipped to ``[min_val, max_val]``, as ``torch.nn.functional.hardtanh``.

    As in PyTorch the gradient is 1 strictly inside the interval and 0 elsewhere
    (the end points included).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardtanh(ag.tensor([-2.0, 0.5, 3.0]))
        tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError(
            f"hardtanh: min_val ({min_val}) cannot be greater than max_val ({max_val})"
        )
    x = _float(input)
    # torch's test: outside where x <= min_val or x >= max_val, so NaN counts as inside
    inside = ~((x._data <= min_val) | (x._data >= max_val))
    clipped = np.clip(x._data, np.asarray(min_val, x.dtype), np.asarray(max_val, x.dtype))
    return where(inside, x, Tensor._make(clipped))


def relu6(input: TensorLike, inplace: bool = False) -> Tensor:
    """``min(max(x, 0), 6)``, as ``torch.nn.functional.relu6``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.relu6(ag.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """
    return hardtanh(input, 0.0, 6.0)


def softsign(input: TensorLike) -> Tensor:
    """``x / (1 + |x|)``, as ``torch.nn.functional.softsign``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softsign(ag.tensor([-1.0, 3.0]))
        tensor([-0.5000,  0.7500])
    """
    x = _float(input)
    return x / (x.abs() + 1)


def softmin(
    input: TensorLike, dim: int | None = None, _stacklevel: int = 3, dtype: DTypeLike = None
) -> Tensor:
    """``softmax(-x)`` along ``dim``, as ``torch.nn.functional.softmin``.

    ``dtype`` and ``dim=None`` as in :func:`softmax`.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softmin(ag.tensor([0.0, 1e4]), dim=0)
        tensor([1., 0.])
    """
    x, dim = _softmax_args("softmin", input, dim, dtype)
    return _softmax(-x, dim)


def dropout(
    input: TensorLike, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    Identity when ``training`` is False. The mask is drawn from
    ``autograd.random.generator()``. ``inplace`` is accepted for PyTorch
    compatibility; the result is always a new tensor.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.dropout(ag.ones(4), p=0.5, training=False)
        tensor([1., 1., 1., 1.])
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input)
    if not training:
        return x  # the identity, whatever the dtype (as torch)
    if x.dtype.kind not in "fc":
        raise RuntimeError(
            f"dropout: a {x.dtype} tensor cannot hold the rescaled values; "
            "convert it with .float() first"
        )
    if p == 0.0:
        return x
    if p == 1.0:
        return x * np.zeros((), dtype=x.dtype)
    keep = generator().random(x.shape) >= p
    return x * (keep.astype(x.dtype) / np.asarray(1.0 - p, dtype=x.dtype))


# -- normalisation and embedding -------------------------------------------------------


def batch_norm(
    input: TensorLike,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel (dim 1) over the batch and spatial dims, as ``F.batch_norm``.

    In training mode the batch statistics are used and, when given, the running
    buffers are updated in place: ``running = (1 - momentum) * running +
    momentum * stat`` with the unbiased batch variance. Otherwise the running
    statistics are used.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.batch_norm(ag.tensor([[1.0], [3.0]]), None, None, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
    """
    x = _float(input)
    if x.ndim < 2:
        raise ValueError(f"batch_norm expects input of shape (N, C, ...), got {x.shape}")
    channels = x.shape[1]
    shape = (1, channels) + (1,) * (x.ndim - 2)  # broadcast per channel
    dims = (0,) + tuple(range(2, x.ndim))
    _check_norm_arguments(
        "batch_norm", x, running_mean, running_var, weight, bias, both_stats=training
    )
    if training:
        count = x._data.size // channels
        if count <= 1:
            raise ValueError(
                f"Expected more than 1 value per channel when training, got input size {x.shape}"
            )
        mean = x.mean(dim=dims, keepdim=True)
        centered = x - mean
        var = (centered * centered).mean(dim=dims, keepdim=True)
        if running_mean is not None and running_var is not None:
            m = momentum
            unbiased = var._data.reshape(channels) * (count / (count - 1))
            running_mean._data *= 1 - m
            running_mean._data += m * mean._data.reshape(channels)
            running_var._data *= 1 - m
            running_var._data += m * unbiased
    else:
        if running_mean is None or running_var is None:
            raise RuntimeError(
                "batch_norm: eval mode (training=False) normalises with "
                "running_mean and running_var, so both are needed"
            )
        centered, var = _centered_by_running_stats(x, running_mean, running_var, shape)
    return _normalized(centered, var, eps, weight, bias, shape)


def _check_norm_arguments(
    op: str,
    x: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: TensorLike | None,
    bias: TensorLike | None,
    both_stats: bool,
) -> None:
    """Every per-channel argument has shape (C,); with ``both_stats``, both or neither
    running statistic is given."""
    channels = x.shape[1]
    if both_stats and (running_mean is None) != (running_var is None):
        missing = "running_mean" if running_mean is None else "running_var"
        raise ValueError(
            f"{op}: pass both running_mean and running_var or neither "
            f"(got {missing}=None and the other a tensor)"
        )
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and as_tensor(t).shape != (channels,):
            raise RuntimeError(
                f"{op}: {name} has shape {as_tensor(t).shape} but the input "
                f"{x.shape} has {channels} channels (dim 1)"
            )


def _centered_by_running_stats(
    x: Tensor, running_mean: Tensor, running_var: Tensor, shape: tuple[int, ...]
) -> tuple[Tensor, Tensor]:
    """``x - running_mean`` and the running variance, both shaped to broadcast over dim 1."""
    return (
        x - running_mean._data.reshape(shape).astype(x.dtype, copy=False),
        Tensor._make(running_var._data.reshape(shape).astype(x.dtype, copy=False)),
    )


def _normalized(
    centered: Tensor,
    var: Tensor,
    eps: float,
    weight: TensorLike | None,
    bias: TensorLike | None,
    shape: tuple[int, ...],
) -> Tensor:
    """``centered / sqrt(var + eps)``, then scaled by ``weight`` and shifted by ``bias``."""
    out = centered / (var + eps).sqrt()
    if weight is not None:
        out = out * as_tensor(weight).reshape(shape)
    if bias is not None:
        out = out + as_tensor(bias).reshape(shape)
    return out


def layer_norm(
    input: TensorLike,
    normalized_shape: int | Sequence[int],
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the trailing ``normalized_shape`` dims, as ``F.layer_norm``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.layer_norm(ag.tensor([[1.0, 3.0]]), 2)
        tensor([[-1.0000,  1.0000]])
    """
    x = _float(input)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if x.shape[x.ndim - len(shape) :] != shape or len(shape) > x.ndim:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size {x.shape}"
        )
    dims = tuple(range(x.ndim - len(shape), x.ndim))
    w = None if weight is None else as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    for name, t in (("weight", w), ("bias", b)):
        if t is not None and t.shape != shape:
            raise RuntimeError(
                f"layer_norm: {name} of shape {t.shape} does not match normalized_shape {shape}"
            )
    if any(t is not None and t.dtype != x.dtype for t in (w, b)):  # promote as before
        out = _fused_layer_norm(x, dims, None, None, eps)
        out = out * w if w is not None else out
        return out + b if b is not None else out
    return _fused_layer_norm(x, dims, w, b, eps)


def embedding(
    input: TensorLike,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """Rows of ``weight`` picked by integer ``input`` (shape ``(*input.shape, dim)``).

    Gradients of repeated indices accumulate; the row ``padding_idx`` gets none.
    torch's ``max_norm``, ``scale_grad_by_freq`` and ``sparse`` are accepted at their
    defaults only (anything else raises NotImplementedError); ``norm_type`` goes with
    ``max_norm``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.embedding(ag.tensor([2, 0]), ag.tensor([[0.0], [1.0], [2.0]]))
        tensor([[2.],
                [0.]])
    """
    _embedding_defaults_only("embedding", max_norm, scale_grad_by_freq, sparse)
    idx = as_tensor(input)._data
    if idx.dtype.kind not in "iu":
        raise RuntimeError(
            f"embedding: indices must be an integer tensor (int64 or int32), got dtype {idx.dtype}"
        )
    if weight.ndim != 2:
        raise RuntimeError(f"'weight' must be 2-D, got shape {weight.shape} (embedding)")
    rows = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= rows):
        bad = idx.max() if idx.max() >= rows else idx.min()
        raise IndexError(
            f"embedding: index {bad} is out of range for an embedding table "
            f"with {rows} rows (valid: 0..{rows - 1})"
        )
    out = weight[idx]
    if padding_idx is not None and weight.requires_grad:
        pad = idx == padding_idx % rows
        if pad.any():  # same values, but no gradient flows to the padding row
            out = where(pad[..., None], weight.detach()[idx], out)
    return out


def _embedding_defaults_only(
    op: str, max_norm: float | None, scale_grad_by_freq: bool, sparse: bool
) -> None:
    given = {"max_norm": max_norm, "scale_grad_by_freq": scale_grad_by_freq, "sparse": sparse}
    for name, value in given.items():
        if value not in (None, False):
            raise NotImplementedError(
                f"{op}: {name}={value!r} is not implemented here; leave {name} at its default"
            )


def one_hot(tensor: TensorLike, num_classes: int = -1) -> Tensor:
    """int64 one-hot encoding with a new last dim of size ``num_classes``.

    ``num_classes=-1`` uses ``max(tensor) + 1``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.one_hot(ag.tensor([0, 2]), 3)
        tensor([[1, 0, 0],
                [0, 0, 1]])
    """
    idx = as_tensor(tensor)._data
    if idx.dtype != np.int64:
        raise RuntimeError(
            f"one_hot is only applicable to int64 index tensors, got "
            f"{idx.dtype}; convert with .long()"
        )
    if num_classes == -1:
        if idx.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(idx.max()) + 1
    if idx.size and idx.min() < 0:
        raise RuntimeError(f"Class values must be non-negative, got {int(idx.min())}.")
    if idx.size and idx.max() >= num_classes:
        raise RuntimeError(
            f"Class values must be smaller than num_classes={num_classes}, got {int(idx.max())}."
        )
    return Tensor._make(np.eye(num_classes, dtype=np.int64)[idx])


def pad(
    input: TensorLike, pad: Sequence[int], mode: str = "constant", value: float | None = None
) -> Tensor:
    """Pad the last ``len(pad) // 2`` dims with ``value``, as ``torch.nn.functional.pad``.

    ``pad`` lists (before, after) amounts starting from the last dim:
    ``(left, right, top, bottom)`` pads the last two dims. Negative amounts crop.
    Only ``mode="constant"`` is implemented; ``value`` defaults to 0.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pad(ag.tensor([[1.0, 2.0]]), (1, 0, 0, 1), value=9.0)
        tensor([[9., 1., 2.],
                [9., 9., 9.]])
    """
    x = as_tensor(input)
    if mode != "constant":
        known = mode in ("reflect", "replicate", "circular")
        raise NotImplementedError(
            f"pad: mode {mode!r} is not implemented here; use mode='constant'"
            if known
            else f"Unrecognised padding mode {mode}"
        )
    pads = [int(p) for p in pad]
    if len(pads) % 2:
        raise RuntimeError(
            f"pad: padding length must be divisible by 2, got {len(pads)} ({tuple(pads)})"
        )
    if len(pads) // 2 > x.ndim:
        raise RuntimeError(
            f"pad: padding length should be less than or equal to two times "
            f"the input dimension but got padding length {len(pads)} and "
            f"input of dimension {x.ndim}"
        )
    src, dst, shape = [slice(None)] * x.ndim, [slice(None)] * x.ndim, list(x.shape)
    for i in range(len(pads) // 2):
        d, before, after = x.ndim - 1 - i, pads[2 * i], pads[2 * i + 1]
        n = x.shape[d] + before + after
        if n < 0:
            raise RuntimeError(
                f"pad: the input size {x.shape[d]}, plus negative padding "
                f"{before} and {after} resulted in a negative output size, "
                f"which is invalid. Check dimension {d} of your input."
            )
        shape[d] = n
        kept = x.shape[d] - max(-before, 0) - max(-after, 0)  # input entries that remain
        if kept < 0:
            raise RuntimeError(
                f"pad: negative padding {before} and {after} crops more than "
                f"the {x.shape[d]} entries of dimension {d} of your input"
            )
        src[d] = slice(max(-before, 0), max(-before, 0) + kept)
        dst[d] = slice(max(before, 0), max(before, 0) + kept)
    if any(s != slice(None) for s in src):  # negative padding crops first
        x = getitem(x, tuple(src))
    base = Tensor._make(np.full(shape, 0 if value is None else value, dtype=x.dtype))
    return _named(setitem(base, tuple(dst), x), "ConstantPadNdBackward0")


# -- losses -----------------------------------------------------------------------------


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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
        _check_reduction(reduction)
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


# -- pooling ----------------------------------------------------------------------------


def adaptive_avg_pool2d(
    input: TensorLike, output_size: int | None | Sequence[int | None]
) -> Tensor:
    """Average over windows chosen so the output is ``output_size``, as ``F.adaptive_avg_pool2d``.

    Input ``(N, C, H, W)`` or ``(C, H, W)``; ``output_size`` is an int or an
    ``(oh, ow)`` pair, where ``None`` keeps that input size. Only sizes that
    divide the input size are implemented (``1`` for global average pooling,
    ``H // k`` for k x k windows); others raise NotImplementedError.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.adaptive_avg_pool2d(ag.ones(2, 3, 7, 7), 1).shape
        (2, 3, 1, 1)
        >>> F.adaptive_avg_pool2d(ag.arange(16.0).reshape(1, 4, 4), (2, 1))
        tensor([[[ 3.5000],
                 [11.5000]]])
    """
    x = _float(input)
    if x.ndim not in (3, 4) or 0 in x.shape[-2:]:
        raise RuntimeError(
            f"adaptive_avg_pool2d: expected 3D or 4D input with non-zero "
            f"spatial size, got input of shape {x.shape}"
        )
    sizes = (
        (output_size, output_size)
        if output_size is None or isinstance(output_size, int)
        else tuple(output_size)
    )
    if len(sizes) != 2:
        raise ValueError(
            f"adaptive_avg_pool2d: output_size must be an int or a pair, got {output_size!r}"
        )
    h, w = x.shape[-2:]
    oh, ow = (h if sizes[0] is None else int(sizes[0])), (w if sizes[1] is None else int(sizes[1]))
    if oh <= 0 or ow <= 0:
        raise RuntimeError(f"adaptive_avg_pool2d: output_size must be positive, got {(oh, ow)}")
    if (oh, ow) == (1, 1):
        return x.mean(dim=(-2, -1), keepdim=True)
    if h % oh or w % ow:
        raise NotImplementedError(
            f"adaptive_avg_pool2d: output size {(oh, ow)} does not divide the input size "
            f"{(h, w)}; only output sizes that divide the input (equal windows) are "
            "implemented"
        )
    lead = x.shape[:-2]
    windows = x.reshape(*lead, oh, h // oh, ow, w // ow)
    return windows.mean(dim=(-3, -1))


# -- more activations, normalisation, distances, losses and pixel shuffles --------------
# Composed from differentiable Tensor ops; none defines a backward of its own.

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def prelu(input: TensorLike, weight: TensorLike) -> Tensor:
    """``x`` where positive, ``weight * x`` elsewhere, with one slope per channel (dim 1).

    ``weight`` has 1 element (shared by every channel) or ``input.shape[1]`` elements,
    as ``torch.nn.functional.prelu`` (an input below 2-D has one channel).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.prelu(ag.tensor([[-2.0, 3.0]]), ag.tensor([0.25]))
        tensor([[-0.5000,  3.0000]])
    """
    x = _float(input)
    w = as_tensor(weight, x.dtype)
    n = w._data.size
    if w.ndim > 1:
        raise RuntimeError(f"prelu: weight must be 0-D or 1-D, got shape {w.shape}")
    if n != 1:
        channels = x.shape[1] if x.ndim >= 2 else 1  # torch: no channel dim below 2-D
        if n != channels:
            raise RuntimeError(
                f"Mismatch of parameter numbers and input channel size. Found "
                f"parameter numbers = {n} and channel size = {channels} "
                f"(input shape {x.shape})."
            )
        if x.ndim >= 2:
            w = w.reshape((1, n) + (1,) * (x.ndim - 2))
    else:
        w = w.reshape(())
    return _named(where(x > 0, x, x * w), "PreluKernelBackward0")


def selu(input: TensorLike, inplace: bool = False) -> Tensor:
    """``scale * elu(x, alpha)`` with the self-normalising constants, as ``F.selu``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.selu(ag.tensor([-1.0, 1.0]))
        tensor([-1.1113,  1.0507])
    """
    return elu(input, _SELU_ALPHA) * _SELU_SCALE


def celu(input: TensorLike, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``, as ``F.celu``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.celu(ag.tensor([-1.0, 2.0]), alpha=2.0)
        tensor([-0.7869,  2.0000])
    """
    if alpha == 0:
        raise RuntimeError(f"ZeroDivisionError: alpha cannot be 0 for CELU (got alpha={alpha})")
    x = _float(input)
    negative = (x.clamp(max=0.0) / alpha).expm1() * alpha
    return where(~(x._data <= 0), x, negative)


def hardswish(input: TensorLike, inplace: bool = False) -> Tensor:
    """``x * relu6(x + 3) / 6``, as ``torch.nn.functional.hardswish``.

    The gradient is 0 up to -3, ``(2x + 3) / 6`` strictly between -3 and 3 and 1 from 3
    on, as torch's.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardswish(ag.tensor([-4.0, 1.0, 4.0]))
        tensor([-0.0000,  0.6667,  4.0000])
    """
    x = _float(input)
    xc = x.clamp(-3.0, 3.0)  # the quadratic on a finite input: no 0 * inf in its backward
    middle = where(x._data < 3, xc * (xc + 3) / 6, x)
    return where(x._data <= -3, _signed_zeros(x), middle)


def _signed_zeros(x: Tensor) -> Tensor:
    """A constant ``x * 0`` (signed zeros; NaN where ``x`` is infinite or NaN, as torch)."""
    with np.errstate(invalid="ignore"):
        return Tensor._make(x._data * np.zeros((), dtype=x.dtype))


def hardsigmoid(input: TensorLike, inplace: bool = False) -> Tensor:
    """``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between, as ``F.hardsigmoid``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardsigmoid(ag.tensor([-4.0, 0.0, 4.0]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    x = _float(input)
    inside = (x._data > -3) & (x._data < 3)  # torch's test: NaN gets no gradient
    with np.errstate(invalid="ignore"):
        clipped = np.clip((x._data + 3) / 6, 0, 1).astype(x.dtype, copy=False)
    return where(inside, (x + 3) / 6, Tensor._make(clipped))


def threshold(input: TensorLike, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``x`` where ``x > threshold``, else ``value``, as ``torch.nn.functional.threshold``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.threshold(ag.tensor([0.5, 2.0]), 1.0, -1.0)
        tensor([-1.,  2.])
    """
    x = as_tensor(input)
    fill = Tensor._make(np.full(x.shape, value, dtype=x.dtype))
    return where(~(x._data <= threshold), x, fill)  # NaN passes through, as torch


def tanhshrink(input: TensorLike) -> Tensor:
    """``x - tanh(x)``, as ``torch.nn.functional.tanhshrink``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.tanhshrink(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2384])
    """
    x = _float(input)
    return x - tanh(x)


def glu(input: TensorLike, dim: int = -1) -> Tensor:
    """Gated linear unit: split ``dim`` in halves ``a, b`` and return ``a * sigmoid(b)``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.glu(ag.tensor([[1.0, 2.0, 0.0, 0.0]]))
        tensor([[0.5000, 1.0000]])
    """
    x = _float(input)
    if x.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not -x.ndim <= dim < x.ndim:
        raise IndexError(
            f"Dimension out of range (expected to be in range of "
            f"[{-x.ndim}, {x.ndim - 1}], but got {dim})"
        )
    size = x.shape[dim]
    if size % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % x.ndim} is "
            f"size {size} (input shape {x.shape})"
        )
    a, b = x.chunk(2, dim)
    return a * sigmoid(b)


def softshrink(input: TensorLike, lambd: float = 0.5) -> Tensor:
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softshrink(ag.tensor([-2.0, 0.2, 1.0]))
        tensor([-1.5000,  0.0000,  0.5000])
    """
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    x = _float(input)
    shrunk = where(x._data > lambd, x - lambd, x + lambd)
    inside = (x._data >= -lambd) & (x._data <= lambd)  # torch's test: NaN passes through
    return where(~inside, shrunk, _signed_zeros(x))


def hardshrink(input: TensorLike, lambd: float = 0.5) -> Tensor:
    """``x`` where ``|x| > lambd``, else 0, as ``torch.nn.functional.hardshrink``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardshrink(ag.tensor([-2.0, 0.2, 1.0]))
        tensor([-2.,  0.,  1.])
    """
    x = _float(input)
    inside = (x._data >= -lambd) & (x._data <= lambd)
    return where(~inside, x, _signed_zeros(x))


def group_norm(
    input: TensorLike,
    num_groups: int,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each sample over groups of ``C // num_groups`` channels, as ``F.group_norm``.

    ``input`` is ``(N, C, *)``; the mean and (biased) variance are taken over each
    group's channels and all trailing dims; ``weight`` and ``bias`` are per channel.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.group_norm(ag.tensor([[1.0, 3.0, 5.0, 5.0]]), 2)
        tensor([[-1.0000,  1.0000,  0.0000,  0.0000]])
    """
    x = _float(input)
    if x.ndim < 2:
        raise RuntimeError(f"group_norm: expected input of shape (N, C, *), got {x.shape}")
    n, channels = x.shape[0], x.shape[1]
    if num_groups <= 0 or channels % num_groups:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by "
            f"num_groups, but got input of shape {list(x.shape)} and "
            f"num_groups={num_groups}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and as_tensor(t).shape != (channels,):
            raise RuntimeError(
                f"group_norm: expected {name} to be a vector of size equal to "
                f"the number of channels in input ({channels}), but got "
                f"{name} of shape {as_tensor(t).shape}"
            )
    grouped = x.reshape(n, num_groups, -1)  # (N, G, C // G * spatial)
    mean = grouped.mean(dim=2, keepdim=True)
    centered = grouped - mean
    var = (centered * centered).mean(dim=2, keepdim=True)
    out = (centered / (var + eps).sqrt()).reshape(x.shape)
    shape = (1, channels) + (1,) * (x.ndim - 2)
    if weight is not None:
        out = out * as_tensor(weight).reshape(shape)
    if bias is not None:
        out = out + as_tensor(bias).reshape(shape)
    return out


def instance_norm(
    input: TensorLike,
    running_mean: Tensor | None = None,
    running_var: Tensor | None = None,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel of each sample over its spatial dims, as ``F.instance_norm``.

    With ``use_input_stats`` (the default) each ``(n, c)`` slice uses its own mean and
    biased variance; given ``running_mean`` / ``running_var`` these are updated in place
    with the batch averages of the per-instance mean and unbiased variance. Otherwise
    the running statistics normalise the input.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.instance_norm(ag.tensor([[[1.0, 3.0], [2.0, 2.0]]]))
        tensor([[[-1.0000,  1.0000],
                 [ 0.0000,  0.0000]]])
    """
    x = _float(input)
    if x.ndim < 3:
        raise ValueError(
            f"instance_norm expects input of shape (N, C, *) with at least one "
            f"spatial dim, got {x.shape}"
        )
    channels = x.shape[1]
    shape = (1, channels) + (1,) * (x.ndim - 2)
    dims = tuple(range(2, x.ndim))
    _check_norm_arguments(
        "instance_norm", x, running_mean, running_var, weight, bias, both_stats=True
    )
    if use_input_stats:
        count = x._data.size // (x.shape[0] * channels)
        if count <= 1:
            raise ValueError(
                f"Expected more than 1 spatial element when training, got input "
                f"size {list(x.shape)}"
            )
        mean = x.mean(dim=dims, keepdim=True)
        centered = x - mean
        var = (centered * centered).mean(dim=dims, keepdim=True)
        if running_mean is not None and running_var is not None:
            m = momentum
            batch_mean = mean._data.reshape(x.shape[0], channels).mean(axis=0)
            batch_var = var._data.reshape(x.shape[0], channels).mean(axis=0) * (count / (count - 1))
            running_mean._data *= 1 - m
            running_mean._data += (m * batch_mean).astype(running_mean.dtype)
            running_var._data *= 1 - m
            running_var._data += (m * batch_var).astype(running_var.dtype)
    else:
        if running_mean is None or running_var is None:
            raise ValueError(
                "Expected running_mean and running_var to be defined when use_input_stats is false"
            )
        centered, var = _centered_by_running_stats(x, running_mean, running_var, shape)
    return _normalized(centered, var, eps, weight, bias, shape)


def dropout2d(
    input: TensorLike, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """Zero whole channels (dim 1) with probability ``p``, scaling the rest by ``1 / (1 - p)``.

    As ``torch.nn.functional.dropout2d``: one draw per ``(n, c)`` from
    ``autograd.random.generator()``; a 3-D input is read as ``(N, C, L)`` (with torch's
    warning). Identity when ``training`` is False.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.dropout2d(ag.ones(1, 2, 2, 2), training=False).shape
        (1, 2, 2, 2)
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input)
    if x.ndim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {x.ndim}-D input to dropout2d, which is "
            "deprecated and will result in an error in a future release. To retain "
            "the behavior and silence this warning, please use dropout instead.",
            stacklevel=2,
        )
    if x.ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that "
            "channel-wise 1D dropout behavior is desired - input is interpreted as "
            "shape (N, C, L), where C is the channel dim.",
            stacklevel=2,
        )
    if not training or p == 0.0:
        return x
    if x.dtype.kind not in "fc":
        raise RuntimeError(
            f"dropout2d: a {x.dtype} tensor cannot hold the rescaled values; "
            "convert it with .float() first"
        )
    if x.ndim < 2:
        raise RuntimeError(
            f"Feature dropout requires at least 2 dimensions in the input, got shape {x.shape}"
        )
    if p == 1.0:
        return x * np.zeros((), dtype=x.dtype)
    mask_shape = x.shape[:2] + (1,) * (x.ndim - 2)  # one draw per (sample, channel)
    keep = generator().random(mask_shape) >= p
    return x * (keep.astype(x.dtype) / np.asarray(1.0 - p, dtype=x.dtype))


def cosine_similarity(x1: TensorLike, x2: TensorLike, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim`` (broadcast), as torch.

    Each vector is divided by ``max(||x||, eps)`` before the dot product.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.cosine_similarity(ag.tensor([[1.0, 0.0]]), ag.tensor([[1.0, 1.0]]))
        tensor([0.7071])
    """
    a, b = _float(x1), _float(x2)
    if b.dtype != a.dtype:  # the wider float dtype, as torch's type promotion
        common = np.promote_types(a.dtype, b.dtype)
        a, b = a.astype(common), b.astype(common)
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"cosine_similarity: x1 of shape {a.shape} and x2 of shape "
            f"{b.shape} cannot be broadcast together"
        ) from None
    a, b = a.expand(*shape), b.expand(*shape)
    na = a.norm(dim=dim, keepdim=True).clamp(min=eps)
    nb = b.norm(dim=dim, keepdim=True).clamp(min=eps)
    return ((a / na) * (b / nb)).sum(dim=dim)


def pairwise_distance(
    x1: TensorLike, x2: TensorLike, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False
) -> Tensor:
    """``||x1 - x2 + eps||_p`` over the last dim, as ``torch.nn.functional.pairwise_distance``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pairwise_distance(ag.tensor([[0.0, 0.0]]), ag.tensor([[3.0, 4.0]]), eps=0.0)
        tensor([5.])
    """
    a, b = _float(x1), _float(x2)
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"pairwise_distance: x1 of shape {a.shape} and x2 of shape "
            f"{b.shape} cannot be broadcast together"
        ) from None
    return (a - b + eps).norm(p=p, dim=-1, keepdim=keepdim)


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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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
    _check_reduction(reduction)
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


def _check_shuffle(name: str, x: Tensor, factor: int, what: str) -> None:
    if x.ndim < 3:
        raise RuntimeError(
            f"{name} expects input to have at least 3 dimensions, but got "
            f"input with {x.ndim} dimension(s)"
        )
    if not isinstance(factor, (int, np.integer)) or factor <= 0:
        raise RuntimeError(f"{name} expects a positive {what}, but got {factor}")


def pixel_shuffle(input: TensorLike, upscale_factor: int) -> Tensor:
    """Rearrange ``(*, C * r**2, H, W)`` into ``(*, C, H * r, W * r)``, as ``F.pixel_shuffle``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pixel_shuffle(ag.arange(4.0).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    x = as_tensor(input)
    r = upscale_factor
    _check_shuffle("pixel_shuffle", x, r, "upscale_factor")
    *batch, c, h, w = x.shape
    if c % (r * r):
        raise RuntimeError(
            f"pixel_shuffle expects its input's 'channel' dimension to be "
            f"divisible by the square of upscale_factor, but input.size(-3)={c} "
            f"is not divisible by {r * r}"
        )
    b = len(batch)
    y = x.reshape(*batch, c // (r * r), r, r, h, w)  # (*, C, r, r, H, W)
    y = y.permute(*range(b), b, b + 3, b + 1, b + 4, b + 2)  # (*, C, H, r, W, r)
    return y.reshape(*batch, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: TensorLike, downscale_factor: int) -> Tensor:
    """Rearrange ``(*, C, H * r, W * r)`` into ``(*, C * r**2, H, W)``, the inverse of
    :func:`pixel_shuffle`, as ``torch.nn.functional.pixel_unshuffle``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.pixel_unshuffle(ag.arange(4.0).reshape(1, 1, 2, 2), 2).flatten()
        tensor([0., 1., 2., 3.])
    """
    x = as_tensor(input)
    r = downscale_factor
    _check_shuffle("pixel_unshuffle", x, r, "downscale_factor")
    *batch, c, h, w = x.shape
    for dim, size in (("height", h), ("width", w)):
        if size % r:
            raise RuntimeError(
                f"pixel_unshuffle expects {dim} to be divisible by "
                f"downscale_factor, but input.size({-2 if dim == 'height' else -1})"
                f"={size} is not divisible by {r}"
            )
    b = len(batch)
    y = x.reshape(*batch, c, h // r, r, w // r, r)  # (*, C, H, r, W, r)
    y = y.permute(*range(b), b, b + 2, b + 4, b + 1, b + 3)  # (*, C, r, r, H, W)
    return y.reshape(*batch, c * r * r, h // r, w // r)


# -- attention ---------------------------------------------------------------------------


def _attention_bias(
    attn_mask: TensorLike | None, is_causal: bool, q: Tensor, k: Tensor
) -> Tensor | np.ndarray | None:
    """The mask as an additive bias (a Tensor for a float mask, so it may take a gradient),
    or as a bool array (True: take part), or None."""
    L, S = q.shape[-2], k.shape[-2]
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError(
                "scaled_dot_product_attention: an explicit attn_mask should not "
                "be set when is_causal=True"
            )
        return np.tril(np.ones((L, S), dtype=bool))
    if attn_mask is None:
        return None
    mask = attn_mask if isinstance(attn_mask, Tensor) else as_tensor(attn_mask)
    try:
        np.broadcast_shapes(mask.shape, q.shape[:-1] + (S,))
    except ValueError:
        raise RuntimeError(
            f"scaled_dot_product_attention: attn_mask of shape {mask.shape} "
            f"does not broadcast to the attention weights' shape "
            f"{q.shape[:-1] + (S,)} (query {q.shape}, key {k.shape})"
        ) from None
    if mask.dtype == np.bool_:
        return mask._data
    if mask.dtype.kind != "f":
        raise RuntimeError(
            f"scaled_dot_product_attention: expected attn_mask dtype to be bool "
            f"or float or to match query dtype, got {mask.dtype}"
        )
    return mask


def scaled_dot_product_attention(
    query: TensorLike,
    key: TensorLike,
    value: TensorLike,
    attn_mask: TensorLike | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """Attention ``softmax(query @ key^T * scale + mask) @ value``, as torch's.

    Shapes are ``(..., L, E)`` for the query, ``(..., S, E)`` for the key and
    ``(..., S, Ev)`` for the value; the result is ``(..., L, Ev)``. ``scale`` defaults
    to ``1 / sqrt(E)``. A bool ``attn_mask`` marks with True the positions that take
    part; a float mask is added to the scores. ``is_causal`` lets position ``i``
    attend to positions ``<= i`` (the mask ``tril(ones(L, S))``) and excludes
    ``attn_mask``. ``dropout_p`` zeroes attention weights whenever it is positive (as
    torch, this function does not know about train/eval mode). With ``enable_gqa``
    the key and value may have fewer heads (dim -3) than the query, each shared by a
    group of query heads. A query row whose every key is masked out gets zero
    weights (an output of zeros), as torch gives.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> q = k = v = ag.eye(2).reshape(1, 2, 2)
        >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)[0, 0]
        tensor([1., 0.])
    """
    q, k, v = as_tensor(query), as_tensor(key), as_tensor(value)
    for name, t in (("query", q), ("key", k), ("value", v)):
        if t.ndim < 2:
            raise RuntimeError(
                f"scaled_dot_product_attention: {name} must have at least 2 "
                f"dims (..., length, features), got shape {t.shape}"
            )
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise RuntimeError(
            f"scaled_dot_product_attention: query {q.shape}, key {k.shape} and "
            f"value {v.shape} do not fit: query and key need the same last "
            f"dim, key and value the same length (dim -2)"
        )
    if not 0.0 <= dropout_p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    if enable_gqa and q.ndim >= 3 and k.shape[-3] != q.shape[-3]:
        if q.shape[-3] % k.shape[-3]:
            raise RuntimeError(
                f"scaled_dot_product_attention: with enable_gqa the query's "
                f"{q.shape[-3]} heads must be a multiple of the key's "
                f"{k.shape[-3]}"
            )
        group = q.shape[-3] // k.shape[-3]
        k, v = k.repeat_interleave(group, dim=-3), v.repeat_interleave(group, dim=-3)
    if attn_mask is None and dropout_p == 0.0 and fused_attention_fits(q, k, v):
        return _fused_attention(q, k, v, is_causal, scale)  # one node
    bias = _attention_bias(attn_mask, is_causal, q, k)
    factor = 1.0 / float(np.sqrt(q.shape[-1])) if scale is None else scale
    scores = (q @ k.transpose(-2, -1)) * factor  # (..., L, S)
    if isinstance(bias, np.ndarray):
        scores = scores.masked_fill(Tensor._make(~bias), float("-inf"))
    elif bias is not None:
        scores = scores + bias.astype(scores.dtype)
    dead = np.isneginf(scores._data).all(axis=-1, keepdims=True)  # rows with no key left
    if dead.any():  # torch gives them zero weights, not the NaN of softmax(-inf, ..., -inf)
        dead_rows = Tensor._make(dead)
        weights = _softmax(scores.masked_fill(dead_rows, 0.0), -1).masked_fill(dead_rows, 0.0)
    else:
        weights = _softmax(scores, -1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p)
    return weights @ v  # (..., L, Ev)
