"""The affine map ``x @ weight.T + bias``, the functional form of :class:`nn.Linear`.

Mirrors :mod:`nn.modules.linear`; ``linear`` is the fused autograd kernel, re-exported.
"""

from __future__ import annotations

from autograd import linear

__all__ = ["linear"]
