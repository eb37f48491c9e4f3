"""``torch.utils.data``'s names, which in this library live in the :mod:`data` package.

This is the one place where ``autograd`` refers to a package built on top of it, and only
when a program asks for it (``torch.utils.data.DataLoader`` with ``import autograd as
torch``); nothing in the library imports this module.

Example:
    >>> import autograd.utils.data as tud
    >>> len(tud.TensorDataset(tud.default_convert([[1.0], [2.0]])))
    2
"""

from data import *  # noqa: F403
from data import __all__  # noqa: F401
