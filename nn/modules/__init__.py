"""The layers of :mod:`nn`, one family per file (named as in ``torch.nn.modules``)."""

from .module import IncompatibleKeys, Module
