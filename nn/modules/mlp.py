"""``MLP``: a stack of Linear layers with an activation (and dropout) between them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .activation import ReLU
from .container import Sequential
from .dropout import Dropout
from .linear import Linear
from .module import Module


class MLP(Sequential):
    """A multilayer perceptron, ``Linear -> activation [-> Dropout] -> ... -> Linear``.

    ``sizes=[784, 128, 10]`` builds ``Linear(784, 128)``, the activation,
    ``Dropout`` when ``dropout > 0``, then ``Linear(128, 10)``; nothing follows the
    last Linear (it produces logits). It *is* a :class:`Sequential`, so its
    children are numbered in order and its ``state_dict`` keys (``0.weight``,
    ``0.bias``, ``2.weight``, ...) are those of the equivalent
    ``torch.nn.Sequential``: weights load into either.

    Args:
        sizes: layer widths, input first; at least two.
        activation: a Module class (or factory) called once per hidden layer, e.g.
            ``nn.ReLU``, ``nn.Tanh``, ``lambda: nn.LeakyReLU(0.1)``.
        dropout: dropout probability after each activation, in [0, 1).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> mlp = nn.MLP([784, 128, 10], dropout=0.1)
        >>> mlp
        MLP(
          (0): Linear(in_features=784, out_features=128, bias=True)
          (1): ReLU()
          (2): Dropout(p=0.1, inplace=False)
          (3): Linear(in_features=128, out_features=10, bias=True)
        )
        >>> mlp(ag.zeros(32, 784)).shape
        (32, 10)
        >>> mlp.num_parameters()
        101770
    """

    def __init__(
        self, sizes: Sequence[int], activation: Callable[[], Module] = ReLU, dropout: float = 0.0
    ) -> None:
        sizes = list(sizes)
        if len(sizes) < 2 or not all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0 for n in sizes
        ):
            raise ValueError(
                f"MLP: sizes must be at least two positive ints (input, ..., output), got {sizes}"
            )
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"MLP: dropout must be in [0, 1), got {dropout}")
        layers: list[Module] = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(Linear(int(n_in), int(n_out)))
            if i < len(sizes) - 2:
                act = activation if isinstance(activation, Module) else activation()
                if not isinstance(act, Module):
                    raise TypeError(
                        f"MLP: activation must build a Module, got {type(act).__name__}"
                    )
                layers.append(act)
                if dropout > 0:
                    layers.append(Dropout(dropout))
        super().__init__(*layers)
        self.sizes = sizes
