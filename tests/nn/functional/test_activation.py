"""Functional activations against torch: values and float64 gradients at edge values,
infinities and NaN, gradcheck, float32 and float16, softmax's implicit dim, GELU and erf."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd.ops.nn import _erf, gelu
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch
from tests.nn._compare import leaf, tleaf


def _ops(lib):
    if lib == "torch":
        ce, tensor = torch.nn.functional.cross_entropy, torch.tensor
    else:
        ce, tensor = F.cross_entropy, ag.tensor
    return {
        "softmax": lambda x, lab: x.softmax(1),
        "log_softmax": lambda x, lab: x.log_softmax(1),
        "cross_entropy": lambda x, lab: ce(x, tensor(lab)),
        "cross_entropy none": lambda x, lab: ce(x, tensor(lab), reduction="none"),
        "cross_entropy sum": lambda x, lab: ce(x, tensor(lab), reduction="sum"),
        "cross_entropy smoothing": lambda x, lab: ce(x, tensor(lab), label_smoothing=0.1),
    }


def _run(lib, name, logits, labels, upstream, dtype):
    make = torch.tensor if lib == "torch" else ag.tensor
    x = make(logits.astype(dtype), requires_grad=True)
    y = _ops(lib)[name](x, labels)
    y.backward(make(upstream.astype(dtype)))
    grad = x.grad.numpy()
    return np.asarray(y.detach().numpy()), grad


def randn(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


tnn = torch.nn if torch is not None else None


TF = torch.nn.functional if torch is not None else None


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


def _kinked_tol(name):
    # torch's celu and hardsigmoid backward round 1/alpha and 1/6 to float32 (relative
    # error ~6e-8 in float64); ours keep float64's
    return {"rtol": 2e-7, "atol": 1e-12} if name in ("celu_alpha", "hardsigmoid") else TIGHT


@requires_torch
def test_issue_repro_softmax_last_value_and_gradient_are_torchs():
    values = np.array([1, 2, 10], np.float16)
    x, tx = ag.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    y, ty = x.softmax(-1), tx.softmax(-1)
    np.testing.assert_array_equal(y.detach().numpy(), ty.detach().numpy())
    assert y[2].item() == np.float16(0.9995)  # it was 1.0, with gradient 0
    y[2].backward()
    ty[2].backward()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())
    assert x.grad[2].item() > 0


@requires_torch
@pytest.mark.parametrize("name", list(_ops("ours")))
def test_float16_is_as_accurate_as_torchs(name):
    rng = np.random.default_rng(0)
    worst = {"ours": [0.0, 0.0], "torch": [0.0, 0.0]}
    for _ in range(20):
        logits = rng.normal(0, 3, (16, 10)).astype(np.float16)
        labels = rng.integers(0, 10, 16)
        shape = _ops("torch")[name](torch.tensor(logits), labels).shape
        upstream = rng.uniform(-1, 1, tuple(shape)).astype(np.float16)
        out64, grad64 = _run("torch", name, logits, labels, upstream, np.float64)
        for lib in ("ours", "torch"):
            out, grad = _run(lib, name, logits, labels, upstream, np.float16)
            assert out.dtype == np.float16 and grad.dtype == np.float16
            worst[lib][0] = max(worst[lib][0], np.abs(out.astype(np.float64) - out64).max())
            worst[lib][1] = max(worst[lib][1], np.abs(grad.astype(np.float64) - grad64).max())
    # the float32-then-round kernels err no more than torch's own float16 result
    assert worst["ours"][0] <= worst["torch"][0] * 1.3 + 1e-6
    assert worst["ours"][1] <= worst["torch"][1] * 1.3 + 1e-6


@requires_torch
@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gradcheck_gelu(approximate):
    x = ag.Tensor(randn(4, 5) * 3, requires_grad=True)
    assert ag.gradcheck(lambda t: F.gelu(t, approximate=approximate), [x])


@requires_torch
def test_gradcheck_leaky_relu_and_logsigmoid():
    x = ag.Tensor(randn(4, 5) * 3, requires_grad=True)
    assert ag.gradcheck(lambda t: F.leaky_relu(t, 0.1), [x])
    assert ag.gradcheck(F.logsigmoid, [x])


@requires_torch
@requires_torch
def test_functional_activations_accept_torchs_inplace_keyword():
    x = np.random.default_rng(0).standard_normal((3, 4))
    xa = ag.Tensor(x, requires_grad=True)
    out = F.relu(xa, inplace=True) + F.leaky_relu(xa, 0.2, inplace=True)
    tx = torch.tensor(x, requires_grad=True)
    expected = torch.nn.functional.relu(tx.clone(), inplace=True) + torch.nn.functional.leaky_relu(
        tx.clone(), 0.2, inplace=True
    )
    assert_close(out, expected)
    out.sum().backward()
    expected.sum().backward()
    assert_close(xa.grad, tx.grad)
    assert_close(xa, x)  # "in place" still leaves the input alone here


@requires_torch
@requires_torch
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_functional_softmax_dim_none_and_dtype_as_torch(name):
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    ours, theirs = getattr(F, name), getattr(torch.nn.functional, name)
    with pytest.warns(UserWarning, match="implicit choice of dim"):
        out = ours(ag.Tensor(x))
    with pytest.warns(UserWarning):
        expected = theirs(torch.tensor(x))
    assert_close(out, expected)
    xa = ag.Tensor(x.astype(np.float32), requires_grad=True)
    out = ours(xa, dim=-1, dtype=np.float64)
    tx = torch.tensor(x.astype(np.float32), requires_grad=True)
    expected = theirs(tx, dim=-1, dtype=torch.float64)
    assert out.dtype == np.float64
    assert_close(out, expected, rtol=1e-6)
    up = np.random.default_rng(1).standard_normal(out.shape)
    out.backward(ag.Tensor(up))
    expected.backward(torch.tensor(up))
    assert xa.grad.dtype == np.float32
    assert_close(xa.grad, tx.grad, rtol=1e-5, atol=1e-6)


@requires_torch
@pytest.mark.parametrize("name", SATURATING)
def test_saturating_activation_edges_match_torch(name):
    ours, theirs = SATURATING[name]
    inputs = [SATURATION_EDGES.copy()]
    if name == "softmin0":  # a softmax of huge values is one-hot; keep the spread moderate
        inputs = [np.clip(SATURATION_EDGES, -30, 30)]
    check_op(ours, theirs, inputs=inputs, rtol=1e-10, atol=1e-12, gradcheck=False)


@requires_torch
@pytest.mark.parametrize("name", SATURATING)
def test_saturating_activation_random_match_torch_and_gradcheck(name):
    ours, theirs = SATURATING[name]
    x = make_inputs([(3, 4)], low=-4.0, high=4.0)[0]
    x[np.abs(x - np.round(x)) < 0.05] += 0.1  # keep gradcheck off the kinks (-1, 0, 1, 6)
    check_op(ours, theirs, inputs=[x], rtol=1e-10, atol=1e-12)


@requires_torch
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


@requires_torch
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


@requires_torch
def test_hardtanh_invalid_range():
    with pytest.raises(ValueError, match="min_val \\(2.0\\)"):
        F.hardtanh(ag.zeros(2), 2.0, 1.0)
    with pytest.raises(ValueError, match="max_val"):
        nn.Hardtanh(1.0, 1.0)


@requires_torch
@pytest.mark.parametrize("name", KINKED)
def test_kinked_activation_edges_match_torch(name):
    ours, theirs = KINKED[name]
    check_op(ours, theirs, inputs=[KINK_EDGES.copy()], gradcheck=False, **_kinked_tol(name))


@requires_torch
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


@requires_torch
def test_kinked_activations_keep_float32():
    x = ag.tensor([-1.0, 2.0])
    for name, (ours, _) in KINKED.items():
        if name != "prelu_scalar":
            assert ours(x).dtype == np.float32, name


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
def test_glu_gradcheck_other_dim():
    check_op(lambda x: F.glu(x, 0), lambda x: TF.glu(x, 0), shapes=[(4, 3)], **TIGHT)


def test_erf_is_accurate_to_1e_13_relative():
    xs = np.concatenate(
        [
            np.linspace(-9, 9, 40001),
            np.geomspace(1e-300, 1.0, 400),
            -np.geomspace(1e-8, 30.0, 400),
            [0.0, 2.0, -2.0],
        ]
    )
    ref = np.array([math.erf(v) for v in xs])
    rel = np.abs(_erf(xs) - ref) / np.maximum(np.abs(ref), 1e-300)
    assert rel.max() <= 1e-13, (rel.max(), xs[rel.argmax()])
    assert _erf(np.array([0.5], np.float32)).dtype == np.float32


@requires_torch
@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_torch_with_second_derivative(approximate):
    x = np.concatenate([np.linspace(-7, 7, 57), [0.0, 1e-3, -30.0, 30.0]])
    check_op(
        lambda t: gelu(t, approximate),
        lambda t: TF.gelu(t, approximate=approximate),
        inputs=[x],
        rtol=1e-12,
        atol=1e-14,
    )
    a, t = leaf(x), tleaf(x)
    (g,) = ag.grad(gelu(a, approximate).sum(), [a], create_graph=True)
    (tg,) = torch.autograd.grad(TF.gelu(t, approximate=approximate).sum(), [t], create_graph=True)
    assert_close(
        ag.grad(g.sum(), [a])[0], torch.autograd.grad(tg.sum(), [t])[0], rtol=1e-10, atol=1e-12
    )


@requires_torch
def test_gelu_float32_and_errors():
    x = ag.randn(50, requires_grad=True)
    out = gelu(x)
    out.sum().backward()
    assert out.dtype == np.float32 and x.grad.dtype == np.float32
    assert_close(out, TF.gelu(torch.tensor(x._data)), rtol=1e-6, atol=1e-7)
    with pytest.raises(RuntimeError, match=r"'fast'"):  # RuntimeError, as torch
        gelu(x, "fast")


@requires_torch
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # mish's slope at inf is NaN
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["logsigmoid", "softplus", "mish"])
def test_softplus_family_is_exact_at_infinities_like_torch(name, dtype):
    values = np.array([-np.inf, -1e4, -30, -1, -1e-3, 0, 1e-3, 1, 30, 1e4, np.inf], dtype)
    x = ag.tensor(values, requires_grad=True)
    xt = torch.tensor(values, requires_grad=True)
    y, yt = getattr(F, name)(x), getattr(torch.nn.functional, name)(xt)
    y.sum().backward()
    yt.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-5)
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-7)


@requires_torch
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("hardtanh", {}),
        ("hardtanh", {"min_val": 0.0, "max_val": 6.0}),
        ("relu6", {}),
        ("elu", {}),
        ("elu", {"alpha": 0.5}),
        ("leaky_relu", {}),
        ("relu", {}),
    ],
)
def test_piecewise_activations_route_nan_inputs_like_torch(name, kwargs):
    # torch tests x <= bound (not x > bound), so a NaN input takes the identity branch
    values = np.array([np.nan, -2, -1, 0, 0.5, 1, 6, 7, np.inf, -np.inf], np.float32)
    x = ag.tensor(values, requires_grad=True)
    xt = torch.tensor(values, requires_grad=True)
    y, yt = getattr(F, name)(x, **kwargs), getattr(torch.nn.functional, name)(xt, **kwargs)
    y.sum().backward()
    yt.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-6)
