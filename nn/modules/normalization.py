"""Batch normalisation (``BatchNorm1d``, ``BatchNorm2d``), ``LayerNorm``, ``GroupNorm`` and
``InstanceNorm2d``.

PyTorch keeps BatchNorm in ``batchnorm.py``; both families live here, the file
named after what they do.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype

from .. import functional as F
from .. import init
from ..parameter import Parameter
from ._device import check_device
from .module import Module


def _dtype(dtype: DTypeLike) -> np.dtype:
    return to_dtype(dtype) if dtype is not None else np.dtype(np.float32)


def _register_affine(module: Module, shape: Any, affine: bool, bias: bool, dtype: np.dtype) -> None:
    """A norm layer's ``weight`` (ones) and ``bias`` (zeros) Parameters of ``shape``,
    registered as None when the layer is not affine or has no bias."""
    if affine:
        module.weight = Parameter(np.ones(shape, dtype=dtype))
        if bias:
            module.bias = Parameter(np.zeros(shape, dtype=dtype))
        else:
            module.register_parameter("bias", None)
    else:
        module.register_parameter("weight", None)
        module.register_parameter("bias", None)


def _reset_affine(module: Module) -> None:
    """Weight 1 and bias 0, for those the module has."""
    if module.weight is not None:
        init.ones_(module.weight)
    if module.bias is not None:
        init.zeros_(module.bias)


class _BatchNorm(Module):
    """Shared machinery of BatchNorm1d/2d; subclasses define ``_check_input_dim``."""

    _optional_state = ("num_batches_tracked",)

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: DTypeLike = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        check_device(type(self).__name__, device)
        if not isinstance(num_features, (int, np.integer)) or num_features <= 0:
            raise ValueError(
                f"{type(self).__name__}: num_features must be a positive int, got {num_features!r}"
            )
        self.num_features = int(num_features)
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        dtype = _dtype(dtype)
        _register_affine(self, num_features, affine, bias, dtype)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(num_features, dtype=dtype)))
            self.register_buffer("running_var", Tensor(np.ones(num_features, dtype=dtype)))
            self.register_buffer("num_batches_tracked", Tensor(np.array(0, dtype=np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, batch count 0."""
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            init.zeros_(self.num_batches_tracked)

    def reset_parameters(self) -> None:
        """Reset the running statistics and the affine parameters (weight 1, bias 0)."""
        self.reset_running_stats()
        _reset_affine(self)

    def _check_input_dim(self, input: Tensor) -> None:
        raise NotImplementedError

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        if input.shape[1] != self.num_features:
            raise RuntimeError(
                f"{type(self).__name__}({self.num_features}) got input of shape {input.shape} "
                f"with {input.shape[1]} channels in dim 1; expected {self.num_features}"
            )
        use_batch_stats = self.training or self.running_mean is None
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked._data += 1
            if self.momentum is None:  # cumulative moving average
                momentum = 1.0 / float(self.num_batches_tracked._data)
        track = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if track else None,
            self.running_var if track else None,
            self.weight,
            self.bias,
            use_batch_stats,
            momentum,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}"
            f", track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation over ``(N, C)`` or ``(N, C, L)`` input, per channel ``C``.

    Training mode normalises with the batch's mean and (biased) variance and
    updates ``running_mean`` / ``running_var`` with the unbiased variance:
    ``running = (1 - momentum) * running + momentum * batch_stat``
    (``momentum=None``: cumulative average). Evaluation mode uses the running
    statistics.

    Args:
        num_features: number of channels ``C``.
        eps: added to the variance for stability.
        momentum: weight of the new batch in the running statistics.
        affine: learn a per-channel scale ``weight`` (ones) and shift ``bias`` (zeros).
        track_running_stats: keep running statistics (else always use batch stats).
        bias: learn the shift (with ``affine``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> bn = nn.BatchNorm1d(3)
        >>> bn(ag.randn(8, 3)).shape
        (8, 3)
        >>> int(bn.num_batches_tracked.item())
        1
    """

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim not in (2, 3):
            raise ValueError(
                f"expected 2D or 3D input (got {input.ndim}D input of shape {input.shape})"
            )


class BatchNorm2d(_BatchNorm):
    """Batch normalisation over ``(N, C, H, W)`` input, per channel ``C``.

    Arguments and behaviour as :class:`BatchNorm1d`.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.BatchNorm2d(4)(ag.randn(2, 4, 5, 5)).shape
        (2, 4, 5, 5)
    """

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim != 4:
            raise ValueError(f"expected 4D input (got {input.ndim}D input of shape {input.shape})")


class LayerNorm(Module):
    """Normalise each sample over its trailing ``normalized_shape`` dims.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias`` with the biased variance,
    the same in training and evaluation.

    Args:
        normalized_shape: size (or sizes) of the trailing dims to normalise.
        eps: added to the variance for stability.
        elementwise_affine: learn ``weight`` (ones) and ``bias`` (zeros) of that shape.
        bias: learn the shift (with ``elementwise_affine``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> ln = nn.LayerNorm(4)
        >>> ln
        LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)
        >>> ln(ag.randn(2, 4)).shape
        (2, 4)
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: Any = None,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        check_device("LayerNorm", device)
        if isinstance(normalized_shape, (int, np.integer)):
            normalized_shape = (int(normalized_shape),)
        self.normalized_shape = tuple(int(n) for n in normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        dtype = _dtype(dtype)
        _register_affine(self, self.normalized_shape, elementwise_affine, bias, dtype)

    def reset_parameters(self) -> None:
        """Weight 1, bias 0."""
        _reset_affine(self)

    def forward(self, input: Tensor) -> Tensor:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}"
        )


class GroupNorm(Module):
    """Normalise each sample over groups of ``num_channels // num_groups`` channels.

    The mean and biased variance of each group are taken over its channels and all
    trailing dims of an ``(N, C, *)`` input; the same in training and evaluation.

    Args:
        num_groups: number of groups the channels are split into.
        num_channels: number of channels ``C``; a multiple of ``num_groups``.
        eps: added to the variance for stability.
        affine: learn a per-channel ``weight`` (ones) and ``bias`` (zeros).
        device: ``None`` or ``"cpu"``, the only device.
        dtype: dtype of the parameters (float32 by default).
        bias: learn the shift (with ``affine``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> gn = nn.GroupNorm(2, 4)
        >>> gn
        GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)
        >>> gn(ag.randn(3, 4, 5)).shape
        (3, 4, 5)
    """

    def __init__(
        self,
        num_groups: int,
        num_channels: int,
        eps: float = 1e-5,
        affine: bool = True,
        device: Any = None,
        dtype: DTypeLike = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        check_device("GroupNorm", device)
        if num_channels % num_groups:
            raise ValueError(
                f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})"
            )
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        dtype = _dtype(dtype)
        _register_affine(self, num_channels, affine, bias, dtype)

    def reset_parameters(self) -> None:
        """Weight 1, bias 0."""
        _reset_affine(self)

    def forward(self, input: Tensor) -> Tensor:
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
            f"affine={self.affine}, bias={self.bias is not None}"
        )


class InstanceNorm2d(_BatchNorm):
    """Normalise each channel of each sample of ``(N, C, H, W)`` (or ``(C, H, W)``) input
    over its ``H x W`` values.

    With ``track_running_stats`` the running mean and variance are updated in training
    (batch averages of the per-instance statistics) and used in evaluation mode;
    otherwise each input is always normalised with its own statistics.

    Args:
        num_features: number of channels ``C``.
        eps: added to the variance for stability.
        momentum: weight of the new batch in the running statistics.
        affine: learn a per-channel ``weight`` (ones) and ``bias`` (zeros).
        track_running_stats: keep running statistics for evaluation mode.
        device: ``None`` or ``"cpu"``, the only device.
        dtype: dtype of parameters and buffers (float32 by default).
        bias: learn the shift (with ``affine``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> norm = nn.InstanceNorm2d(3)
        >>> norm  # doctest: +NORMALIZE_WHITESPACE
        InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, bias=False,
                       track_running_stats=False)
        >>> norm(ag.randn(2, 3, 4, 4)).shape
        (2, 3, 4, 4)
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = False,
        track_running_stats: bool = False,
        device: Any = None,
        dtype: DTypeLike = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias
        )

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim not in (3, 4):
            raise ValueError(
                f"expected 3D or 4D input (got {input.ndim}D input of shape {input.shape})"
            )

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        channels = input.shape[-3]
        if channels != self.num_features:
            if self.affine:
                raise ValueError(
                    f"expected input's size at dim={input.ndim - 3} to match "
                    f"num_features ({self.num_features}), but got: {channels}."
                )
            warnings.warn(
                f"input's size at dim={input.ndim - 3} does not match num_features. "
                "You can silence this warning by not passing in num_features, "
                "which is not used because affine=False",
                stacklevel=2,
            )
        unbatched = input.ndim == 3
        x = input.unsqueeze(0) if unbatched else input
        use_input_stats = self.training or not self.track_running_stats
        out = F.instance_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            use_input_stats,
            0.0 if self.momentum is None else self.momentum,
            self.eps,
        )
        return out.squeeze(0) if unbatched else out
