"""``Parameter`` (``nn.Parameter``): a Tensor that a Module registers as one of its learnable
weights.

It is defined here, beside :class:`~autograd.Tensor`, because it is a kind of tensor that the
checkpoint format (:mod:`autograd.checkpoint_format`) records and restores; :mod:`nn` gives it its
usual name.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .tensor import Tensor


class Parameter(Tensor):
    """A Tensor that is a learnable weight of a :class:`nn.Module`.

    Assigning a Parameter to a Module attribute registers it, so it appears in
    ``parameters()``, ``named_parameters()`` and ``state_dict()``. A Parameter
    is a leaf that requires grad by default.

    Args:
        data: a Tensor (whose array is shared, not copied, as in PyTorch) or
            anything ``Tensor`` accepts (converted with the usual dtype rules).
            ``None`` gives an empty float32 parameter.
        requires_grad: whether the parameter records gradients (default True).

    Example:
        >>> import nn
        >>> w = nn.Parameter([1.0, 2.0])
        >>> w
        Parameter containing:
        tensor([1., 2.], requires_grad=True)
        >>> w.requires_grad, w.is_leaf
        (True, True)
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            data = np.empty(0, dtype=np.float32)
        array = data._data if isinstance(data, Tensor) else Tensor(data)._data
        Tensor.__init__(self, np.empty(0, dtype=array.dtype))
        self._data = array
        if requires_grad:
            self.requires_grad = True

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
