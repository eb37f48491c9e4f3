"""F.layer_norm as one fused node: forward, backward and higher derivatives against torch."""

from __future__ import annotations

import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import check_higher_order, check_op, requires_torch, torch

pytestmark = requires_torch

TF = torch.nn.functional if torch is not None else None


@pytest.mark.parametrize(
    ("shape", "normalized"), [((4, 6), (6,)), ((2, 3, 4), (3, 4)), ((5,), (5,))]
)
@pytest.mark.parametrize("affine", ["none", "weight", "both"])
def test_layer_norm_matches_torch(shape, normalized, affine):
    shapes = [shape] + [normalized] * {"none": 0, "weight": 1, "both": 2}[affine]

    def ours(x, *wb):
        return F.layer_norm(x, normalized, *wb, eps=1e-5)

    def theirs(x, *wb):
        return TF.layer_norm(x, normalized, *wb, eps=1e-5)

    check_op(ours, theirs, shapes)


def test_layer_norm_higher_order_matches_torch():
    check_higher_order(
        lambda x, w, b: F.layer_norm(x, (4,), w, b),
        lambda x, w, b: TF.layer_norm(x, (4,), w, b),
        [(3, 4), (4,), (4,)],
        order=2,
    )


def test_layer_norm_is_one_node_named_as_torch():
    x = ag.randn(2, 3, requires_grad=True)
    out = F.layer_norm(x, (3,), ag.ones(3, requires_grad=True), ag.zeros(3))
    assert out.grad_fn.name() == "NativeLayerNormBackward0"


def test_layer_norm_bias_only_matches_torch():
    check_op(
        lambda x, b: F.layer_norm(x, (4,), None, b),
        lambda x, b: TF.layer_norm(x, (4,), None, b),
        [(3, 4), (4,)],
    )


def test_layer_norm_weight_of_wrong_shape_is_refused():
    with pytest.raises(RuntimeError, match=r"weight of shape \(3,\) does not match"):
        F.layer_norm(ag.zeros(2, 4), (4,), ag.ones(3))
