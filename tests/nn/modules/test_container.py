"""Containers against torch.nn: Sequential, ModuleList, ModuleDict, ParameterList and
ParameterDict (indexing, editing, state dicts, repr and errors)."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import assert_close, requires_torch, torch

tnn = torch.nn if torch is not None else None


@requires_torch
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


@requires_torch
def test_parameter_list_errors():
    params = nn.ParameterList([ag.zeros(1)])
    with pytest.raises(IndexError, match="index 3 is out of range"):
        params[3]
    with pytest.raises(TypeError, match="iterable, but got Tensor"):
        params.extend(ag.zeros(2))
    with pytest.raises(RuntimeError, match="should not be called"):
        params(ag.zeros(1))


@requires_torch
def test_module_dict_matches_torch_state_dict():
    ours = nn.ModuleDict({"a": nn.Linear(2, 3), "b": nn.ReLU6()})
    theirs = tnn.ModuleDict({"a": tnn.Linear(2, 3), "b": tnn.ReLU6()})
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())


@requires_torch
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


@requires_torch
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
