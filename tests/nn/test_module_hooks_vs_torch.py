"""Forward (pre-)hooks, get_parameter/get_buffer, half/cpu/type, checked against torch.nn."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, requires_torch, torch

pytestmark = requires_torch
tnn = torch.nn if torch is not None else None

X = np.random.default_rng(0).standard_normal((3, 4))


def pair():
    """The same two-layer net in both libraries, with equal weights."""
    ours = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 2)).double()
    theirs = tnn.Sequential(tnn.Linear(4, 5), tnn.ReLU(), tnn.Linear(5, 2)).double()
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def inputs():
    return ag.Tensor(X.copy()), torch.tensor(X.copy())


def as_np(v):
    return v._data if isinstance(v, ag.Tensor) else v.detach().numpy()


def record(log, tag):
    """A recording pre-hook and forward hook that change nothing."""

    def pre(m, args):
        log.append((tag, "pre", type(m).__name__, len(args), as_np(args[0]).copy()))

    def post(m, args, out):
        log.append((tag, "post", type(m).__name__, len(args), as_np(out).copy()))

    return pre, post


def assert_same_log(a, b):
    assert [e[:4] for e in a] == [e[:4] for e in b]
    for x, y in zip(a, b):
        np.testing.assert_allclose(x[4], y[4], rtol=1e-12)


def test_order_and_arguments_on_parent_and_children():
    logs = []
    for net in pair():
        log = []
        for tag, mod in (("root", net), ("c0", net[0]), ("c2", net[2]), ("c0b", net[0])):
            pre, post = record(log, tag)
            mod.register_forward_pre_hook(pre)
            mod.register_forward_hook(post)
        x = inputs()[0 if isinstance(net, nn.Module) else 1]
        net(x)
        logs.append(log)
    assert_same_log(*logs)
    assert [e[:2] for e in logs[0]] == [
        ("root", "pre"),
        ("c0", "pre"),
        ("c0b", "pre"),
        ("c0", "post"),
        ("c0b", "post"),
        ("c2", "pre"),
        ("c2", "post"),
        ("root", "post"),
    ]


def test_replaced_args_and_output():
    outs = []
    for net, x in zip(pair(), inputs()):
        net[0].register_forward_pre_hook(lambda m, args: args[0] * 2)  # single value
        net[0].register_forward_pre_hook(lambda m, args: (args[0] + 1,))  # tuple
        net[2].register_forward_hook(lambda m, args, out: out * 3)
        net[2].register_forward_hook(lambda m, args, out: None)  # keeps output
        net[2].register_forward_hook(lambda m, args, out: out - args[0].sum())
        outs.append(net(x))
    assert_close(outs[0], outs[1], rtol=1e-10)


def test_forward_hook_sees_args_after_pre_hooks():
    seen = []
    ours, theirs = inputs()
    nn_relu, t_relu = nn.ReLU(), tnn.ReLU()
    for m in (nn_relu, t_relu):
        m.register_forward_pre_hook(lambda m, args: (-args[0],))
        m.register_forward_hook(lambda m, args, out: seen.append(as_np(args[0]).copy()))
    assert_close(nn_relu(ours), t_relu(theirs))
    np.testing.assert_allclose(seen[0], seen[1])
    np.testing.assert_allclose(seen[0], -X)


def test_removal_and_duplicates():
    logs = []
    for net, x in zip(pair(), inputs()):
        log = []
        f = lambda m, args: log.append("f")  # noqa: E731
        g = lambda m, args: log.append("g")  # noqa: E731
        h1 = net.register_forward_pre_hook(f)
        net.register_forward_pre_hook(g)
        h3 = net.register_forward_pre_hook(f)
        hp = net.register_forward_pre_hook(lambda m, args: log.append("first"), prepend=True)
        hf = net[1].register_forward_hook(lambda m, args, out: log.append("child"))
        net(x)
        h3.remove()  # the third registration, not the first
        h3.remove()  # twice does nothing
        hf.remove()
        net(x)
        h1.remove()
        hp.remove()
        net(x)
        logs.append(log)
    assert logs[0] == logs[1]
    assert logs[0] == ["first", "f", "g", "f", "child", "first", "f", "g", "g"]


def test_removing_all_hooks_restores_plain_call():
    net, _ = pair()
    x = inputs()[0]
    before = net(x)._data.copy()
    handle = net.register_forward_hook(lambda m, args, out: out * 0)
    assert not net(x)._data.any()
    with handle:
        pass
    np.testing.assert_array_equal(net(x)._data, before)
    assert not net._forward_hooks


def test_with_kwargs_hooks():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    class TScale(tnn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    outs = []
    for m, x in zip((Scale(), TScale()), inputs()):
        m.register_forward_pre_hook(
            lambda m, a, k: (a, {**k, "factor": k["factor"] + 1}), with_kwargs=True
        )
        m.register_forward_hook(lambda m, a, k, out: out + k["factor"], with_kwargs=True)
        outs.append(m(x, factor=2.0))
    assert_close(outs[0], outs[1])
    bad = Scale()
    bad.register_forward_pre_hook(lambda m, a, k: a, with_kwargs=True)
    with pytest.raises(RuntimeError, match="new_kwargs"):
        bad(ag.Tensor(X), factor=1.0)


def test_hooks_do_not_change_state_dict_modules_or_repr():
    net, _ = pair()
    sd, names, text = list(net.state_dict()), [n for n, _ in net.named_modules()], repr(net)
    net.register_forward_hook(lambda m, a, o: None)
    net[0].register_forward_pre_hook(lambda m, a: None)
    assert list(net.state_dict()) == sd
    assert [n for n, _ in net.named_modules()] == names
    assert repr(net) == text
    with pytest.raises(TypeError, match="callable"):
        net.register_forward_hook(3)


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 3, bias=False), nn.BatchNorm1d(3))
        self.register_buffer("scale", ag.ones(1))
        self.register_buffer("empty", None)
        self.flag = 1


class TNested(tnn.Module if tnn is not None else object):
    def __init__(self):
        super().__init__()
        self.body = tnn.Sequential(tnn.Linear(2, 3, bias=False), tnn.BatchNorm1d(3))
        self.register_buffer("scale", torch.ones(1))
        self.register_buffer("empty", None)
        self.flag = 1


@pytest.mark.parametrize("target", ["body.0.weight", "body.1.bias"])
def test_get_parameter(target):
    ours, theirs = Nested(), TNested()
    ours.load_state_dict(theirs.state_dict())
    p = ours.get_parameter(target)
    assert isinstance(p, nn.Parameter)
    assert p is dict(ours.named_parameters())[target]
    assert_close(p, theirs.get_parameter(target))


@pytest.mark.parametrize("target", ["scale", "body.1.running_mean", "body.1.num_batches_tracked"])
def test_get_buffer(target):
    ours, theirs = Nested(), TNested()
    b = ours.get_buffer(target)
    assert b is dict(ours.named_buffers())[target]
    assert_close(b, theirs.get_buffer(target))
    assert ours.get_buffer("empty") is None and theirs.get_buffer("empty") is None


@pytest.mark.parametrize(
    "method,target",
    [
        ("get_parameter", "body.0.bias"),  # registered as None
        ("get_parameter", "body.0.nope"),
        ("get_parameter", "body.1.running_mean"),
        ("get_parameter", "flag"),
        ("get_parameter", "missing.weight"),
        ("get_parameter", "body"),
        ("get_buffer", "body.0.weight"),
        ("get_buffer", "nope"),
        ("get_buffer", "flag"),
        ("get_buffer", "body.7.running_mean"),
    ],
)
def test_get_errors_match_torch(method, target):
    with pytest.raises(AttributeError):
        getattr(TNested(), method)(target)
    with pytest.raises(AttributeError, match="`"):
        getattr(Nested(), method)(target)


def test_half_cpu_type():
    ours, theirs = Nested(), TNested()
    ours.load_state_dict(theirs.state_dict())
    assert ours.half() is ours and theirs.half() is theirs
    ours_sd, theirs_sd = ours.state_dict(), theirs.state_dict()
    for k in theirs_sd:
        assert ours_sd[k].dtype == theirs_sd[k].numpy().dtype, k
        np.testing.assert_array_equal(ours_sd[k], theirs_sd[k].numpy())
    assert ours.cpu() is ours
    ours.type("float64")
    theirs.type(torch.float64)
    for k, v in theirs.state_dict().items():
        assert ours.state_dict()[k].dtype == v.numpy().dtype, k
