"""``torch.accelerator`` as in torch's CPU-only build: there is no accelerator.

Scripts written for any accelerator start with
``device = ag.accelerator.current_accelerator() if ag.accelerator.is_available() else
ag.device('cpu')``; that picks the CPU here.
"""

from __future__ import annotations

from .devices import device

__all__ = ["current_accelerator", "device_count", "is_available"]


def is_available() -> bool:
    """Whether an accelerator (CUDA, MPS, ...) can be used: never, here.

    Example:
        >>> import autograd as ag
        >>> ag.accelerator.is_available()
        False
    """
    return False


def current_accelerator(check_available: bool = False) -> device | None:
    """The accelerator's device type: ``None``, as there is none.

    Example:
        >>> import autograd as ag
        >>> ag.accelerator.current_accelerator() is None
        True
    """
    return None


def device_count() -> int:
    """The number of accelerator devices: 0.

    Example:
        >>> import autograd as ag
        >>> ag.accelerator.device_count()
        0
    """
    return 0
