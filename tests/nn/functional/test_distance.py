"""F.cosine_similarity and F.pairwise_distance against torch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch

tnn = torch.nn if torch is not None else None


TF = torch.nn.functional if torch is not None else None


TIGHT = {"rtol": 1e-10, "atol": 1e-12}


@requires_torch
@pytest.mark.parametrize(
    "shapes,dim",
    [
        ([(4, 5), (4, 5)], 1),
        ([(3, 4, 2), (3, 4, 2)], -1),
        ([(3, 5), (1, 5)], 1),
        ([(5,), (5,)], 0),
        ([(2, 3, 4), (2, 3, 4)], 0),
    ],
)
def test_cosine_similarity_matches_torch(shapes, dim):
    check_op(
        lambda a, b: F.cosine_similarity(a, b, dim),
        lambda a, b: TF.cosine_similarity(a, b, dim),
        shapes=shapes,
        **TIGHT,
    )
    ours, theirs = nn.CosineSimilarity(dim), tnn.CosineSimilarity(dim)
    assert repr(ours) == repr(theirs)
    a, b = make_inputs(shapes)
    assert_close(ours(ag.tensor(a), ag.tensor(b)), theirs(torch.tensor(a), torch.tensor(b)))


@requires_torch
def test_cosine_similarity_zero_vector_and_float32():
    a = np.array([[0.0, 0.0], [1.0, 2.0]])
    b = np.array([[1.0, 1.0], [2.0, 1.0]])
    check_op(F.cosine_similarity, TF.cosine_similarity, inputs=[a, b], gradcheck=False)
    out = F.cosine_similarity(ag.tensor(a, dtype=ag.float32), ag.tensor(b, dtype=ag.float32))
    assert out.dtype == np.float32
