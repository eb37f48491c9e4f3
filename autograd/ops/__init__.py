"""Differentiable ops, one Function subclass per primitive, grouped by mathematical family.

This package is the one table of op names. Each family module lists its public ops in its
``__all__``; the star imports below gather them, and from this namespace come the
``autograd.<name>`` functions (``autograd/__init__.py`` imports ``*`` from here), the
documentation of the Tensor methods that call them (:mod:`autograd._methods`) and
``autograd.__all__``.

The families, in the order they build on each other (each imports only those above it):

- :mod:`._operands`: turning arguments into Tensors, type promotion, ``cast``
- :mod:`.special`, :mod:`.exp_log`, :mod:`.trigonometric`, :mod:`.logic`
- :mod:`.shape`: views, joins and splits, ``getitem``/``setitem``
- :mod:`.indexing`: ``where``, ``gather``, ``sort``, ``topk``, ...
- :mod:`.piecewise`: ``abs``, ``relu``, rounding, ``clamp``, ``maximum``, ...
- :mod:`.arithmetic`: ``add``, ``mul``, ``div``, ``pow``, ``sqrt``, ...
- :mod:`.reduction`, :mod:`.linalg`
- :mod:`.nn` (the fused ops layers compose) and :mod:`.conv` (convolution and pooling),
  which are reached through :mod:`nn.functional`; of them only ``linear``, ``softmax`` and
  ``log_softmax`` are ``autograd`` names too.

Example:
    >>> import autograd as ag
    >>> from autograd import ops
    >>> ops.exp is ag.exp, "exp" in ops.__all__, "Exp" in ops.__all__
    (True, True, False)
"""

from typing import TYPE_CHECKING

from . import (
    _operands,
    arithmetic,
    exp_log,
    indexing,
    linalg,
    logic,
    piecewise,
    reduction,
    shape,
    special,
    trigonometric,
)
from ._operands import *  # noqa: F403
from .arithmetic import *  # noqa: F403
from .exp_log import *  # noqa: F403
from .indexing import *  # noqa: F403
from .linalg import *  # noqa: F403
from .logic import *  # noqa: F403
from .nn import linear, log_softmax, softmax
from .piecewise import *  # noqa: F403
from .reduction import *  # noqa: F403
from .shape import *  # noqa: F403
from .special import *  # noqa: F403
from .trigonometric import *  # noqa: F403

FAMILIES = (
    _operands,
    arithmetic,
    exp_log,
    trigonometric,
    piecewise,
    special,
    logic,
    reduction,
    shape,
    indexing,
    linalg,
)

# Built from the families' own lists, so each op name is written once, beside its code. Type
# checkers read the star imports above instead (they cannot add lists up), hence the guard.
if not TYPE_CHECKING:
    __all__ = sorted(
        [name for family in FAMILIES for name in family.__all__]
        + ["linear", "log_softmax", "softmax"]
    )
