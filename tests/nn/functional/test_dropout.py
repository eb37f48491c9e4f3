"""F.dropout and F.dropout2d: the identity in eval for any dtype, integer inputs refused in
training, and masks drawn through the library's generator."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import requires_torch, torch

tnn = torch.nn if torch is not None else None


@requires_torch
@requires_torch
def test_dropout_in_eval_is_the_identity_for_any_dtype_and_refuses_integers_in_training():
    for lib_dropout, values in (
        (nn.Dropout(0.5), ag.tensor([1, 2])),
        (torch.nn.Dropout(0.5), torch.tensor([1, 2])),
    ):
        out = lib_dropout.eval()(values)
        assert str(out.dtype).replace("torch.", "") == "int64"
        assert out.tolist() == [1, 2]
        with pytest.raises(RuntimeError):
            lib_dropout.train()(values)


@requires_torch
def test_dropout2d_draws_through_library_generator_and_edges():
    ag.manual_seed(3)
    a = F.dropout2d(ag.ones(2, 5, 2, 2))
    ag.manual_seed(3)
    b = F.dropout2d(ag.ones(2, 5, 2, 2))
    assert np.array_equal(a._data, b._data)
    assert np.array_equal(F.dropout2d(ag.ones(2, 3, 2, 2), 0.0)._data, np.ones((2, 3, 2, 2)))
    assert not F.dropout2d(ag.ones(2, 3, 2, 2), 1.0)._data.any()
    with pytest.warns(UserWarning, match="3D input"):
        y = F.dropout2d(ag.ones(4, 6, 5))
    assert np.allclose(y._data, y._data[..., :1])
    with pytest.raises(ValueError):
        nn.Dropout2d(1.5)
    with pytest.raises(ValueError):
        tnn.Dropout2d(1.5)
    with pytest.raises(ValueError):
        F.dropout2d(ag.ones(2, 2, 2, 2), -0.1)
