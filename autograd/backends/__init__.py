"""``torch.backends`` as in torch's CPU-only build: :mod:`~autograd.backends.mps` and
:mod:`~autograd.backends.cudnn` report that they are not available, and cuDNN's flags
can be set (they change nothing here).

Example:
    >>> import autograd as ag
    >>> ag.backends.mps.is_available(), ag.backends.cudnn.is_available()
    (False, False)
"""

from . import cudnn, mps

__all__ = ["cudnn", "mps"]
