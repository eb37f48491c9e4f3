"""Embedding lookups and one-hot encodings of integer indices.

Mirrors :mod:`nn.modules.embedding`.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor, where
from autograd._typing import TensorLike
from autograd.ops._operands import as_tensor

__all__ = ["embedding", "one_hot"]


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
