"""Every nn layer with a torch.nn counterpart has torch's state-dict keys, in torch's order,
with torch's shapes and dtypes."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import requires_torch, torch

# Layers built with the same arguments in both libraries; each class also gets a
# default construction when it needs no arguments. Lists give extra variants
# (bias off, buffers off, weighted losses) whose keys differ.
ARGS: dict[str, list[tuple[tuple, dict]]] = {
    "AdaptiveAvgPool2d": [((2,), {})],
    "AvgPool2d": [((2,), {})],
    "BatchNorm1d": [
        ((3,), {}),
        ((3,), {"affine": False}),
        ((3,), {"track_running_stats": False}),
        ((3,), {"momentum": None}),
    ],
    "BatchNorm2d": [((4,), {}), ((4,), {"affine": False, "track_running_stats": False})],
    "ConstantPad2d": [((1, 0.5), {})],
    "Conv2d": [
        ((2, 4, 3), {}),
        ((2, 4, (3, 2)), {"bias": False, "stride": 2}),
        ((4, 4, 3), {"groups": 2, "padding": 1}),
    ],
    "Embedding": [((10, 3), {}), ((10, 3), {"padding_idx": 0})],
    "GroupNorm": [((2, 4), {}), ((2, 4), {"affine": False})],
    "InstanceNorm2d": [((3,), {}), ((3,), {"affine": True, "track_running_stats": True})],
    "LayerNorm": [((4,), {}), (((2, 3),), {"bias": False}), ((4,), {"elementwise_affine": False})],
    "Linear": [((3, 2), {}), ((3, 2), {"bias": False})],
    "MaxPool2d": [((2,), {})],
    "PReLU": [((), {}), ((3,), {})],
    "PixelShuffle": [((2,), {})],
    "PixelUnshuffle": [((2,), {})],
    "Threshold": [((0.1, 0.0), {})],
    "Unflatten": [((1, (2, 2)), {})],
    "ZeroPad2d": [((1,), {})],
    "RNNBase": [(("LSTM", 3, 4), {})],
    "RNN": [((3, 4), {}), ((3, 4), {"num_layers": 2, "bidirectional": True, "bias": False})],
    "LSTM": [((3, 4), {}), ((3, 4), {"num_layers": 2, "bidirectional": True})],
    "GRU": [((3, 4), {}), ((3, 4), {"num_layers": 2, "bidirectional": True})],
    "RNNCell": [((3, 4), {}), ((3, 4), {"bias": False})],
    "LSTMCell": [((3, 4), {})],
    "GRUCell": [((3, 4), {})],
    "MultiheadAttention": [
        ((8, 2), {}),
        ((8, 2), {"kdim": 3, "vdim": 5}),
        ((8, 2), {"add_bias_kv": True, "bias": False}),
    ],
    "TransformerEncoderLayer": [
        ((8, 2), {"dim_feedforward": 16}),
        ((8, 2), {"dim_feedforward": 16, "norm_first": True}),
    ],
    "TransformerEncoder": [(("encoder_layer", 2), {})],
    "BCELoss": [((), {}), ((), {"weight": "w3"})],
    "BCEWithLogitsLoss": [((), {}), ((), {"weight": "w3", "pos_weight": "w3"})],
    "CrossEntropyLoss": [((), {}), ((), {"weight": "w3"})],
    "NLLLoss": [((), {}), ((), {"weight": "w3"})],
    "ModuleList": [(("modules",), {})],
    "ModuleDict": [(("named",), {})],
    "Sequential": [(("layers",), {})],
    "ParameterList": [(("params",), {})],
    "ParameterDict": [(("named_params",), {})],
}


NO_TORCH_COUNTERPART = {"MLP"}  # the library's own convenience stack of Linear layers


# Base classes built only through their subclasses here, whose constructors differ from
# torch's: RNNCellBase takes the cell's mode where torch takes its number of gate chunks.
BUILT_THROUGH_SUBCLASSES = {"RNNCellBase"}


def _layer_classes():
    return sorted(
        name
        for name, cls in vars(nn).items()
        if inspect.isclass(cls) and issubclass(cls, nn.Module)
    )


def _value(v, lib):
    """Turn the placeholders in ARGS into each library's objects."""
    if v == "w3":
        return lib.tensor([1.0, 2.0, 0.5])
    mod = nn if lib is ag else torch.nn
    if v == "modules":
        return [mod.Linear(2, 3), mod.BatchNorm1d(3)]
    if v == "named":
        return {"fc": mod.Linear(2, 3), "norm": mod.LayerNorm(3)}
    if v == "layers":
        return "layers"
    if v == "encoder_layer":
        return mod.TransformerEncoderLayer(8, 2, dim_feedforward=16)
    if v == "params":
        return [mod.Parameter(lib.ones(2)), mod.Parameter(lib.zeros(1, 3))]
    if v == "named_params":
        return {"a": mod.Parameter(lib.ones(2)), "b": mod.Parameter(lib.zeros(3))}
    return v


def _build(name, args, kwargs, lib):
    mod = nn if lib is ag else torch.nn
    cls = getattr(mod, name)
    if args == ("layers",):
        return cls(
            mod.Conv2d(1, 2, 3), mod.BatchNorm2d(2), mod.ReLU(), mod.Flatten(), mod.Linear(8, 3)
        )
    return cls(*[_value(a, lib) for a in args], **{k: _value(v, lib) for k, v in kwargs.items()})


def _cases():
    for name in _layer_classes():
        if name in NO_TORCH_COUNTERPART or name in BUILT_THROUGH_SUBCLASSES or name == "Module":
            continue
        for args, kwargs in ARGS.get(name, [((), {})]):
            yield pytest.param(name, args, kwargs, id=f"{name}-{args}-{sorted(kwargs)}")


def _layout(state, lib):
    out = []
    for key, value in state.items():
        array = np.asarray(value) if lib is ag else value.detach().numpy()
        out.append((key, array.shape, str(array.dtype)))
    return out


@requires_torch
def test_every_layer_class_is_covered():
    for name in _layer_classes():
        assert name in NO_TORCH_COUNTERPART or hasattr(torch.nn, name), (
            f"nn.{name} has no torch.nn counterpart: add it to NO_TORCH_COUNTERPART"
        )


@requires_torch
@pytest.mark.parametrize("name, args, kwargs", list(_cases()))
def test_state_dict_keys_shapes_and_dtypes_are_torchs(name, args, kwargs):
    ours = _build(name, args, kwargs, ag)
    theirs = _build(name, args, kwargs, torch)
    assert _layout(ours.state_dict(), ag) == _layout(theirs.state_dict(), torch)
    # and the torch state dict loads here (strict), and ours into torch
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    theirs.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in ours.state_dict().items()})
