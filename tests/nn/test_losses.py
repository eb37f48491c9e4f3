"""Loss modules and functional losses against torch: every reduction and option, values and
gradients, in float64 and float32; stability at +-1e4; argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, requires_torch, torch

pytestmark = requires_torch
tnn = torch.nn if torch is not None else None
REDUCTIONS = ["mean", "sum", "none"]
DTYPES = [np.float64, np.float32]


def tol(dtype):
    return {"rtol": 1e-9, "atol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5, "atol": 1e-6}


def check_loss(ours, theirs, x, target, dtype=np.float64, target_grad=False):
    """Loss value and input gradient (random upstream for reduction='none') agree."""
    xa = ag.Tensor(x.astype(dtype), requires_grad=True)
    xt = torch.tensor(x.astype(dtype), requires_grad=True)
    floating = np.issubdtype(target.dtype, np.floating)
    tgt = target.astype(dtype) if floating else target
    ta = ag.Tensor(tgt, requires_grad=target_grad)
    tt = torch.tensor(tgt, requires_grad=target_grad)
    out, tout = ours(xa, ta), theirs(xt, tt)
    assert out.dtype == dtype
    assert_close(out, tout, what="loss", **tol(dtype))
    up = np.random.default_rng(5).standard_normal(out.shape).astype(dtype)
    out.backward(ag.Tensor(up))
    tout.backward(torch.tensor(up))
    assert_close(xa.grad, xt.grad, what="input gradient", **tol(dtype))
    if target_grad:
        assert_close(ta.grad, tt.grad, what="target gradient", **tol(dtype))


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"label_smoothing": 0.1},
        {"ignore_index": 2},
        {"weight": [0.5, 1.0, 2.0, 1.5]},
        {"weight": [0.5, 1.0, 2.0, 1.5], "ignore_index": 0, "label_smoothing": 0.2},
    ],
    ids=["plain", "smoothing", "ignore", "weight", "all"],
)
def test_cross_entropy_matches_torch(options, reduction, dtype):
    x = rng().standard_normal((6, 4)) * 3
    y = np.array([0, 2, 1, 3, 2, 0], dtype=np.int64)
    ours_opts = dict(options)
    theirs_opts = dict(options)
    if "weight" in options:
        ours_opts["weight"] = ag.tensor(np.array(options["weight"], dtype=dtype))
        theirs_opts["weight"] = torch.tensor(np.array(options["weight"], dtype=dtype))
    check_loss(
        nn.CrossEntropyLoss(reduction=reduction, **ours_opts),
        tnn.CrossEntropyLoss(reduction=reduction, **theirs_opts),
        x,
        y,
        dtype,
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_spatial_targets_and_probability_targets(reduction):
    x = rng(1).standard_normal((2, 3, 4, 5))
    y = rng(2).integers(0, 3, size=(2, 4, 5))
    check_loss(
        nn.CrossEntropyLoss(reduction=reduction), tnn.CrossEntropyLoss(reduction=reduction), x, y
    )
    probs = rng(3).dirichlet(np.ones(3), size=4)
    check_loss(
        nn.CrossEntropyLoss(reduction=reduction, label_smoothing=0.1),
        tnn.CrossEntropyLoss(reduction=reduction, label_smoothing=0.1),
        rng(4).standard_normal((4, 3)),
        probs,
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
def test_cross_entropy_is_finite_for_huge_logits(dtype):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]])
    y = np.array([1, 1], dtype=np.int64)
    check_loss(nn.CrossEntropyLoss(), tnn.CrossEntropyLoss(), x, y, dtype)
    xa = ag.Tensor(x.astype(dtype), requires_grad=True)
    loss = F.cross_entropy(xa, ag.tensor(y))
    loss.backward()
    assert np.isfinite(loss._data) and np.isfinite(xa.grad._data).all()


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    "options",
    [{}, {"ignore_index": 1}, {"weight": [2.0, 1.0, 0.5]}],
    ids=["plain", "ignore", "weight"],
)
def test_nll_loss_matches_torch(options, reduction):
    x = np.log(rng(6).dirichlet(np.ones(3), size=5))
    y = np.array([0, 1, 2, 1, 0], dtype=np.int64)
    ours_opts, theirs_opts = dict(options), dict(options)
    if "weight" in options:
        ours_opts["weight"] = ag.tensor(np.array(options["weight"]))
        theirs_opts["weight"] = torch.tensor(np.array(options["weight"]))
    check_loss(
        nn.NLLLoss(reduction=reduction, **ours_opts),
        tnn.NLLLoss(reduction=reduction, **theirs_opts),
        x,
        y,
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["MSELoss", "L1Loss"])
def test_regression_losses_match_torch(name, reduction, dtype):
    ours, theirs = getattr(nn, name), getattr(tnn, name)
    x = rng(7).standard_normal((4, 3))
    t = rng(8).standard_normal((4, 3))
    t[0, 0] = x[0, 0]  # a zero difference: L1's subgradient there is 0, as torch
    check_loss(
        ours(reduction=reduction), theirs(reduction=reduction), x, t, dtype, target_grad=True
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"weight": [[1.0, 2.0, 0.5]]},
        {"pos_weight": [3.0, 1.0, 0.2]},
        {"weight": [[1.0, 2.0, 0.5]], "pos_weight": [3.0, 1.0, 0.2]},
    ],
    ids=["plain", "weight", "pos_weight", "both"],
)
def test_bce_with_logits_matches_torch(options, reduction, dtype):
    x = rng(9).standard_normal((5, 3)) * 4
    x[0] = [0.0, 1e4, -1e4]  # the kink at 0 and the saturated ends
    t = (rng(10).random((5, 3)) > 0.5).astype(np.float64)
    t[1, 1] = 0.3  # soft labels are allowed
    ours_opts = {k: ag.tensor(np.array(v, dtype=dtype)) for k, v in options.items()}
    theirs_opts = {k: torch.tensor(np.array(v, dtype=dtype)) for k, v in options.items()}
    check_loss(
        nn.BCEWithLogitsLoss(reduction=reduction, **ours_opts),
        tnn.BCEWithLogitsLoss(reduction=reduction, **theirs_opts),
        x,
        t,
        dtype,
        target_grad=True,
    )


def test_loss_weights_are_buffers_like_torch():
    ours = nn.BCEWithLogitsLoss(weight=ag.ones(3), pos_weight=ag.ones(3))
    theirs = tnn.BCEWithLogitsLoss(weight=torch.ones(3), pos_weight=torch.ones(3))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert list(nn.CrossEntropyLoss(weight=ag.ones(2)).state_dict()) == ["weight"]
    assert list(nn.CrossEntropyLoss().state_dict()) == []


def test_gradcheck_composite_losses():
    x = ag.Tensor(rng(11).standard_normal((3, 4)), requires_grad=True)
    t = ag.Tensor(rng(12).random((3, 4)))
    pw = ag.Tensor(np.array([1.0, 2.0, 0.5, 3.0]))
    assert ag.gradcheck(lambda x: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw), [x])
    assert ag.gradcheck(lambda x: F.mse_loss(x, t), [x])


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("MSELoss", (np.ones(2), np.ones(2))),
        ("L1Loss", (np.ones(2), np.ones(2))),
        ("CrossEntropyLoss", (np.zeros((2, 3)), np.array([0, 1]))),
        ("NLLLoss", (np.zeros((2, 3)), np.array([0, 1]))),
        ("BCEWithLogitsLoss", (np.ones(2), np.ones(2))),
    ],
)
def test_bad_reduction_is_a_clear_error_when_the_loss_is_computed(name, args):
    ours = getattr(nn, name)(reduction="avg")  # built without complaint, as in torch
    theirs = getattr(tnn, name)(reduction="avg")
    with pytest.raises(ValueError):
        theirs(*[torch.tensor(a) for a in args])
    with pytest.raises(ValueError, match="'avg' is not a valid value for reduction"):
        ours(*[ag.tensor(a) for a in args])


def test_functional_bad_reduction_and_shape_errors():
    with pytest.raises(ValueError, match="'avg' is not a valid value for reduction"):
        F.mse_loss(ag.ones(2), ag.ones(2), reduction="avg")
    with pytest.raises(
        RuntimeError,
        match=r"mse_loss: input shape \(4, 3\) and target shape "
        r"\(4, 2\)",
    ):
        F.mse_loss(ag.ones(4, 3), ag.ones(4, 2))
    with pytest.warns(UserWarning, match="different to the input size"):
        F.l1_loss(ag.ones(4, 1), ag.ones(4))


def test_one_hot_matches_torch_and_validates():
    idx = np.array([[0, 3], [2, 1]], dtype=np.int64)
    out = F.one_hot(ag.tensor(idx))
    expected = torch.nn.functional.one_hot(torch.tensor(idx))
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out._data, expected.numpy())
    assert F.one_hot(ag.tensor([1]), num_classes=4).tolist() == [[0, 1, 0, 0]]
    with pytest.raises(RuntimeError, match="smaller than num_classes=2, got 3"):
        F.one_hot(ag.tensor([3]), 2)
    with pytest.raises(RuntimeError, match="non-negative"):
        F.one_hot(ag.tensor([-1]), 2)
    for index in (ag.tensor([1.0]), ag.tensor(np.array([1], np.int32))):  # torch: int64 only
        with pytest.raises(RuntimeError, match="int64 index tensors"):
            F.one_hot(index)


@requires_torch
def test_bce_with_logits_refuses_a_target_of_another_shape_as_torch():
    with pytest.raises(ValueError):
        torch.nn.functional.binary_cross_entropy_with_logits(torch.zeros(2, 3), torch.zeros(3))
    with pytest.raises(ValueError, match=r"target size \(3,\) must be the same as input size"):
        F.binary_cross_entropy_with_logits(ag.zeros(2, 3), ag.zeros(3))


@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
def test_batch_size_mismatch_is_a_value_error_as_torch(loss):
    x, target = np.zeros((5, 4)), np.array([0, 1, 2])
    with pytest.raises(ValueError) as theirs:
        getattr(torch.nn.functional, loss)(torch.tensor(x), torch.tensor(target))
    with pytest.raises(theirs.type, match=r"batch size 5 \(shape \(5, 4\)\).*batch size 3"):
        getattr(F, loss)(ag.tensor(x), ag.tensor(target))
    # a mismatch past the batch dim stays a RuntimeError, as in torch
    with pytest.raises(RuntimeError):
        F.cross_entropy(ag.zeros(5, 4, 2), ag.tensor(np.zeros((5, 3), np.int64)))


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_class_weight_gets_a_gradient_with_probability_targets_as_torch(smoothing):
    rng = np.random.default_rng(0)
    x, probs = rng.standard_normal((4, 3)), rng.random((4, 3))
    probs /= probs.sum(axis=1, keepdims=True)
    weight = np.array([1.0, 2.0, 0.5])
    wa, wt = ag.tensor(weight, requires_grad=True), torch.tensor(weight, requires_grad=True)
    F.cross_entropy(ag.tensor(x), ag.tensor(probs), wa, label_smoothing=smoothing).backward()
    torch.nn.functional.cross_entropy(
        torch.tensor(x), torch.tensor(probs), wt, label_smoothing=smoothing
    ).backward()
    assert_close(wa.grad, wt.grad)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.uint8, np.int64])
@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
def test_class_index_target_dtypes_as_torch(loss, dtype):
    """torch takes int64 or uint8 class indices and refuses the other integer dtypes."""
    x, target = np.full((2, 3), -1.0), np.array([0, 2], dtype=dtype)
    try:
        expected = getattr(torch.nn.functional, loss)(torch.tensor(x), torch.tensor(target))
    except RuntimeError:
        with pytest.raises(RuntimeError, match="int64"):
            getattr(F, loss)(ag.tensor(x), ag.tensor(target))
    else:
        assert_close(getattr(F, loss)(ag.tensor(x), ag.tensor(target)), expected)


def test_label_smoothing_and_gelu_arguments_are_checked_when_called_as_torch():
    loss = nn.CrossEntropyLoss(label_smoothing=1.5)
    tloss = tnn.CrossEntropyLoss(label_smoothing=1.5)
    gelu, tgelu = nn.GELU(approximate="bad"), tnn.GELU(approximate="bad")
    with pytest.raises(RuntimeError):
        tloss(torch.zeros(2, 3), torch.tensor([0, 1]))
    with pytest.raises(RuntimeError, match="label_smoothing must be in"):
        loss(ag.zeros(2, 3), ag.tensor([0, 1]))
    with pytest.raises(RuntimeError):
        tgelu(torch.zeros(2))
    with pytest.raises(RuntimeError, match="approximate must be 'none' or 'tanh'"):
        gelu(ag.zeros(2))
