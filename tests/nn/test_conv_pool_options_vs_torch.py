"""conv2d / pooling options against PyTorch: padding="same"/"valid", dilation, groups,
ceil_mode, count_include_pad, divisor_override, return_indices, and the modules'
torch-ordered constructors. Forward values, shapes and every gradient are compared with
torch; the new branches also pass gradcheck in float64, and invalid values raise torch's
error types.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from autograd.ops.conv import avg_pool2d, conv2d, max_pool2d
from tests.helpers import assert_close, check_higher_order, check_op, requires_torch, torch
from tests.nn._compare import compare

pytestmark = [
    requires_torch,  # torch's own note on even kernels with padding='same':
    pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning"),
]
TF = torch.nn.functional if torch is not None else None


def _raises_like_torch(ours, theirs, expected: type[Exception], match: str = "") -> None:
    """Both calls raise ``expected`` (ours with a message matching ``match``)."""
    with pytest.raises(expected):
        theirs()
    with pytest.raises(expected, match=match):
        ours()


# -- conv2d -------------------------------------------------------------------------------

CONV_OPTION_CASES = [  # x shape, weight shape, stride, padding, dilation, groups
    ((2, 3, 7, 6), (4, 3, 3, 3), 1, "same", 1, 1),  # odd kernel: symmetric
    ((2, 3, 7, 6), (4, 3, 4, 2), 1, "same", 1, 1),  # even kernel: extra bottom/right
    ((1, 2, 6, 7), (3, 2, 2, 2), 1, "same", (3, 2), 1),  # dilated even: odd/even totals
    ((2, 3, 7, 6), (4, 3, 3, 2), 2, "valid", 1, 1),
    ((2, 3, 8, 8), (2, 3, 3, 3), 1, 1, 2, 1),  # dilated, stride-1 backward
    ((2, 3, 9, 8), (4, 3, 3, 2), (2, 1), (1, 2), (2, 3), 1),  # dilated, rectangular, strided
    ((2, 4, 6, 6), (6, 2, 3, 3), 1, 1, 1, 2),  # two groups
    ((2, 4, 6, 6), (4, 1, 3, 3), 2, 1, 1, 4),  # depthwise, strided
    ((2, 3, 7, 7), (6, 1, 3, 3), 1, "same", 2, 3),  # depthwise x2, same, dilated
    ((2, 4, 6, 5), (4, 2, 2, 2), 1, "same", 1, 2),  # groups with an even kernel
]


@pytest.mark.parametrize("xs, ws, stride, padding, dilation, groups", CONV_OPTION_CASES)
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_options_match_torch_and_gradcheck(xs, ws, stride, padding, dilation, groups, bias):
    shapes = [xs, ws, (ws[0],)]

    def ours(x, w, b):
        return conv2d(x, w, b if bias else None, stride, padding, dilation, groups)

    def theirs(x, w, b):
        return TF.conv2d(x, w, b if bias else None, stride, padding, dilation, groups)

    check_op(ours, theirs, shapes)


@pytest.mark.parametrize(
    "case", [CONV_OPTION_CASES[1], CONV_OPTION_CASES[2], CONV_OPTION_CASES[5], CONV_OPTION_CASES[8]]
)
def test_conv2d_options_in_blocks_match_torch(monkeypatch, case):
    # Tiny blocks: the blocked im2col sees the extra padding and the dilation too.
    import autograd.ops.conv as conv_module

    monkeypatch.setattr(conv_module, "_BLOCK_ELEMS", 16)
    xs, ws, stride, padding, dilation, groups = case
    check_op(
        lambda x, w: conv2d(x, w, None, stride, padding, dilation, groups),
        lambda x, w: TF.conv2d(x, w, None, stride, padding, dilation, groups),
        [xs, ws],
        gradcheck=False,
    )


@pytest.mark.parametrize(
    "case", [CONV_OPTION_CASES[1], CONV_OPTION_CASES[4], CONV_OPTION_CASES[5], CONV_OPTION_CASES[8]]
)
def test_conv2d_options_second_and_third_derivatives_match_torch(case):
    xs, ws, stride, padding, dilation, groups = case
    check_higher_order(
        lambda x, w: conv2d(x, w, None, stride, padding, dilation, groups),
        lambda x, w: TF.conv2d(x, w, None, stride, padding, dilation, groups),
        [xs, ws],
    )


def test_conv2d_options_unbatched_and_float32():
    x = np.random.default_rng(0).standard_normal((4, 6, 5)).astype(np.float32)
    w = np.random.default_rng(1).standard_normal((4, 2, 2, 3)).astype(np.float32)
    out = conv2d(ag.tensor(x), ag.tensor(w), padding="same", dilation=2, groups=2)
    expected = TF.conv2d(torch.tensor(x), torch.tensor(w), padding="same", dilation=2, groups=2)
    assert out.dtype == np.float32
    assert_close(out, expected, rtol=1e-5, atol=1e-5)


def test_conv2d_invalid_options_raise_torch_errors():
    x, w = ag.zeros(1, 4, 7, 7), ag.zeros(2, 4, 3, 3)
    tx, tw = torch.zeros(1, 4, 7, 7), torch.zeros(2, 4, 3, 3)
    _raises_like_torch(
        lambda: conv2d(x, w, stride=2, padding="same"),
        lambda: TF.conv2d(tx, tw, stride=2, padding="same"),
        RuntimeError,
        r"padding='same' is not supported.*stride=\(2, 2\)",
    )
    _raises_like_torch(
        lambda: conv2d(x, w, padding="full"),
        lambda: TF.conv2d(tx, tw, padding="full"),
        RuntimeError,
        "Invalid padding string: 'full'",
    )
    _raises_like_torch(
        lambda: conv2d(x, ag.zeros(3, 2, 3, 3), groups=2),
        lambda: TF.conv2d(tx, torch.zeros(3, 2, 3, 3), groups=2),
        RuntimeError,
        r"groups=2.*divisible by 2.*\(3, 2, 3, 3\)",
    )
    _raises_like_torch(
        lambda: conv2d(x, ag.zeros(2, 3, 3, 3), groups=2),
        lambda: TF.conv2d(tx, torch.zeros(2, 3, 3, 3), groups=2),
        RuntimeError,
        r"to have 6 channels, but got 4",
    )
    _raises_like_torch(
        lambda: conv2d(x, ag.zeros(2, 2, 3, 3), groups=0),
        lambda: TF.conv2d(tx, torch.zeros(2, 2, 3, 3), groups=0),
        RuntimeError,
        "non-positive groups.*groups=0",
    )
    _raises_like_torch(
        lambda: conv2d(x, w, dilation=0),
        lambda: TF.conv2d(tx, tw, dilation=0),
        RuntimeError,
        "dilation should be greater than zero.*0",
    )
    _raises_like_torch(
        lambda: conv2d(x, w, dilation=4),
        lambda: TF.conv2d(tx, tw, dilation=4),
        RuntimeError,
        r"dilation \(4, 4\) spans \(9, 9\).*\(7, 7\)",
    )


# -- nn.Conv2d ----------------------------------------------------------------------------

MODULE_CASES = [  # torch's positional order: in, out, kernel, stride, padding, dilation, groups,
    (4, 6, 3, 1, 1, 1, 2, False),  # bias
    (3, 6, (3, 2), 1, "same", 2, 3, True),
    (4, 4, 4, 1, "same", 1, 4, True),
    (3, 5, 3, 2, "valid", (1, 2), 1, True),
]


@pytest.mark.parametrize("args", MODULE_CASES)
def test_conv2d_module_takes_torch_positional_order(args):
    ours, theirs = nn.Conv2d(*args), torch.nn.Conv2d(*args)
    assert repr(ours) == repr(theirs)
    assert ours.weight.shape == tuple(theirs.weight.shape)
    compare(ours, theirs, np.random.default_rng(0).standard_normal((2, args[0], 8, 7)))


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


def test_conv2d_module_default_init_uses_fan_in_of_one_group():
    ag.manual_seed(0)
    conv = nn.Conv2d(64, 64, 3, groups=64)  # fan_in = 64/64 * 3 * 3 = 9
    bound = 1 / 3
    for p in (conv.weight._data, conv.bias._data):
        assert np.abs(p).max() <= bound
    assert np.abs(conv.weight._data).max() > 0.9 * bound
    assert conv.weight.shape == (64, 1, 3, 3)


def test_conv2d_module_invalid_options_raise_torch_errors():
    cases = [  # (kwargs, our message)
        (dict(stride=2, padding="same"), "padding='same' is not supported for strided"),
        (dict(padding="full"), "Invalid padding string 'full'"),
        (dict(groups=3), "in_channels must be divisible by groups.*in_channels=4.*groups=3"),
        (dict(groups=0), "groups must be a positive integer, got 0"),
        (dict(padding_mode="mirror"), "padding_mode must be one of.*'mirror'"),
    ]
    for kwargs, match in cases:
        _raises_like_torch(
            lambda kw=kwargs: nn.Conv2d(4, 6, 3, **kw),
            lambda kw=kwargs: torch.nn.Conv2d(4, 6, 3, **kw),
            ValueError,
            match,
        )
    _raises_like_torch(
        lambda: nn.Conv2d(4, 6, 3, groups=4),
        lambda: torch.nn.Conv2d(4, 6, 3, groups=4),
        ValueError,
        "out_channels must be divisible by groups",
    )


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_conv2d_module_other_padding_modes_are_not_implemented(mode):
    torch.nn.Conv2d(2, 2, 3, padding=1, padding_mode=mode)  # valid in torch
    with pytest.raises(NotImplementedError, match=f"padding_mode='{mode}'"):
        nn.Conv2d(2, 2, 3, padding=1, padding_mode=mode)


# -- max_pool2d ---------------------------------------------------------------------------

MAX_CASES = [  # x shape, kernel, stride, padding, dilation, ceil_mode
    ((2, 3, 7, 7), 2, None, 0, 1, True),  # odd size: one more window
    ((1, 2, 5, 5), 2, 2, 1, 1, True),  # last window would start in padding
    ((1, 2, 6, 6), 3, 2, 1, 1, True),  # overhang past the right padding
    ((1, 1, 7, 7), 8, None, 0, 1, True),  # kernel larger than the input
    ((1, 2, 5, 4), 3, 3, 1, 1, True),
    ((2, 2, 9, 8), 3, 1, 1, 2, False),  # dilated, overlapping
    ((2, 2, 8, 8), 2, 2, 0, 2, False),  # stride = kernel, yet windows overlap
    ((2, 2, 9, 8), (2, 3), (2, 1), (1, 1), (2, 1), True),
    ((1, 2, 10, 9), 3, 2, 1, 3, True),
    ((1, 2, 7, 7), 4, None, 0, 3, True),  # dilated span 10 over a 7x7 input
]


@pytest.mark.parametrize("xs, k, s, p, d, ceil", MAX_CASES)
def test_max_pool2d_options_match_torch_and_gradcheck(xs, k, s, p, d, ceil):
    check_op(
        lambda x: max_pool2d(x, k, s, p, d, ceil),
        lambda x: TF.max_pool2d(x, k, s, p, d, ceil),
        [xs],
    )


@pytest.mark.parametrize("xs, k, s, p, d, ceil", MAX_CASES)
def test_max_pool2d_return_indices_match_torch(xs, k, s, p, d, ceil):
    rng = np.random.default_rng(5)
    for x in (rng.standard_normal(xs), np.maximum(np.round(rng.standard_normal(xs)), 0)):
        out, idx = max_pool2d(ag.tensor(x), k, s, p, d, ceil, return_indices=True)
        t_out, t_idx = TF.max_pool2d(torch.tensor(x), k, s, p, d, ceil, return_indices=True)
        assert_close(out, t_out)
        assert idx.dtype == np.int64 and not idx.requires_grad
        np.testing.assert_array_equal(idx._data, t_idx.numpy())
        # ties included, the index is the element the gradient goes to
        a = ag.tensor(x, requires_grad=True)
        max_pool2d(a, k, s, p, d, ceil).sum().backward()
        hits = np.zeros(x.shape).reshape(*xs[:2], -1)
        for n in range(xs[0]):
            for c in range(xs[1]):
                np.add.at(hits[n, c], idx._data[n, c].ravel(), 1)
        np.testing.assert_array_equal(a.grad._data, hits.reshape(xs))


def test_max_pool2d_return_indices_unbatched_and_second_derivative():
    x = np.random.default_rng(2).standard_normal((3, 7, 6))
    out, idx = max_pool2d(ag.tensor(x), 3, 2, 1, 2, True, True)
    t_out, t_idx = TF.max_pool2d(torch.tensor(x), 3, 2, 1, 2, True, True)
    assert_close(out, t_out)
    np.testing.assert_array_equal(idx._data, t_idx.numpy())
    check_higher_order(
        lambda x: max_pool2d(x * x, 3, 2, 1, 2, True),
        lambda x: TF.max_pool2d(x * x, 3, 2, 1, 2, True),
        inputs=[x[None]],
        order=2,
    )


def test_max_pool2d_invalid_options_raise_torch_errors():
    x, tx = ag.zeros(1, 2, 7, 7), torch.zeros(1, 2, 7, 7)
    _raises_like_torch(
        lambda: max_pool2d(x, 3, dilation=0),
        lambda: TF.max_pool2d(tx, 3, dilation=0),
        RuntimeError,
        "dilation should be greater than zero",
    )
    _raises_like_torch(
        lambda: max_pool2d(x, 3, padding=2, dilation=2),
        lambda: TF.max_pool2d(tx, 3, padding=2, dilation=2),
        RuntimeError,
        r"padding \(2, 2\) should be at most half",
    )
    _raises_like_torch(
        lambda: max_pool2d(x, 4, dilation=3),
        lambda: TF.max_pool2d(tx, 4, dilation=3),
        RuntimeError,
        r"\(4, 4\) \(dilation \(3, 3\) spans \(10, 10\)",
    )
    _raises_like_torch(
        lambda: max_pool2d(x, 2, 1, dilation=8, ceil_mode=True),
        lambda: TF.max_pool2d(tx, 2, 1, dilation=8, ceil_mode=True),
        RuntimeError,
        r"output size \(-1, -1\) is too small",
    )


# -- avg_pool2d ---------------------------------------------------------------------------

AVG_CASES = [  # x shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
    ((2, 3, 7, 7), 2, None, 0, True, True, None),
    ((1, 2, 5, 5), 3, 2, 1, True, True, None),
    ((1, 2, 6, 6), 3, 2, 1, True, True, None),  # overhang: not in the divisor
    ((1, 2, 6, 6), 3, 2, 1, True, False, None),
    ((1, 1, 5, 5), 2, 2, 1, True, False, None),  # last window would start in padding
    ((2, 2, 7, 6), (3, 2), (2, 1), 1, False, False, None),
    ((2, 2, 7, 6), 3, 2, 1, False, True, 5),
    ((2, 2, 7, 6), 3, 2, 1, True, False, 2),
    ((1, 1, 7, 7), 8, None, 0, True, True, None),  # kernel larger than the input
    ((1, 2, 6, 5), 2, 1, 1, False, False, None),
]


@pytest.mark.parametrize("xs, k, s, p, ceil, cip, div", AVG_CASES)
def test_avg_pool2d_options_match_torch_and_gradcheck(xs, k, s, p, ceil, cip, div):
    check_op(
        lambda x: avg_pool2d(x, k, s, p, ceil, cip, div),
        lambda x: TF.avg_pool2d(x, k, s, p, ceil, cip, div),
        [xs],
    )


def test_avg_pool2d_options_unbatched_float32_and_second_derivative():
    x = np.random.default_rng(3).standard_normal((2, 6, 6)).astype(np.float32)
    out = avg_pool2d(ag.tensor(x), 3, 2, 1, True, False)
    assert out.dtype == np.float32
    assert_close(out, TF.avg_pool2d(torch.tensor(x), 3, 2, 1, True, False), rtol=1e-6)
    check_higher_order(
        lambda x: avg_pool2d(x * x, 3, 2, 1, True, False, 4),
        lambda x: TF.avg_pool2d(x * x, 3, 2, 1, True, False, 4),
        inputs=[x[None].astype(np.float64)],
        order=2,
    )


def test_avg_pool2d_invalid_options_raise_torch_errors():
    x, tx = ag.zeros(1, 2, 7, 7), torch.zeros(1, 2, 7, 7)
    _raises_like_torch(
        lambda: avg_pool2d(x, 3, divisor_override=0),
        lambda: TF.avg_pool2d(tx, 3, divisor_override=0),
        RuntimeError,
        "divisor must be not zero",
    )
    _raises_like_torch(
        lambda: avg_pool2d(x, 3, divisor_override=1.5),
        lambda: TF.avg_pool2d(tx, 3, divisor_override=1.5),
        TypeError,
        "divisor_override must be an int or None, got float 1.5",
    )


# -- pooling modules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [(2,), (3, 1, 1, 2), (3, 2, 1, 1, False, True), ((2, 3), (2, 1), (1, 1), (2, 1), False, True)],
)
def test_max_pool2d_module_takes_torch_positional_order(args):
    ours, theirs = nn.MaxPool2d(*args), torch.nn.MaxPool2d(*args)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, np.random.default_rng(0).standard_normal((2, 3, 9, 8)))


def test_max_pool2d_module_return_indices():
    x = np.random.default_rng(1).standard_normal((2, 3, 9, 8))
    out, idx = nn.MaxPool2d(3, 2, 1, 2, True, True)(ag.tensor(x))
    t_out, t_idx = torch.nn.MaxPool2d(3, 2, 1, 2, True, True)(torch.tensor(x))
    assert_close(out, t_out)
    np.testing.assert_array_equal(idx._data, t_idx.numpy())


@pytest.mark.parametrize(
    "args",
    [
        (2,),
        (3, 2, 1, True),
        (3, 2, 1, True, False),
        (3, 2, 1, False, True, 4),
        ((3, 2), 1, (1, 1), True, False),
    ],
)
def test_avg_pool2d_module_takes_torch_positional_order(args):
    ours, theirs = nn.AvgPool2d(*args), torch.nn.AvgPool2d(*args)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, np.random.default_rng(0).standard_normal((2, 3, 9, 8)))
