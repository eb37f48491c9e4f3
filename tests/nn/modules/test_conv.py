"""nn.Conv2d against torch.nn: outputs and gradients with torch's weights, repr, default
init, torch's positional order and keywords, and constructor errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn.modules.conv import Conv2d
from nn.modules.pooling import AvgPool2d, MaxPool2d
from tests.helpers import assert_close, requires_torch, torch
from tests.nn._compare import compare, raises_like_torch

CONV_CONFIGS = [
    dict(in_channels=1, out_channels=32, kernel_size=3),
    dict(in_channels=3, out_channels=8, kernel_size=(3, 5), stride=2, padding=(1, 2), bias=False),
    dict(in_channels=2, out_channels=4, kernel_size=2, stride=(1, 2), padding=1),
]


MODULE_CASES = [  # torch's positional order: in, out, kernel, stride, padding, dilation, groups,
    (4, 6, 3, 1, 1, 1, 2, False),  # bias
    (3, 6, (3, 2), 1, "same", 2, 3, True),
    (4, 4, 4, 1, "same", 1, 4, True),
    (3, 5, 3, 2, "valid", (1, 2), 1, True),
]


@requires_torch
@pytest.mark.parametrize("config", CONV_CONFIGS)
def test_conv2d_with_torch_weights_gives_torch_output_and_grads(config):
    ours = Conv2d(**config, dtype="float64")
    theirs = torch.nn.Conv2d(**config, dtype=torch.float64)
    ours.weight._data = theirs.weight.detach().numpy().copy()
    if ours.bias is not None:
        ours.bias._data = theirs.bias.detach().numpy().copy()
    x = np.random.default_rng(0).standard_normal((3, config["in_channels"], 9, 10))
    out, expected = ours(ag.tensor(x)), theirs(torch.tensor(x))
    assert_close(out, expected, what="forward")
    upstream = np.random.default_rng(1).standard_normal(out.shape)
    out.backward(upstream)
    expected.backward(torch.tensor(upstream))
    assert_close(ours.weight.grad, theirs.weight.grad, what="weight grad")
    if ours.bias is not None:
        assert_close(ours.bias.grad, theirs.bias.grad, what="bias grad")


@requires_torch
@pytest.mark.parametrize("config", CONV_CONFIGS)
def test_conv2d_repr_and_parameters_match_torch(config):
    ours, theirs = Conv2d(**config), torch.nn.Conv2d(**config)
    assert repr(ours) == repr(theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for (_, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert p.shape == tuple(q.shape) and p.dtype == np.float32


def test_conv2d_default_init_is_kaiming_uniform_with_torch_bounds():
    conv = Conv2d(16, 64, 3)
    bound = 1 / math.sqrt(16 * 9)  # kaiming_uniform(a=sqrt(5)) and the bias share this bound
    for p in (conv.weight, conv.bias):
        values = p._data.ravel()
        assert np.abs(values).max() <= bound
        assert np.abs(values).max() > 0.9 * bound and abs(values.mean()) < 0.2 * bound
    ag.manual_seed(1)
    a = Conv2d(2, 3, 3).weight._data
    ag.manual_seed(1)
    np.testing.assert_array_equal(a, Conv2d(2, 3, 3).weight._data)


def test_conv2d_constructor_errors():
    with pytest.raises(ValueError, match="in_channels must be a positive int, got 0"):
        Conv2d(0, 3, 3)
    with pytest.raises(ValueError, match=r"kernel_size must be an int >= 1.*\(3, 0\)"):
        Conv2d(1, 3, (3, 0))
    with pytest.raises(RuntimeError, match=r"expects input with 3 channels.*with 1 channels"):
        Conv2d(3, 4, 3)(ag.zeros(1, 1, 8, 8))


@requires_torch
def test_small_cnn_matches_torch_end_to_end():
    torch.manual_seed(0)
    t_model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(4, 6, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.AvgPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(6 * 3 * 3, 5),
    )
    model = nn.Sequential(
        Conv2d(1, 4, 3),
        nn.ReLU(),
        MaxPool2d(2),
        Conv2d(4, 6, 3, padding=1),
        nn.ReLU(),
        AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(6 * 3 * 3, 5),
    )
    model.load_state_dict({k: v.detach().numpy() for k, v in t_model.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((4, 1, 14, 14)).astype(np.float32)
    y = np.array([0, 4, 2, 1])
    loss = nn.functional.cross_entropy(model(ag.tensor(x)), ag.tensor(y))
    t_loss = torch.nn.functional.cross_entropy(t_model(torch.tensor(x)), torch.tensor(y))
    loss.backward()
    t_loss.backward()
    assert_close(loss, t_loss, rtol=1e-5)
    for (name, p), (_, q) in zip(model.named_parameters(), t_model.named_parameters()):
        assert p.grad.dtype == np.float32
        assert_close(p.grad, q.grad, rtol=1e-4, atol=1e-6, what=name)


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("args", MODULE_CASES)
def test_conv2d_module_takes_torch_positional_order(args):
    ours, theirs = nn.Conv2d(*args), torch.nn.Conv2d(*args)
    assert repr(ours) == repr(theirs)
    assert ours.weight.shape == tuple(theirs.weight.shape)
    compare(ours, theirs, np.random.default_rng(0).standard_normal((2, args[0], 8, 7)))


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_conv2d_module_keywords_and_repr():
    kwargs = dict(
        kernel_size=3,
        padding="same",
        dilation=2,
        groups=2,
        bias=False,
        padding_mode="zeros",
        device="cpu",
    )
    ours, theirs = nn.Conv2d(4, 6, **kwargs, dtype="float64"), torch.nn.Conv2d(4, 6, **kwargs)
    assert repr(ours) == repr(theirs)
    assert ours.weight.dtype == np.float64
    # the keywords the module took before keep working
    conv = nn.Conv2d(
        in_channels=2,
        out_channels=3,
        kernel_size=3,
        stride=1,
        padding=1,
        bias=False,
        dtype="float64",
    )
    assert repr(conv) == repr(torch.nn.Conv2d(2, 3, 3, 1, 1, bias=False))


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_conv2d_module_default_init_uses_fan_in_of_one_group():
    ag.manual_seed(0)
    conv = nn.Conv2d(64, 64, 3, groups=64)  # fan_in = 64/64 * 3 * 3 = 9
    bound = 1 / 3
    for p in (conv.weight._data, conv.bias._data):
        assert np.abs(p).max() <= bound
    assert np.abs(conv.weight._data).max() > 0.9 * bound
    assert conv.weight.shape == (64, 1, 3, 3)


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_conv2d_module_invalid_options_raise_torch_errors():
    cases = [  # (kwargs, our message)
        (dict(stride=2, padding="same"), "padding='same' is not supported for strided"),
        (dict(padding="full"), "Invalid padding string 'full'"),
        (dict(groups=3), "in_channels must be divisible by groups.*in_channels=4.*groups=3"),
        (dict(groups=0), "groups must be a positive integer, got 0"),
        (dict(padding_mode="mirror"), "padding_mode must be one of.*'mirror'"),
    ]
    for kwargs, match in cases:
        raises_like_torch(
            lambda kw=kwargs: nn.Conv2d(4, 6, 3, **kw),
            lambda kw=kwargs: torch.nn.Conv2d(4, 6, 3, **kw),
            ValueError,
            match,
        )
    raises_like_torch(
        lambda: nn.Conv2d(4, 6, 3, groups=4),
        lambda: torch.nn.Conv2d(4, 6, 3, groups=4),
        ValueError,
        "out_channels must be divisible by groups",
    )


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_conv2d_module_other_padding_modes_are_not_implemented(mode):
    torch.nn.Conv2d(2, 2, 3, padding=1, padding_mode=mode)  # valid in torch
    with pytest.raises(NotImplementedError, match=f"padding_mode='{mode}'"):
        nn.Conv2d(2, 2, 3, padding=1, padding_mode=mode)
