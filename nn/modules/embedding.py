"""``Embedding``: a lookup table of learnable vectors indexed by integers."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.grad_mode import no_grad

from .. import functional as F
from .. import init
from ..functional.embedding import _embedding_defaults_only
from ..parameter import Parameter
from ._device import check_device
from .module import Module


class Embedding(Module):
    """A table of ``num_embeddings`` vectors of size ``embedding_dim``, looked up by index.

    The weight is initialised from N(0, 1) (the ``padding_idx`` row, if any, is
    zeroed). Gradients of repeated indices in a batch accumulate; the padding
    row never receives a gradient.

    Args:
        num_embeddings: number of rows (the vocabulary size).
        embedding_dim: size of each vector.
        padding_idx: a row that stays fixed (may be negative, counted from the end).
        max_norm, norm_type, scale_grad_by_freq, sparse: torch's options, accepted at their
            defaults only (others raise NotImplementedError).
        device: ``None`` or ``"cpu"``, the only device.
        dtype: weight dtype (default float32).

    Shape:
        integer input ``(*)`` -> output ``(*, embedding_dim)``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> emb = nn.Embedding(10, 3, padding_idx=0)
        >>> emb
        Embedding(10, 3, padding_idx=0)
        >>> emb(ag.tensor([[1, 2], [0, 9]])).shape
        (2, 2, 3)
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: Any = None,
        _freeze: bool = False,
        device: Any = None,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        _embedding_defaults_only("Embedding", max_norm, scale_grad_by_freq, sparse)
        check_device("Embedding", device)
        self.num_embeddings = int(num_embeddings)
        self.embedding_dim = int(embedding_dim)
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError(
                    f"Embedding: padding_idx {padding_idx} must be within "
                    f"num_embeddings ({num_embeddings})"
                )
            padding_idx = padding_idx % num_embeddings
        self.padding_idx = padding_idx
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        if _weight is None:
            self.weight = Parameter(
                np.empty((num_embeddings, embedding_dim), dtype=dtype), requires_grad=not _freeze
            )
            self.reset_parameters()
        else:
            weight = Tensor(_weight)
            if weight.shape != (num_embeddings, embedding_dim):
                raise ValueError(
                    f"Embedding: _weight has shape {weight.shape}, expected "
                    f"{(num_embeddings, embedding_dim)}"
                )
            self.weight = Parameter(weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Draw the weight from N(0, 1) and zero the padding row."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight._data[self.padding_idx] = 0

    @classmethod
    def from_pretrained(
        cls, embeddings: Any, freeze: bool = True, padding_idx: int | None = None
    ) -> Embedding:
        """An Embedding holding a copy of the 2-D ``embeddings`` (frozen by default).

        Example:
            >>> import nn
            >>> emb = nn.Embedding.from_pretrained([[1.0, 2.0], [3.0, 4.0]])
            >>> emb.weight.requires_grad
            False
        """
        weight = Tensor(embeddings)
        if weight.ndim != 2:
            raise ValueError(
                f"Embeddings parameter is expected to be 2-dimensional, got shape {weight.shape}"
            )
        rows, cols = weight.shape
        return cls(rows, cols, padding_idx=padding_idx, _weight=weight, _freeze=freeze)

    def forward(self, input: Tensor) -> Tensor:
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        return text
