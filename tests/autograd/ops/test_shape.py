"""Shape ops against torch in float64: reshape view permute transpose expand squeeze unsqueeze
flatten repeat tile cat stack split chunk unbind flip roll movedim narrow
repeat_interleave.

Values and gradients, views sharing memory, function and method forms, dtypes, and the
errors naming the shapes involved.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_close,
    check_higher_order,
    check_op,
    make_inputs,
    raises_like_torch,
    requires_torch,
    torch,
)


@requires_torch
def test_repeat_interleave_output_size_is_checked():
    x = ag.tensor([[1, 2], [3, 4]])
    assert x.repeat_interleave(2, dim=0, output_size=4).shape == (4, 2)
    assert (
        ag.repeat_interleave(x, ag.tensor([1, 2]), 1, output_size=3).tolist()
        == torch.repeat_interleave(
            torch.tensor([[1, 2], [3, 4]]), torch.tensor([1, 2]), 1, output_size=3
        ).tolist()
    )
    with pytest.raises(RuntimeError, match=r"output_size=5 does not match the size 4"):
        x.repeat_interleave(2, dim=0, output_size=5)


@requires_torch
def test_expand_minus_one_in_a_new_leading_dim_raises_runtime_error():
    raises_like_torch(
        lambda: ag.ones(3, 1).expand(-1, 3, 4), lambda: torch.ones(3, 1).expand(-1, 3, 4)
    )


@requires_torch
def test_cat_errors_and_legacy_empty_tensors():
    raises_like_torch(lambda: ag.cat([]), lambda: torch.cat([]))
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


@requires_torch
@pytest.mark.parametrize(
    "shape, new",
    [
        ((2, 3), (3, 2)),
        ((2, 3), (-1,)),
        ((6,), (2, -1)),
        ((), (1, 1)),
        ((1,), ()),
        ((0, 3), (3, 0)),
        ((2, 3, 4), (4, 6)),
    ],
    ids=str,
)
def test_reshape_and_view(shape, new):
    check_op(lambda x: x.reshape(*new), lambda x: x.reshape(new), shapes=[shape])
    check_op(lambda x: x.reshape(new), lambda x: x.reshape(new), shapes=[shape])
    check_op(lambda x: x.view(*new), lambda x: x.reshape(new), shapes=[shape])
    check_op(lambda x: ag.reshape(x, new), lambda x: torch.reshape(x, new), shapes=[shape])


@requires_torch
@pytest.mark.parametrize(
    "shape, d0, d1",
    [((2, 3), 0, 1), ((2, 3, 4), 0, 2), ((2, 3, 4), -1, 1), ((3,), 0, 0), ((2, 3), 1, 1)],
    ids=str,
)
def test_transpose(shape, d0, d1):
    check_op(lambda x: x.transpose(d0, d1), lambda x: x.transpose(d0, d1), shapes=[shape])
    check_op(lambda x: ag.swapaxes(x, d0, d1), lambda x: torch.swapaxes(x, d0, d1), shapes=[shape])


@requires_torch
@pytest.mark.parametrize(
    "shape, dims",
    [((2, 3, 4), (2, 0, 1)), ((2, 3), (1, 0)), ((2, 3, 4), (-1, 0, 1)), ((), ()), ((0, 2), (1, 0))],
    ids=str,
)
def test_permute(shape, dims):
    check_op(lambda x: x.permute(*dims), lambda x: x.permute(dims), shapes=[shape])
    check_op(lambda x: x.permute(dims), lambda x: x.permute(dims), shapes=[shape])


@requires_torch
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4)], ids=str)
def test_T(shape):
    check_op(lambda x: x.T, lambda x: x.permute(tuple(reversed(range(x.ndim)))), shapes=[shape])


@requires_torch
@pytest.mark.parametrize(
    "shape, start, end",
    [
        ((2, 3, 4), 0, -1),
        ((2, 3, 4), 1, -1),
        ((2, 3, 4), 0, 1),
        ((), 0, -1),
        ((3,), 0, 0),
        ((2, 0, 3), 1, 2),
    ],
    ids=str,
)
def test_flatten(shape, start, end):
    check_op(lambda x: x.flatten(start, end), lambda x: x.flatten(start, end), shapes=[shape])
    check_op(
        lambda x: ag.flatten(x, start, end), lambda x: torch.flatten(x, start, end), shapes=[shape]
    )


@requires_torch
@pytest.mark.parametrize(
    "shape, dim",
    [
        ((1, 3, 1), None),
        ((1, 3, 1), 0),
        ((1, 3, 1), -1),
        ((1, 3, 1), 1),
        ((), None),
        ((1,), 0),
        ((2, 1, 0), 1),
    ],
    ids=str,
)
def test_squeeze(shape, dim):
    if dim is None:
        check_op(lambda x: x.squeeze(), lambda x: x.squeeze(), shapes=[shape])
    else:
        check_op(lambda x: x.squeeze(dim), lambda x: x.squeeze(dim), shapes=[shape])


@requires_torch
@pytest.mark.parametrize(
    "shape, dim", [((3,), 0), ((3,), 1), ((3,), -1), ((), 0), ((2, 3), -2)], ids=str
)
def test_unsqueeze(shape, dim):
    check_op(lambda x: x.unsqueeze(dim), lambda x: x.unsqueeze(dim), shapes=[shape])
    check_op(lambda x: ag.unsqueeze(x, dim), lambda x: torch.unsqueeze(x, dim), shapes=[shape])


@requires_torch
@pytest.mark.parametrize(
    "shape, target",
    [
        ((3, 1), (3, 4)),
        ((3,), (2, 3)),
        ((1,), (2, 2)),
        ((), (2, 3)),
        ((3, 1), (-1, 4)),
        ((1, 1), (2, 0)),
    ],
    ids=str,
)
def test_expand(shape, target):
    check_op(lambda x: x.expand(*target), lambda x: x.expand(*target), shapes=[shape])
    check_op(
        lambda x: ag.broadcast_to(x, target) if -1 not in target else x.expand(target),
        lambda x: x.expand(target),
        shapes=[shape],
    )


@requires_torch
def test_expand_as_view_as_reshape_as():
    a, b = make_inputs([(3, 1), (3, 4)])
    check_op(lambda x, y: x.expand_as(y) * y, lambda x, y: x.expand_as(y) * y, inputs=[a, b])
    check_op(
        lambda x, y: x.reshape(4, 3).view_as(y) + y.reshape_as(y),
        lambda x, y: x.reshape(4, 3).view_as(y) + y.reshape_as(y),
        inputs=make_inputs([(3, 4), (3, 4)]),
    )


@requires_torch
@pytest.mark.parametrize(
    "shape, sizes",
    [((2,), (3,)), ((2, 3), (2, 1)), ((2,), (2, 3)), ((), (3,)), ((2, 1), (1, 1, 2))],
    ids=str,
)
def test_repeat(shape, sizes):
    check_op(lambda x: x.repeat(*sizes), lambda x: x.repeat(*sizes), shapes=[shape])


@requires_torch
@pytest.mark.parametrize(
    "shapes, dim",
    [
        (((2, 3), (4, 3)), 0),
        (((2, 3), (2, 1), (2, 2)), 1),
        (((2, 3), (2, 3)), -1),
        (((3,), (0,)), 0),
        (((2, 0), (2, 3)), 1),
    ],
    ids=str,
)
def test_cat(shapes, dim):
    check_op(
        lambda *xs: ag.cat(list(xs), dim), lambda *xs: torch.cat(list(xs), dim), shapes=list(shapes)
    )
    check_op(
        lambda *xs: ag.concatenate(xs, dim=dim),
        lambda *xs: torch.cat(xs, dim=dim),
        shapes=list(shapes),
    )


@requires_torch
def test_cat_where_one_input_does_not_require_grad():
    a = ag.tensor(np.ones((2, 2)), requires_grad=True)
    out = ag.cat([a, ag.zeros(1, 2, dtype="float64")])
    out.sum().backward()
    np.testing.assert_array_equal(a.grad._data, np.ones((2, 2)))


@requires_torch
@pytest.mark.parametrize(
    "shape, n, dim",
    [((2, 3), 3, 0), ((2, 3), 2, 1), ((2, 3), 2, -1), ((), 3, 0), ((0,), 2, 1)],
    ids=str,
)
def test_stack(shape, n, dim):
    check_op(lambda *xs: ag.stack(xs, dim), lambda *xs: torch.stack(xs, dim), shapes=[shape] * n)


@requires_torch
def test_cat_stack_errors_name_the_shapes():
    with pytest.raises(
        RuntimeError,
        match=r"tensor 0 has shape \(2, 3\) and tensor 1 has shape "
        r"\(2, 4\)",
    ):
        ag.cat([ag.zeros(2, 3), ag.zeros(2, 4)])
    with pytest.raises(RuntimeError, match=r"\(2, 3\) at entry 0 and \(3, 2\) at entry 1"):
        ag.stack([ag.zeros(2, 3), ag.zeros(3, 2)])
    with pytest.raises(ValueError, match="non-empty list"):  # torch.cat([]) raises ValueError
        ag.cat([])


@requires_torch
def test_shape_errors():
    with pytest.raises(
        RuntimeError,
        match=r"shape \(4, 2\) is invalid for input of shape "
        r"\(2, 3\)",
    ):
        ag.zeros(2, 3).reshape(4, 2)
    with pytest.raises(RuntimeError, match=r"permute: dims \(0, 0\)"):
        ag.zeros(2, 3).permute(0, 0)
    with pytest.raises(
        RuntimeError,
        match=r"expanded size of the tensor \(4\) must match the "
        r"existing size \(3\)",
    ):
        ag.zeros(3).expand(2, 4)
    with pytest.raises(IndexError, match=r"dim 3 is out of range"):
        ag.zeros(2, 3).unsqueeze(3)
    with pytest.raises(RuntimeError, match="number of repeat dims"):
        ag.zeros(2, 3).repeat(2)


@requires_torch
def test_reshape_shares_memory_like_a_view():
    x = ag.zeros(2, 3)
    v = x.view(6)
    x._data[0, 0] = 5.0
    assert v._data[0] == 5.0


@requires_torch
@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda x: ag.transpose(x, 0, 2), lambda x: torch.transpose(x, 0, 2)),
        (lambda x: ag.permute(x, (1, 2, 0)), lambda x: torch.permute(x, (1, 2, 0))),
        (lambda x: ag.squeeze(x[:1], 0), lambda x: torch.squeeze(x[:1], 0)),
        (lambda x: ag.expand(x[:, :1], 5, 2, 3, 4), lambda x: x[:, :1].expand(5, 2, 3, 4)),
        (lambda x: ag.repeat(x, 1, 2, 1), lambda x: x.repeat(1, 2, 1)),
        (lambda x: ag.view(x, 6, 4), lambda x: x.view(6, 4)),
        (lambda x: ag.getitem(x, (0, slice(1, 3))), lambda x: x[0, 1:3]),
        (lambda x: x.swapaxes(0, 1), lambda x: x.swapaxes(0, 1)),
        (lambda x: ag.flatten(x), lambda x: torch.flatten(x)),
    ],
    ids=[
        "transpose",
        "permute",
        "squeeze",
        "expand",
        "repeat",
        "view",
        "getitem",
        "swapaxes",
        "flatten",
    ],
)
def test_function_forms(ours, theirs):
    check_op(ours, theirs, shapes=[(2, 3, 4)])


@requires_torch
@requires_torch
@pytest.mark.parametrize(
    "op",
    [
        lambda t: t.view(2, 3),
        lambda t: t.reshape(2, 3),
        lambda t: t.squeeze(),
        lambda t: t.expand(2, 3),
        lambda t: t.transpose(1, 1),
        lambda t: t.permute(0, 1),
    ],
)
def test_a_shape_op_that_keeps_the_shape_still_makes_a_new_non_leaf(op):
    x = ag.ones(2, 3, requires_grad=True)
    tx = torch.ones(2, 3, requires_grad=True)
    y, ty = op(x), op(tx)
    assert y is not x and ty is not tx
    assert (y.is_leaf, y.grad_fn is None) == (ty.is_leaf, ty.grad_fn is None) == (False, False)
    with pytest.raises(RuntimeError):
        ty.requires_grad_(False)
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad_(False)
    assert x.requires_grad
    (y * 2).sum().backward()
    (ty * 2).sum().backward()
    np.testing.assert_array_equal(x.grad._data, tx.grad.numpy())


@requires_torch
@requires_torch
def test_flatten_of_a_single_dim_returns_the_input_itself_as_in_torch():
    x, tx = ag.ones(2, 3, requires_grad=True), torch.ones(2, 3, requires_grad=True)
    assert x.flatten(1) is x and tx.flatten(1) is tx


def _cat_flat(outs):
    """Several outputs as one differentiable tensor (for check_op)."""
    return (
        ag.cat([o.reshape(-1) for o in outs])
        if isinstance(outs[0], ag.Tensor)
        else torch.cat([o.reshape(-1) for o in outs])
    )


@requires_torch
@pytest.mark.parametrize(
    "shape, size, dim",
    [
        ((5,), 2, 0),
        ((5, 3), 2, 0),
        ((2, 7), 3, -1),
        ((4, 6), 6, 1),
        ((4, 6), 10, 1),
        ((3, 4), [1, 3], 1),
        ((5,), [0, 5, 0], 0),
        ((0, 2), 2, 0),
        ((6, 2), [2, 2, 2], -2),
    ],
    ids=str,
)
def test_split(shape, size, dim):
    x = ag.tensor(make_inputs([shape])[0])
    ours, theirs = x.split(size, dim), torch.tensor(x._data).split(size, dim)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_close(a, b)
    assert len(ag.split(x, size, dim)) == len(theirs)
    check_op(
        lambda t: _cat_flat(t.split(size, dim)),
        lambda t: _cat_flat(t.split(size, dim)),
        shapes=[shape],
    )


@requires_torch
@pytest.mark.parametrize(
    "shape, chunks, dim",
    [
        ((5,), 2, 0),
        ((6,), 4, 0),
        ((7, 3), 3, 0),
        ((2, 5), 5, 1),
        ((2, 5), 9, -1),
        ((0,), 3, 0),
        ((4, 1), 1, 1),
    ],
    ids=str,
)
def test_chunk(shape, chunks, dim):
    x = ag.tensor(make_inputs([shape])[0])
    ours, theirs = x.chunk(chunks, dim), torch.tensor(x._data).chunk(chunks, dim)
    assert [o.shape for o in ours] == [tuple(t.shape) for t in theirs]
    for a, b in zip(ours, theirs):
        assert_close(a, b)
    check_op(
        lambda t: _cat_flat(ag.chunk(t, chunks, dim)),
        lambda t: _cat_flat(torch.chunk(t, chunks, dim)),
        shapes=[shape],
    )


@requires_torch
def test_chunk_five_into_two():
    assert [len(c) for c in ag.arange(5).chunk(2)] == [3, 2]


@requires_torch
@pytest.mark.parametrize(
    "shape, dim", [((3,), 0), ((2, 3), 1), ((2, 3, 4), -1), ((2, 3), -2)], ids=str
)
def test_unbind(shape, dim):
    x = ag.tensor(make_inputs([shape])[0])
    ours, theirs = x.unbind(dim), torch.tensor(x._data).unbind(dim)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_close(a, b)
    check_op(
        lambda t: ag.stack([o * (i + 1) for i, o in enumerate(ag.unbind(t, dim))]),
        lambda t: torch.stack([o * (i + 1) for i, o in enumerate(t.unbind(dim))]),
        shapes=[shape],
    )


@requires_torch
def test_split_family_node_names_and_dtype():
    x = ag.ones(5, requires_grad=True)
    assert x.split(2)[0].grad_fn.name() == "SplitBackward0"
    assert x.split([2, 3])[1].grad_fn.name() == "SplitWithSizesBackward0"
    assert x.chunk(2)[0].grad_fn.name() == "SplitBackward0"
    assert x.unbind()[0].grad_fn.name() == "UnbindBackward0"
    assert ag.arange(5).split(2)[0].dtype == np.int64


@requires_torch
@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda x: x.split(0), RuntimeError, r"split_size.*0.*size 5"),
        (lambda x: x.split(-1), RuntimeError, r"split_size=-1"),
        (lambda x: x.split([2, 2]), RuntimeError, r"sum exactly to 5.*\[2, 2\]"),
        (lambda x: x.split([2, -1, 4]), RuntimeError, r"non-negative.*\[2, -1, 4\]"),
        (lambda x: x.split(2, dim=3), IndexError, r"dim 3 is out of range"),
        (lambda x: x.chunk(0), RuntimeError, r"greater than 0, got: 0"),
        (lambda x: ag.tensor(1.0).unbind(), IndexError, r"no dimensions"),
        (lambda x: ag.tensor(1.0).split(1), RuntimeError, r"at least a 1-dimensional"),
        (lambda x: ag.tensor(1.0).chunk(1), RuntimeError, r"at least a 1-dimensional"),
    ],
)
def test_split_family_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call(ag.arange(5.0))


@requires_torch
def test_split_empty_dim_with_size_zero():
    assert [t.shape for t in ag.zeros(0).split(0)] == [(0,)]


@requires_torch
def test_split_second_derivative():
    check_higher_order(
        lambda x: _cat_flat(x.split(2, 1)) ** 2,
        lambda x: _cat_flat(x.split(2, 1)) ** 2,
        shapes=[(2, 3)],
        order=2,
    )


DIFFERENTIABLE = {  # name: (input shape, the same function of ours and of torch)
    "flip0": ((3, 4), lambda t: t.flip(0)),
    "flip_neg_multi": ((2, 3, 4), lambda t: t.flip((-1, 0))),
    "flip_empty_dims": ((2, 3), lambda t: t.flip([])),
    "roll_flat": ((3, 4), lambda t: t.roll(5)),
    "roll_dims": ((3, 4), lambda t: t.roll((1, -2), (0, -1))),
    "roll_0d": ((), lambda t: t.roll(1)),
    "repeat_interleave_flat": ((2, 3), lambda t: t.repeat_interleave(2)),
    "repeat_interleave_dim": ((2, 3), lambda t: t.repeat_interleave(3, dim=-1)),
    "repeat_interleave_zero": ((2, 3), lambda t: t.repeat_interleave(0, dim=0)),
    "tile_short": ((2, 3), lambda t: t.tile((2,))),
    "tile_long": ((2, 3), lambda t: t.tile((2, 1, 2))),
    "narrow": ((4, 3), lambda t: t.narrow(0, 1, 2)),
    "narrow_neg_start": ((4, 3), lambda t: t.narrow(-1, -2, 2)),
    "movedim": ((2, 3, 4), lambda t: t.movedim(0, -1)),
    "movedim_multi": ((2, 3, 4, 5), lambda t: t.movedim((0, -1), (2, 0))),
}


@requires_torch
@pytest.mark.parametrize("name", list(DIFFERENTIABLE))
def test_differentiable_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_op(fn, fn, [shape])


@requires_torch
@pytest.mark.parametrize("name", ["flip_neg_multi", "roll_dims", "repeat_interleave_dim"])
def test_higher_order_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_higher_order(fn, fn, [shape], order=2)


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "float32"])
@pytest.mark.parametrize(
    "fn",
    [
        lambda t: t.flip(0),
        lambda t: t.roll(1, 0),
        lambda t: t.tile((2, 1)),
        lambda t: t.narrow(1, 1, 2),
        lambda t: t.movedim(1, 0),
        lambda t: t.repeat_interleave(2, dim=1),
    ],
)
def test_values_and_dtypes_match_torch(fn, dtype):
    data = (np.arange(9).reshape(3, 3) % 4 - 1).astype(dtype)
    ours, theirs = fn(ag.tensor(data)), fn(torch.tensor(data))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert_close(ours, theirs)


def test_repeat_interleave_with_tensor_repeats():
    x = ag.tensor([[1.0, 2.0]], requires_grad=True)
    out = x.repeat_interleave(ag.tensor([1, 3]), dim=1)
    assert out.tolist() == [[1.0, 2.0, 2.0, 2.0]]
    out.sum().backward()
    assert x.grad.tolist() == [[1.0, 3.0]]


@pytest.mark.parametrize(
    "fn, exc, pattern",
    [
        (lambda x: x.flip(0, -2), RuntimeError, r"flip.*\(0, -2\)"),
        (lambda x: x.flip(), TypeError, "dims"),
        (lambda x: x.roll((1, 2), 0), RuntimeError, "shifts and dimensions must align"),
        (lambda x: x.roll(1, 5), IndexError, "dim 5 is out of range"),
        (lambda x: x.repeat_interleave(-1), RuntimeError, "non-negative, got -1"),
        (lambda x: x.repeat_interleave(ag.tensor([1, 2]), dim=1), RuntimeError, "same size"),
        (lambda x: x.tile((-1,)), RuntimeError, "non-negative"),
        (lambda x: x.narrow(0, 2, 1), RuntimeError, r"start \(2\) \+ length \(1\) exceeds"),
        (lambda x: x.narrow(0, 3, 0), IndexError, r"start out of range.*\[-2, 2\]"),
        (lambda x: x.narrow(0, 0, -1), RuntimeError, "non-negative"),
        (lambda x: ag.tensor(1.0).narrow(0, 0, 1), RuntimeError, "0-dim"),
        (lambda x: x.movedim((0, 1), (1,)), RuntimeError, "same number of dims"),
        (lambda x: x.movedim((0, 0), (0, 1)), RuntimeError, "more than once"),
    ],
)
def test_errors_name_the_values(fn, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(ag.arange(6.0).reshape(2, 3))
