"""conv2d (autograd/ops/conv.py, which F.conv2d re-exports) against torch: every option
(padding modes, stride, dilation, groups), blocked im2col, empty batches, higher
derivatives, float32 and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd.ops.conv import conv2d, max_pool2d
from tests.helpers import assert_close, check_higher_order, check_op, requires_torch, torch
from tests.nn._compare import leaf, raises_like_torch, tleaf

TF = torch.nn.functional if torch is not None else None


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


CONV_CASES = [  # x shape, weight shape, stride, padding
    ((2, 3, 7, 6), (4, 3, 3, 3), 1, 0),
    ((2, 3, 7, 6), (4, 3, 3, 2), (2, 1), (1, 2)),
    ((1, 2, 9, 9), (3, 2, 3, 3), 3, 0),  # stride == kernel
    ((3, 1, 8, 5), (2, 1, 2, 2), 3, 1),  # stride > kernel
    ((2, 4, 5, 5), (3, 4, 1, 1), 1, 0),  # 1x1 kernel
    ((1, 2, 4, 4), (2, 2, 4, 4), 1, 0),  # kernel fills the input
    ((2, 2, 6, 7), (5, 2, 5, 3), 2, 2),
    ((2, 3, 6, 5), (4, 3, 3, 3), 1, 1),  # stride 1: backward as transposed conv
    ((1, 2, 4, 5), (3, 2, 1, 2), 1, (1, 2)),  # stride 1, padding >= kernel: col2im backward
]


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("xs, ws, stride, padding, dilation, groups", CONV_OPTION_CASES)
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_options_match_torch_and_gradcheck(xs, ws, stride, padding, dilation, groups, bias):
    shapes = [xs, ws, (ws[0],)]

    def ours(x, w, b):
        return conv2d(x, w, b if bias else None, stride, padding, dilation, groups)

    def theirs(x, w, b):
        return TF.conv2d(x, w, b if bias else None, stride, padding, dilation, groups)

    check_op(ours, theirs, shapes)


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
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


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
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


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_conv2d_options_unbatched_and_float32():
    x = np.random.default_rng(0).standard_normal((4, 6, 5)).astype(np.float32)
    w = np.random.default_rng(1).standard_normal((4, 2, 2, 3)).astype(np.float32)
    out = conv2d(ag.tensor(x), ag.tensor(w), padding="same", dilation=2, groups=2)
    expected = TF.conv2d(torch.tensor(x), torch.tensor(w), padding="same", dilation=2, groups=2)
    assert out.dtype == np.float32
    assert_close(out, expected, rtol=1e-5, atol=1e-5)


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_conv2d_invalid_options_raise_torch_errors():
    x, w = ag.zeros(1, 4, 7, 7), ag.zeros(2, 4, 3, 3)
    tx, tw = torch.zeros(1, 4, 7, 7), torch.zeros(2, 4, 3, 3)
    raises_like_torch(
        lambda: conv2d(x, w, stride=2, padding="same"),
        lambda: TF.conv2d(tx, tw, stride=2, padding="same"),
        RuntimeError,
        r"padding='same' is not supported.*stride=\(2, 2\)",
    )
    raises_like_torch(
        lambda: conv2d(x, w, padding="full"),
        lambda: TF.conv2d(tx, tw, padding="full"),
        RuntimeError,
        "Invalid padding string: 'full'",
    )
    raises_like_torch(
        lambda: conv2d(x, ag.zeros(3, 2, 3, 3), groups=2),
        lambda: TF.conv2d(tx, torch.zeros(3, 2, 3, 3), groups=2),
        RuntimeError,
        r"groups=2.*divisible by 2.*\(3, 2, 3, 3\)",
    )
    raises_like_torch(
        lambda: conv2d(x, ag.zeros(2, 3, 3, 3), groups=2),
        lambda: TF.conv2d(tx, torch.zeros(2, 3, 3, 3), groups=2),
        RuntimeError,
        r"to have 6 channels, but got 4",
    )
    raises_like_torch(
        lambda: conv2d(x, ag.zeros(2, 2, 3, 3), groups=0),
        lambda: TF.conv2d(tx, torch.zeros(2, 2, 3, 3), groups=0),
        RuntimeError,
        "non-positive groups.*groups=0",
    )
    raises_like_torch(
        lambda: conv2d(x, w, dilation=0),
        lambda: TF.conv2d(tx, tw, dilation=0),
        RuntimeError,
        "dilation should be greater than zero.*0",
    )
    raises_like_torch(
        lambda: conv2d(x, w, dilation=4),
        lambda: TF.conv2d(tx, tw, dilation=4),
        RuntimeError,
        r"dilation \(4, 4\) spans \(9, 9\).*\(7, 7\)",
    )


@requires_torch
@pytest.mark.parametrize("xs, ws, stride, padding", CONV_CASES)
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_matches_torch_and_gradcheck(xs, ws, stride, padding, bias):
    shapes = [xs, ws] + ([(ws[0],)] if bias else [])
    check_op(
        lambda *a: conv2d(*a[:2], a[2] if bias else None, stride, padding),
        lambda *a: TF.conv2d(*a[:2], a[2] if bias else None, stride, padding),
        shapes,
    )


@requires_torch
def test_conv2d_unbatched_input():
    check_op(
        lambda x, w: conv2d(x, w, padding=1),
        lambda x, w: TF.conv2d(x, w, padding=1),
        [(2, 5, 4), (3, 2, 3, 3)],
    )


@requires_torch
@pytest.mark.parametrize("block_elems", [1, 2600])  # 1 image per block; blocks of 2, 2, 1
@pytest.mark.parametrize(
    "ws, padding, stride",
    [
        ((4, 3, 3, 3), 1, 1),
        ((2, 3, 5, 3), (2, 0), 1),
        ((3, 3, 2, 4), (1, 2), 1),
        ((4, 3, 3, 3), 0, 1),  # no padding: channels-first blocks are only transposed
        ((4, 3, 3, 2), 1, (2, 1)),  # strided windows; d/dx through Col2im
    ],
)
def test_conv2d_in_blocks_matches_torch(monkeypatch, block_elems, ws, padding, stride):
    import autograd.ops.conv as conv_module

    monkeypatch.setattr(conv_module, "_BLOCK_ELEMS", block_elems)
    check_op(
        lambda x, w: conv2d(x, w, stride=stride, padding=padding),
        lambda x, w: TF.conv2d(x, w, stride=stride, padding=padding),
        [(5, 3, 7, 6), ws],
    )


@requires_torch
@pytest.mark.parametrize("padding, stride", [(1, 1), (0, 1), (1, 2)])
def test_conv2d_of_an_empty_batch_has_torch_shapes_and_zero_grads(padding, stride):
    w = np.random.default_rng(0).standard_normal((4, 3, 3, 3)).astype(np.float32)
    x, weight = ag.zeros(0, 3, 5, 5, requires_grad=True), ag.tensor(w, requires_grad=True)
    tx, tw = torch.zeros(0, 3, 5, 5, requires_grad=True), torch.tensor(w, requires_grad=True)
    out = conv2d(x, weight, stride=stride, padding=padding)
    expected = TF.conv2d(tx, tw, stride=stride, padding=padding)
    assert out.shape == tuple(expected.shape)
    out.sum().backward()
    expected.sum().backward()
    assert x.grad.shape == tuple(tx.grad.shape)
    assert_close(weight.grad, tw.grad)


@requires_torch
@pytest.mark.parametrize("block_elems", [1, 2600])
def test_stacked_convs_in_blocks_match_torch(monkeypatch, block_elems):
    # The second conv reads the first one's channels-last output, unpadded: its blocks
    # are views of that memory, with no staging copy.
    import autograd.ops.conv as conv_module

    monkeypatch.setattr(conv_module, "_BLOCK_ELEMS", block_elems)
    check_op(
        lambda x, w1, w2: conv2d(conv2d(x, w1, padding=1), w2),
        lambda x, w1, w2: TF.conv2d(TF.conv2d(x, w1, padding=1), w2),
        [(5, 3, 7, 6), (4, 3, 3, 3), (2, 4, 3, 2)],
    )


@requires_torch
@pytest.mark.parametrize("channels", [1, 3])  # one-channel and many-channel columns
@pytest.mark.parametrize("which", [(True, False), (False, True), (True, True)])
@pytest.mark.parametrize("block_elems", [None, 30])  # columns kept; rebuilt image by image
def test_conv2d_bias_folded_into_the_matmul_gives_each_requested_grad(
    monkeypatch, channels, which, block_elems
):
    import autograd.ops.conv as conv_module

    if block_elems is not None:
        monkeypatch.setattr(conv_module, "_BLOCK_ELEMS", block_elems)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, channels, 5, 6)).astype(np.float32)
    w = rng.standard_normal((4, channels, 3, 3)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    ours = [ag.tensor(w, requires_grad=which[0]), ag.tensor(b, requires_grad=which[1])]
    theirs = [torch.tensor(w, requires_grad=which[0]), torch.tensor(b, requires_grad=which[1])]
    out = conv2d(ag.tensor(x), *ours, padding=1)
    expected = TF.conv2d(torch.tensor(x), *theirs, padding=1)
    assert_close(out, expected, rtol=1e-5, atol=1e-5)
    up = rng.standard_normal(out.shape).astype(np.float32)
    out.backward(up)
    expected.backward(torch.tensor(up))
    for a, t, wanted in zip(ours, theirs, which):
        assert (a.grad is None) == (not wanted)
        if wanted:
            assert a.grad.dtype == np.float32
            assert_close(a.grad, t.grad, rtol=1e-4, atol=1e-4)


@requires_torch
@pytest.mark.parametrize("block_elems", [None, 1])  # columns kept; rebuilt image by image
def test_conv2d_second_derivatives_match_torch(monkeypatch, block_elems):
    import autograd.ops.conv as conv_module

    if block_elems is not None:
        monkeypatch.setattr(conv_module, "_BLOCK_ELEMS", block_elems)
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    ours = [leaf(x), leaf(w)]
    theirs = [tleaf(x), tleaf(w)]
    y = (conv2d(*ours, stride=2, padding=1) ** 2).sum()
    gx, gw = ag.grad(y, ours, create_graph=True)
    second = ag.grad((gx**2).sum() + (gw * gw).sum(), ours)
    ty = (TF.conv2d(*theirs, stride=2, padding=1) ** 2).sum()
    tgx, tgw = torch.autograd.grad(ty, theirs, create_graph=True)
    tsecond = torch.autograd.grad((tgx**2).sum() + (tgw * tgw).sum(), theirs)
    for a, b in zip((gx, gw) + second, (tgx, tgw) + tsecond):
        assert_close(a, b, rtol=1e-9)


def test_conv2d_keeps_float32():
    x = ag.randn(2, 3, 6, 6)
    w = ag.randn(4, 3, 3, 3, requires_grad=True)
    b = ag.zeros(4, requires_grad=True)
    out = conv2d(x, w, b, padding=1)
    out.sum().backward()
    assert out.dtype == np.float32 and w.grad.dtype == np.float32 and b.grad.dtype == np.float32


def test_conv2d_errors_name_the_shapes():
    with pytest.raises(
        RuntimeError,
        match=r"\(4, 2, 3, 3\) expects input with 2 channels.*"
        r"\(1, 3, 8, 8\) with 3 channels",
    ):
        conv2d(ag.zeros(1, 3, 8, 8), ag.zeros(4, 2, 3, 3))
    with pytest.raises(RuntimeError, match=r"weight must be 4-D.*\(4, 3\)"):
        conv2d(ag.zeros(1, 3, 8, 8), ag.zeros(4, 3))
    with pytest.raises(RuntimeError, match=r"kernel size \(5, 5\).*padded input size \(4, 4\)"):
        conv2d(ag.zeros(1, 1, 4, 4), ag.zeros(1, 1, 5, 5))
    with pytest.raises(RuntimeError, match=r"3-D \(C, H, W\) or 4-D.*\(8, 8\)"):
        conv2d(ag.zeros(8, 8), ag.zeros(1, 1, 3, 3))
    with pytest.raises(RuntimeError, match=r"bias must have shape \(4,\).*\(3,\)"):
        conv2d(ag.zeros(1, 1, 4, 4), ag.zeros(4, 1, 3, 3), ag.zeros(3))
    with pytest.raises(RuntimeError, match="float32.*float64"):
        conv2d(ag.zeros(1, 1, 4, 4), ag.zeros(4, 1, 3, 3, dtype="float64"))
    with pytest.raises(ValueError, match=r"stride must be an int >= 1.*0"):
        conv2d(ag.zeros(1, 1, 4, 4), ag.zeros(4, 1, 3, 3), stride=0)


@requires_torch
def test_double_backward_through_stride1_conv_and_tiled_max_pool_matches_torch():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 3, 6, 7))  # odd width: the last column is not pooled
    w, b = rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    ours, theirs = [leaf(x), leaf(w), leaf(b)], [tleaf(x), tleaf(w), tleaf(b)]
    out = max_pool2d(conv2d(*ours, padding=1) ** 2, 2)
    t_out = TF.max_pool2d(TF.conv2d(*theirs, padding=1) ** 2, 2)
    assert_close(out, t_out)
    grads = ag.grad((out**2).sum(), ours, create_graph=True)
    t_grads = torch.autograd.grad((t_out**2).sum(), theirs, create_graph=True)
    second = ag.grad(sum((g * g).sum() for g in grads), ours)
    t_second = torch.autograd.grad(sum((g * g).sum() for g in t_grads), theirs)
    for a, t in zip(grads + second, t_grads + t_second):
        assert_close(a, t, rtol=1e-8)
