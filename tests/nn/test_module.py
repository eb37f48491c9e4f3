"""Module registration, traversal, modes, state dicts and repr, checked against torch.nn."""

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


# -- registration ---------------------------------------------------------------------


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


# -- modes, gradients, apply -----------------------------------------------------------


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


# -- state dicts -------------------------------------------------------------------------


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


# -- repr and containers -----------------------------------------------------------------


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


def test_parameter_repr_and_sharing():
    t = ag.ones(2)
    p = nn.Parameter(t)
    assert repr(p) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert p._data is t._data and p.is_leaf and isinstance(p, ag.Tensor)
    assert not nn.Parameter([1.0], requires_grad=False).requires_grad


def test_sequential_indexing_slicing_and_editing():
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    seq = nn.Sequential(a, b, c)
    assert seq[0] is a and seq[-1] is c and len(seq) == 3 and list(seq) == [a, b, c]
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and list(head) == [a, b]
    assert list(seq[1:]._modules) == ["1", "2"]  # names kept, as torch
    assert head(ag.ones(4, 2)).shape == (4, 3)
    with pytest.raises(IndexError, match="index 3 is out of range"):
        seq[3]
    seq.append(nn.Sigmoid())
    del seq[1]
    assert list(seq._modules) == ["0", "1", "2"] and seq[1] is c
    named = nn.Sequential(OrderedDict([("enc", a), ("act", b)]))
    assert [n for n, _ in named.named_parameters()] == ["enc.weight", "enc.bias"]


@requires_torch
def test_sequential_add_and_multiply_as_torch():
    def build(lib):
        a, b = lib.Sequential(lib.ReLU(), lib.Tanh()), lib.Sequential(lib.Sigmoid())
        c = lib.Sequential(lib.ReLU())
        c += b
        c *= 2
        shared = a * 3
        return [
            repr(a + b),
            repr(a * 2),
            repr(2 * b),
            repr(c),
            shared[0] is shared[2],
            len(list(shared.modules())),
        ]

    assert build(nn) == build(tnn)
    seq = nn.Sequential(nn.ReLU())
    for bad, theirs in [
        (lambda s: s + nn.ReLU(), lambda s: s + tnn.ReLU()),
        (lambda s: s * 0, None),
        (lambda s: s * 1.5, None),
    ]:
        with pytest.raises(Exception) as expected:
            (theirs or bad)(tnn.Sequential(tnn.ReLU()))
        with pytest.raises(expected.type):
            bad(seq)


def test_module_list_operations():
    layers = nn.ModuleList([nn.Linear(2, 2)])
    layers.append(nn.ReLU())
    layers.extend([nn.Tanh(), nn.Sigmoid()])
    layers.insert(1, nn.Identity())
    assert [type(m).__name__ for m in layers] == ["Linear", "Identity", "ReLU", "Tanh", "Sigmoid"]
    assert list(layers._modules) == ["0", "1", "2", "3", "4"]
    assert [type(m).__name__ for m in layers[1:3]] == ["Identity", "ReLU"]
    assert list(layers[1:3]._modules) == ["0", "1"]
    assert isinstance(layers[-1], nn.Sigmoid)
    del layers[0]
    assert len(layers) == 4 and [n for n, _ in layers.named_parameters()] == []
    with pytest.raises(NotImplementedError):
        layers(ag.ones(1))


def test_module_dict():
    d = nn.ModuleDict({"a": nn.Linear(1, 2)})
    d["b"] = nn.ReLU()
    assert list(d) == ["a", "b"] and "a" in d and len(d) == 2
    assert list(d.state_dict()) == ["a.weight", "a.bias"]


def test_mlp_layers_names_and_validation():
    mlp = nn.MLP([784, 128, 64, 10], dropout=0.5)
    assert [type(m).__name__ for m in mlp] == [
        "Linear",
        "ReLU",
        "Dropout",
        "Linear",
        "ReLU",
        "Dropout",
        "Linear",
    ]
    assert list(mlp.state_dict()) == [
        "0.weight",
        "0.bias",
        "3.weight",
        "3.bias",
        "6.weight",
        "6.bias",
    ]
    assert isinstance(nn.MLP([3, 4, 2], activation=lambda: nn.LeakyReLU(0.2))[1], nn.LeakyReLU)
    with pytest.raises(ValueError, match="at least two positive ints"):
        nn.MLP([10])
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
        nn.MLP([2, 2], dropout=1.0)


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
def test_softmax_without_dim_picks_torchs_legacy_dim_and_warns():
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    with pytest.warns(UserWarning, match="implicit choice of dim"):
        out = nn.Softmax()(ag.Tensor(x))
    with pytest.warns(UserWarning):
        expected = tnn.Softmax()(torch.tensor(x))
    assert_close(out, expected)


@requires_torch
def test_batchnorm_loads_a_checkpoint_without_num_batches_tracked_like_torch():
    # Older checkpoints lack the key; torch fills it in for a plain dict (no version
    # metadata), keeping the module's count, and reports nothing missing.
    ours = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
    ours.train()
    ours(ag.ones(4, 2))  # num_batches_tracked becomes 1
    state = {k: v for k, v in ours.state_dict().items() if k != "1.num_batches_tracked"}
    result = ours.load_state_dict(state)
    expected = theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    assert (
        (result.missing_keys, result.unexpected_keys)
        == (expected.missing_keys, expected.unexpected_keys)
        == ([], [])
    )
    assert int(ours[1].num_batches_tracked.item()) == 1
    with pytest.raises(RuntimeError, match='Missing key.*"1.running_var"'):
        ours.load_state_dict({k: v for k, v in state.items() if k != "1.running_var"})
