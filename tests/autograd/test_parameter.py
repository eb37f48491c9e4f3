"""nn.Parameter (autograd/parameter.py): its repr, and sharing one Parameter between modules."""

from __future__ import annotations

import autograd as ag
import nn


def test_parameter_repr_and_sharing():
    t = ag.ones(2)
    p = nn.Parameter(t)
    assert repr(p) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert p._data is t._data and p.is_leaf and isinstance(p, ag.Tensor)
    assert not nn.Parameter([1.0], requires_grad=False).requires_grad
