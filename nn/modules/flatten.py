"""``Flatten`` merges a range of dims into one; ``Unflatten`` splits one dim into several."""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd import Tensor
from autograd._shape import normalize_dim

from .module import Module


class Flatten(Module):
    """Flatten dims ``start_dim..end_dim`` into one (by default all but the batch dim).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.Flatten()(ag.zeros(32, 1, 28, 28)).shape
        (32, 784)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split dim ``dim`` into ``unflattened_size`` (one entry may be -1), as ``torch.nn.Unflatten``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> unflatten = nn.Unflatten(1, (1, 28, 28))
        >>> unflatten
        Unflatten(dim=1, unflattened_size=(1, 28, 28))
        >>> unflatten(ag.zeros(32, 784)).shape
        (32, 1, 28, 28)
    """

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        if not isinstance(dim, int):
            raise TypeError(
                f"Unflatten: dim must be an int (named dims are not supported), "
                f"got {type(dim).__name__} {dim!r}"
            )
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(
                "unflattened_size must be a tuple of ints, but found type "
                f"{type(unflattened_size).__name__}"
            )
        for i, size in enumerate(unflattened_size):
            if not isinstance(size, int):
                raise TypeError(
                    "unflattened_size must be tuple of ints, but found element of "
                    f"type {type(size).__name__} at pos {i}"
                )
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input: Tensor) -> Tensor:
        d = normalize_dim(self.dim, input.ndim, "unflatten")
        sizes = list(self.unflattened_size)
        n = input.shape[d]
        if sizes.count(-1) > 1:
            raise RuntimeError(f"unflatten: only one dimension can be inferred, got sizes {sizes}")
        if -1 in sizes:
            known = math.prod(s for s in sizes if s != -1)
            if known == 0 or n % known:
                raise RuntimeError(
                    f"unflatten: Provided sizes {sizes} don't multiply up to the "
                    f"size of dim {self.dim} ({n}) in the input tensor"
                )
            sizes[sizes.index(-1)] = n // known
        elif math.prod(sizes) != n:
            raise RuntimeError(
                f"unflatten: Provided sizes {sizes} don't multiply up to the "
                f"size of dim {self.dim} ({n}) in the input tensor"
            )
        return input.reshape(*input.shape[:d], *sizes, *input.shape[d + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
