"""Linear algebra against torch: matmul mm bmm dot outer mv addmm baddbmm einsum, and tril
triu diag trace.

Values, gradients (with gradcheck) and higher derivatives, node names, dtypes, and the
errors that name both shapes.
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
    requires_torch,
    torch,
)

PRODUCTS = [
    ("mm", [(3, 4), (4, 2)]),
    ("bmm", [(2, 3, 4), (2, 4, 5)]),
    ("mv", [(3, 4), (4,)]),
    ("dot", [(5,), (5,)]),
    ("outer", [(3,), (4,)]),
    ("matmul", [(2, 3, 4), (4,)]),
]


@requires_torch
@pytest.mark.parametrize("name, shapes", PRODUCTS, ids=[p[0] for p in PRODUCTS])
def test_matrix_product_methods_and_functions_match_torch(name, shapes):
    check_op(lambda a, b: getattr(a, name)(b), lambda a, b: getattr(a, name)(b), shapes=shapes)
    check_op(getattr(ag, name), getattr(torch, name), shapes=shapes)


@requires_torch
def test_mv_of_an_empty_matrix_and_its_node_name():
    check_op(ag.mv, torch.mv, shapes=[(0, 3), (3,)])
    out = ag.ones(2, 3, requires_grad=True).mv(ag.ones(3))
    assert out.grad_fn.name() == "MvBackward0"


@requires_torch
@pytest.mark.parametrize(
    "shapes",
    [
        [(3, 2), (3, 4), (4, 2)],
        [(2,), (3, 4), (4, 2)],
        [(1, 2), (3, 4), (4, 2)],
        [(), (3, 4), (4, 2)],
    ],
    ids=str,
)
@pytest.mark.parametrize("beta, alpha", [(1, 1), (0.5, 2.0), (-1, 0.25)])
def test_addmm_matches_torch(shapes, beta, alpha):
    check_op(
        lambda i, a, b: ag.addmm(i, a, b, beta=beta, alpha=alpha),
        lambda i, a, b: torch.addmm(i, a, b, beta=beta, alpha=alpha),
        shapes=shapes,
    )
    check_op(
        lambda i, a, b: i.addmm(a, b, beta=beta, alpha=alpha),
        lambda i, a, b: i.addmm(a, b, beta=beta, alpha=alpha),
        shapes=shapes,
    )


@requires_torch
def test_addmm_with_beta_zero_ignores_the_input_as_torch():
    nan = np.full((3, 2), np.nan)
    a, b = make_inputs([(3, 4), (4, 2)])
    ours = ag.addmm(ag.tensor(nan), ag.tensor(a), ag.tensor(b), beta=0)
    theirs = torch.addmm(torch.tensor(nan), torch.tensor(a), torch.tensor(b), beta=0)
    assert_close(ours, theirs, 1e-12, 1e-12, "forward")
    assert not np.isnan(ours._data).any()


@requires_torch
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ag.mv(ag.zeros(2, 3), ag.zeros(4)), r"mv: size mismatch.*\(2x3\), vec \(4\)"),
        (lambda: ag.mv(ag.zeros(3), ag.zeros(3)), r"got 1-D and 1-D \(shapes \(3,\) and \(3,\)\)"),
        (lambda: ag.mv(ag.zeros(2, 3), ag.zeros(3, dtype="float64")), "expected the same dtype"),
        (
            lambda: ag.addmm(ag.zeros(3), ag.zeros(2, 3), ag.zeros(3, 2)),
            r"addmm: input of shape \(3,\) cannot be broadcast to the product's shape \(2, 2\)",
        ),
        (lambda: ag.zeros(2, 3).mm(ag.zeros(2, 3)), r"cannot be multiplied \(2x3 and 2x3\)"),
    ],
    ids=["mv-size", "mv-rank", "mv-dtype", "addmm-shape", "mm-method"],
)
def test_matrix_product_errors_name_the_shapes(call, match):
    with pytest.raises(RuntimeError, match=match):
        call()


EQUATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iji->j", [(2, 3, 2)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("i,j->ij", [(2,), (3,)]),
    ("i,i", [(3,)] * 2),
    ("ab->ba", [(2, 3)]),
    ("ij,jk", [(2, 3), (3, 2)]),
    ("ba,cb", [(2, 3), (4, 2)]),
    ("...ij,...jk", [(2, 1, 2, 3), (4, 3, 5)]),
    ("i...->...", [(2, 3, 4)]),
    ("ij,ij->i", [(1, 3), (4, 3)]),
    ("ijk,ikl,ilm->ijm", [(2, 2, 3), (2, 3, 2), (2, 2, 2)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]),
]


@requires_torch
@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS)
def test_einsum_matches_torch(equation, shapes):
    check_op(lambda *xs: ag.einsum(equation, *xs), lambda *xs: torch.einsum(equation, *xs), shapes)


@requires_torch
@pytest.mark.parametrize(("equation", "shapes"), [EQUATIONS[0], EQUATIONS[3], EQUATIONS[6]])
def test_einsum_higher_order_matches_torch(equation, shapes):
    check_higher_order(
        lambda *xs: ag.einsum(equation, *xs), lambda *xs: torch.einsum(equation, *xs), shapes
    )


@requires_torch
def test_einsum_takes_a_list_of_operands_and_names_the_node():
    a, b = ag.ones(2, 3, requires_grad=True), ag.ones(3, 4)
    out = ag.einsum("ij,jk->ik", [a, b])
    assert out.shape == (2, 4) and out.grad_fn.name() == "EinsumBackward0"


@requires_torch
@pytest.mark.parametrize(
    ("equation", "shapes", "error", "message"),
    [
        ("ij,jk->ik", [(2, 3)], ValueError, "fewer operands were provided"),
        ("ij->ij", [(2, 3), (3,)], ValueError, "more operands were provided"),
        (
            "ijk->i",
            [(2, 3)],
            RuntimeError,
            r"number of subscripts in the equation \(3\) does not "
            r"match the number of dimensions \(2\) for operand 0 and no ellipsis",
        ),
        ("ij,jk->ik", [(2, 3), (4, 5)], RuntimeError, "subscript j has size 3 and 4"),
        ("ij->k", [(2, 3)], ValueError, "output subscript k does not appear"),
        ("ij->ii", [(2, 3)], ValueError, "output subscript i appears more than once"),
        ("i1->i", [(2, 3)], ValueError, "invalid subscript in term 'i1'"),
    ],
)
def test_einsum_errors(equation, shapes, error, message):
    with pytest.raises(error, match=message):
        ag.einsum(equation, *(ag.zeros(*s) for s in shapes))


@requires_torch
@pytest.mark.parametrize("input_shape", [(2, 3, 4), (1, 3, 4), (4,), (3, 1)])
@pytest.mark.parametrize(("beta", "alpha"), [(1.0, 1.0), (0.5, -2.0), (0.0, 1.5)])
def test_baddbmm_matches_torch(input_shape, beta, alpha):
    check_op(
        lambda x, a, b: ag.baddbmm(x, a, b, beta=beta, alpha=alpha),
        lambda x, a, b: torch.baddbmm(x, a, b, beta=beta, alpha=alpha),
        [input_shape, (2, 3, 5), (2, 5, 4)],
    )


@requires_torch
def test_baddbmm_with_beta_zero_ignores_nan_input_as_torch():
    x = ag.full((2, 1, 1), float("nan"))
    out = ag.baddbmm(x, ag.ones(2, 1, 2), ag.ones(2, 2, 1), beta=0.0)
    expected = torch.baddbmm(
        torch.full((2, 1, 1), float("nan")), torch.ones(2, 1, 2), torch.ones(2, 2, 1), beta=0.0
    )
    np.testing.assert_array_equal(out.numpy(), expected.numpy())


@requires_torch
def test_baddbmm_errors():
    with pytest.raises(RuntimeError, match=r"input of shape \(3, 3\) does not broadcast"):
        ag.baddbmm(ag.zeros(3, 3), ag.zeros(2, 2, 5), ag.zeros(2, 5, 4))
    with pytest.raises(RuntimeError, match=r"must broadcast to the product's shape \(2, 2, 4\)"):
        ag.baddbmm(ag.zeros(5, 2, 2, 4), ag.zeros(2, 2, 5), ag.zeros(2, 5, 4))
    with pytest.raises(RuntimeError, match="bmm"):
        ag.baddbmm(ag.zeros(2, 2, 4), ag.zeros(2, 2, 5), ag.zeros(2, 6, 4))


def test_matmul_names_both_shapes():
    with pytest.raises(
        RuntimeError,
        match=r"matmul: shapes \(3, 4\) and \(5, 6\) cannot be "
        r"multiplied \(4 != 5",
    ):
        ag.randn(3, 4) @ ag.randn(5, 6)
    with pytest.raises(RuntimeError, match=r"\(3,\) and \(4,\)"):
        ag.matmul(ag.randn(3), ag.randn(4))


MATMUL_SHAPES = [
    ((3,), (3,)),  # dot product -> 0-d
    ((3,), (3, 4)),  # vector @ matrix
    ((2, 3), (3,)),  # matrix @ vector
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)),  # batch @ matrix
    ((2, 3), (5, 3, 4)),  # matrix @ batch
    ((5, 2, 3), (5, 3, 4)),
    ((2, 1, 2, 3), (5, 3, 4)),  # broadcast batch dims
    ((3,), (5, 3, 4)),  # vector @ batch
    ((5, 2, 3), (3,)),  # batch @ vector
    ((1, 3), (3, 1)),
    ((0, 3), (3, 4)),
    ((2, 0), (0, 4)),  # empty inner dim -> zeros
]


@requires_torch
@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul(shapes):
    check_op(lambda a, b: a @ b, lambda a, b: a @ b, shapes=list(shapes))
    check_op(ag.matmul, torch.matmul, shapes=list(shapes))
    check_op(lambda a, b: a.matmul(b), lambda a, b: a.matmul(b), shapes=list(shapes))


@requires_torch
def test_matmul_with_numpy_operand_on_either_side():
    w = make_inputs([(3, 4)])[0]
    check_op(lambda a: w.T @ a, lambda a: torch.tensor(w).T @ a, shapes=[(3, 2)])
    check_op(lambda a: a @ w, lambda a: a @ torch.tensor(w), shapes=[(2, 3)])


@requires_torch
def test_matmul_shape_error_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\(3, 4\) and \(5, 6\) cannot be multiplied"):
        ag.zeros(3, 4) @ ag.zeros(5, 6)
    with pytest.raises(RuntimeError, match=r"\(2, 3, 4\) and \(5, 4, 2\).*cannot be broadcast"):
        ag.zeros(2, 3, 4) @ ag.zeros(5, 4, 2)
    with pytest.raises(RuntimeError, match=r"at least 1-D.*\(\) and \(3,\)"):
        ag.matmul(ag.tensor(1.0), ag.zeros(3))


@requires_torch
@requires_torch
@pytest.mark.parametrize("op", ["matmul", "linear", "linear with bias"])
def test_mixed_dtype_products_raise_as_in_torch(op):
    # float64 data into float32 weights: torch refuses rather than compute in float64
    x64, w32, b32 = np.ones((2, 3)), np.ones((4, 3), np.float32), np.zeros(4, np.float32)
    ours = {
        "matmul": lambda: ag.tensor(x64) @ ag.tensor(w32.T),
        "linear": lambda: ag.linear(ag.tensor(x64), ag.tensor(w32)),
        "linear with bias": lambda: ag.linear(
            ag.tensor(w32[:2]), ag.tensor(w32), ag.tensor(b32.astype(np.float64))
        ),
    }[op]
    theirs = {
        "matmul": lambda: torch.tensor(x64) @ torch.tensor(w32.T),
        "linear": lambda: torch.nn.functional.linear(torch.tensor(x64), torch.tensor(w32)),
        "linear with bias": lambda: torch.nn.functional.linear(
            torch.tensor(w32[:2]), torch.tensor(w32), torch.tensor(b32.astype(np.float64))
        ),
    }[op]
    with pytest.raises(RuntimeError):
        theirs()
    with pytest.raises(
        RuntimeError,
        match=r"same dtype, got (float64 and float32|float32 and "
        r"float32 and float64) \(shapes \(2, 3\)",
    ):
        ours()


@requires_torch
def test_mm_bmm_dot_outer_values_and_grads():
    check_op(ag.mm, torch.mm, shapes=[(3, 4), (4, 2)])
    check_op(ag.mm, torch.mm, shapes=[(0, 4), (4, 2)])
    check_op(ag.bmm, torch.bmm, shapes=[(2, 3, 4), (2, 4, 5)])
    check_op(ag.dot, torch.dot, shapes=[(5,), (5,)])
    check_op(ag.outer, torch.outer, shapes=[(3,), (4,)])


@requires_torch
def test_linalg_node_names_and_dtypes():
    a, b = ag.ones(2, 3, requires_grad=True), ag.ones(3, 2)
    assert ag.mm(a, b).grad_fn.name() == "MmBackward0"
    assert (
        ag.bmm(ag.ones(1, 2, 3, requires_grad=True), ag.ones(1, 3, 2)).grad_fn.name()
        == "BmmBackward0"
    )
    assert ag.dot(ag.ones(2, requires_grad=True), ag.ones(2)).grad_fn.name() == "DotBackward0"
    assert ag.outer(ag.ones(2, requires_grad=True), ag.ones(2)).grad_fn.name() == "MulBackward0"
    assert ag.mm(ag.tensor([[1, 2]]), ag.tensor([[3], [4]])).tolist() == [[11]]
    assert ag.outer(ag.ones(2), ag.ones(3, dtype="float64")).dtype == np.float64
    assert ag.dot(ag.tensor([1, 2]), ag.tensor([3, 4])).dtype == np.int64


@requires_torch
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ag.mm(ag.zeros(3), ag.zeros(3, 2)), r"mm: self must be a 2-D tensor, got 1-D"),
        (lambda: ag.mm(ag.zeros(2, 3), ag.zeros(3)), r"mat2 must be a 2-D tensor"),
        (lambda: ag.mm(ag.zeros(2, 2, 3), ag.zeros(3, 2)), r"self must be a 2-D tensor, got 3-D"),
        (lambda: ag.mm(ag.zeros(2, 3), ag.zeros(4, 2)), r"cannot be multiplied \(2x3 and 4x2\)"),
        (lambda: ag.mm(ag.zeros(2, 3), ag.zeros(3, 2, dtype="float64")), r"same dtype"),
        (lambda: ag.bmm(ag.zeros(2, 3), ag.zeros(3, 2)), r"batch1 must be a 3-D tensor"),
        (lambda: ag.bmm(ag.zeros(2, 2, 3), ag.zeros(2, 3)), r"batch2 must be a 3-D tensor"),
        (lambda: ag.bmm(ag.zeros(2, 2, 3), ag.zeros(3, 3, 2)), r"\[2, 3\] but got: \[3, 3\]"),
        (lambda: ag.bmm(ag.zeros(2, 2, 3), ag.zeros(2, 4, 2)), r"\[2, 3\] but got: \[2, 4\]"),
        (lambda: ag.dot(ag.zeros(2, 2), ag.zeros(2)), r"dot: self must be a 1-D tensor, got 2-D"),
        (lambda: ag.dot(ag.zeros(3), ag.zeros(2)), r"got 3 and 2 elements"),
        (lambda: ag.dot(ag.zeros(2), ag.zeros(2, dtype="float64")), r"same dtype"),
        (lambda: ag.outer(ag.zeros(2, 2), ag.zeros(2)), r"outer: expected 1-D argument self"),
        (lambda: ag.outer(ag.zeros(2), ag.tensor(1.0)), r"argument vec2, but got 0-D"),
    ],
)
def test_linalg_errors(call, match):
    with pytest.raises(RuntimeError, match=match):
        call()


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "float32"])
def test_trace_dtype_matches_torch(dtype):
    data = np.arange(6).reshape(2, 3).astype(dtype)
    ours, theirs = ag.tensor(data).trace(), torch.tensor(data).trace()
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert ours.item() == theirs.item()


DIFFERENTIABLE = {  # name: (input shape, the same function of ours and of torch)
    "tril": ((4, 3), lambda t: t.tril()),
    "tril_pos": ((3, 4), lambda t: t.tril(1)),
    "tril_batched": ((2, 3, 4), lambda t: t.tril(-1)),
    "triu": ((4, 3), lambda t: t.triu()),
    "triu_neg": ((3, 4), lambda t: t.triu(-2)),
    "diag_1d": ((3,), lambda t: t.diag()),
    "diag_1d_pos": ((3,), lambda t: t.diag(2)),
    "diag_1d_neg": ((3,), lambda t: t.diag(-1)),
    "diag_2d": ((3, 4), lambda t: t.diag()),
    "diag_2d_pos": ((3, 4), lambda t: t.diag(2)),
    "diag_2d_neg": ((4, 3), lambda t: t.diag(-2)),
    "diag_2d_out_of_range": ((2, 3), lambda t: t.diag(5)),
    "trace": ((3, 4), lambda t: t.trace()),
}


@requires_torch
@pytest.mark.parametrize("name", list(DIFFERENTIABLE))
def test_differentiable_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_op(fn, fn, [shape])


@requires_torch
@pytest.mark.parametrize("name", ["tril_pos", "diag_1d_pos", "diag_2d_neg"])
def test_higher_order_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_higher_order(fn, fn, [shape], order=2)


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "float32"])
@pytest.mark.parametrize(
    "fn",
    [
        lambda t: t.tril(),
        lambda t: t.triu(1),
        lambda t: t.diag(),
        lambda t: t[0].diag(-1),
    ],
)
def test_values_and_dtypes_match_torch(fn, dtype):
    data = (np.arange(9).reshape(3, 3) % 4 - 1).astype(dtype)
    ours, theirs = fn(ag.tensor(data)), fn(torch.tensor(data))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert_close(ours, theirs)


@pytest.mark.parametrize(
    "fn, exc, pattern",
    [
        (lambda x: x[0].tril(), RuntimeError, r"tril.*at least 2 dimensions.*\(3,\)"),
        (lambda x: x[0].triu(), RuntimeError, "triu"),
        (lambda x: x.reshape(1, 2, 3).diag(), RuntimeError, r"1-D or 2-D.*\(1, 2, 3\)"),
        (lambda x: x[0].trace(), RuntimeError, "trace: expected a matrix"),
        (lambda x: (x > 0).trace(), NotImplementedError, "Bool"),
    ],
)
def test_errors_name_the_values(fn, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(ag.arange(6.0).reshape(2, 3))


@requires_torch
def test_bmm_second_derivative():
    check_higher_order(
        lambda a, b: ag.bmm(a, b) ** 2,
        lambda a, b: torch.bmm(a, b) ** 2,
        shapes=[(2, 2, 3), (2, 3, 2)],
        order=2,
    )
