"""Functional losses against torch: every reduction and option, cross-entropy's lean node
and general path, sequences, weights, dtypes, gradcheck and errors."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd.ops.nn import cross_entropy, nll_loss
from tests.helpers import (
    assert_close,
    check_higher_order,
    check_op,
    make_inputs,
    requires_torch,
    torch,
)
from tests.nn._compare import leaf, tleaf

REDUCTIONS = ["mean", "sum", "none"]


def tol(dtype):
    return {"rtol": 1e-9, "atol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5, "atol": 1e-6}


def batch(n=7, c=5, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, c)) * 3).astype(dtype), rng.integers(0, c, n)


def node_name(loss):  # the op class that made the loss (its repr shows torch's NllLoss)
    return f"{type(loss.grad_fn).__name__}Backward0"


TARGETS = np.array([[0, 4, -100, 2], [1, -100, 3, 3]])


def _both(fn_ours, fn_theirs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the deprecation warnings of size_average / reduce
        return fn_ours(), fn_theirs()


# torch's BCE-with-logits returns the float32 of a float32 target for a float64 input; the
# library keeps the wider float64 there (the mse/l1 rule), so that pair is not compared.
_DTYPE_CASES = [
    (name, dtypes)
    for name in [
        "mse_loss",
        "l1_loss",
        "smooth_l1_loss",
        "kl_div",
        "binary_cross_entropy_with_logits",
        "huber_loss",
    ]
    for dtypes in [("float32", "float64"), ("float64", "float32")]
    if (name, dtypes[0]) != ("binary_cross_entropy_with_logits", "float64")
]


def rng(seed=0):
    return np.random.default_rng(seed)


tnn = torch.nn if torch is not None else None


TF = torch.nn.functional if torch is not None else None


def check_weighted_loss(
    ours, theirs, x, target, weight=None, target_grad=False, rtol=1e-9, atol=1e-12
):
    """Value, input gradient (random upstream) and optionally target gradient agree."""
    xa, xt = ag.Tensor(x.copy(), requires_grad=True), torch.tensor(x.copy(), requires_grad=True)
    ta = ag.Tensor(target.copy(), requires_grad=target_grad)
    tt = torch.tensor(target.copy(), requires_grad=target_grad)
    extra_a = {} if weight is None else {"weight": ag.tensor(weight)}
    extra_t = {} if weight is None else {"weight": torch.tensor(weight)}
    out, tout = ours(xa, ta, **extra_a), theirs(xt, tt, **extra_t)
    assert out.dtype == x.dtype
    assert_close(out, tout, rtol, atol, "loss")
    up = np.random.default_rng(5).standard_normal(out.shape)
    out.backward(ag.Tensor(up))
    tout.backward(torch.tensor(up))
    assert_close(xa.grad, xt.grad, rtol, atol, "input gradient")
    if target_grad:
        assert_close(ta.grad, tt.grad, rtol, atol, "target gradient")


TIGHT = {"rtol": 1e-10, "atol": 1e-12}


KINK_EDGES = np.array(
    [
        -1e4,
        -50.0,
        -3.5,
        -3.0,
        -2.9,
        -1.0,
        -0.5,
        -0.3,
        -1e-3,
        0.0,
        1e-3,
        0.3,
        0.5,
        0.7,
        1.0,
        2.9,
        3.0,
        3.5,
        50.0,
        1e4,
    ]
)


def _signs(n, seed=0):
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=n)


LOSS_CALLS = {
    "margin_ranking": (lambda mod, r: mod.MarginRankingLoss(reduction=r), 3),
    "hinge_embedding": (lambda mod, r: mod.HingeEmbeddingLoss(reduction=r), 2),
    "cosine_embedding": (lambda mod, r: mod.CosineEmbeddingLoss(reduction=r), 3),
    "triplet_margin": (lambda mod, r: mod.TripletMarginLoss(reduction=r), 3),
    "poisson_nll": (lambda mod, r: mod.PoissonNLLLoss(reduction=r), 2),
}


LOSS_SHAPES = [((6, 5), (6,)), ((5,), ()), ((3, 4, 2, 3), (3, 2, 3))]


def _labels(target_shape, c, rng, ignore):
    y = rng.integers(0, c, size=target_shape)
    if ignore and y.ndim:
        y.flat[1] = -1 if ignore == "custom" else -100
    return y


@requires_torch
def test_plain_batch_takes_the_lean_node_and_options_do_not():
    x, y = batch()
    xa, ya = ag.tensor(x, requires_grad=True), ag.tensor(y)
    assert node_name(F.cross_entropy(xa, ya)) == "LabelCrossEntropyBackward0"
    for options in ({"weight": ag.ones(5)}, {"label_smoothing": 0.1}, {"ignore_index": int(y[0])}):
        assert node_name(F.cross_entropy(xa, ya, **options)) == "CrossEntropyBackward0"
    # (C,) input and N-d input keep the general path
    assert node_name(F.cross_entropy(xa[0], ya[0])) != "LabelCrossEntropyBackward0"


@requires_torch
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_lean_node_matches_torch_and_the_general_path(reduction, dtype):
    x, y = batch(dtype=dtype)
    up = np.random.default_rng(1).standard_normal(7 if reduction == "none" else ()).astype(dtype)
    fast = ag.tensor(x, requires_grad=True)
    general = ag.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(fast, ag.tensor(y), reduction=reduction)
    # an all-ones weight routes to the general path with the same mathematics
    ref = F.cross_entropy(
        general, ag.tensor(y), weight=ag.ones(5, dtype=dtype), reduction=reduction
    )
    tout = torch.nn.functional.cross_entropy(theirs, torch.tensor(y), reduction=reduction)
    assert node_name(out) == "LabelCrossEntropyBackward0"
    assert out.dtype == dtype and out.shape == tuple(tout.shape)
    assert_close(out, tout, what="loss", **tol(dtype))
    assert_close(out, ref._data, what="loss vs general path", **tol(dtype))
    out.backward(ag.tensor(up))
    ref.backward(ag.tensor(up))
    tout.backward(torch.tensor(up))
    assert_close(fast.grad, theirs.grad, what="gradient", **tol(dtype))
    assert_close(fast.grad, general.grad._data, what="gradient vs general path", **tol(dtype))


@requires_torch
def test_lean_cross_entropy_is_stable_for_huge_logits():
    x = np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0]], dtype=np.float32)
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor([1, 1]))
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor([1, 1]))
    out.backward()
    tout.backward()
    assert np.isfinite(out.item())
    assert_close(out, tout, rtol=1e-5)
    assert_close(xa.grad, xt.grad, rtol=1e-5, atol=1e-6)


@requires_torch
def test_lean_cross_entropy_retain_graph_backward_twice_accumulates_the_same_gradient():
    x, y = batch()
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor(y))
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor(y))
    out.backward(retain_graph=True)
    first = xa.grad._data.copy()
    out.backward()
    tout.backward(retain_graph=True)
    tout.backward()
    assert_close(xa.grad, 2 * first, rtol=1e-12)
    assert_close(xa.grad, xt.grad, **tol(np.float64))
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        out.backward()


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_create_graph_through_the_lean_node_matches_torch(reduction):
    _, y = batch()
    check_higher_order(
        lambda x: F.cross_entropy(x, ag.tensor(y), reduction=reduction),
        lambda x: torch.nn.functional.cross_entropy(x, torch.tensor(y), reduction=reduction),
        shapes=[(7, 5)],
        order=3,
    )


@requires_torch
def test_lean_cross_entropy_gradcheck_float64():
    _, y = batch(n=4, c=3)
    x = ag.tensor(np.random.default_rng(2).standard_normal((4, 3)), requires_grad=True)
    assert ag.gradcheck(lambda t: F.cross_entropy(t, ag.tensor(y)), [x])


@requires_torch
def test_label_equal_to_ignore_index_uses_the_general_path_and_matches_torch():
    x, y = batch()
    y[2] = 3
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor(y), ignore_index=3)
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor(y), ignore_index=3)
    out.backward()
    tout.backward()
    assert_close(out, tout, **tol(np.float64))
    assert_close(xa.grad, xt.grad, **tol(np.float64))


@requires_torch
def test_lean_cross_entropy_bad_labels_are_still_named():
    x, y = batch()
    y[4] = 9
    with pytest.raises(IndexError, match="target label 9 is out of bounds for 5 classes"):
        F.cross_entropy(ag.tensor(x), ag.tensor(y))
    y[4] = -2
    with pytest.raises(IndexError, match="target label -2 is out of bounds"):
        F.cross_entropy(ag.tensor(x), ag.tensor(y))
    with pytest.raises(RuntimeError, match="integer tensor .*got dtype float64"):
        F.cross_entropy(ag.tensor(x), ag.tensor(y.astype(np.float64)))


@requires_torch
def test_uint8_labels_take_the_fast_path_and_other_narrow_ints_raise_like_torch():
    x, y = batch()
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor(y.astype(np.uint8)))  # torch's Byte labels
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor(y.astype(np.uint8)))
    assert node_name(out) == "LabelCrossEntropyBackward0"
    out.backward()
    tout.backward()
    assert_close(out, tout, **tol(np.float64))
    assert_close(xa.grad, xt.grad, **tol(np.float64))
    for label_dtype in (np.int32, np.int16):
        with pytest.raises(RuntimeError):
            torch.nn.functional.cross_entropy(xt, torch.tensor(y.astype(label_dtype)))
        with pytest.raises(RuntimeError, match=f"int64.*got dtype {np.dtype(label_dtype)}"):
            F.cross_entropy(ag.tensor(x), ag.tensor(y.astype(label_dtype)))


@requires_torch
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("ignore_index", [-100, 3])
def test_sequence_cross_entropy_matches_torch(reduction, ignore_index):
    target = TARGETS if ignore_index == -100 else np.where(TARGETS < 0, 0, TARGETS)
    check_op(
        lambda x: F.cross_entropy(
            x, ag.tensor(target), ignore_index=ignore_index, reduction=reduction
        ),
        lambda x: torch.nn.functional.cross_entropy(
            x, torch.tensor(target), ignore_index=ignore_index, reduction=reduction
        ),
        [(2, 5, 4)],
    )


@requires_torch
def test_sequence_cross_entropy_with_weights_and_smoothing_matches_torch():
    w = np.linspace(0.5, 2.0, 5)
    check_op(
        lambda x: F.cross_entropy(x, ag.tensor(TARGETS), weight=ag.tensor(w), label_smoothing=0.1),
        lambda x: torch.nn.functional.cross_entropy(
            x, torch.tensor(TARGETS), weight=torch.tensor(w), label_smoothing=0.1
        ),
        [(2, 5, 4)],
    )


@requires_torch
def test_two_spatial_dims_match_torch():
    target = np.random.default_rng(0).integers(0, 3, size=(2, 2, 3))
    target[0, 0, 0] = -100
    check_op(
        lambda x: F.cross_entropy(x, ag.tensor(target)),
        lambda x: torch.nn.functional.cross_entropy(x, torch.tensor(target)),
        [(2, 3, 2, 3)],
    )


@requires_torch
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "smooth_l1_loss"])
@pytest.mark.parametrize("args", [(False,), (None, False), (True, True, "none")])
def test_elementwise_losses_take_size_average_and_reduce(name, args):
    x, t = [1.0, -2.0, 3.0], [0.5, 0.0, 3.5]
    a, b = _both(
        lambda: getattr(F, name)(ag.tensor(x), ag.tensor(t), *args),
        lambda: getattr(torch.nn.functional, name)(torch.tensor(x), torch.tensor(t), *args),
    )
    np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


@requires_torch
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_elementwise_weight_matches_torch(name, reduction):
    rng = np.random.default_rng(0)
    x, t, w = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.uniform(0.1, 2, (3, 4))
    xs = ag.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    ours = getattr(F, name)(xs, ag.tensor(t), reduction=reduction, weight=ag.tensor(w))
    theirs = getattr(torch.nn.functional, name)(
        xt, torch.tensor(t), reduction=reduction, weight=torch.tensor(w)
    )
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)
    ours.sum().backward()
    theirs.sum().backward()
    np.testing.assert_allclose(xs.grad.numpy(), xt.grad.numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match=r"weight shape \(4,\)"):
        getattr(F, name)(xs, ag.tensor(t), weight=ag.tensor(w[0]))


@requires_torch
@pytest.mark.parametrize(("name", "dtypes"), _DTYPE_CASES)
def test_loss_result_dtype_follows_torch(name, dtypes):
    x, t = np.array([0.2, 0.7]), np.array([0.0, 1.0])
    xs = ag.tensor(x.astype(dtypes[0]), requires_grad=True)
    xt = torch.tensor(x.astype(dtypes[0]), requires_grad=True)
    ours = getattr(F, name)(xs, ag.tensor(t.astype(dtypes[1])), reduction="sum")
    theirs = getattr(torch.nn.functional, name)(
        xt, torch.tensor(t.astype(dtypes[1])), reduction="sum"
    )
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    ours.backward()
    assert xs.grad.dtype == xs.dtype  # the input's gradient keeps the input's dtype


def test_bce_with_logits_refuses_an_integer_target_like_torch():
    with pytest.raises(RuntimeError, match="int64"):
        F.binary_cross_entropy_with_logits(ag.tensor([0.0, 1.0]), ag.tensor([0, 1]))


@requires_torch
def test_gradcheck_composite_losses():
    x = ag.Tensor(rng(11).standard_normal((3, 4)), requires_grad=True)
    t = ag.Tensor(rng(12).random((3, 4)))
    pw = ag.Tensor(np.array([1.0, 2.0, 0.5, 3.0]))
    assert ag.gradcheck(lambda x: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw), [x])
    assert ag.gradcheck(lambda x: F.mse_loss(x, t), [x])


@requires_torch
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


@requires_torch
@requires_torch
def test_bce_with_logits_refuses_a_target_of_another_shape_as_torch():
    with pytest.raises(ValueError):
        torch.nn.functional.binary_cross_entropy_with_logits(torch.zeros(2, 3), torch.zeros(3))
    with pytest.raises(ValueError, match=r"target size \(3,\) must be the same as input size"):
        F.binary_cross_entropy_with_logits(ag.zeros(2, 3), ag.zeros(3))


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce_random(reduction, weighted):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.02, 0.98, (4, 3))
    t = rng.uniform(0, 1, (4, 3))
    w = rng.uniform(0.5, 2, (3,)) if weighted else None
    check_weighted_loss(
        lambda a, b, **k: F.binary_cross_entropy(a, b, reduction=reduction, **k),
        lambda a, b, **k: TF.binary_cross_entropy(a, b, reduction=reduction, **k),
        x,
        t,
        w,
        target_grad=True,
    )


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_probabilities_zero_and_one(reduction):
    x = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 1e-13, 1 - 1e-13, 1e-300, 0.3])
    t = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.25])
    with np.errstate(all="raise"):  # no log(0) or 0/0 warnings on the way
        check_weighted_loss(
            lambda a, b: F.binary_cross_entropy(a, b, reduction=reduction),
            lambda a, b: TF.binary_cross_entropy(a, b, reduction=reduction),
            x,
            t,
        )
    loss = F.binary_cross_entropy(ag.tensor(x), ag.tensor(t), reduction="none")
    assert np.isfinite(loss._data).all() and loss._data.max() == 100.0


@requires_torch
def test_bce_gradcheck_and_errors():
    rng = np.random.default_rng(1)
    t = ag.tensor(rng.uniform(0, 1, (3, 2)))
    w = ag.tensor(rng.uniform(0.5, 2, (3, 2)))
    x = ag.tensor(rng.uniform(0.1, 0.9, (3, 2)), requires_grad=True)
    assert ag.gradcheck(lambda a: F.binary_cross_entropy(a, t, weight=w), [x])
    with pytest.raises(RuntimeError, match="between 0 and 1, got 1.5"):
        F.binary_cross_entropy(ag.tensor([1.5]), ag.tensor([1.0]))
    with pytest.raises(ValueError, match="target size"):
        F.binary_cross_entropy(ag.tensor([0.5, 0.5]), ag.tensor([1.0]))
    with pytest.raises(ValueError, match="'avg' is not a valid"):
        F.binary_cross_entropy(ag.tensor([0.5]), ag.tensor([1.0]), reduction="avg")


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("beta", [1.0, 0.5, 0.0])
def test_smooth_l1(reduction, beta):
    x, t = make_inputs([(4, 5), (4, 5)], low=-3, high=3)
    x[0, :3] = t[0, :3] + np.array([beta, -beta, 0.0])  # boundaries and d == 0
    check_weighted_loss(
        lambda a, b: F.smooth_l1_loss(a, b, reduction=reduction, beta=beta),
        lambda a, b: TF.smooth_l1_loss(a, b, reduction=reduction, beta=beta),
        x,
        t,
        target_grad=True,
    )


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("delta", [1.0, 0.3, 2.5])
def test_huber(reduction, delta):
    x, t = make_inputs([(4, 5), (4, 5)], low=-3, high=3)
    x[0, :3] = t[0, :3] + np.array([delta, -delta, 0.0])
    check_weighted_loss(
        lambda a, b: F.huber_loss(a, b, reduction=reduction, delta=delta),
        lambda a, b: TF.huber_loss(a, b, reduction=reduction, delta=delta),
        x,
        t,
        target_grad=True,
    )
    w = np.random.default_rng(3).uniform(0.5, 2, (4, 5))
    check_weighted_loss(
        lambda a, b, **k: F.huber_loss(a, b, reduction=reduction, delta=delta, **k),
        lambda a, b, **k: TF.huber_loss(a, b, reduction=reduction, delta=delta, **k),
        x,
        t,
        w,
    )


@requires_torch
def test_smooth_l1_huber_gradcheck_and_errors():
    x, t = (ag.tensor(a, requires_grad=True) for a in make_inputs([(3, 4), (3, 4)]))
    assert ag.gradcheck(lambda a, b: F.smooth_l1_loss(a, b, beta=0.7), [x, t])
    assert ag.gradcheck(lambda a, b: F.huber_loss(a, b, delta=0.7), [x, t])
    with pytest.raises(RuntimeError, match="beta=-1"):
        F.smooth_l1_loss(x, t, beta=-1.0)
    with pytest.raises(RuntimeError, match="delta=0"):
        F.huber_loss(x, t, delta=0.0)


@requires_torch
@pytest.mark.parametrize("reduction", ["batchmean", "sum", "none", "mean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div(reduction, log_target):
    rng = np.random.default_rng(2)
    x = np.log(rng.dirichlet(np.ones(5), size=4))
    t = rng.dirichlet(np.ones(5), size=4)
    t[0, 1] = 0.0  # 0 * log 0 counts as 0
    t = t / t.sum(1, keepdims=True)
    if log_target:
        t = np.log(np.where(t == 0, 1e-3, t))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's 'mean' warning; ours is checked below
        check_weighted_loss(
            lambda a, b: F.kl_div(a, b, reduction=reduction, log_target=log_target),
            lambda a, b: TF.kl_div(a, b, reduction=reduction, log_target=log_target),
            x,
            t,
            target_grad=log_target,
        )


@requires_torch
def test_kl_div_mean_warns_gradcheck_and_errors():
    x = ag.tensor(np.log(np.full((2, 3), 1 / 3)), requires_grad=True)
    t = ag.tensor([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]])
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(x, t)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.kl_div(x, t, reduction="batchmean")
    assert ag.gradcheck(lambda a: F.kl_div(a, t, reduction="batchmean"), [x])
    assert ag.gradcheck(
        lambda a, b: F.kl_div(a, b, reduction="sum", log_target=True),
        [x, ag.tensor(t._data + 0.1, requires_grad=True)],
    )
    with pytest.raises(ValueError, match="'batch' is not a valid"):
        F.kl_div(x, t, reduction="batch")


@requires_torch
def test_legacy_size_average_reduce_match_torch():
    x, t = np.array([0.2, 0.7, 0.9]), np.array([0.0, 1.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for size_average, reduce in [(False, None), (None, False), (True, True)]:
            kw = {"size_average": size_average, "reduce": reduce}
            for ours, theirs in [
                (F.binary_cross_entropy, TF.binary_cross_entropy),
                (F.smooth_l1_loss, TF.smooth_l1_loss),
                (F.kl_div, TF.kl_div),
            ]:
                assert_close(
                    ours(ag.tensor(x), ag.tensor(t), **kw),
                    theirs(torch.tensor(x), torch.tensor(t), **kw),
                )
            assert nn.BCELoss(**kw).reduction == tnn.BCELoss(**kw).reduction


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_margin_ranking_loss_matches_torch(reduction):
    t = _signs(6)
    for margin in (0.0, 0.5):
        check_op(
            lambda a, b: F.margin_ranking_loss(a, b, ag.tensor(t), margin, reduction=reduction),
            lambda a, b: TF.margin_ranking_loss(a, b, torch.tensor(t), margin, reduction=reduction),
            shapes=[(6,), (6,)],
            **TIGHT,
        )
        ours = nn.MarginRankingLoss(margin, reduction=reduction)
        theirs = tnn.MarginRankingLoss(margin, reduction=reduction)
        assert repr(ours) == repr(theirs)
        a, b = make_inputs([(6,), (6,)])
        assert_close(
            ours(ag.tensor(a), ag.tensor(b), ag.tensor(t)),
            theirs(torch.tensor(a), torch.tensor(b), torch.tensor(t)),
            **TIGHT,
        )


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_hinge_embedding_loss_matches_torch(reduction):
    t = _signs((3, 4))
    for margin in (1.0, 0.3):
        check_op(
            lambda x: F.hinge_embedding_loss(x, ag.tensor(t), margin, reduction=reduction),
            lambda x: TF.hinge_embedding_loss(x, torch.tensor(t), margin, reduction=reduction),
            inputs=[make_inputs([(3, 4)])[0] + 0.05],
            **TIGHT,
        )
    ours = nn.HingeEmbeddingLoss(0.5, reduction=reduction)(
        ag.tensor(KINK_EDGES), ag.tensor(_signs(20))
    )
    theirs = tnn.HingeEmbeddingLoss(0.5, reduction=reduction)(
        torch.tensor(KINK_EDGES), torch.tensor(_signs(20))
    )
    assert_close(ours, theirs, **TIGHT)


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cosine_embedding_loss_matches_torch(reduction):
    t = _signs(5)
    for margin in (0.0, 0.2):
        check_op(
            lambda a, b: F.cosine_embedding_loss(a, b, ag.tensor(t), margin, reduction=reduction),
            lambda a, b: TF.cosine_embedding_loss(
                a, b, torch.tensor(t), margin, reduction=reduction
            ),
            shapes=[(5, 3), (5, 3)],
            **TIGHT,
        )
    check_op(
        lambda a, b: nn.CosineEmbeddingLoss(reduction=reduction)(a, b, ag.tensor(-1.0)),
        lambda a, b: tnn.CosineEmbeddingLoss(reduction=reduction)(a, b, torch.tensor(-1.0)),
        shapes=[(4,), (4,)],
        gradcheck=False,
        **TIGHT,
    )


@requires_torch
def test_cosine_embedding_loss_errors():
    for a, b, t in [((2, 3), (2, 3), (2, 1)), ((2, 3), (3,), (2,)), ((3,), (3,), (2,))]:
        with pytest.raises(RuntimeError):
            TF.cosine_embedding_loss(torch.ones(a), torch.ones(b), torch.ones(t))
        with pytest.raises(RuntimeError):
            F.cosine_embedding_loss(ag.ones(*a), ag.ones(*b), ag.ones(*t))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("swap", [False, True])
def test_triplet_margin_loss_matches_torch(reduction, swap):
    for p, margin in ((2.0, 1.0), (1.0, 3.0)):
        ours = nn.TripletMarginLoss(margin, p, 1e-6, swap, reduction=reduction)
        theirs = tnn.TripletMarginLoss(margin, p, 1e-6, swap, reduction=reduction)
        assert repr(ours) == repr(theirs)
        check_op(ours, theirs, shapes=[(6, 4), (6, 4), (6, 4)], **TIGHT)
    check_op(
        lambda a, p, n: F.triplet_margin_loss(a, p, n, swap=swap, reduction=reduction),
        lambda a, p, n: TF.triplet_margin_loss(a, p, n, swap=swap, reduction=reduction),
        shapes=[(4,), (4,), (4,)],
        **TIGHT,
    )


@requires_torch
def test_triplet_margin_loss_errors():
    with pytest.raises(ValueError, match="greater than 0"):
        nn.TripletMarginLoss(margin=0.0)
    with pytest.raises(ValueError):
        tnn.TripletMarginLoss(margin=0.0)
    with pytest.raises(ValueError):
        F.triplet_margin_loss(ag.ones(2, 3), ag.ones(2, 3), ag.ones(2, 3), margin=-1.0)
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        F.triplet_margin_loss(ag.ones(2, 3), ag.ones(3), ag.ones(2, 3))
    with pytest.raises(RuntimeError):
        TF.triplet_margin_loss(torch.ones(2, 3), torch.ones(3), torch.ones(2, 3))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("log_input", [True, False])
@pytest.mark.parametrize("full", [False, True])
def test_poisson_nll_loss_matches_torch(reduction, log_input, full):
    target = np.array([[0.0, 1.0, 2.0, 5.0], [3.0, 0.5, 1.5, 10.0]])
    x = make_inputs([(2, 4)], low=0.2, high=2.0)[0]
    ours = nn.PoissonNLLLoss(log_input, full, reduction=reduction)
    theirs = tnn.PoissonNLLLoss(log_input, full, reduction=reduction)
    check_op(
        lambda a: ours(a, ag.tensor(target)),
        lambda a: theirs(a, torch.tensor(target)),
        inputs=[x],
        **TIGHT,
    )


@requires_torch
@pytest.mark.parametrize("var_shape", [(4, 3), (4,), (4, 1), (1, 3)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_loss_matches_torch(var_shape, reduction, full):
    ours = nn.GaussianNLLLoss(full=full, reduction=reduction)
    theirs = tnn.GaussianNLLLoss(full=full, reduction=reduction)
    x, t = make_inputs([(4, 3), (4, 3)])
    var = make_inputs([var_shape], low=0.2, high=2.0)[0]
    check_op(
        lambda a, b, v: ours(a, b, v), lambda a, b, v: theirs(a, b, v), inputs=[x, t, var], **TIGHT
    )


@requires_torch
def test_gaussian_nll_loss_clamp_float_var_and_errors():
    x, t = make_inputs([(3, 2), (3, 2)])
    var = np.array([[1e-9, 0.5], [0.0, 2.0], [1.0, 1e-7]])  # clamped: gradient passes through
    check_op(
        lambda a, b, v: F.gaussian_nll_loss(a, b, v),
        lambda a, b, v: TF.gaussian_nll_loss(a, b, v),
        inputs=[x, t, var],
        gradcheck=False,
        **TIGHT,
    )
    assert_close(
        F.gaussian_nll_loss(ag.tensor(x), ag.tensor(t), 0.5),
        TF.gaussian_nll_loss(torch.tensor(x), torch.tensor(t), 0.5),
        **TIGHT,
    )
    for args in [
        (np.ones((3, 2)), np.ones((3, 2)), np.ones((2, 2))),
        (np.ones((3, 2)), np.ones((3, 2)), -np.ones((3, 2))),
    ]:
        with pytest.raises(ValueError):
            TF.gaussian_nll_loss(*map(torch.tensor, args))
        with pytest.raises(ValueError):
            F.gaussian_nll_loss(*map(ag.tensor, args))
    with pytest.raises(ValueError):
        F.gaussian_nll_loss(ag.ones(2), ag.ones(2), -1.0)
    with pytest.raises(ValueError):
        F.gaussian_nll_loss(ag.ones(2), ag.ones(2), ag.ones(2), reduction="bad")
    with pytest.raises(TypeError):
        nn.GaussianNLLLoss(True)  # keyword-only, as torch


@requires_torch
@pytest.mark.parametrize("name", LOSS_CALLS)
def test_invalid_reduction_raises_like_torch(name):
    make, nargs = LOSS_CALLS[name]
    if name in ("margin_ranking", "hinge_embedding"):
        shapes = [(3,)] * nargs
    elif name == "cosine_embedding":
        shapes = [(3, 2), (3, 2), (3,)]
    else:
        shapes = [(3, 2)] * nargs
    arrays = [np.ones(s) for s in shapes]
    with pytest.raises(Exception) as theirs_err:
        make(tnn, "bad")(*map(torch.tensor, arrays))
    with pytest.raises(type(theirs_err.value)):
        make(nn, "bad")(*map(ag.tensor, arrays))


@requires_torch
@pytest.mark.parametrize("shapes", LOSS_SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [None, "default", "custom"])
@pytest.mark.parametrize("smoothing", [0.0, 0.25])
def test_cross_entropy_and_nll_match_torch(shapes, reduction, weighted, ignore, smoothing):
    xs, ts = shapes
    c = xs[0] if len(xs) == 1 else xs[1]
    rng = np.random.default_rng(len(xs) + c)
    y = _labels(ts, c, rng, ignore)
    w = rng.uniform(0.5, 2.0, c) if weighted else None
    kw = {"reduction": reduction, "ignore_index": -1 if ignore == "custom" else -100}

    def tw():
        return None if w is None else torch.tensor(w)

    check_op(
        lambda x: cross_entropy(x, ag.tensor(y), w, label_smoothing=smoothing, **kw),
        lambda x: TF.cross_entropy(x, torch.tensor(y), tw(), label_smoothing=smoothing, **kw),
        [xs],
        rtol=1e-9,
        atol=1e-12,
    )
    if smoothing == 0.0:
        check_op(
            lambda x: nll_loss(x, ag.tensor(y), w, **kw),
            lambda x: TF.nll_loss(x, torch.tensor(y), tw(), **kw),
            [xs],
        )


@requires_torch
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_probability_targets_match_torch(reduction, weighted, smoothing):
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), size=(3, 2)).transpose(0, 2, 1)  # (3, 4, 2), sums to 1 on dim 1
    w = rng.uniform(0.5, 2.0, 4) if weighted else None
    check_op(
        lambda x, t: cross_entropy(x, t, w, reduction=reduction, label_smoothing=smoothing),
        lambda x, t: TF.cross_entropy(
            x,
            t,
            None if w is None else torch.tensor(w),
            reduction=reduction,
            label_smoothing=smoothing,
        ),
        inputs=[rng.standard_normal((3, 4, 2)), p],
    )


def test_cross_entropy_is_finite_for_huge_logits_and_keeps_float32():
    x = ag.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], requires_grad=True)
    loss = cross_entropy(x, ag.tensor([1, 0]), label_smoothing=0.1)
    loss.backward()
    assert loss.dtype == np.float32 and x.grad.dtype == np.float32
    assert np.isfinite(loss.item()) and np.all(np.isfinite(x.grad._data))
    for reduction in ("mean", "sum", "none"):
        assert nll_loss(x, ag.tensor([1, 0]), ag.ones(3), reduction=reduction).dtype == np.float32
        assert cross_entropy(x, ag.rand(2, 3), reduction=reduction).dtype == np.float32
    # row 0: 0.9 * 2e4 + 0.1/3 * (0 + 2e4 + 1e4); row 1: 0.9 * (2e4 + ln 2) + 0.1/3 * (2e4 + 3 ln 2)
    expected = (19000.0 + 2e4 * 0.9 + 2e4 / 30 + math.log(2)) / 2
    np.testing.assert_allclose(loss.item(), expected, rtol=1e-6)
    if torch is not None:
        t = torch.tensor(x._data, requires_grad=True)
        TF.cross_entropy(t, torch.tensor([1, 0]), label_smoothing=0.1).backward()
        assert_close(x.grad, t.grad, rtol=1e-5, atol=1e-7)


@requires_torch
def test_cross_entropy_double_backward_matches_torch():
    x = np.random.default_rng(1).standard_normal((4, 3))
    y, w = np.array([0, 2, 1, 2]), np.array([1.0, 2.0, 0.5])
    a, t = leaf(x), tleaf(x)
    (g,) = ag.grad(cross_entropy(a, ag.tensor(y), w, label_smoothing=0.1), [a], create_graph=True)
    (tg,) = torch.autograd.grad(
        TF.cross_entropy(t, torch.tensor(y), torch.tensor(w), label_smoothing=0.1),
        [t],
        create_graph=True,
    )
    assert_close(ag.grad((g**3).sum(), [a])[0], torch.autograd.grad((tg**3).sum(), [t])[0])


@requires_torch
@pytest.mark.parametrize("fn, tfn", [(cross_entropy, "cross_entropy"), (nll_loss, "nll_loss")])
def test_mean_over_only_ignored_targets_is_nan_with_zero_gradient(fn, tfn):
    x, t = leaf(np.zeros((2, 3))), tleaf(np.zeros((2, 3)))
    loss = fn(x, ag.tensor([-100, -100]))
    t_loss = getattr(TF, tfn)(t, torch.tensor([-100, -100]))
    loss.backward()
    t_loss.backward()
    assert np.isnan(loss.item()) and np.isnan(t_loss.item())
    assert_close(x.grad, t.grad)


def test_loss_errors_name_the_problem():
    x = ag.zeros(2, 3)
    for fn in (cross_entropy, nll_loss):
        with pytest.raises(IndexError, match=r"label 3 is out of bounds for 3 classes"):
            fn(x, ag.tensor([0, 3]))
        with pytest.raises(IndexError, match=r"label -2 is out of bounds"):
            fn(x, ag.tensor([0, -2]))
        with pytest.raises(RuntimeError, match=r"integer tensor.*got dtype float32"):
            fn(x, ag.tensor([0.0, 1.0]))
        with pytest.raises(ValueError, match=r"'avg' is not a valid value for reduction"):
            fn(x, ag.tensor([0, 1]), reduction="avg")
        with pytest.raises(ValueError, match=r"batch size 2 \(shape \(2, 3\)\).*batch size 3"):
            fn(x, ag.tensor([0, 1, 2]))  # a ValueError, as torch
        with pytest.raises(RuntimeError, match=r"\(2, 3\) expects .* shape \(2,\), got .*\(2, 1\)"):
            fn(x, ag.tensor([[0], [1]]))
        with pytest.raises(RuntimeError, match=r"weight must have shape \(3,\)"):
            fn(x, ag.tensor([0, 1]), weight=ag.ones(2))
    with pytest.raises(RuntimeError, match=r"label_smoothing must be in \[0, 1\], got 1.5"):
        cross_entropy(x, ag.tensor([0, 1]), label_smoothing=1.5)
