"""Kernels of autograd.ops.nn and autograd.ops.conv against PyTorch.

conv2d, pooling, cross_entropy, nll_loss, gelu.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd.ops.conv import avg_pool2d, conv2d, max_pool2d
from autograd.ops.nn import _erf, cross_entropy, gelu, nll_loss
from tests.helpers import assert_close, check_op, requires_torch, torch

TF = torch.nn.functional if torch is not None else None


def leaf(a):
    return ag.tensor(np.array(a), requires_grad=True)


def tleaf(a):
    return torch.tensor(np.array(a), requires_grad=True)


# -- conv2d -------------------------------------------------------------------------------

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


# -- pooling ------------------------------------------------------------------------------

POOL_CASES = [  # x shape, kernel, stride, padding
    ((2, 3, 8, 8), 2, None, 0),
    ((2, 3, 11, 11), 2, None, 0),  # odd size: last row/col dropped
    ((2, 2, 7, 6), (3, 2), (2, 1), 1),
    ((1, 2, 9, 9), 3, 1, 1),  # overlapping windows
    ((1, 1, 7, 5), 3, 2, 0),
    ((2, 1, 6, 6), (2, 3), 4, (1, 1)),  # stride > kernel
]


@requires_torch
@pytest.mark.parametrize("xs, k, s, p", POOL_CASES)
def test_max_pool2d_matches_torch_and_gradcheck(xs, k, s, p):
    check_op(lambda x: max_pool2d(x, k, s, p), lambda x: TF.max_pool2d(x, k, s, p), [xs])


@requires_torch
@pytest.mark.parametrize("xs, k, s, p", POOL_CASES)
def test_avg_pool2d_matches_torch_and_gradcheck(xs, k, s, p):
    check_op(lambda x: avg_pool2d(x, k, s, p), lambda x: TF.avg_pool2d(x, k, s, p), [xs])


@requires_torch
@pytest.mark.parametrize("xs, k, s, p", POOL_CASES)
def test_max_pool2d_ties_give_the_whole_gradient_to_the_first_maximum(xs, k, s, p):
    rng = np.random.default_rng(5)
    x = np.maximum(np.round(rng.standard_normal(xs)), 0)  # many zeros, as after a ReLU
    check_op(
        lambda x: max_pool2d(x, k, s, p),
        lambda x: TF.max_pool2d(x, k, s, p),
        inputs=[x],
        gradcheck=False,
    )


@requires_torch
def test_pooling_unbatched_and_second_derivative():
    check_op(lambda x: max_pool2d(x, 2), lambda x: TF.max_pool2d(x, 2), [(3, 6, 6)])
    check_op(lambda x: avg_pool2d(x, 3, 1, 1), lambda x: TF.avg_pool2d(x, 3, 1, 1), [(3, 6, 6)])
    x = np.random.default_rng(2).standard_normal((1, 2, 5, 5))
    for ours, theirs in ((max_pool2d, TF.max_pool2d), (avg_pool2d, TF.avg_pool2d)):
        a, t = leaf(x), tleaf(x)
        (g,) = ag.grad((ours(a * a, 3, 1, 1) ** 2).sum(), [a], create_graph=True)
        (tg,) = torch.autograd.grad((theirs(t * t, 3, 1, 1) ** 2).sum(), [t], create_graph=True)
        assert_close(ag.grad((g * g).sum(), [a])[0], torch.autograd.grad((tg * tg).sum(), [t])[0])


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


def test_pooling_keeps_float32_and_validates():
    x = ag.randn(2, 3, 6, 6, requires_grad=True)
    for fn in (max_pool2d, avg_pool2d):
        out = fn(x, 2)
        out.sum().backward()
        assert out.dtype == np.float32 and x.grad.dtype == np.float32
    # RuntimeError, as torch ("pad should be at most half of effective kernel size")
    with pytest.raises(RuntimeError, match=r"padding \(2, 2\) should be at most half.*\(3, 3\)"):
        max_pool2d(x, 3, padding=2)
    with pytest.raises(RuntimeError, match=r"padding \(2, 1\) should be at most half"):
        avg_pool2d(x, 3, padding=(2, 1))
    if torch is not None:
        with pytest.raises(RuntimeError):
            torch.nn.functional.max_pool2d(torch.zeros(2, 3, 6, 6), 3, padding=2)
    with pytest.raises(RuntimeError, match=r"kernel size \(7, 7\).*\(6, 6\)"):
        avg_pool2d(x, 7)
    with pytest.raises(RuntimeError, match=r"floating-point input, got dtype int64"):
        max_pool2d(ag.zeros(1, 1, 4, 4, dtype="int64"), 2)


# -- cross_entropy and nll_loss -------------------------------------------------------------

LOSS_SHAPES = [((6, 5), (6,)), ((5,), ()), ((3, 4, 2, 3), (3, 2, 3))]


def _labels(target_shape, c, rng, ignore):
    y = rng.integers(0, c, size=target_shape)
    if ignore and y.ndim:
        y.flat[1] = -1 if ignore == "custom" else -100
    return y


@requires_torch
@pytest.mark.parametrize("shapes", LOSS_SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [None, "default", "custom"])
@pytest.mark.parametrize("smoothing", [0.0, 0.25])
def test_cross_entropy_and_nll_match_torch(shapes, reduction, weighted, ignore, smoothing):
    xs, ts = shapes
    c = xs[0] if len(xs) == 1 else xs[1]
    rng = np.random.default_rng(len(xs) + c)
    y = _labels(ts, c, rng, ignore)
    w = rng.uniform(0.5, 2.0, c) if weighted else None
    kw = {"reduction": reduction, "ignore_index": -1 if ignore == "custom" else -100}

    def tw():
        return None if w is None else torch.tensor(w)

    check_op(
        lambda x: cross_entropy(x, ag.tensor(y), w, label_smoothing=smoothing, **kw),
        lambda x: TF.cross_entropy(x, torch.tensor(y), tw(), label_smoothing=smoothing, **kw),
        [xs],
        rtol=1e-9,
        atol=1e-12,
    )
    if smoothing == 0.0:
        check_op(
            lambda x: nll_loss(x, ag.tensor(y), w, **kw),
            lambda x: TF.nll_loss(x, torch.tensor(y), tw(), **kw),
            [xs],
        )


@requires_torch
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_probability_targets_match_torch(reduction, weighted, smoothing):
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(4), size=(3, 2)).transpose(0, 2, 1)  # (3, 4, 2), sums to 1 on dim 1
    w = rng.uniform(0.5, 2.0, 4) if weighted else None
    check_op(
        lambda x, t: cross_entropy(x, t, w, reduction=reduction, label_smoothing=smoothing),
        lambda x, t: TF.cross_entropy(
            x,
            t,
            None if w is None else torch.tensor(w),
            reduction=reduction,
            label_smoothing=smoothing,
        ),
        inputs=[rng.standard_normal((3, 4, 2)), p],
    )


def test_cross_entropy_is_finite_for_huge_logits_and_keeps_float32():
    x = ag.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], requires_grad=True)
    loss = cross_entropy(x, ag.tensor([1, 0]), label_smoothing=0.1)
    loss.backward()
    assert loss.dtype == np.float32 and x.grad.dtype == np.float32
    assert np.isfinite(loss.item()) and np.all(np.isfinite(x.grad._data))
    for reduction in ("mean", "sum", "none"):
        assert nll_loss(x, ag.tensor([1, 0]), ag.ones(3), reduction=reduction).dtype == np.float32
        assert cross_entropy(x, ag.rand(2, 3), reduction=reduction).dtype == np.float32
    # row 0: 0.9 * 2e4 + 0.1/3 * (0 + 2e4 + 1e4); row 1: 0.9 * (2e4 + ln 2) + 0.1/3 * (2e4 + 3 ln 2)
    expected = (19000.0 + 2e4 * 0.9 + 2e4 / 30 + math.log(2)) / 2
    np.testing.assert_allclose(loss.item(), expected, rtol=1e-6)
    if torch is not None:
        t = torch.tensor(x._data, requires_grad=True)
        TF.cross_entropy(t, torch.tensor([1, 0]), label_smoothing=0.1).backward()
        assert_close(x.grad, t.grad, rtol=1e-5, atol=1e-7)


@requires_torch
def test_cross_entropy_double_backward_matches_torch():
    x = np.random.default_rng(1).standard_normal((4, 3))
    y, w = np.array([0, 2, 1, 2]), np.array([1.0, 2.0, 0.5])
    a, t = leaf(x), tleaf(x)
    (g,) = ag.grad(cross_entropy(a, ag.tensor(y), w, label_smoothing=0.1), [a], create_graph=True)
    (tg,) = torch.autograd.grad(
        TF.cross_entropy(t, torch.tensor(y), torch.tensor(w), label_smoothing=0.1),
        [t],
        create_graph=True,
    )
    assert_close(ag.grad((g**3).sum(), [a])[0], torch.autograd.grad((tg**3).sum(), [t])[0])


@requires_torch
@pytest.mark.parametrize("fn, tfn", [(cross_entropy, "cross_entropy"), (nll_loss, "nll_loss")])
def test_mean_over_only_ignored_targets_is_nan_with_zero_gradient(fn, tfn):
    x, t = leaf(np.zeros((2, 3))), tleaf(np.zeros((2, 3)))
    loss = fn(x, ag.tensor([-100, -100]))
    t_loss = getattr(TF, tfn)(t, torch.tensor([-100, -100]))
    loss.backward()
    t_loss.backward()
    assert np.isnan(loss.item()) and np.isnan(t_loss.item())
    assert_close(x.grad, t.grad)


def test_loss_errors_name_the_problem():
    x = ag.zeros(2, 3)
    for fn in (cross_entropy, nll_loss):
        with pytest.raises(IndexError, match=r"label 3 is out of bounds for 3 classes"):
            fn(x, ag.tensor([0, 3]))
        with pytest.raises(IndexError, match=r"label -2 is out of bounds"):
            fn(x, ag.tensor([0, -2]))
        with pytest.raises(RuntimeError, match=r"integer tensor.*got dtype float32"):
            fn(x, ag.tensor([0.0, 1.0]))
        with pytest.raises(ValueError, match=r"'avg' is not a valid value for reduction"):
            fn(x, ag.tensor([0, 1]), reduction="avg")
        with pytest.raises(ValueError, match=r"batch size 2 \(shape \(2, 3\)\).*batch size 3"):
            fn(x, ag.tensor([0, 1, 2]))  # a ValueError, as torch
        with pytest.raises(RuntimeError, match=r"\(2, 3\) expects .* shape \(2,\), got .*\(2, 1\)"):
            fn(x, ag.tensor([[0], [1]]))
        with pytest.raises(RuntimeError, match=r"weight must have shape \(3,\)"):
            fn(x, ag.tensor([0, 1]), weight=ag.ones(2))
    with pytest.raises(RuntimeError, match=r"label_smoothing must be in \[0, 1\], got 1.5"):
        cross_entropy(x, ag.tensor([0, 1]), label_smoothing=1.5)


# -- gelu ---------------------------------------------------------------------------------


def test_erf_is_accurate_to_1e_13_relative():
    xs = np.concatenate(
        [
            np.linspace(-9, 9, 40001),
            np.geomspace(1e-300, 1.0, 400),
            -np.geomspace(1e-8, 30.0, 400),
            [0.0, 2.0, -2.0],
        ]
    )
    ref = np.array([math.erf(v) for v in xs])
    rel = np.abs(_erf(xs) - ref) / np.maximum(np.abs(ref), 1e-300)
    assert rel.max() <= 1e-13, (rel.max(), xs[rel.argmax()])
    assert _erf(np.array([0.5], np.float32)).dtype == np.float32


@requires_torch
@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_torch_with_second_derivative(approximate):
    x = np.concatenate([np.linspace(-7, 7, 57), [0.0, 1e-3, -30.0, 30.0]])
    check_op(
        lambda t: gelu(t, approximate),
        lambda t: TF.gelu(t, approximate=approximate),
        inputs=[x],
        rtol=1e-12,
        atol=1e-14,
    )
    a, t = leaf(x), tleaf(x)
    (g,) = ag.grad(gelu(a, approximate).sum(), [a], create_graph=True)
    (tg,) = torch.autograd.grad(TF.gelu(t, approximate=approximate).sum(), [t], create_graph=True)
    assert_close(
        ag.grad(g.sum(), [a])[0], torch.autograd.grad(tg.sum(), [t])[0], rtol=1e-10, atol=1e-12
    )


@requires_torch
def test_gelu_float32_and_errors():
    x = ag.randn(50, requires_grad=True)
    out = gelu(x)
    out.sum().backward()
    assert out.dtype == np.float32 and x.grad.dtype == np.float32
    assert_close(out, TF.gelu(torch.tensor(x._data)), rtol=1e-6, atol=1e-7)
    with pytest.raises(RuntimeError, match=r"'fast'"):  # RuntimeError, as torch
        gelu(x, "fast")
