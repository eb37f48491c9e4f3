"""Convolution, the functional form of :class:`nn.Conv2d`.

Mirrors :mod:`nn.modules.conv`; ``conv2d`` is the autograd kernel, re-exported.
"""

from __future__ import annotations

from autograd.ops.conv import conv2d

__all__ = ["conv2d"]
