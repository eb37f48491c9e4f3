"""Parameter initialisation, as ``torch.nn.init``.

Every function fills ``tensor._data`` in place (keeping its dtype), draws from
``autograd.random.generator()`` so ``ag.manual_seed`` makes it reproducible, and
returns the tensor. Nothing is recorded in the autograd graph.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.random import generator

_GAINS = {
    "linear": 1.0,
    "identity": 1.0,
    "conv1d": 1.0,
    "conv2d": 1.0,
    "conv3d": 1.0,
    "conv_transpose1d": 1.0,
    "conv_transpose2d": 1.0,
    "conv_transpose3d": 1.0,
    "sigmoid": 1.0,
    "tanh": 5.0 / 3,
    "relu": math.sqrt(2.0),
    "selu": 3.0 / 4,
}


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity (scales the std of the init).

    Args:
        nonlinearity: ``linear``, ``conv2d``, ``sigmoid``, ``tanh``, ``relu``,
            ``leaky_relu``, ``selu`` ...
        param: the negative slope for ``leaky_relu`` (default 0.01).

    Example:
        >>> import nn
        >>> round(nn.init.calculate_gain("relu"), 4)
        1.4142
    """
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity in _GAINS:
        return _GAINS[nonlinearity]
    raise ValueError(
        f"Unsupported nonlinearity {nonlinearity}; supported: "
        f"{', '.join(sorted([*_GAINS, 'leaky_relu']))}"
    )


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight shaped (out, in, *kernel)."""
    if tensor.ndim < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than "
            f"2 dimensions (got shape {tensor.shape})"
        )
    receptive = int(np.prod(tensor.shape[2:])) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _reset_layer(weight: Tensor, bias: Tensor | None) -> None:
    """PyTorch's default for Linear and Conv layers: kaiming-uniform weight with
    a=sqrt(5), bias uniform in +-1/sqrt(fan_in)."""
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = _calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        uniform_(bias, -bound, bound)


def _fill(tensor: Any, values: Any) -> Any:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"nn.init expects a Tensor or Parameter, got {type(tensor).__name__}")
    tensor._data[...] = values
    return tensor


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with values drawn from U(a, b).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> w = nn.init.uniform_(ag.zeros(1000), -0.5, 0.5)
        >>> bool((w._data >= -0.5).all() and (w._data < 0.5).all())
        True
    """
    if a > b:
        raise RuntimeError(f"uniform_ expects a <= b, got a={a}, b={b}")
    return _fill(tensor, generator().uniform(a, b, size=tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with values drawn from N(mean, std**2).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.init.normal_(ag.zeros(3)).dtype
        dtype('float32')
    """
    if std < 0:
        raise RuntimeError(f"normal_ expects std >= 0, got {std}")
    return _fill(tensor, generator().normal(mean, std, size=tensor.shape))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.init.constant_(ag.zeros(2), 0.5)
        tensor([0.5000, 0.5000])
    """
    return _fill(tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.init.ones_(ag.zeros(2))
        tensor([1., 1.])
    """
    return _fill(tensor, 1)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.init.zeros_(ag.ones(2))
        tensor([0., 0.])
    """
    return _fill(tensor, 0)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Glorot uniform: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> w = nn.init.xavier_uniform_(ag.zeros(30, 20))
        >>> bool(abs(w._data).max() <= (6 / 50) ** 0.5)
        True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return _fill(tensor, generator().uniform(-bound, bound, size=tensor.shape))


def xavier_normal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    """Glorot normal: N(0, std**2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.init.xavier_normal_(ag.zeros(3, 2)).shape
        (3, 2)
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return _fill(tensor, generator().normal(0.0, std, size=tensor.shape))


def kaiming_uniform_(
    tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu"
) -> Tensor:
    """He uniform: U(-b, b) with ``b = gain * sqrt(3 / fan)``.

    ``gain = calculate_gain(nonlinearity, a)``; Linear's default init is this with
    ``a=sqrt(5)``.

    Args:
        tensor: a weight shaped (out, in, *kernel).
        a: negative slope of the rectifier after this layer (``leaky_relu`` only).
        mode: ``fan_in`` (preserves forward variance) or ``fan_out`` (backward).
        nonlinearity: ``relu`` or ``leaky_relu`` (recommended), or any name
            :func:`calculate_gain` knows.

    Example:
        >>> import math
        >>> import autograd as ag
        >>> import nn
        >>> w = nn.init.kaiming_uniform_(ag.zeros(10, 6), a=math.sqrt(5))
        >>> bool(abs(w._data).max() <= 1 / math.sqrt(6))
        True
    """
    if 0 in tensor.shape:
        return tensor
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / _fan(tensor, mode))
    return _fill(tensor, generator().uniform(-bound, bound, size=tensor.shape))


def kaiming_normal_(
    tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu"
) -> Tensor:
    """He normal: N(0, std**2) with ``std = calculate_gain(nonlinearity, a) / sqrt(fan)``.

    Arguments as :func:`kaiming_uniform_`.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.init.kaiming_normal_(ag.zeros(4, 3), mode="fan_out", nonlinearity="relu").shape
        (4, 3)
    """
    if 0 in tensor.shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return _fill(tensor, generator().normal(0.0, std, size=tensor.shape))
