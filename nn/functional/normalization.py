"""Normalisation: batch, layer, group and instance norm.

Mirrors :mod:`nn.modules.normalization`. Running statistics, when given, are updated in
place, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Tensor
from autograd._typing import TensorLike
from autograd.ops._operands import _float, as_tensor
from autograd.ops.nn import layer_norm as _fused_layer_norm

__all__ = ["batch_norm", "group_norm", "instance_norm", "layer_norm"]


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
