"""einsum and baddbmm against torch: forward, backward, gradcheck, higher order, errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import TORCH_MISSING, check_higher_order, check_op

torch = pytest.importorskip("torch", reason=TORCH_MISSING)

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


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS)
def test_einsum_matches_torch(equation, shapes):
    check_op(lambda *xs: ag.einsum(equation, *xs), lambda *xs: torch.einsum(equation, *xs), shapes)


@pytest.mark.parametrize(("equation", "shapes"), [EQUATIONS[0], EQUATIONS[3], EQUATIONS[6]])
def test_einsum_higher_order_matches_torch(equation, shapes):
    check_higher_order(
        lambda *xs: ag.einsum(equation, *xs), lambda *xs: torch.einsum(equation, *xs), shapes
    )


def test_einsum_takes_a_list_of_operands_and_names_the_node():
    a, b = ag.ones(2, 3, requires_grad=True), ag.ones(3, 4)
    out = ag.einsum("ij,jk->ik", [a, b])
    assert out.shape == (2, 4) and out.grad_fn.name() == "EinsumBackward0"


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


@pytest.mark.parametrize("input_shape", [(2, 3, 4), (1, 3, 4), (4,), (3, 1)])
@pytest.mark.parametrize(("beta", "alpha"), [(1.0, 1.0), (0.5, -2.0), (0.0, 1.5)])
def test_baddbmm_matches_torch(input_shape, beta, alpha):
    check_op(
        lambda x, a, b: ag.baddbmm(x, a, b, beta=beta, alpha=alpha),
        lambda x, a, b: torch.baddbmm(x, a, b, beta=beta, alpha=alpha),
        [input_shape, (2, 3, 5), (2, 5, 4)],
    )


def test_baddbmm_with_beta_zero_ignores_nan_input_as_torch():
    x = ag.full((2, 1, 1), float("nan"))
    out = ag.baddbmm(x, ag.ones(2, 1, 2), ag.ones(2, 2, 1), beta=0.0)
    expected = torch.baddbmm(
        torch.full((2, 1, 1), float("nan")), torch.ones(2, 1, 2), torch.ones(2, 2, 1), beta=0.0
    )
    np.testing.assert_array_equal(out.numpy(), expected.numpy())


def test_baddbmm_errors():
    with pytest.raises(RuntimeError, match=r"input of shape \(3, 3\) does not broadcast"):
        ag.baddbmm(ag.zeros(3, 3), ag.zeros(2, 2, 5), ag.zeros(2, 5, 4))
    with pytest.raises(RuntimeError, match=r"must broadcast to the product's shape \(2, 2, 4\)"):
        ag.baddbmm(ag.zeros(5, 2, 2, 4), ag.zeros(2, 2, 5), ag.zeros(2, 5, 4))
    with pytest.raises(RuntimeError, match="bmm"):
        ag.baddbmm(ag.zeros(2, 2, 4), ag.zeros(2, 2, 5), ag.zeros(2, 6, 4))
