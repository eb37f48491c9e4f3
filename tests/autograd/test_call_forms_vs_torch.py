"""torch's call forms run unchanged: keyword names and the alternative spellings
(``x.sum(0)``, ``x.view((2, 3))``, ``x.max(dim)``, ...) a user meets.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from tests.helpers import assert_close, make_inputs, requires_torch, torch

pytestmark = requires_torch


def test_functions_take_torch_keyword_names():
    a, b = make_inputs([(2, 3), (3, 2)])
    x, y = ag.tensor(a), ag.tensor(b)
    tx, ty = torch.tensor(a), torch.tensor(b)
    pairs = [
        (ag.matmul(input=x, other=y), torch.matmul(input=tx, other=ty)),
        (ag.mm(input=x, mat2=y), torch.mm(input=tx, mat2=ty)),
        (x.mm(mat2=y), tx.mm(mat2=ty)),
        (ag.mul(input=x, other=2.0), torch.mul(input=tx, other=2.0)),
        (ag.sum(input=x, dim=1), torch.sum(input=tx, dim=1)),
        (ag.transpose(input=x, dim0=0, dim1=1), torch.transpose(input=tx, dim0=0, dim1=1)),
        (ag.swapaxes(x, axis0=0, axis1=1), torch.swapaxes(tx, axis0=0, axis1=1)),
        (ag.pow(input=x, exponent=2), torch.pow(input=tx, exponent=2)),
        (ag.dot(input=x[0], tensor=y[:, 0]), torch.dot(input=tx[0], tensor=ty[:, 0])),
        (ag.outer(input=x[0], vec2=y[0]), torch.outer(input=tx[0], vec2=ty[0])),
        (ag.clamp(input=x, min=-0.5, max=0.5), torch.clamp(input=tx, min=-0.5, max=0.5)),
        (ag.exp(input=x), torch.exp(input=tx)),
        (ag.broadcast_to(x[0], size=(4, 3)), torch.broadcast_to(tx[0], size=(4, 3))),
        (
            ag.split(tensor=x, split_size_or_sections=1)[1],
            torch.split(tensor=tx, split_size_or_sections=1)[1],
        ),
    ]
    for ours, theirs in pairs:
        assert_close(ours, theirs, 1e-12, 1e-12, "forward")


def test_mean_dtype_softmax_dtype_and_keyword_only_decimals():
    x = make_inputs([(2, 3)])[0].astype(np.float32)
    assert ag.tensor([1, 2]).mean(dtype=ag.float64).item() == 1.5
    assert ag.mean(ag.tensor(x), 1, dtype="float64").dtype == np.float64
    for name in ("softmax", "log_softmax"):
        ours = getattr(ag.tensor(x), name)(1, ag.float64)
        theirs = getattr(torch.tensor(x), name)(1, torch.float64)
        assert ours.dtype == np.float64
        assert_close(ours, theirs, 1e-12, 1e-12, "forward")
        assert getattr(ag, name)(ag.tensor(x), dim=0, dtype="float64").dtype == np.float64
    with pytest.raises(TypeError):
        torch.round(torch.tensor([1.25]), 1)
    with pytest.raises(TypeError):
        ag.round(ag.tensor([1.25]), 1)
    assert ag.tensor([1.25], dtype="float64").round(decimals=1).item() == 1.2


def test_tensor_methods_take_torch_keyword_names():
    x = ag.zeros(2, 3)
    assert x.copy_(other=ag.ones(3), non_blocking=False).tolist() == [[1.0] * 3] * 2
    w = ag.ones(2, requires_grad=True)
    assert w.numpy(force=True).tolist() == [1.0, 1.0]
    with pytest.raises(RuntimeError, match="requires grad"):
        w.numpy()
    assert x.type(ag.float64, non_blocking=True).dtype == np.float64
    assert x.expand(4, 2, 3).shape == (4, 2, 3)
    assert x.repeat(1, 2).shape == tuple(torch.zeros(2, 3).repeat(1, 2).shape)


def test_alternative_call_forms_match_torch():
    a = make_inputs([(2, 3, 4)])[0]
    x, t = ag.tensor(a), torch.tensor(a)
    pairs = [
        (x.sum(0), t.sum(0)),
        (x.sum(dim=(0, 1)), t.sum(dim=(0, 1))),
        (x.sum((0, 2), True), t.sum((0, 2), True)),
        (x.mean(-1), t.mean(-1)),
        (x.view(-1), t.view(-1)),
        (x.view(6, 4), t.view(6, 4)),
        (x.view((6, 4)), t.view((6, 4))),
        (x.view(-1, 4), t.view(-1, 4)),
        (x.reshape((4, -1)), t.reshape((4, -1))),
        (x.reshape(4, 6), t.reshape(4, 6)),
        (x.permute(2, 0, 1), t.permute(2, 0, 1)),
        (x.permute((2, 0, 1)), t.permute((2, 0, 1))),
        (x.transpose(0, 1), t.transpose(0, 1)),
        (x.swapaxes(0, 2), t.swapaxes(0, 2)),
        (x.flatten(1), t.flatten(1)),
        (x.squeeze(), t.squeeze()),
        (x.max(), t.max()),
        (x.max(1).values, t.max(1).values),
        (x.max(dim=1, keepdim=True)[0], t.max(dim=1, keepdim=True)[0]),
        (x.max(1)[1], t.max(1)[1]),
        (x.min(-1).indices, t.min(-1).indices),
        (x.argmax(1), t.argmax(1)),
        (x.softmax(-1), t.softmax(-1)),
    ]
    for ours, theirs in pairs:
        assert_close(ours, theirs, 1e-12, 1e-12, "forward")
    _, predicted = x.reshape(6, 4).max(1)  # the classic accuracy idiom
    assert predicted.tolist() == t.reshape(6, 4).max(1)[1].tolist()


@pytest.mark.parametrize(
    "make",
    [
        lambda **kw: nn.Linear(3, 2, **kw),
        lambda **kw: nn.BatchNorm1d(3, **kw),
        lambda **kw: nn.BatchNorm2d(3, **kw),
        lambda **kw: nn.InstanceNorm2d(3, **kw),
        lambda **kw: nn.GroupNorm(1, 3, **kw),
        lambda **kw: nn.LayerNorm(3, **kw),
        lambda **kw: nn.PReLU(**kw),
        lambda **kw: nn.Embedding(4, 3, **kw),
    ],
    ids=[
        "Linear",
        "BatchNorm1d",
        "BatchNorm2d",
        "InstanceNorm2d",
        "GroupNorm",
        "LayerNorm",
        "PReLU",
        "Embedding",
    ],
)
def test_layers_take_device_and_dtype_as_torch(make):
    for device in (None, "cpu", "cpu:0", ag.device("cpu")):
        layer = make(device=device, dtype=ag.float64)
        assert all(p.dtype == np.float64 for p in layer.parameters())
    with pytest.raises(RuntimeError, match=r"only the 'cpu' device exists here.*'cuda'"):
        make(device="cuda")


def test_layer_positional_arguments_keep_torch_order():
    assert nn.Linear(3, 2, False, "cpu", ag.float64).weight.dtype == np.float64
    bn = nn.BatchNorm1d(3, 1e-3, 0.2, True, True, None, ag.float64)
    assert bn.eps == 1e-3 and bn.weight.dtype == np.float64
    emb = nn.Embedding(5, 2, None, None, 2.0, False, False)
    assert emb.weight.shape == (5, 2)


@pytest.mark.parametrize(
    "kw", [{"max_norm": 1.0}, {"scale_grad_by_freq": True}, {"sparse": True}], ids=str
)
def test_embedding_options_beyond_the_defaults_are_refused(kw):
    name = next(iter(kw))
    with pytest.raises(NotImplementedError, match=f"Embedding: {name}=.* is not implemented"):
        nn.Embedding(4, 3, **kw)
    with pytest.raises(NotImplementedError, match=f"embedding: {name}="):
        nn.functional.embedding(ag.tensor([0]), ag.zeros(4, 3), **kw)


def test_hardtanh_deprecated_keywords_warn_and_apply():
    with pytest.warns(FutureWarning, match="min_value is deprecated"):
        layer = nn.Hardtanh(min_value=-2.0)
    with pytest.warns(FutureWarning, match="max_value is deprecated"):
        layer2 = nn.Hardtanh(max_value=0.5)
    assert (layer.min_val, layer2.max_val) == (-2.0, 0.5)
    x = np.array([-3.0, 0.0, 3.0])
    assert layer(ag.tensor(x)).tolist() == torch.nn.Hardtanh(-2.0)(torch.tensor(x)).tolist()


def test_rmsprop_takes_maximize_positionally_as_torch():
    w = nn.Parameter(ag.ones(2))
    opt = optim.RMSprop([w], 0.1, 0.99, 1e-8, 0, 0, False, True)
    assert opt.param_groups[0]["maximize"] is True
