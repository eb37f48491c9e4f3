"""The one random generator every draw in the library comes from.

Factories (``randn``, ``rand``), parameter initialisation, dropout and data
shuffling all call :func:`generator`, so :func:`manual_seed` makes a whole run
reproducible.
"""

from __future__ import annotations

import numpy as np

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed every random draw the library makes and return the generator.

    Example:
        >>> import autograd as ag
        >>> _ = ag.manual_seed(0); a = ag.rand(3)
        >>> _ = ag.manual_seed(0); b = ag.rand(3)
        >>> bool((a == b).all())
        True
    """
    global _generator
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"manual_seed: seed must be an int, got {type(seed).__name__}")
    _generator = np.random.default_rng(int(seed))
    return _generator


def generator() -> np.random.Generator:
    """Return the library's shared ``np.random.Generator``."""
    return _generator
