"""PReLU ... PixelShuffle against torch: the second batch of layers, losses and containers.

Forward values and float64 gradients of inputs and parameters (edge values included:
exact kinks such as -3/3 for hardswish, +-lambd for the shrinks), default init,
``state_dict`` keys, ``repr``, constructor argument order, every reduction, error types,
and ``ag.gradcheck`` on smooth inputs.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch
from tests.nn._compare import compare, copy_to_torch

pytestmark = requires_torch
tnn = torch.nn if torch is not None else None
TF = torch.nn.functional if torch is not None else None
REDUCTIONS = ["mean", "sum", "none"]
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


# -- activations --------------------------------------------------------------------------

KINKED = {
    "selu": (F.selu, TF.selu if TF else None),
    "celu": (F.celu, lambda x: TF.celu(x)),
    "celu_alpha": (lambda x: F.celu(x, 0.7), lambda x: TF.celu(x, 0.7)),
    "hardswish": (F.hardswish, lambda x: TF.hardswish(x)),
    "hardsigmoid": (F.hardsigmoid, lambda x: TF.hardsigmoid(x)),
    "threshold": (lambda x: F.threshold(x, 0.5, -2.0), lambda x: TF.threshold(x, 0.5, -2.0)),
    "tanhshrink": (F.tanhshrink, lambda x: TF.tanhshrink(x)),
    "softshrink": (F.softshrink, lambda x: TF.softshrink(x)),
    "softshrink_lambd": (lambda x: F.softshrink(x, 1.0), lambda x: TF.softshrink(x, 1.0)),
    "hardshrink": (F.hardshrink, lambda x: TF.hardshrink(x)),
    "hardshrink_lambd": (lambda x: F.hardshrink(x, 0.3), lambda x: TF.hardshrink(x, 0.3)),
    "prelu_scalar": (
        lambda x: F.prelu(x, ag.tensor([0.3], dtype=ag.float64)),
        lambda x: TF.prelu(x, torch.tensor([0.3], dtype=torch.float64)),
    ),
}


@pytest.mark.parametrize("name", KINKED)
def test_kinked_activation_edges_match_torch(name):
    ours, theirs = KINKED[name]
    check_op(ours, theirs, inputs=[KINK_EDGES.copy()], gradcheck=False, **_kinked_tol(name))


def _kinked_tol(name):
    # torch's celu and hardsigmoid backward round 1/alpha and 1/6 to float32 (relative
    # error ~6e-8 in float64); ours keep float64's
    return {"rtol": 2e-7, "atol": 1e-12} if name in ("celu_alpha", "hardsigmoid") else TIGHT


@pytest.mark.parametrize("name", KINKED)
def test_kinked_activation_random_match_torch_and_gradcheck(name):
    ours, theirs = KINKED[name]
    x = make_inputs([(3, 4)], low=-4.0, high=4.0)[0]
    # keep gradcheck's finite differences away from the kinks
    x[
        np.min(np.abs(x[..., None] - np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])), axis=-1)
        < 0.05
    ] += 0.1
    check_op(ours, theirs, inputs=[x], **_kinked_tol(name))


def test_kinked_activations_keep_float32():
    x = ag.tensor([-1.0, 2.0])
    for name, (ours, _) in KINKED.items():
        if name != "prelu_scalar":
            assert ours(x).dtype == np.float32, name


@pytest.mark.parametrize("name", KINKED)
def test_kinked_activation_inf_and_nan_values_and_gradients_like_torch(name):
    ours, theirs = KINKED[name]
    x = np.array([-np.inf, np.inf, np.nan, -3.0, 3.0, 0.5, -0.5])
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no 0 * inf on the way
        out = ours(xa)
        out.backward(ag.ones(*out.shape, dtype=ag.float64))
    expected = theirs(xt)
    expected.sum().backward()
    np.testing.assert_allclose(
        out._data, expected.detach().numpy(), equal_nan=True, err_msg=f"{name} forward"
    )
    np.testing.assert_allclose(
        xa.grad._data, xt.grad.numpy(), equal_nan=True, err_msg=f"{name} gradient"
    )


KINKED_MODULES = [
    (lambda: nn.SELU(), lambda: tnn.SELU()),
    (lambda: nn.SELU(inplace=True), lambda: tnn.SELU(inplace=True)),
    (lambda: nn.CELU(), lambda: tnn.CELU()),
    (lambda: nn.CELU(0.5, True), lambda: tnn.CELU(0.5, True)),
    (lambda: nn.Hardswish(), lambda: tnn.Hardswish()),
    (lambda: nn.Hardsigmoid(True), lambda: tnn.Hardsigmoid(True)),
    (lambda: nn.Threshold(0.1, 20), lambda: tnn.Threshold(0.1, 20)),
    (lambda: nn.Threshold(0.1, 2.0, True), lambda: tnn.Threshold(0.1, 2.0, True)),
    (lambda: nn.Tanhshrink(), lambda: tnn.Tanhshrink()),
    (lambda: nn.GLU(), lambda: tnn.GLU()),
    (lambda: nn.GLU(1), lambda: tnn.GLU(1)),
    (lambda: nn.Softshrink(), lambda: tnn.Softshrink()),
    (lambda: nn.Softshrink(1.5), lambda: tnn.Softshrink(1.5)),
    (lambda: nn.Hardshrink(0.25), lambda: tnn.Hardshrink(0.25)),
    (lambda: nn.PReLU(), lambda: tnn.PReLU()),
    (lambda: nn.PReLU(4, 0.1), lambda: tnn.PReLU(4, 0.1)),
    (lambda: nn.LogSigmoid(), lambda: tnn.LogSigmoid()),
]


@pytest.mark.parametrize("k", range(len(KINKED_MODULES)))
def test_kinked_activation_modules_match_torch(k):
    make_ours, make_theirs = KINKED_MODULES[k]
    ours, theirs = make_ours(), make_theirs()
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for name, p in ours.state_dict().items():  # default init
        assert_close(p, theirs.state_dict()[name], what=name)
    if getattr(theirs, "inplace", False):  # torch's would overwrite the leaf input
        theirs.inplace = False
    x = make_inputs([(2, 4, 3, 6)], low=-3.0, high=3.0)[0]
    # torch's hardsigmoid backward uses a float32 1/6 (see _kinked_tol): compare in float32
    compare(ours, theirs, x, dtype=np.float32 if isinstance(ours, nn.Hardsigmoid) else np.float64)


def test_prelu_per_channel_weight_gradient_and_gradcheck():
    ours, theirs = nn.PReLU(3).double(), tnn.PReLU(3).double()
    ours.weight._data[...] = [0.1, -0.2, 0.5]
    copy_to_torch(ours, theirs)
    x = make_inputs([(2, 3, 4)])[0]
    compare(ours, theirs, x)
    w = ag.tensor([0.1, -0.2, 0.5], dtype=ag.float64, requires_grad=True)
    xa = ag.tensor(x + np.sign(x) * 0.1, requires_grad=True)
    assert ag.gradcheck(F.prelu, [xa, w])
    assert repr(ours(ag.tensor(x))).endswith("grad_fn=<PreluKernelBackward0>)")


def test_prelu_1d_input_and_errors():
    x = np.array([-1.0, 2.0, -3.0])
    check_op(F.prelu, TF.prelu, inputs=[x, np.array([0.3])], **TIGHT)
    check_op(F.prelu, TF.prelu, inputs=[x, np.array(0.3)], **TIGHT)
    with pytest.raises(RuntimeError):  # below 2-D the input has one channel
        TF.prelu(torch.tensor(x), torch.ones(3, dtype=torch.float64))
    with pytest.raises(RuntimeError, match="channel size = 1"):
        F.prelu(ag.tensor(x), ag.ones(3, dtype=ag.float64))
    with pytest.raises(RuntimeError):
        TF.prelu(torch.ones(2, 4), torch.ones(3))
    with pytest.raises(RuntimeError, match="channel size = 4"):
        F.prelu(ag.ones(2, 4), ag.ones(3))


def test_activation_errors_match_torch():
    for ours, theirs in [
        (lambda: F.celu(ag.ones(2), 0.0), lambda: TF.celu(torch.ones(2), 0.0)),
        (lambda: F.softshrink(ag.ones(2), -1.0), lambda: TF.softshrink(torch.ones(2), -1.0)),
        (lambda: F.glu(ag.ones(2, 3)), lambda: TF.glu(torch.ones(2, 3))),
        (lambda: F.glu(ag.tensor(1.0)), lambda: TF.glu(torch.tensor(1.0))),
        (lambda: F.glu(ag.ones(2, 4), 2), lambda: TF.glu(torch.ones(2, 4), 2)),
    ]:
        with pytest.raises(Exception) as theirs_err:
            theirs()
        with pytest.raises(type(theirs_err.value)):
            ours()


def test_glu_gradcheck_other_dim():
    check_op(lambda x: F.glu(x, 0), lambda x: TF.glu(x, 0), shapes=[(4, 3)], **TIGHT)


# -- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape,groups", [((2, 6, 5), 3), ((3, 4, 2, 3), 2), ((2, 4), 2), ((2, 6, 3, 2), 1)]
)
def test_group_norm_module_matches_torch(shape, groups):
    ours, theirs = nn.GroupNorm(groups, shape[1]), tnn.GroupNorm(groups, shape[1])
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.weight._data[...] = np.linspace(0.5, 1.5, shape[1])
    ours.bias._data[...] = np.linspace(-1, 1, shape[1])
    compare(ours, theirs, make_inputs([shape])[0])
    if np.prod(shape[1:]) // groups >= 4:  # tiny groups: float32 roundoff dominates
        compare(ours, theirs, make_inputs([shape])[0], dtype=np.float32)


def test_group_norm_no_affine_repr_and_functional_gradcheck():
    ours, theirs = nn.GroupNorm(2, 4, eps=1e-3, affine=False), tnn.GroupNorm(2, 4, 1e-3, False)
    assert repr(ours) == repr(theirs) and list(ours.state_dict()) == []
    compare(ours, theirs, make_inputs([(2, 4, 3)])[0])
    check_op(
        lambda x, w, b: F.group_norm(x, 2, w, b, 1e-3),
        lambda x, w, b: TF.group_norm(x, 2, w, b, 1e-3),
        shapes=[(2, 4, 3), (4,), (4,)],
    )


def test_group_norm_errors():
    with pytest.raises(ValueError, match=r"num_channels \(4\).*num_groups \(3\)"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError):
        tnn.GroupNorm(3, 4)
    with pytest.raises(RuntimeError, match="num_groups=4"):
        F.group_norm(ag.ones(2, 6, 3), 4)
    with pytest.raises(RuntimeError):
        TF.group_norm(torch.ones(2, 6, 3), 4)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"affine": True},
        {"track_running_stats": True},
        {"affine": True, "track_running_stats": True, "momentum": 0.3},
    ],
)
def test_instance_norm2d_matches_torch(kwargs):
    ours, theirs = nn.InstanceNorm2d(3, **kwargs), tnn.InstanceNorm2d(3, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    if ours.weight is not None:
        ours.weight._data[...] = [0.5, 1.0, 2.0]
        ours.bias._data[...] = [-1.0, 0.0, 1.0]
    for seed in range(2):  # training: running stats updated twice
        x = make_inputs([(2, 3, 4, 5)], rng=np.random.default_rng(seed))[0]
        compare(ours, theirs, x)
    ours.eval()
    theirs.eval()
    compare(ours, theirs, make_inputs([(2, 3, 4, 5)])[0])
    compare(ours, theirs, make_inputs([(3, 4, 5)])[0])  # unbatched


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


# -- dropout ------------------------------------------------------------------------------


def test_dropout2d_zeroes_whole_channels_with_rescale():
    drop = nn.Dropout2d(0.4)
    assert repr(drop) == repr(tnn.Dropout2d(0.4))
    x = ag.tensor(np.random.default_rng(0).uniform(1, 2, (8, 16, 3, 3)), requires_grad=True)
    y = drop(x)
    ratio = y._data / x._data
    per_channel = ratio.reshape(8, 16, -1)
    assert np.allclose(per_channel, per_channel[..., :1])  # one draw per (n, c)
    assert set(np.round(np.unique(ratio), 6)) <= {0.0, round(1 / 0.6, 6)}
    assert 0.2 < (per_channel[..., 0] == 0).mean() < 0.6
    y.backward(ag.ones(*y.shape, dtype=ag.float64))
    assert_close(x.grad, ratio)
    assert drop.eval()(x) is x or np.array_equal(drop.eval()(x)._data, x._data)


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


# -- padding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.ZeroPad2d(1),
        lambda m: m.ZeroPad2d((1, 0, 2, 3)),
        lambda m: m.ZeroPad2d((-1, 2, 0, -1)),
        lambda m: m.ConstantPad2d(2, 3.5),
        lambda m: m.ConstantPad2d((0, 1, 1, 0), -1.0),
        lambda m: m.ConstantPad2d((1, 2), 7),
    ],
)
def test_padding_modules_match_torch(make):
    ours, theirs = make(nn), make(tnn)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, make_inputs([(2, 3, 4, 5)])[0])
    compare(ours, theirs, make_inputs([(3, 4, 5)])[0], dtype=np.float32)


# -- containers ---------------------------------------------------------------------------


def test_parameter_dict_matches_torch():
    values = {"b": np.ones((2, 3), np.float32), "a": np.zeros(3, np.float32)}
    ours = nn.ParameterDict({k: ag.tensor(v) for k, v in values.items()})
    theirs = tnn.ParameterDict({k: torch.tensor(v) for k, v in values.items()})
    assert list(ours.keys()) == list(theirs.keys()) == ["a", "b"]  # a dict is sorted
    assert [k for k, _ in ours.named_parameters()] == [k for k, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert all(isinstance(p, nn.Parameter) for p in ours.values())
    assert len(ours) == 2 and "a" in ours and "c" not in ours
    ours["c"] = ag.ones(1)
    theirs["c"] = torch.ones(1)
    ours.update([("d", ag.zeros(2))])
    theirs.update([("d", torch.zeros(2))])
    assert list(ours) == list(theirs)
    assert [k for k, _ in ours.items()] == [k for k, _ in theirs.items()]
    del ours["b"]
    del theirs["b"]
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["a", "c", "d"]
    ordered = OrderedDict([("z", ag.ones(1)), ("y", ag.ones(1))])
    assert list(nn.ParameterDict(ordered)) == ["z", "y"]
    p = ours.pop("c")
    assert isinstance(p, nn.Parameter) and list(ours) == ["a", "d"]
    assert ours.get("zz") is None and ours.get("a") is ours["a"]
    assert ours.setdefault("e", ag.ones(2)) is ours["e"]
    copy = ours.copy()
    assert list(copy) == list(ours) and copy["a"] is ours["a"]
    ours.clear()
    assert len(ours) == 0 and list(ours.parameters()) == []


def test_parameter_dict_repr_errors_and_training():
    params = nn.ParameterDict({"w": ag.ones(2, 3), "v": ag.ones(2)})
    theirs = tnn.ParameterDict({"w": torch.ones(2, 3), "v": torch.ones(2)})
    assert repr(params) == repr(theirs).replace("torch.FloatTensor", "float32")
    one = nn.ParameterDict({"w": ag.ones(2, 3)})
    assert repr(one) == repr(tnn.ParameterDict({"w": torch.ones(2, 3)})).replace(
        "torch.FloatTensor", "float32"
    )
    with pytest.raises(TypeError, match="not a string"):
        params[1] = ag.ones(1)
    with pytest.raises(TypeError):
        tnn.ParameterDict()[1] = torch.ones(1)
    with pytest.raises(AttributeError):
        params["missing"]
    with pytest.raises(AttributeError):
        tnn.ParameterDict()["missing"]
    with pytest.raises(RuntimeError):
        params(ag.ones(1))
    model = nn.Module()
    model.scales = nn.ParameterDict({"s": ag.ones(2)})
    assert [k for k, _ in model.named_parameters()] == ["scales.s"]
    model.scales["s"].sum().backward()
    assert_close(model.scales["s"].grad, np.ones(2, np.float32))


# -- similarity and distance --------------------------------------------------------------


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


def test_cosine_similarity_zero_vector_and_float32():
    a = np.array([[0.0, 0.0], [1.0, 2.0]])
    b = np.array([[1.0, 1.0], [2.0, 1.0]])
    check_op(F.cosine_similarity, TF.cosine_similarity, inputs=[a, b], gradcheck=False)
    out = F.cosine_similarity(ag.tensor(a, dtype=ag.float32), ag.tensor(b, dtype=ag.float32))
    assert out.dtype == np.float32


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("keepdim", [False, True])
def test_pairwise_distance_matches_torch(p, keepdim):
    ours, theirs = nn.PairwiseDistance(p, 1e-6, keepdim), tnn.PairwiseDistance(p, 1e-6, keepdim)
    assert repr(ours) == repr(theirs)
    for shapes in ([(4, 5), (4, 5)], [(4, 5), (5,)], [(6,), (6,)]):
        check_op(
            lambda a, b: ours(a, b),
            lambda a, b: theirs(a, b),
            shapes=shapes,
            gradcheck=p != float("inf"),
            **TIGHT,
        )


# -- losses -------------------------------------------------------------------------------


def _signs(n, seed=0):
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=n)


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


def test_cosine_embedding_loss_errors():
    for a, b, t in [((2, 3), (2, 3), (2, 1)), ((2, 3), (3,), (2,)), ((3,), (3,), (2,))]:
        with pytest.raises(RuntimeError):
            TF.cosine_embedding_loss(torch.ones(a), torch.ones(b), torch.ones(t))
        with pytest.raises(RuntimeError):
            F.cosine_embedding_loss(ag.ones(*a), ag.ones(*b), ag.ones(*t))


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


LOSS_CALLS = {
    "margin_ranking": (lambda mod, r: mod.MarginRankingLoss(reduction=r), 3),
    "hinge_embedding": (lambda mod, r: mod.HingeEmbeddingLoss(reduction=r), 2),
    "cosine_embedding": (lambda mod, r: mod.CosineEmbeddingLoss(reduction=r), 3),
    "triplet_margin": (lambda mod, r: mod.TripletMarginLoss(reduction=r), 3),
    "poisson_nll": (lambda mod, r: mod.PoissonNLLLoss(reduction=r), 2),
}


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


# -- pixel shuffle ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape,r",
    [
        ((1, 8, 3, 3), 2),
        ((2, 9, 2, 4), 3),
        ((12, 2, 2), 2),
        ((2, 3, 4, 1, 2), 1),
        ((2, 1, 8, 2, 3), 2),
    ],
)
def test_pixel_shuffle_roundtrip_matches_torch(shape, r):
    ours, theirs = nn.PixelShuffle(r), tnn.PixelShuffle(r)
    assert repr(ours) == repr(theirs)
    check_op(ours, theirs, shapes=[shape], **TIGHT)
    up = shape[:-3] + (shape[-3] // (r * r), shape[-2] * r, shape[-1] * r)
    ours_u, theirs_u = nn.PixelUnshuffle(r), tnn.PixelUnshuffle(r)
    assert repr(ours_u) == repr(theirs_u)
    check_op(ours_u, theirs_u, shapes=[up], **TIGHT)
    x = make_inputs([shape])[0]
    assert_close(ours_u(ours(ag.tensor(x))), x)


def test_pixel_shuffle_errors_match_torch():
    cases = [
        (lambda f: f.pixel_shuffle, (1, 5, 2, 2), 2),
        (lambda f: f.pixel_shuffle, (4, 2), 2),
        (lambda f: f.pixel_shuffle, (1, 4, 2, 2), 0),
        (lambda f: f.pixel_unshuffle, (1, 1, 3, 4), 2),
        (lambda f: f.pixel_unshuffle, (1, 1, 4, 3), 2),
        (lambda f: f.pixel_unshuffle, (1, 1, 4, 4), -1),
    ]
    for fn, shape, r in cases:
        with pytest.raises(Exception) as theirs_err:
            fn(TF)(torch.ones(shape), r)
        with pytest.raises(type(theirs_err.value)):
            fn(F)(ag.ones(*shape), r)


# -- dtypes -------------------------------------------------------------------------------


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
