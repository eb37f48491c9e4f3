"""Tensor API edge cases (bool and integer operands, NaN, empty tensors, factories) vs PyTorch.

Each test compares values, dtypes, gradients or the exception type with torch.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_close, requires_torch, torch

pytestmark = requires_torch


def _raises_like_torch(ours, theirs) -> None:
    """``ours()`` raises an exception of the same type as ``theirs()``."""
    with pytest.raises(Exception) as expected:
        theirs()
    with pytest.raises(expected.type):
        ours()


# -- bool operands of - ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.tensor([1.5, 2.0]) - m.tensor([True, False]),
        lambda m: m.tensor([True, False]) - m.tensor([1.5, 2.0]),
        lambda m: m.tensor([True, False]) - m.tensor([True, True]),
        lambda m: m.tensor([1, 2]) - True,
        lambda m: True - m.tensor([1.5, 2.0]),
        lambda m: -m.tensor([True, False]),
    ],
)
def test_sub_and_neg_refuse_bool_like_torch(make):
    _raises_like_torch(lambda: make(ag), lambda: make(torch))


def test_sub_of_numbers_still_works():
    assert_close(ag.tensor([3, 4]) - 1, torch.tensor([3, 4]) - 1)
    assert_close(1.5 - ag.tensor([3.0]), 1.5 - torch.tensor([3.0]))


# -- integer powers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base, exponent",
    [
        ([3, -2, 0, 1, -1, -1], [-1, -2, -3, -5, -3, -4]),
        ([2, 3], [2, -1]),
    ],
)
def test_integer_tensor_pow_with_negative_exponents(base, exponent):
    for dtype in (np.int64, np.int32):
        ours = ag.tensor(np.array(base, dtype)) ** ag.tensor(np.array(exponent, dtype))
        theirs = torch.tensor(np.array(base, dtype)) ** torch.tensor(np.array(exponent, dtype))
        assert ours.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(ours._data, theirs.numpy())
    np.testing.assert_array_equal(
        (2 ** ag.tensor(exponent))._data, (2 ** torch.tensor(exponent)).numpy()
    )


def test_integer_tensor_to_negative_python_int_raises_runtime_error():
    _raises_like_torch(lambda: ag.tensor([1, 2]) ** -1, lambda: torch.tensor([1, 2]) ** -1)
    with pytest.raises(RuntimeError, match="-1"):
        ag.tensor([1, 2]) ** -1


# -- reductions --------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # 0/0 -> NaN, as torch
def test_max_min_gradient_with_nan_like_torch():
    """Whole-tensor max()/min() give the gradient to the NaN; amax/amin with a dim
    give NaN gradients along the reduced row, as torch does."""
    data = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 5.0]])
    for name in ("max", "min"):
        for kwargs in ({}, {"dim": 1}):
            x, xt = ag.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
            out = getattr(x, "a" + name if kwargs else name)(**kwargs)
            outt = getattr(torch, "a" + name)(xt, **kwargs) if kwargs else getattr(xt, name)()
            out.sum().backward()
            outt.sum().backward()
            assert_close(out, outt, what=f"{name} {kwargs}")
            assert_close(x.grad, xt.grad, what=f"{name} {kwargs} grad")


def test_amax_amin_accept_axis_keepdims():
    data = np.arange(6.0).reshape(2, 3)
    assert_close(
        ag.tensor(data).amax(axis=0, keepdims=True), torch.tensor(data).amax(dim=0, keepdim=True)
    )
    assert_close(ag.tensor(data).amin(axis=-1), torch.tensor(data).amin(dim=-1))


def test_empty_reductions_raise_like_torch():
    e = np.zeros((0, 3))
    for name in ("max", "min"):
        _raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(dim=0),
            lambda: getattr(torch, "a" + name)(torch.tensor(e), dim=0),
        )
        _raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(), lambda: getattr(torch.tensor(e), name)()
        )
    for name in ("argmax", "argmin"):
        _raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(), lambda: getattr(torch.tensor(e), name)()
        )
        _raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(dim=0),
            lambda: getattr(torch.tensor(e), name)(dim=0),
        )
        for kwargs in ({"dim": 1}, {"dim": -1, "keepdim": True}):
            ours = getattr(ag.tensor(e), name)(**kwargs)
            theirs = getattr(torch.tensor(e), name)(**kwargs)
            assert ours.dtype == np.int64
            assert_close(ours, theirs)


def test_argmax_argmin_refuse_tuple_dims_and_bool_like_torch():
    x = np.arange(6.0).reshape(2, 3)
    for name in ("argmax", "argmin"):
        _raises_like_torch(
            lambda: getattr(ag.tensor(x), name)(dim=(0, 1)),
            lambda: getattr(torch.tensor(x), name)(dim=(0, 1)),
        )
        _raises_like_torch(
            lambda: getattr(ag.tensor([True, False]), name)(),
            lambda: getattr(torch.tensor([True, False]), name)(),
        )


# -- clamp with tensor bounds ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["min", "max", "both"])
def test_clamp_tensor_bounds_get_gradients(which):
    rng = np.random.default_rng(0)
    data = np.array([[-1.0, 0.0, 0.5, 2.0], [0.3, -0.2, 1.0, 0.0]])
    lo, hi = np.array([0.0, -0.5, 0.5, 1.0]), np.array([[0.5], [0.2]])
    up = rng.standard_normal(data.shape)
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        a, b = lib.tensor(lo, requires_grad=True), lib.tensor(hi, requires_grad=True)
        kwargs = {"min": a, "max": b} if which == "both" else {which: a if which == "min" else b}
        out = x.clamp(**kwargs)
        (out * lib.tensor(up)).sum().backward()
        grads.append((out, x.grad, a.grad, b.grad))
    for mine, theirs in zip(*grads):
        if theirs is None:
            assert mine is None
        else:
            assert_close(mine, theirs, what=f"clamp {which}")


# -- shapes, cat, where ------------------------------------------------------------------------


def test_expand_minus_one_in_a_new_leading_dim_raises_runtime_error():
    _raises_like_torch(
        lambda: ag.ones(3, 1).expand(-1, 3, 4), lambda: torch.ones(3, 1).expand(-1, 3, 4)
    )


def test_cat_errors_and_legacy_empty_tensors():
    _raises_like_torch(lambda: ag.cat([]), lambda: torch.cat([]))
    a = np.arange(6.0).reshape(2, 3)
    for order in (0, 1):
        ours = [ag.tensor(a, requires_grad=True), ag.tensor(np.zeros(0))]
        theirs = [torch.tensor(a, requires_grad=True), torch.tensor(np.zeros(0))]
        if order:
            ours, theirs = ours[::-1], theirs[::-1]
        out, outt = ag.cat(ours), torch.cat(theirs)
        assert_close(out, outt)
        out.sum().backward()
        outt.sum().backward()
        assert_close(ours[order].grad, theirs[order].grad)


def test_where_condition_must_be_bool_tensor():
    a, b = np.ones(3), np.zeros(3)
    for cond in ([1.0, 0.0, 2.0], [1, 0, 1]):
        _raises_like_torch(
            lambda: ag.where(ag.tensor(cond), ag.tensor(a), ag.tensor(b)),
            lambda: torch.where(torch.tensor(cond), torch.tensor(a), torch.tensor(b)),
        )


def test_where_with_only_a_condition_gives_indices():
    data = np.array([[1.0, -1.0, 2.0], [0.0, 3.0, -2.0]])
    ours, theirs = ag.where(ag.tensor(data) > 0), torch.where(torch.tensor(data) > 0)
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.dtype == np.int64
        assert_close(o, t)


@pytest.mark.parametrize("fn", ["maximum", "minimum"])
def test_maximum_minimum_nan_gradients_like_torch(fn):
    a = np.array([np.nan, 2.0, np.nan, 1.0, 2.0])
    b = np.array([1.0, np.nan, np.nan, 1.0, 3.0])
    grads = []
    for lib in (ag, torch):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        getattr(lib, fn)(x, y).sum().backward()
        grads.append((x.grad, y.grad))
    assert_close(grads[0][0], grads[1][0])
    assert_close(grads[0][1], grads[1][1])


# -- construction and factories ----------------------------------------------------------------


@pytest.mark.parametrize("data", [1 + 2j, [1, 2.5j], [[1.0, 2j]]])
def test_python_complex_is_complex64(data):
    assert ag.tensor(data).dtype == np.complex64
    assert torch.tensor(data).dtype == torch.complex64


@pytest.mark.parametrize(
    "value, expected",
    [
        (np.float64(1.5), np.float32),
        (np.int32(3), np.int64),
        (True, np.bool_),
        (2, np.int64),
        (2.5, np.float32),
        (1 + 1j, np.complex64),
    ],
)
def test_full_dtype_follows_the_fill_value_kind(value, expected):
    assert ag.full((2,), value).dtype == np.dtype(expected)
    assert str(torch.full((2,), value).dtype) == "torch." + str(np.dtype(expected))


def test_factory_errors_like_torch():
    _raises_like_torch(lambda: ag.eye(-1), lambda: torch.eye(-1))
    _raises_like_torch(lambda: ag.eye(2, -1), lambda: torch.eye(2, -1))
    _raises_like_torch(
        lambda: ag.randn(2, dtype="int64"), lambda: torch.randn(2, dtype=torch.int64)
    )
    _raises_like_torch(lambda: ag.rand(2, dtype="int64"), lambda: torch.rand(2, dtype=torch.int64))
    _raises_like_torch(lambda: ag.tensor(None), lambda: torch.tensor(None))


@pytest.mark.parametrize(("shape", "dim"), [((0, 3), 0), ((0, 3), 1), ((2, 0), 1)])
def test_log_softmax_of_an_empty_tensor_is_empty_like_torch(shape, dim):
    x = ag.zeros(*shape, requires_grad=True)
    out = ag.log_softmax(x, dim)
    out.sum().backward()
    expected = torch.log_softmax(torch.zeros(*shape), dim)
    assert out.shape == tuple(expected.shape) and x.grad.shape == shape


@pytest.mark.parametrize("values", [[1, 2], [True, False]])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_of_integer_or_bool_tensors_is_not_implemented_like_torch(op, values):
    _raises_like_torch(
        lambda: getattr(ag, op)(ag.tensor(values), 0),
        lambda: getattr(torch, op)(torch.tensor(values), 0),
    )


# -- % and // ---------------------------------------------------------------------------------


def test_remainder_values_gradients_and_names_match_torch():
    a_np, b_np = np.array([5.5, -3.0, 7.25, -0.5]), np.array([2.0, 2.0, -3.0, 0.75])
    for b_of in (lambda m: m.tensor(b_np, requires_grad=True), lambda m: 2.5):
        a, ta = ag.tensor(a_np, requires_grad=True), torch.tensor(a_np, requires_grad=True)
        b, tb = b_of(ag), b_of(torch)
        out, expected = a % b, ta % tb
        assert_close(out, expected)
        assert out.grad_fn.name() == expected.grad_fn.name()
        out.sum().backward()
        expected.sum().backward()
        assert_close(a.grad, ta.grad)
        if isinstance(b, ag.Tensor):
            assert_close(b.grad, tb.grad)
    assert_close(7.5 % ag.tensor(b_np), 7.5 % torch.tensor(b_np))
    assert ag.gradcheck(
        lambda x, y: x % y,
        [ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)],
    )


def test_floor_divide_values_and_its_backward_refuses_like_torch():
    for a, b in (([5, -3, 7], [2, 2, -4]), ([5.5, -3.0], [2.0, 2.0])):
        ours, theirs = ag.tensor(a) // ag.tensor(b), torch.tensor(a) // torch.tensor(b)
        assert ours.tolist() == theirs.tolist()
        assert (ag.tensor(a) // 3).tolist() == (torch.tensor(a) // 3).tolist()
        assert (11 // ag.tensor(b)).tolist() == (11 // torch.tensor(b)).tolist()
    x = ag.tensor([5.5, -3.0], requires_grad=True)
    tx = torch.tensor([5.5, -3.0], requires_grad=True)
    _raises_like_torch(lambda: (x // 2).sum().backward(), lambda: (tx // 2).sum().backward())


@pytest.mark.parametrize("op", ["__mod__", "__floordiv__"])
def test_integer_division_by_zero_raises_like_torch(op):
    _raises_like_torch(
        lambda: getattr(ag.tensor([5, -3]), op)(0), lambda: getattr(torch.tensor([5, -3]), op)(0)
    )


# -- masked backward passes select, so inf/NaN upstream gradients give exactly 0 -----------------

_INF_NAN_UPSTREAM = [np.inf, np.nan, -np.inf, 2.0, np.nan]
_X = [4.0, -1.0, 0.0, 3.0, -2.0]
_MASK = [False, True, False, False, True]

# Each op keeps some places of x and masks the others; the upstream gradient is inf/NaN
# at masked places and elsewhere, so a product would leak NaN where torch gives 0.
_MASKED_OPS = {
    "relu": lambda lib, x: x.relu(),
    "clamp_min": lambda lib, x: x.clamp(min=0.5),
    "clip_both": lambda lib, x: x.clip(-1.5, 3.5),
    "where": lambda lib, x: lib.where(x > 0, x, 0.0),
    "where_other": lambda lib, x: lib.where(x > 0, 1.0, x),
    "where_broadcast_cond": lambda lib, x: lib.where(
        lib.tensor(_MASK), x.reshape(1, 5), 0.0
    ).expand(2, 5),
    "maximum": lambda lib, x: lib.maximum(x, lib.tensor(0.0, dtype=x.dtype)),
    "minimum": lambda lib, x: lib.minimum(lib.tensor([[0.0]], dtype=x.dtype), x),
    "maximum_ties": lambda lib, x: lib.maximum(
        x, lib.tensor([4.0, 0.0, 0.0, 1.0, 5.0], dtype=x.dtype)
    ),
    "masked_fill": lambda lib, x: x.masked_fill(lib.tensor(_MASK), 0.0),
}


def _upstream(lib, shape, dtype):
    g = np.broadcast_to(np.array(_INF_NAN_UPSTREAM), shape).astype(dtype)
    return lib.tensor(g)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(_MASKED_OPS))
def test_masked_backward_gives_zero_for_inf_nan_upstream_like_torch(name, dtype):
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(np.array(_X, dtype=dtype), requires_grad=True)
        y = _MASKED_OPS[name](lib, x)
        y.backward(_upstream(lib, tuple(y.shape), dtype))
        grads.append(x.grad)
    assert grads[0].dtype == np.dtype(dtype)
    np.testing.assert_array_equal(grads[0]._data, grads[1].numpy())


@pytest.mark.parametrize("name", ["max", "min"])
def test_whole_max_min_backward_selects_like_torch(name):
    data = np.array([[1.0, 5.0], [5.0, -3.0]])  # a tie at the max; -3 is the unique min
    for upstream in (np.inf, np.nan, 3.0):
        grads = []
        for lib in (ag, torch):
            x = lib.tensor(data, requires_grad=True)
            getattr(x, name)().backward(lib.tensor(upstream, dtype=x.dtype))
            grads.append(x.grad)
        np.testing.assert_array_equal(grads[0]._data, grads[1].numpy())


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # sqrt'(0) = inf
def test_safe_sqrt_patterns_have_zero_gradient_at_masked_places_like_torch():
    for lib in (ag, torch):
        x = lib.tensor([4.0, -1.0], requires_grad=True)
        for y in (x.clamp(min=0), x.relu(), lib.where(x > 0, x, 0.0)):
            (g,) = (
                lib.autograd.grad(y.sqrt().sum(), x) if lib is torch else ag.grad(y.sqrt().sum(), x)
            )
            assert g.tolist() == [0.25, 0.0]


@pytest.mark.parametrize("name", sorted(_MASKED_OPS))
def test_masked_ops_second_derivatives_like_torch(name):
    """The selecting backward stays differentiable under create_graph=True."""
    data = np.array([1.5, -1.0, 0.25, 3.0, -2.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        y = _MASKED_OPS[name](lib, x)
        grad = ag.grad if lib is ag else torch.autograd.grad
        (g,) = grad((y * y * y).sum(), x, create_graph=True)
        (gg,) = grad((g * g).sum(), x)
        results.append((g, gg))
    assert_close(results[0][0], results[1][0])
    assert_close(results[0][1], results[1][1])


def test_whole_max_second_derivative_like_torch():
    data = np.array([[1.0, 5.0], [5.0, -3.0]])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        grad = ag.grad if lib is ag else torch.autograd.grad
        (g,) = grad(x.max() ** 3, x, create_graph=True)
        (gg,) = grad((g * x).sum(), x)
        results.append((g, gg))
    assert_close(results[0][0], results[1][0])
    assert_close(results[0][1], results[1][1])


# -- maximum/minimum keep the input's dtype in their gradients -----------------------------------


@pytest.mark.parametrize("fn", ["maximum", "minimum"])
def test_maximum_minimum_gradients_keep_float32_like_torch(fn):
    for lib in (ag, torch):
        grad = ag.grad if lib is ag else torch.autograd.grad
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        (g,) = grad(getattr(lib, fn)(x, x * x).sum(), x, create_graph=True)
        z = x * 2
        z.retain_grad()
        seen = []
        z.register_hook(lambda grad_z: seen.append(grad_z.dtype))
        getattr(lib, fn)(z, lib.tensor(2.0)).sum().backward()
        assert str(g.dtype).endswith("float32"), lib.__name__
        assert str(z.grad.dtype).endswith("float32"), lib.__name__
        assert str(seen[0]).endswith("float32"), lib.__name__


# -- gradients at NaN inputs --------------------------------------------------------------------


@pytest.mark.parametrize("op", ["relu", "abs"])
def test_gradient_at_nan_input_like_torch(op):
    data = np.array([np.nan, 1.0, -2.0, 0.0], dtype=np.float32)
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        getattr(x, op)().sum().backward()
        grads.append(x.grad)
    np.testing.assert_array_equal(grads[0]._data, grads[1].numpy())


def test_abs_second_derivative_at_nan_like_torch():
    data = np.array([np.nan, 1.0, -2.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        grad = ag.grad if lib is ag else torch.autograd.grad
        (g,) = grad((x.abs() * x).sum(), x, create_graph=True)
        (gg,) = grad(g[1:].sum(), x)
        results.append((g, gg))
    np.testing.assert_array_equal(results[0][0]._data, results[1][0].detach().numpy())
    np.testing.assert_array_equal(results[0][1]._data, results[1][1].numpy())


# -- softmax over an empty dim --------------------------------------------------------------------


@pytest.mark.parametrize(("shape", "dim"), [((0, 3), 0), ((0, 3), 1), ((2, 0), 1), ((0,), 0)])
@pytest.mark.parametrize("op", ["softmax", "log_softmax", "softmin"])
def test_softmax_family_of_an_empty_tensor_is_empty_like_torch(op, shape, dim):
    def run(lib, x):
        if op == "softmin":
            return lib.softmax(-x, dim)  # what softmin computes
        return getattr(lib, op)(x, dim)

    x = ag.zeros(*shape, requires_grad=True)
    out = run(ag, x)
    out.sum().backward()
    xt = torch.zeros(*shape, requires_grad=True)
    expected = run(torch, xt)
    expected.sum().backward()
    assert out.shape == tuple(expected.shape) and out.dtype == np.float32
    assert x.grad.shape == tuple(xt.grad.shape)


# -- indexing: an empty list, and 0-d results that are views ----------------------------------


def test_empty_list_index_is_an_empty_int64_index_like_torch():
    data = np.arange(24.0).reshape(2, 3, 4)
    x, xt = ag.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    out, expected = x[[]], xt[[]]
    assert out.shape == tuple(expected.shape) == (0, 3, 4)
    (out.sum() + x.sum()).backward()
    (expected.sum() + xt.sum()).backward()
    assert_close(x.grad, xt.grad)
    y, yt = ag.tensor(data), torch.tensor(data)
    y[[]] = 5.0
    yt[[]] = 5.0
    assert_close(y, yt)


@pytest.mark.parametrize(
    ("shape", "index"),
    [
        ((3,), 0),
        ((3,), -1),
        ((3,), (..., 1)),
        ((2, 3), (1, 2)),
        ((2, 3), (0, -1)),
        ((2, 3), (np.int64(1), 0)),
    ],
)
def test_integer_index_to_0d_is_a_view_like_torch(shape, index):
    results = []
    for lib in (ag, torch):
        x = lib.tensor(np.arange(6.0)[: int(np.prod(shape))].reshape(shape))
        y = x[index]
        y += 10
        results.append((x, y))
    assert results[0][1].shape == ()
    assert_close(results[0][0], results[1][0])


def test_integer_index_to_0d_keeps_its_gradient():
    x = ag.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (x[1, 0] * 3 + x[0][1]).backward()
    assert x.grad.tolist() == [[0.0, 1.0], [3.0, 0.0]]
