"""nn: layers, losses, initialisation and checkpoints on top of :mod:`autograd`.

Example:
    >>> import nn
    >>> nn.Parameter([1.0]).requires_grad
    True
"""

from . import init
from .modules import IncompatibleKeys, Module
from .parameter import Parameter
