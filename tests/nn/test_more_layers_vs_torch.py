"""More activations, losses, adaptive pooling, Unflatten and ParameterList against torch.

Values and float64 input gradients (edge values included: large |x| for the
softplus family, probabilities 0 and 1 for BCE), every reduction, ``repr`` equal
to torch's, and gradcheck on smooth inputs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch

pytestmark = requires_torch
tnn = torch.nn if torch is not None else None
TF = torch.nn.functional if torch is not None else None
REDUCTIONS = ["mean", "sum", "none"]

SATURATION_EDGES = np.array(
    [
        -1e4,
        -800.0,
        -50.0,
        -20.5,
        -1.0,
        -1e-3,
        0.0,
        1e-3,
        0.5,
        1.0,
        6.0,
        19.9,
        20.0,
        20.5,
        50.0,
        800.0,
        1e4,
    ]
)


# -- activations --------------------------------------------------------------------------

SATURATING = {
    "silu": (F.silu, lambda x: TF.silu(x)),
    "elu": (F.elu, lambda x: TF.elu(x)),
    "elu_alpha": (lambda x: F.elu(x, alpha=0.7), lambda x: TF.elu(x, alpha=0.7)),
    "softplus": (F.softplus, lambda x: TF.softplus(x)),
    "softplus_beta": (
        lambda x: F.softplus(x, beta=2.0, threshold=5.0),
        lambda x: TF.softplus(x, beta=2.0, threshold=5.0),
    ),
    "hardtanh": (F.hardtanh, lambda x: TF.hardtanh(x)),
    "hardtanh_range": (lambda x: F.hardtanh(x, -0.5, 6.0), lambda x: TF.hardtanh(x, -0.5, 6.0)),
    "relu6": (F.relu6, lambda x: TF.relu6(x)),
    "logsigmoid": (F.logsigmoid, lambda x: TF.logsigmoid(x)),
    "softmin0": (lambda x: F.softmin(x, dim=0), lambda x: TF.softmin(x, dim=0)),
    "mish": (F.mish, lambda x: TF.mish(x)),
    "softsign": (F.softsign, lambda x: TF.softsign(x)),
}


@pytest.mark.parametrize("name", SATURATING)
def test_saturating_activation_edges_match_torch(name):
    ours, theirs = SATURATING[name]
    inputs = [SATURATION_EDGES.copy()]
    if name == "softmin0":  # a softmax of huge values is one-hot; keep the spread moderate
        inputs = [np.clip(SATURATION_EDGES, -30, 30)]
    check_op(ours, theirs, inputs=inputs, rtol=1e-10, atol=1e-12, gradcheck=False)


@pytest.mark.parametrize("name", SATURATING)
def test_saturating_activation_random_match_torch_and_gradcheck(name):
    ours, theirs = SATURATING[name]
    x = make_inputs([(3, 4)], low=-4.0, high=4.0)[0]
    x[np.abs(x - np.round(x)) < 0.05] += 0.1  # keep gradcheck off the kinks (-1, 0, 1, 6)
    check_op(ours, theirs, inputs=[x], rtol=1e-10, atol=1e-12)


def test_softmin_other_dims_and_implicit_dim():
    x = make_inputs([(2, 3, 4)])[0]
    for dim in (0, 1, -1):
        check_op(
            lambda t, d=dim: F.softmin(t, dim=d), lambda t, d=dim: TF.softmin(t, dim=d), inputs=[x]
        )
    with pytest.warns(UserWarning, match="softmin"):
        out = nn.Softmin()(ag.tensor(x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = tnn.Softmin()(torch.tensor(x))
    assert_close(out, expected)


def test_saturating_activations_keep_float32():
    x = ag.tensor(SATURATION_EDGES.astype(np.float32))
    for name, (ours, theirs) in SATURATING.items():
        out = ours(x)
        assert out.dtype == np.float32, name
        assert np.isfinite(out._data).all(), name
        assert_close(
            out,
            theirs(torch.tensor(SATURATION_EDGES.astype(np.float32))),
            rtol=1e-5,
            atol=1e-6,
            what=name,
        )


def test_hardtanh_invalid_range():
    with pytest.raises(ValueError, match="min_val \\(2.0\\)"):
        F.hardtanh(ag.zeros(2), 2.0, 1.0)
    with pytest.raises(ValueError, match="max_val"):
        nn.Hardtanh(1.0, 1.0)


SATURATING_MODULES = [
    (lambda: nn.SiLU(), lambda: tnn.SiLU()),
    (lambda: nn.SiLU(inplace=True), lambda: tnn.SiLU(inplace=True)),
    (lambda: nn.ELU(), lambda: tnn.ELU()),
    (lambda: nn.ELU(alpha=0.5, inplace=True), lambda: tnn.ELU(alpha=0.5, inplace=True)),
    (lambda: nn.Softplus(), lambda: tnn.Softplus()),
    (lambda: nn.Softplus(beta=2, threshold=10), lambda: tnn.Softplus(beta=2, threshold=10)),
    (lambda: nn.Hardtanh(), lambda: tnn.Hardtanh()),
    (lambda: nn.Hardtanh(-2, 3, True), lambda: tnn.Hardtanh(-2, 3, True)),
    (lambda: nn.ReLU6(), lambda: tnn.ReLU6()),
    (lambda: nn.ReLU6(inplace=True), lambda: tnn.ReLU6(inplace=True)),
    (lambda: nn.LogSigmoid(), lambda: tnn.LogSigmoid()),
    (lambda: nn.Softmin(dim=1), lambda: tnn.Softmin(dim=1)),
    (lambda: nn.Mish(), lambda: tnn.Mish()),
    (lambda: nn.Softsign(), lambda: tnn.Softsign()),
]


@pytest.mark.parametrize("pair", SATURATING_MODULES, ids=lambda p: repr(p[0]()))
def test_saturating_activation_modules_repr_and_forward(pair):
    ours, theirs = pair[0](), pair[1]()
    assert repr(ours) == repr(theirs)
    x = make_inputs([(2, 5)], low=-8.0, high=8.0)[0]
    xa, xt = ag.Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, tout = ours(xa), theirs(xt.clone() if theirs.__dict__.get("inplace") else xt)
    assert_close(out, tout, rtol=1e-10, atol=1e-12)
    out.sum().backward()
    tout.sum().backward()
    assert_close(xa.grad, xt.grad, rtol=1e-10, atol=1e-12)


# -- losses -------------------------------------------------------------------------------


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


def test_smooth_l1_huber_gradcheck_and_errors():
    x, t = (ag.tensor(a, requires_grad=True) for a in make_inputs([(3, 4), (3, 4)]))
    assert ag.gradcheck(lambda a, b: F.smooth_l1_loss(a, b, beta=0.7), [x, t])
    assert ag.gradcheck(lambda a, b: F.huber_loss(a, b, delta=0.7), [x, t])
    with pytest.raises(RuntimeError, match="beta=-1"):
        F.smooth_l1_loss(x, t, beta=-1.0)
    with pytest.raises(RuntimeError, match="delta=0"):
        F.huber_loss(x, t, delta=0.0)


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


# -- adaptive pooling, Unflatten ----------------------------------------------------------


@pytest.mark.parametrize(
    "shape,size",
    [
        ((2, 3, 7, 5), 1),
        ((2, 3, 7, 5), (1, 1)),
        ((2, 3, 4, 6), (2, 3)),
        ((2, 3, 4, 6), 2),
        ((2, 3, 4, 6), (None, 2)),
        ((3, 6, 4), (3, None)),
        ((1, 2, 4, 4), 4),
        ((3, 6, 4), 1),
    ],
)
def test_adaptive_avg_pool2d_matches_torch(shape, size):
    check_op(
        lambda x: F.adaptive_avg_pool2d(x, size),
        lambda x: TF.adaptive_avg_pool2d(x, size),
        shapes=[shape],
    )
    ours, theirs = nn.AdaptiveAvgPool2d(size), tnn.AdaptiveAvgPool2d(size)
    assert repr(ours) == repr(theirs)
    x = make_inputs([shape])[0]
    assert_close(ours(ag.tensor(x)), theirs(torch.tensor(x)))


def test_adaptive_avg_pool2d_unsupported_sizes():
    with pytest.raises(NotImplementedError, match=r"output size \(2, 2\).*input size \(5, 5\)"):
        F.adaptive_avg_pool2d(ag.ones(1, 1, 5, 5), 2)
    with pytest.raises(NotImplementedError, match=r"\(3, 1\)"):
        nn.AdaptiveAvgPool2d((3, 1))(ag.ones(1, 4, 4))
    with pytest.raises(RuntimeError, match=r"\(2, 4\)"):
        F.adaptive_avg_pool2d(ag.ones(2, 4), 1)


@pytest.mark.parametrize(
    "shape,dim,sizes",
    [
        ((3, 12), 1, (3, 4)),
        ((3, 12), -1, [2, -1, 3]),
        ((12, 2), 0, (2, 2, 3)),
        ((2, 6, 5), 1, (6,)),
        ((2, 6, 5), -2, (-1, 2)),
    ],
)
def test_unflatten_matches_torch(shape, dim, sizes):
    ours, theirs = nn.Unflatten(dim, sizes), tnn.Unflatten(dim, sizes)
    assert repr(ours) == repr(theirs)
    check_op(ours, theirs, shapes=[shape])


def test_unflatten_errors_and_flatten_roundtrip():
    with pytest.raises(TypeError, match="found element of type float at pos 1"):
        nn.Unflatten(1, (2, 3.0))
    with pytest.raises(TypeError, match="found type int"):
        nn.Unflatten(1, 6)
    with pytest.raises(
        RuntimeError,
        match=r"\[2, 4\] don't multiply up to the size of dim 1 "
        r"\(6\)",
    ):
        nn.Unflatten(1, (2, 4))(ag.zeros(3, 6))
    x = ag.randn(2, 3, 4, 5)
    model = nn.Sequential(nn.Flatten(), nn.Unflatten(1, (3, 4, 5)))
    assert np.array_equal(model(x)._data, x._data)
    assert repr(nn.Flatten(0, 2)) == repr(tnn.Flatten(0, 2))


# -- ParameterList, ModuleDict ------------------------------------------------------------


def test_parameter_list_matches_torch():
    arrays = [np.zeros((2, 3), np.float32), np.ones(3)]
    ours = nn.ParameterList([ag.tensor(arrays[0]), nn.Parameter(ag.tensor(arrays[1]))])
    theirs = tnn.ParameterList([torch.tensor(arrays[0]), tnn.Parameter(torch.tensor(arrays[1]))])
    assert repr(ours) == repr(theirs).replace("torch.", "")
    assert repr(nn.ParameterList()) == repr(tnn.ParameterList())
    assert repr(nn.ParameterList([ag.zeros(2)])) == repr(
        tnn.ParameterList([torch.zeros(2)])
    ).replace("torch.", "")
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["0", "1"]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in ours)
    assert ours[-1] is ours[1] and len(ours[0:1]) == 1 and ours[0:1][0] is ours[0]

    ours.append(ag.ones(4))
    ours += [ag.ones(1)]
    ours[0] = ag.full((2,), 3.0)
    assert len(ours) == 4 and isinstance(ours[0], nn.Parameter)
    assert [n for n, _ in ours.named_parameters()] == ["0", "1", "2", "3"]

    class Owner(nn.Module):
        def __init__(self):
            super().__init__()
            self.scales = nn.ParameterList([ag.ones(2), ag.ones(2)])

        def forward(self, x):
            for s in self.scales:
                x = x * s
            return x.sum()

    owner = Owner()
    owner(ag.ones(2)).backward()
    assert list(owner.state_dict()) == ["scales.0", "scales.1"]
    assert all(p.grad is not None for p in owner.parameters())


def test_parameter_list_errors():
    params = nn.ParameterList([ag.zeros(1)])
    with pytest.raises(IndexError, match="index 3 is out of range"):
        params[3]
    with pytest.raises(TypeError, match="iterable, but got Tensor"):
        params.extend(ag.zeros(2))
    with pytest.raises(RuntimeError, match="should not be called"):
        params(ag.zeros(1))


def test_module_dict_matches_torch_state_dict():
    ours = nn.ModuleDict({"a": nn.Linear(2, 3), "b": nn.ReLU6()})
    theirs = tnn.ModuleDict({"a": tnn.Linear(2, 3), "b": tnn.ReLU6()})
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
