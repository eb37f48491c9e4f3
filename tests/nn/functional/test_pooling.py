"""F.max_pool2d, F.avg_pool2d and F.adaptive_avg_pool2d against torch: every option,
return_indices, ties, higher derivatives, float32 and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd.ops.conv import avg_pool2d, max_pool2d
from tests.helpers import (
    assert_close,
    check_higher_order,
    check_op,
    make_inputs,
    requires_torch,
    torch,
)
from tests.nn._compare import leaf, raises_like_torch, tleaf

TF = torch.nn.functional if torch is not None else None


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


tnn = torch.nn if torch is not None else None


POOL_CASES = [  # x shape, kernel, stride, padding
    ((2, 3, 8, 8), 2, None, 0),
    ((2, 3, 11, 11), 2, None, 0),  # odd size: last row/col dropped
    ((2, 2, 7, 6), (3, 2), (2, 1), 1),
    ((1, 2, 9, 9), 3, 1, 1),  # overlapping windows
    ((1, 1, 7, 5), 3, 2, 0),
    ((2, 1, 6, 6), (2, 3), 4, (1, 1)),  # stride > kernel
]


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("xs, k, s, p, d, ceil", MAX_CASES)
def test_max_pool2d_options_match_torch_and_gradcheck(xs, k, s, p, d, ceil):
    check_op(
        lambda x: max_pool2d(x, k, s, p, d, ceil),
        lambda x: TF.max_pool2d(x, k, s, p, d, ceil),
        [xs],
    )


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
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


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
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


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_max_pool2d_invalid_options_raise_torch_errors():
    x, tx = ag.zeros(1, 2, 7, 7), torch.zeros(1, 2, 7, 7)
    raises_like_torch(
        lambda: max_pool2d(x, 3, dilation=0),
        lambda: TF.max_pool2d(tx, 3, dilation=0),
        RuntimeError,
        "dilation should be greater than zero",
    )
    raises_like_torch(
        lambda: max_pool2d(x, 3, padding=2, dilation=2),
        lambda: TF.max_pool2d(tx, 3, padding=2, dilation=2),
        RuntimeError,
        r"padding \(2, 2\) should be at most half",
    )
    raises_like_torch(
        lambda: max_pool2d(x, 4, dilation=3),
        lambda: TF.max_pool2d(tx, 4, dilation=3),
        RuntimeError,
        r"\(4, 4\) \(dilation \(3, 3\) spans \(10, 10\)",
    )
    raises_like_torch(
        lambda: max_pool2d(x, 2, 1, dilation=8, ceil_mode=True),
        lambda: TF.max_pool2d(tx, 2, 1, dilation=8, ceil_mode=True),
        RuntimeError,
        r"output size \(-1, -1\) is too small",
    )


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("xs, k, s, p, ceil, cip, div", AVG_CASES)
def test_avg_pool2d_options_match_torch_and_gradcheck(xs, k, s, p, ceil, cip, div):
    check_op(
        lambda x: avg_pool2d(x, k, s, p, ceil, cip, div),
        lambda x: TF.avg_pool2d(x, k, s, p, ceil, cip, div),
        [xs],
    )


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
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


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_avg_pool2d_invalid_options_raise_torch_errors():
    x, tx = ag.zeros(1, 2, 7, 7), torch.zeros(1, 2, 7, 7)
    raises_like_torch(
        lambda: avg_pool2d(x, 3, divisor_override=0),
        lambda: TF.avg_pool2d(tx, 3, divisor_override=0),
        RuntimeError,
        "divisor must be not zero",
    )
    raises_like_torch(
        lambda: avg_pool2d(x, 3, divisor_override=1.5),
        lambda: TF.avg_pool2d(tx, 3, divisor_override=1.5),
        TypeError,
        "divisor_override must be an int or None, got float 1.5",
    )


@requires_torch
@pytest.mark.parametrize(
    "shape,size",
    [
        ((2, 3, 7, 5), 1),
        ((2, 3, 7, 5), (1, 1)),
        ((2, 3, 4, 6), (2, 3)),
        ((2, 3, 4, 6), 2),
        ((2, 3, 4, 6), (None, 2)),
        ((3, 6, 4), (3, None)),
        ((1, 2, 4, 4), 4),
        ((3, 6, 4), 1),
    ],
)
def test_adaptive_avg_pool2d_matches_torch(shape, size):
    check_op(
        lambda x: F.adaptive_avg_pool2d(x, size),
        lambda x: TF.adaptive_avg_pool2d(x, size),
        shapes=[shape],
    )
    ours, theirs = nn.AdaptiveAvgPool2d(size), tnn.AdaptiveAvgPool2d(size)
    assert repr(ours) == repr(theirs)
    x = make_inputs([shape])[0]
    assert_close(ours(ag.tensor(x)), theirs(torch.tensor(x)))


@requires_torch
def test_adaptive_avg_pool2d_unsupported_sizes():
    with pytest.raises(NotImplementedError, match=r"output size \(2, 2\).*input size \(5, 5\)"):
        F.adaptive_avg_pool2d(ag.ones(1, 1, 5, 5), 2)
    with pytest.raises(NotImplementedError, match=r"\(3, 1\)"):
        nn.AdaptiveAvgPool2d((3, 1))(ag.ones(1, 4, 4))
    with pytest.raises(RuntimeError, match=r"\(2, 4\)"):
        F.adaptive_avg_pool2d(ag.ones(2, 4), 1)


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
