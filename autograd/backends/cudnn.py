"""``torch.backends.cudnn``: its flags, settable as in torch's CPU build.

``ag.backends.cudnn.benchmark = True`` and ``deterministic = True`` are accepted and
change nothing: without cuDNN, every op here is deterministic already.

Example:
    >>> import autograd as ag
    >>> ag.backends.cudnn.deterministic = True
    >>> ag.backends.cudnn.enabled, ag.backends.cudnn.deterministic
    (True, True)
    >>> ag.backends.cudnn.deterministic = False
"""

from __future__ import annotations

__all__ = ["allow_tf32", "benchmark", "deterministic", "enabled", "is_available", "version"]

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available() -> bool:
    """Whether cuDNN can be used: never, here.

    Example:
        >>> import autograd as ag
        >>> ag.backends.cudnn.is_available()
        False
    """
    return False


def version() -> int | None:
    """cuDNN's version: ``None``, as it is not there.

    Example:
        >>> import autograd as ag
        >>> ag.backends.cudnn.version() is None
        True
    """
    return None
