"""``nn.Parameter``: a Tensor that a Module registers as one of its learnable weights.

The class lives in :mod:`autograd.parameter`, beside the Tensor and the checkpoint format
that stores it; this module gives it torch's place.

Example:
    >>> import nn
    >>> from nn.parameter import Parameter
    >>> Parameter is nn.Parameter
    True
"""

from autograd.parameter import Parameter

__all__ = ["Parameter"]
