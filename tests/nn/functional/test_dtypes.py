"""The functional layers keep float32 and promote mixed dtypes as torch does."""

from __future__ import annotations

import numpy as np

import autograd as ag
import nn.functional as F
from tests.helpers import requires_torch, torch

TF = torch.nn.functional if torch is not None else None


def _signs(n, seed=0):
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=n)


@requires_torch
def test_functionals_keep_float32_and_promote_like_torch():
    rng = np.random.default_rng(0)

    def f32(*shape):
        return ag.tensor(rng.uniform(0.5, 2, shape).astype(np.float32), requires_grad=True)

    signs = ag.tensor(_signs(4).astype(np.float32))
    outs = {
        "group_norm": F.group_norm(f32(2, 4, 3), 2, f32(4), f32(4)),
        "instance_norm": F.instance_norm(f32(2, 3, 4, 4), ag.zeros(3), ag.ones(3)),
        "cosine_similarity": F.cosine_similarity(f32(3, 4), f32(1, 4)),
        "pairwise_distance": F.pairwise_distance(f32(3, 4), f32(3, 4)),
        "margin_ranking": F.margin_ranking_loss(f32(4), f32(4), signs),
        "hinge_embedding": F.hinge_embedding_loss(f32(4), signs),
        "cosine_embedding": F.cosine_embedding_loss(f32(4, 3), f32(4, 3), signs),
        "triplet_margin": F.triplet_margin_loss(f32(4, 3), f32(4, 3), f32(4, 3), swap=True),
        "poisson_nll": F.poisson_nll_loss(f32(4), f32(4) * 3, full=True),
        "gaussian_nll": F.gaussian_nll_loss(f32(4, 3), f32(4, 3), f32(4), full=True),
        "pixel_shuffle": F.pixel_shuffle(f32(1, 4, 2, 2), 2),
        "glu": F.glu(f32(2, 4)),
        "dropout2d": F.dropout2d(f32(2, 3, 2, 2)),
    }
    for name, out in outs.items():
        assert out.dtype == np.float32, name
    a, b = rng.random((3, 4)).astype(np.float32), rng.random((3, 1))
    assert F.cosine_similarity(ag.tensor(a), ag.tensor(b)).dtype == np.float64
    assert TF.cosine_similarity(torch.tensor(a), torch.tensor(b)).dtype == torch.float64
