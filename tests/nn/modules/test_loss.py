"""Loss modules against torch.nn: every reduction and option, torch's positional and legacy
arguments, weights as buffers, repr and state dicts."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, make_inputs, requires_torch, torch

LOG_PROBS = [[-0.1, -2.0, -3.0], [-2.0, -0.2, -3.0]]


LABELS = [0, 1]


def _both(fn_ours, fn_theirs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the deprecation warnings of size_average / reduce
        return fn_ours(), fn_theirs()


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


LOSS_PAIRS = [
    (lambda: nn.BCELoss(), lambda: tnn.BCELoss()),
    (
        lambda: nn.BCELoss(weight=ag.tensor([1.0, 2.0]), reduction="sum"),
        lambda: tnn.BCELoss(weight=torch.tensor([1.0, 2.0], dtype=torch.float64), reduction="sum"),
    ),
    (lambda: nn.SmoothL1Loss(), lambda: tnn.SmoothL1Loss()),
    (
        lambda: nn.SmoothL1Loss(reduction="none", beta=0.5),
        lambda: tnn.SmoothL1Loss(reduction="none", beta=0.5),
    ),
    (lambda: nn.HuberLoss(), lambda: tnn.HuberLoss()),
    (
        lambda: nn.HuberLoss(reduction="sum", delta=0.5),
        lambda: tnn.HuberLoss(reduction="sum", delta=0.5),
    ),
    (lambda: nn.KLDivLoss(reduction="batchmean"), lambda: tnn.KLDivLoss(reduction="batchmean")),
    (
        lambda: nn.KLDivLoss(reduction="sum", log_target=True),
        lambda: tnn.KLDivLoss(reduction="sum", log_target=True),
    ),
]


TIGHT = {"rtol": 1e-10, "atol": 1e-12}


def _signs(n, seed=0):
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=n)


@requires_torch
@pytest.mark.parametrize(
    "args",
    [
        (None, True),
        (None, False),
        (None, None, 1),
        (None, None, -100, False),
        (None, True, -100, True, "sum"),
    ],
)
def test_class_losses_take_torch_positional_arguments(args):
    tf = torch.nn.functional
    for ours, theirs, x in (
        (F.nll_loss, tf.nll_loss, LOG_PROBS),
        (F.cross_entropy, tf.cross_entropy, LOG_PROBS),
    ):
        a, b = _both(
            lambda: ours(ag.tensor(x), ag.tensor(LABELS), *args),
            lambda: theirs(torch.tensor(x), torch.tensor(LABELS), *args),
        )
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


@requires_torch
def test_loss_modules_take_torch_positional_arguments():
    x, y = np.array(LOG_PROBS), np.array(LABELS)
    pairs = [
        (nn.NLLLoss(None, None, 1), torch.nn.NLLLoss(None, None, 1)),
        (nn.CrossEntropyLoss(None, None, 0), torch.nn.CrossEntropyLoss(None, None, 0)),
        (
            nn.CrossEntropyLoss(None, None, -100, None, "sum", 0.1),
            torch.nn.CrossEntropyLoss(None, None, -100, None, "sum", 0.1),
        ),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(
            ours(ag.tensor(x), ag.tensor(y)).numpy(),
            theirs(torch.tensor(x), torch.tensor(y)).numpy(),
            rtol=1e-6,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert nn.MSELoss(None, False).reduction == torch.nn.MSELoss(None, False).reduction
        assert (
            nn.BCEWithLogitsLoss(None, False).reduction
            == torch.nn.BCEWithLogitsLoss(None, False).reduction
        )


@requires_torch
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


@requires_torch
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


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
def test_cross_entropy_is_finite_for_huge_logits(dtype):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]])
    y = np.array([1, 1], dtype=np.int64)
    check_loss(nn.CrossEntropyLoss(), tnn.CrossEntropyLoss(), x, y, dtype)
    xa = ag.Tensor(x.astype(dtype), requires_grad=True)
    loss = F.cross_entropy(xa, ag.tensor(y))
    loss.backward()
    assert np.isfinite(loss._data) and np.isfinite(xa.grad._data).all()


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
def test_loss_weights_are_buffers_like_torch():
    ours = nn.BCEWithLogitsLoss(weight=ag.ones(3), pos_weight=ag.ones(3))
    theirs = tnn.BCEWithLogitsLoss(weight=torch.ones(3), pos_weight=torch.ones(3))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert list(nn.CrossEntropyLoss(weight=ag.ones(2)).state_dict()) == ["weight"]
    assert list(nn.CrossEntropyLoss().state_dict()) == []


@requires_torch
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


@requires_torch
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


@requires_torch
@pytest.mark.parametrize("pair", LOSS_PAIRS)
def test_loss_modules_repr_forward_state_dict(pair):
    ours, theirs = pair[0](), pair[1]()
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    rng = np.random.default_rng(4)
    x, t = rng.uniform(0.05, 0.95, (3, 2)), rng.uniform(0, 1, (3, 2))
    if isinstance(ours, nn.KLDivLoss):
        x = np.log(x)
    check_weighted_loss(ours, theirs, x, t)


@requires_torch
@pytest.mark.parametrize("size_average,reduce", [(False, None), (None, False), (True, True)])
def test_legacy_size_average_reduce_positional(size_average, reduce):
    t = _signs(4)
    a, b = make_inputs([(4,), (4,)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = [
            (
                nn.MarginRankingLoss(0.1, size_average, reduce),
                tnn.MarginRankingLoss(0.1, size_average, reduce),
                (a, b, t),
            ),
            (
                nn.HingeEmbeddingLoss(0.5, size_average, reduce),
                tnn.HingeEmbeddingLoss(0.5, size_average, reduce),
                (a, t),
            ),
            (
                nn.CosineEmbeddingLoss(0.1, size_average, reduce),
                tnn.CosineEmbeddingLoss(0.1, size_average, reduce),
                (a.reshape(2, 2), b.reshape(2, 2), t[:2]),
            ),
            (
                nn.TripletMarginLoss(1.0, 2.0, 1e-6, False, size_average, reduce),
                tnn.TripletMarginLoss(1.0, 2.0, 1e-6, False, size_average, reduce),
                (a.reshape(2, 2), b.reshape(2, 2), t.reshape(2, 2)),
            ),
            (
                nn.PoissonNLLLoss(True, False, size_average, 1e-8, reduce),
                tnn.PoissonNLLLoss(True, False, size_average, 1e-8, reduce),
                (a, np.abs(t)),
            ),
        ]
        for ours, theirs, args in pairs:
            assert ours.reduction == theirs.reduction
            assert_close(ours(*map(ag.tensor, args)), theirs(*map(torch.tensor, args)), **TIGHT)
