"""``torch.backends.mps``: Apple's Metal backend, which this library does not have."""

from __future__ import annotations

__all__ = ["is_available", "is_built"]


def is_available() -> bool:
    """Whether the MPS device can be used: never, here.

    Example:
        >>> import autograd as ag
        >>> ag.backends.mps.is_available()
        False
    """
    return False


def is_built() -> bool:
    """Whether the library was built with MPS support: no.

    Example:
        >>> import autograd as ag
        >>> ag.backends.mps.is_built()
        False
    """
    return False
