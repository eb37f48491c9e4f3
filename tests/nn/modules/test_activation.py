"""Activation modules (nn.ReLU6 ... nn.PReLU) against torch.nn: repr, default init,
state-dict keys, forward and float64 gradients."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, make_inputs, requires_torch, torch
from tests.nn._compare import compare, copy_to_torch

tnn = torch.nn if torch is not None else None


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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
def test_softmax_without_dim_picks_torchs_legacy_dim_and_warns():
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    with pytest.warns(UserWarning, match="implicit choice of dim"):
        out = nn.Softmax()(ag.Tensor(x))
    with pytest.warns(UserWarning):
        expected = tnn.Softmax()(torch.tensor(x))
    assert_close(out, expected)
