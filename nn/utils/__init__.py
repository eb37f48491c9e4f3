"""Gradient clipping and parameter flattening, as ``torch.nn.utils``."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

import autograd as ag
from autograd import Tensor

from . import rnn

__all__ = [
    "clip_grad_norm_",
    "clip_grad_value_",
    "parameters_to_vector",
    "rnn",
    "vector_to_parameters",
]


def _grads(parameters: Tensor | Iterable[Tensor]) -> list[Tensor]:
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p.grad for p in params if p.grad is not None]


def clip_grad_norm_(
    parameters: Tensor | Iterable[Tensor],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Scale gradients in place so that their joint norm is at most ``max_norm``.

    The norm is taken over all gradients together, as if concatenated into one
    vector. Gradients are multiplied by ``min(1, max_norm / (total_norm + 1e-6))``.

    Args:
        parameters: a Tensor or an iterable of Tensors (e.g. ``model.parameters()``);
            those without ``.grad`` are skipped.
        max_norm: the largest allowed norm.
        norm_type: order of the p-norm; ``float('inf')`` for the largest absolute value,
            ``-inf`` for the smallest; ``0`` (as torch, the 0-norm of the
            per-tensor norms) counts the gradients that have a non-zero element.
        error_if_nonfinite: raise if the total norm is nan or inf (instead of
            scaling the gradients by a non-finite factor).
        foreach: accepted for PyTorch compatibility; ignored.

    Returns:
        The total norm before clipping, as a 0-d Tensor.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> w = ag.zeros(2, requires_grad=True)
        >>> (w * ag.tensor([3.0, 4.0])).sum().backward()
        >>> nn.utils.clip_grad_norm_([w], max_norm=1.0)
        tensor(5.)
        >>> w.grad
        tensor([0.6000, 0.8000])
    """
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return Tensor(np.array(0.0, dtype=np.float32))
    dtype = grads[0]._data.dtype
    if norm_type == math.inf:
        total = float(np.max([np.abs(g._data).max(initial=0.0) for g in grads]))
    elif norm_type == -math.inf:
        total = float(np.min([np.abs(g._data).min(initial=math.inf) for g in grads]))
    elif norm_type == 0.0:  # torch's 0-norm of the per-tensor 0-norms: tensors with a non-zero
        total = float(sum(bool(np.any(g._data)) for g in grads))
    else:
        per_param = [np.sum(np.abs(g._data.astype(np.float64)) ** norm_type) for g in grads]
        total = float(np.sum(per_param) ** (1.0 / norm_type))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    coef = min(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g._data *= np.asarray(coef, dtype=g._data.dtype)
    return Tensor(np.array(total, dtype=dtype))


def clip_grad_value_(
    parameters: Tensor | Iterable[Tensor], clip_value: float, foreach: bool | None = None
) -> None:
    """Clamp every gradient element into ``[-clip_value, clip_value]`` in place.

    ``foreach`` is accepted for PyTorch compatibility and ignored.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> w = ag.zeros(2, requires_grad=True)
        >>> (w * ag.tensor([3.0, -0.5])).sum().backward()
        >>> nn.utils.clip_grad_value_([w], 1.0)
        >>> w.grad
        tensor([ 1.0000, -0.5000])
    """
    clip_value = float(clip_value)
    for g in _grads(parameters):
        np.clip(g._data, -clip_value, clip_value, out=g._data)


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All ``parameters`` flattened and joined into one vector, as torch's.

    The result is differentiable (a concatenation of the flattened parameters), so a
    loss on it sends gradients back to every parameter.

    Example:
        >>> import nn
        >>> lin = nn.Linear(3, 2)
        >>> nn.utils.parameters_to_vector(lin.parameters()).shape
        (8,)
    """
    if isinstance(parameters, Tensor):
        raise TypeError(
            "parameters_to_vector: expected an iterable of Tensors (e.g. "
            "model.parameters()), got one Tensor"
        )
    params = list(parameters)
    for i, p in enumerate(params):
        if not isinstance(p, Tensor):
            raise TypeError(f"expected Tensor, but got: {type(p).__name__} (parameter {i})")
    if not params:
        raise RuntimeError("parameters_to_vector: expected a non-empty list of Tensors")
    return ag.cat([p.reshape(-1) for p in params])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of ``vec`` into ``parameters``, as torch's.

    Each parameter's storage becomes a view of its slice of ``vec`` (as torch's
    ``param.data = ...``), so it takes ``vec``'s dtype and later writes to ``vec``
    show in the parameters. The assignment is not recorded by autograd.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> lin = nn.Linear(2, 1)
        >>> nn.utils.vector_to_parameters(ag.tensor([1.0, 2.0, 3.0]), lin.parameters())
        >>> lin.weight, lin.bias
        (Parameter containing:
        tensor([[1., 2.]], requires_grad=True), Parameter containing:
        tensor([3.], requires_grad=True))
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected Tensor, but got: {type(vec).__name__}")
    if vec.ndim != 1:
        raise RuntimeError(f"vector_to_parameters: vec must be 1-D, got shape {vec.shape}")
    params = list(parameters)
    need = sum(p._data.size for p in params)
    if vec._data.size < need:
        raise RuntimeError(
            f"vector_to_parameters: vec has {vec._data.size} elements but the "
            f"{len(params)} parameters need {need}"
        )
    flat = vec._data
    start = 0
    for p in params:
        n = p._data.size
        p._data = flat[start : start + n].reshape(p._data.shape)
        start += n
