"""nn.Module against torch.nn: registration, traversal, modes, state dicts, repr, deepcopy,
forward hooks, get_parameter/get_buffer, and to/cpu/half/type."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, requires_torch, torch

tnn = torch.nn if torch is not None else None


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 6)
        self.bn = nn.BatchNorm1d(6)
        self.drop = nn.Dropout(0.2)
        self.fc2 = nn.Linear(6, 3, bias=False)

    def forward(self, x):
        return self.fc2(self.drop(self.bn(self.fc1(x)).relu()))


class TorchBlock(tnn.Module if tnn is not None else object):
    def __init__(self):
        super().__init__()
        self.fc1 = tnn.Linear(4, 6)
        self.bn = tnn.BatchNorm1d(6)
        self.drop = tnn.Dropout(0.2)
        self.fc2 = tnn.Linear(6, 3, bias=False)

    def forward(self, x):
        return self.fc2(self.drop(self.bn(self.fc1(x)).relu()))


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


def _dtypes(module):
    return [str(t.dtype).removeprefix("torch.") for t in [*module.parameters(), *module.buffers()]]


def test_attributes_register_in_order_and_plain_values_do_not():
    m = Block()
    m.scale = 3.0
    assert list(m._modules) == ["fc1", "bn", "drop", "fc2"]
    assert [n for n, _ in m.named_parameters()] == [
        "fc1.weight",
        "fc1.bias",
        "bn.weight",
        "bn.bias",
        "fc2.weight",
    ]
    assert [n for n, _ in m.named_buffers()] == [
        "bn.running_mean",
        "bn.running_var",
        "bn.num_batches_tracked",
    ]
    assert "scale" not in m._parameters and m.scale == 3.0
    assert m.fc1 is m._modules["fc1"] and m.fc2.bias is None


@requires_torch
def test_names_and_state_dict_keys_equal_torch():
    ours, theirs = Block(), TorchBlock()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours).replace("Block", "X") == repr(theirs).replace("TorchBlock", "X")


@requires_torch
def test_reassigning_a_parameter_or_child_keeps_its_place_as_in_torch():
    ours, theirs = Block(), TorchBlock()
    ours.fc1 = nn.Linear(4, 6)
    theirs.fc1 = tnn.Linear(4, 6)
    ours.fc2.weight = nn.Parameter(ag.zeros(3, 6))
    theirs.fc2.weight = tnn.Parameter(torch.zeros(3, 6))
    ours.bn.bias = nn.Parameter(ag.zeros(6))
    theirs.bn.bias = tnn.Parameter(torch.zeros(6))
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_assigning_a_tensor_to_a_parameter_name_raises():
    lin = nn.Linear(2, 2)
    with pytest.raises(
        TypeError,
        match=r"cannot assign 'Tensor' as parameter 'weight' "
        r"\(nn.Parameter or None expected\)",
    ):
        lin.weight = ag.ones(2, 2)
    lin.weight = nn.Parameter(ag.ones(2, 2))  # a Parameter is fine
    lin.bias = None
    assert [n for n, _ in lin.named_parameters()] == ["weight"]
    with pytest.raises(TypeError, match="as child module 'x'"):
        s = nn.Sequential()
        s.x = nn.ReLU()
        s.x = 3


def test_reassigning_moves_a_name_between_kinds_and_delattr_unregisters():
    m = nn.Module()
    m.a = nn.Linear(1, 1)
    m.a = nn.Parameter([1.0])  # a Parameter replaces the module, as in torch
    assert "a" in m._parameters and "a" not in m._modules
    with pytest.raises(TypeError, match="cannot assign 'Linear' as parameter 'a'"):
        m.a = nn.Linear(1, 1)
    del m.a
    assert "a" not in m._parameters
    with pytest.raises(AttributeError, match="'Module' object has no attribute 'a'"):
        _ = m.a


def test_registration_errors():
    m = nn.Module()
    with pytest.raises(KeyError, match="buffer name can.*t contain"):
        m.register_buffer("a.b", ag.zeros(1))
    with pytest.raises(KeyError, match="already exists"):
        m.register_buffer("training", ag.zeros(1))
    with pytest.raises(TypeError, match="cannot assign 'int' object to buffer 'b'"):
        m.register_buffer("b", 3)
    with pytest.raises(TypeError, match="cannot assign 'Tensor' object to parameter 'p'"):
        m.register_parameter("p", ag.zeros(1))
    with pytest.raises(TypeError, match="is not a Module subclass"):
        m.add_module("c", 3)

    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter([1.0])

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Early()


def test_missing_forward_raises():
    with pytest.raises(NotImplementedError, match='missing the required "forward"'):
        nn.Module()(1)


def test_shared_parameters_are_listed_once():
    shared = nn.Linear(3, 3)
    net = nn.Sequential(shared, nn.ReLU(), shared)
    assert [n for n, _ in net.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(net.modules())) == 3
    assert list(net.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]  # as torch
    assert net.num_parameters() == 12


def test_non_persistent_buffers_stay_out_of_state_dict():
    m = nn.Module()
    m.register_buffer("kept", ag.zeros(2))
    m.register_buffer("scratch", ag.zeros(2), persistent=False)
    assert list(m.state_dict()) == ["kept"]
    assert [n for n, _ in m.named_buffers()] == ["kept", "scratch"]


def test_train_eval_propagate():
    m = Block()
    assert m.training and m.bn.training
    assert m.eval() is m
    assert not any(x.training for x in m.modules())
    m.train()
    assert all(x.training for x in m.modules())
    with pytest.raises(ValueError, match="boolean"):
        m.train("no")


def test_zero_grad_and_requires_grad():
    m = Block()
    m(ag.randn(5, 4)).sum().backward()
    assert all(p.grad is not None for p in m.parameters())
    m.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad._data.any() for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())
    m.fc1.requires_grad_(False)
    assert m.num_parameters(trainable_only=True) == m.num_parameters() - 30
    m(ag.randn(5, 4)).sum().backward()
    assert m.fc1.weight.grad is None and m.fc2.weight.grad is not None


def test_apply_visits_children_first():
    order = []
    net = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU()))
    net.apply(lambda mod: order.append(type(mod).__name__))
    assert order == ["Linear", "ReLU", "Sequential", "Sequential"]


def test_call_runs_forward_inside_a_module_scope():
    lin = nn.Linear(2, 2)
    out = lin(ag.ones(1, 2, requires_grad=True))
    assert out.grad_fn.scope is lin


def test_to_double_converts_parameters_and_float_buffers_only():
    m = Block().double()
    assert all(p.dtype == np.float64 for p in m.parameters())
    assert m.bn.running_mean.dtype == np.float64
    assert m.bn.num_batches_tracked.dtype == np.int64
    assert m(ag.randn(3, 4, dtype="float64")).dtype == np.float64


def test_state_dict_holds_copies():
    lin = nn.Linear(2, 2)
    sd = lin.state_dict()
    assert isinstance(sd, OrderedDict)
    sd["weight"][...] = 7
    assert not (lin.weight._data == 7).any()
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight


@requires_torch
def test_state_dict_round_trips_through_torch_both_ways():
    ours, theirs = Block().eval(), TorchBlock().eval()
    ours.bn.running_mean._data[...] = np.linspace(-1, 1, 6)
    ours.bn.running_var._data[...] = np.linspace(0.5, 2, 6)
    theirs.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    assert_close(ours(ag.Tensor(x)), theirs(torch.tensor(x)), rtol=1e-5, atol=1e-6)
    # and back: torch's weights (as torch tensors) into a fresh model of ours
    fresh = Block().eval()
    result = fresh.load_state_dict(theirs.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert_close(fresh(ag.Tensor(x)), theirs(torch.tensor(x)), rtol=1e-5, atol=1e-6)
    assert int(fresh.bn.num_batches_tracked.item()) == 0


def test_load_state_dict_errors_list_everything_and_change_nothing():
    lin = nn.Linear(3, 2)
    before = lin.weight._data.copy()
    bad = {"weight": np.ones((2, 4), np.float32), "extra": np.zeros(1)}
    with pytest.raises(RuntimeError) as info:
        lin.load_state_dict(bad)
    text = str(info.value)
    assert "Error(s) in loading state_dict for Linear" in text
    assert 'Missing key(s) in state_dict: "bias".' in text
    assert 'Unexpected key(s) in state_dict: "extra".' in text
    assert (
        "size mismatch for weight: copying a param with shape (2, 4) from checkpoint, "
        "the shape in current model is (2, 3)."
    ) in text
    np.testing.assert_array_equal(lin.weight._data, before)


def test_load_state_dict_non_strict_reports_keys_but_still_checks_shapes():
    lin = nn.Linear(3, 2)
    result = lin.load_state_dict({"weight": np.ones((2, 3)), "extra": np.zeros(1)}, strict=False)
    assert result == (["bias"], ["extra"])
    assert (lin.weight._data == 1).all() and lin.weight.dtype == np.float32
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        lin.load_state_dict({"weight": np.ones((3, 3))}, strict=False)


@requires_torch
def test_load_state_dict_result_repr_equals_torch():
    ours, theirs = nn.Linear(3, 2), tnn.Linear(3, 2)
    assert (
        repr(ours.load_state_dict(ours.state_dict()))
        == repr(theirs.load_state_dict(theirs.state_dict()))
        == "<All keys matched successfully>"
    )
    partial = ours.load_state_dict({"weight": np.ones((2, 3))}, strict=False)
    assert partial.missing_keys == ["bias"] and partial.unexpected_keys == []
    assert "missing_keys=['bias']" in repr(partial)


@requires_torch
def test_repr_equals_torch_for_a_nested_model():
    ours = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128),
        nn.BatchNorm1d(128),
        nn.LeakyReLU(0.1),
        nn.Dropout(0.25),
        nn.Sequential(nn.Linear(128, 10), nn.LogSoftmax(dim=1)),
        nn.ModuleList([nn.GELU(), nn.GELU(), nn.Tanh()]),
        nn.LayerNorm(10),
        nn.Embedding(5, 3),
        nn.Identity(),
        nn.Sigmoid(),
        nn.Softmax(dim=-1),
        nn.CrossEntropyLoss(),
        nn.MSELoss(),
    )
    theirs = tnn.Sequential(
        tnn.Flatten(),
        tnn.Linear(784, 128),
        tnn.BatchNorm1d(128),
        tnn.LeakyReLU(0.1),
        tnn.Dropout(0.25),
        tnn.Sequential(tnn.Linear(128, 10), tnn.LogSoftmax(dim=1)),
        tnn.ModuleList([tnn.GELU(), tnn.GELU(), tnn.Tanh()]),
        tnn.LayerNorm(10),
        tnn.Embedding(5, 3),
        tnn.Identity(),
        tnn.Sigmoid(),
        tnn.Softmax(dim=-1),
        tnn.CrossEntropyLoss(),
        tnn.MSELoss(),
    )
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_deepcopy_gives_an_independent_model_with_sharing_kept():
    import copy

    shared = nn.Linear(3, 3)
    net = nn.Sequential(shared, nn.BatchNorm1d(3), shared)
    net(ag.randn(4, 3)).sum().backward()
    clone = copy.deepcopy(net)
    x = ag.randn(2, 3)
    np.testing.assert_array_equal(clone.eval()(x)._data, net.eval()(x)._data)
    assert clone[0] is clone[2] and clone[0] is not shared
    assert isinstance(clone[0].weight, nn.Parameter) and clone[0].weight.requires_grad
    np.testing.assert_array_equal(clone[0].weight.grad._data, shared.weight.grad._data)
    clone[0].weight._data[...] = 0
    assert shared.weight._data.any()
    assert clone[1].num_batches_tracked.item() == 1


def test_to_cpu_is_a_no_op_and_bad_dtypes_raise():
    lin = nn.Linear(2, 2)
    assert lin.to("cpu") is lin and lin.weight.dtype == np.float32
    with pytest.raises(TypeError, match="floating point or complex dtypes"):
        lin.to("int64")


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
@pytest.mark.parametrize("target", ["body.0.weight", "body.1.bias"])
def test_get_parameter(target):
    ours, theirs = Nested(), TNested()
    ours.load_state_dict(theirs.state_dict())
    p = ours.get_parameter(target)
    assert isinstance(p, nn.Parameter)
    assert p is dict(ours.named_parameters())[target]
    assert_close(p, theirs.get_parameter(target))


@requires_torch
@pytest.mark.parametrize("target", ["scale", "body.1.running_mean", "body.1.num_batches_tracked"])
def test_get_buffer(target):
    ours, theirs = Nested(), TNested()
    b = ours.get_buffer(target)
    assert b is dict(ours.named_buffers())[target]
    assert_close(b, theirs.get_buffer(target))
    assert ours.get_buffer("empty") is None and theirs.get_buffer("empty") is None


@requires_torch
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


@requires_torch
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


@requires_torch
@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("cpu",), {}),
        ((ag.device("cpu"),), {}),
        ((ag.float64,), {}),
        (("cpu", ag.float64), {}),
        ((), {"device": "cpu", "dtype": ag.float64, "non_blocking": True}),
        ((ag.float64, True), {}),
        (("tensor-float64",), {}),
        ((), {"dtype": ag.float16}),
        ((), {"memory_format": "channels_last"}),
        ((None, ag.float64), {}),
    ],
)
def test_module_to_matches_torch(args, kwargs):
    ours = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))

    def convert(v, lib):
        if isinstance(v, np.dtype):
            return v if lib is ag else getattr(torch, str(v))
        if isinstance(v, ag.device):
            return v if lib is ag else torch.device(str(v))
        if v == "tensor-float64":
            return lib.zeros(1, dtype=ag.float64 if lib is ag else torch.float64)
        if v == "channels_last":
            return ag.channels_last if lib is ag else torch.channels_last
        return v

    assert (
        ours.to(*[convert(a, ag) for a in args], **{k: convert(v, ag) for k, v in kwargs.items()})
        is ours
    )
    assert (
        theirs.to(
            *[convert(a, torch) for a in args], **{k: convert(v, torch) for k, v in kwargs.items()}
        )
        is theirs
    )
    assert _dtypes(ours) == _dtypes(theirs)  # integer buffers (num_batches_tracked) stay


@requires_torch
def test_cuda_mps_copy_and_integer_dtypes_raise_as_torch():
    lin, tlin = nn.Linear(2, 2), torch.nn.Linear(2, 2)
    for call in (lambda m: m.cuda(), lambda m: m.to("cuda"), lambda m: m.to(device="cuda:0")):
        with pytest.raises(AssertionError):
            call(tlin)
        with pytest.raises(AssertionError, match="computes on the CPU with NumPy"):
            call(lin)
    with pytest.raises(RuntimeError, match="mps"):
        lin.to("mps")
    with pytest.raises(RuntimeError, match="copy"):
        tlin.to(copy=True)
    with pytest.raises(RuntimeError, match="copy"):
        lin.to(copy=True)
    with pytest.raises(TypeError, match="floating point or complex"):
        lin.to(ag.int64)
    with pytest.raises(TypeError, match="floating point or complex"):
        tlin.to(torch.int64)
    assert lin.cpu() is lin and lin.weight.dtype == ag.float32


@requires_torch
def test_to_keeps_the_parameter_objects_and_casts_grads():
    lin = nn.Linear(2, 2)
    w = lin.weight
    lin(ag.ones(1, 2)).sum().backward()
    lin.to("cpu", ag.float64)
    assert lin.weight is w and w.dtype == ag.float64 and w.grad.dtype == ag.float64
