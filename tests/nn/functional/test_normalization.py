"""F.batch_norm, F.layer_norm (one fused node), F.group_norm and F.instance_norm against
torch: values, higher derivatives, running statistics and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import (
    assert_close,
    check_higher_order,
    check_op,
    requires_torch,
    torch,
)

TF = torch.nn.functional if torch is not None else None


def randn(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


tnn = torch.nn if torch is not None else None


@requires_torch
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


@requires_torch
def test_layer_norm_higher_order_matches_torch():
    check_higher_order(
        lambda x, w, b: F.layer_norm(x, (4,), w, b),
        lambda x, w, b: TF.layer_norm(x, (4,), w, b),
        [(3, 4), (4,), (4,)],
        order=2,
    )


@requires_torch
def test_layer_norm_is_one_node_named_as_torch():
    x = ag.randn(2, 3, requires_grad=True)
    out = F.layer_norm(x, (3,), ag.ones(3, requires_grad=True), ag.zeros(3))
    assert out.grad_fn.name() == "NativeLayerNormBackward0"


@requires_torch
def test_layer_norm_bias_only_matches_torch():
    check_op(
        lambda x, b: F.layer_norm(x, (4,), None, b),
        lambda x, b: TF.layer_norm(x, (4,), None, b),
        [(3, 4), (4,)],
    )


@requires_torch
def test_layer_norm_weight_of_wrong_shape_is_refused():
    with pytest.raises(RuntimeError, match=r"weight of shape \(3,\) does not match"):
        F.layer_norm(ag.zeros(2, 4), (4,), ag.ones(3))


@requires_torch
def test_gradcheck_layer_norm():
    x, w, b = (
        ag.Tensor(randn(*s, seed=i), requires_grad=True) for i, s in enumerate([(3, 4), (4,), (4,)])
    )
    assert ag.gradcheck(lambda x, w, b: F.layer_norm(x, 4, w, b), [x, w, b])


@requires_torch
def test_gradcheck_batch_norm_training():
    x, w, b = (
        ag.Tensor(randn(*s, seed=i), requires_grad=True)
        for i, s in enumerate([(5, 3, 2), (3,), (3,)])
    )
    assert ag.gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [x, w, b])


@requires_torch
def test_functional_batch_norm_updates_given_running_stats():
    rm, rv = ag.zeros(3), ag.ones(3)
    x = randn(6, 3)
    F.batch_norm(ag.Tensor(x), rm, rv, training=True, momentum=0.1)
    trm, trv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    torch.nn.functional.batch_norm(torch.tensor(x), trm, trv, training=True, momentum=0.1)
    assert_close(rm, trm, rtol=1e-6)
    assert_close(rv, trv, rtol=1e-6)


@requires_torch
@requires_torch
@pytest.mark.parametrize(
    "training,given",
    [(True, "mean"), (True, "var"), (False, "mean"), (False, "var"), (False, "none")],
)
def test_functional_batch_norm_missing_running_stats_raise_like_torch(training, given):
    x = np.random.default_rng(0).standard_normal((4, 3))
    stats = {"mean": (np.zeros(3), None), "var": (None, np.ones(3)), "none": (None, None)}[given]
    with pytest.raises(Exception) as theirs:
        torch.nn.functional.batch_norm(
            torch.tensor(x),
            *[None if s is None else torch.tensor(s) for s in stats],
            training=training,
        )
    with pytest.raises(theirs.type):
        F.batch_norm(
            ag.Tensor(x), *[None if s is None else ag.Tensor(s) for s in stats], training=training
        )


@requires_torch
def test_group_norm_errors():
    with pytest.raises(ValueError, match=r"num_channels \(4\).*num_groups \(3\)"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError):
        tnn.GroupNorm(3, 4)
    with pytest.raises(RuntimeError, match="num_groups=4"):
        F.group_norm(ag.ones(2, 6, 3), 4)
    with pytest.raises(RuntimeError):
        TF.group_norm(torch.ones(2, 6, 3), 4)


@requires_torch
def test_instance_norm_functional_gradcheck_and_errors():
    check_op(
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
        lambda x, w, b: TF.instance_norm(x, weight=w, bias=b),
        shapes=[(2, 3, 4), (3,), (3,)],
    )
    with pytest.raises(ValueError, match="3D or 4D"):
        nn.InstanceNorm2d(3)(ag.ones(2, 3))
    with pytest.raises(ValueError):
        tnn.InstanceNorm2d(3)(torch.ones(2, 3))
    with pytest.raises(ValueError, match="num_features"):
        nn.InstanceNorm2d(4, affine=True)(ag.ones(2, 3, 4, 4))
    with pytest.raises(ValueError):
        tnn.InstanceNorm2d(4, affine=True)(torch.ones(2, 3, 4, 4))
    with pytest.warns(UserWarning, match="num_features"):
        nn.InstanceNorm2d(4)(ag.randn(2, 3, 4, 4))
    with pytest.raises(ValueError):
        F.instance_norm(ag.ones(2, 3, 1, 1))
    with pytest.raises(ValueError):
        TF.instance_norm(torch.ones(2, 3, 1, 1))
