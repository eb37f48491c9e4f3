"""Linear algebra: matmul and einsum; mm, bmm, mv, dot, outer, addmm and baddbmm
as composites; and the matrix-shaped tril, triu, diag and trace.

``MatMul`` broadcasts batch dimensions as NumPy does and reduces each gradient back to its
input's shape. ``Tril`` and ``Triu`` are their own adjoints; ``diag`` and ``trace`` are
composites of ``GetItem``/``IndexAdd``. Operands of different dtypes are refused, as in
PyTorch.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .._shape import unbroadcast
from .._typing import TensorLike
from ..function import Function, _named, call
from ..tensor import Tensor
from ._operands import _operands, as_tensor
from .arithmetic import add, mul
from .indexing import where
from .shape import GetItem, IndexAdd, reshape

__all__ = [
    "addmm",
    "baddbmm",
    "bmm",
    "diag",
    "dot",
    "einsum",
    "matmul",
    "mm",
    "mv",
    "outer",
    "trace",
    "tril",
    "triu",
]


class MatMul(Function):
    """out = a @ b (NumPy's rules: 1-D operands are promoted, batch dims broadcast).

    d/da = grad @ b^T,  d/db = a^T @ grad, each summed back over broadcast batch dims.
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a2 = a.reshape((1, a.shape[0])) if a.ndim == 1 else a  # (..., m, k)
        b2 = b.reshape((b.shape[0], 1)) if b.ndim == 1 else b  # (..., k, n)
        g2 = grad
        if a.ndim == 1:
            g2 = g2.reshape(g2.shape[:-1] + (1,) + g2.shape[-1:]) if b.ndim > 1 else g2
        if b.ndim == 1:
            g2 = g2.reshape(g2.shape + (1,))
        if a.ndim == 1 and b.ndim == 1:
            g2 = g2.reshape((1, 1))
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = unbroadcast(g2 @ b2.swapaxes(-1, -2), a2.shape).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(a2.swapaxes(-1, -2) @ g2, b2.shape).reshape(b.shape)
        return grad_a, grad_b


def matmul(input: TensorLike, other: TensorLike) -> Tensor:
    """Matrix product with NumPy/PyTorch broadcasting rules, as ``torch.matmul``.

    Example:
        >>> import autograd as ag
        >>> (ag.ones(2, 3) @ ag.ones(3, 4)).shape
        (2, 4)
    """
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        _same_dtype("matmul", input, other)  # before _operands, which would promote
    input, other = _operands(input, other)
    if input.ndim == 0 or other.ndim == 0:
        raise RuntimeError(
            "matmul: both arguments need to be at least 1-D, got shapes "
            f"{input.shape} and {other.shape}"
        )
    k_a = input.shape[-1]
    k_b = other.shape[-2] if other.ndim > 1 else other.shape[0]
    if k_a != k_b:
        raise RuntimeError(
            f"matmul: shapes {input.shape} and {other.shape} cannot be multiplied ({k_a} != {k_b}; "
            "the last dim of the first must equal the "
            f"{'second-to-last' if other.ndim > 1 else 'only'} dim of the second)"
        )
    try:
        return _named(
            MatMul.apply(input, other),
            _MATMUL_NAMES.get((input.ndim, other.ndim), "UnsafeViewBackward0"),
        )
    except ValueError:
        raise RuntimeError(
            f"matmul: batch dims of shapes {input.shape} and {other.shape} cannot be broadcast "
            "together"
        ) from None


# torch's node for a matmul of these ranks (batched products end in a view)
_MATMUL_NAMES = {
    (2, 2): "MmBackward0",
    (2, 1): "MvBackward0",
    (1, 1): "DotBackward0",
    (1, 2): "SqueezeBackward4",
}


def _same_dtype(op: str, *tensors: Tensor) -> None:
    """Matrix products take one dtype, as in torch: a float64 input to float32 weights raises
    instead of silently computing (and returning) float64."""
    first = tensors[0]._data.dtype
    for t in tensors[1:]:  # built-in dtypes are shared objects: one identity test each
        if t._data.dtype is not first:
            break
    else:
        return
    dtypes = [t._data.dtype for t in tensors]
    if any(d != dtypes[0] for d in dtypes[1:]):
        shapes = ", ".join(str(t.shape) for t in tensors)
        names = " and ".join(str(d) for d in dtypes)
        raise RuntimeError(
            f"{op}: expected the same dtype, got {names} (shapes {shapes}); "
            "convert one with .astype()"
        )


def _checked_pair(
    op: str, a: TensorLike, b: TensorLike, ndim: int, names: tuple[str, str]
) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of rank ``ndim`` and one dtype, or torch's error."""
    a, b = as_tensor(a), as_tensor(b)
    for t, name in zip((a, b), names):
        if t.ndim != ndim:
            raise RuntimeError(
                f"{op}: {name} must be a {ndim}-D tensor, got {t.ndim}-D "
                f"(shapes {a.shape} and {b.shape})"
            )
    _same_dtype(op, a, b)
    return a, b


def mm(input: TensorLike, mat2: TensorLike) -> Tensor:
    """Product of two matrices (2-D only, no broadcasting), as ``torch.mm``.

    Example:
        >>> import autograd as ag
        >>> ag.mm(ag.ones(2, 3), ag.ones(3, 4)).shape
        (2, 4)
    """
    input, mat2 = _checked_pair("mm", input, mat2, 2, ("self", "mat2"))
    if input.shape[1] != mat2.shape[0]:
        raise RuntimeError(
            f"mm: mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x"
            f"{input.shape[1]} and {mat2.shape[0]}x{mat2.shape[1]})"
        )
    return matmul(input, mat2)


def bmm(input: TensorLike, mat2: TensorLike) -> Tensor:
    """Batched matrix product of ``(B, n, m)`` and ``(B, m, p)`` (no broadcasting), as
    ``torch.bmm``.

    Example:
        >>> import autograd as ag
        >>> ag.bmm(ag.ones(5, 2, 3), ag.ones(5, 3, 4)).shape
        (5, 2, 4)
    """
    input, mat2 = _checked_pair("bmm", input, mat2, 3, ("batch1", "batch2"))
    if mat2.shape[:2] != (input.shape[0], input.shape[2]):
        raise RuntimeError(
            f"bmm: expected size for first two dimensions of batch2 tensor to "
            f"be: [{input.shape[0]}, {input.shape[2]}] but got: [{mat2.shape[0]}, "
            f"{mat2.shape[1]}] (shapes {input.shape} and {mat2.shape})"
        )
    return _named(matmul(input, mat2), "BmmBackward0")


def dot(input: TensorLike, tensor: TensorLike) -> Tensor:
    """Inner product of two 1-D tensors of equal size, as ``torch.dot``.

    Example:
        >>> import autograd as ag
        >>> ag.dot(ag.tensor([1.0, 2.0]), ag.tensor([3.0, 4.0]))
        tensor(11.)
    """
    input, tensor = _checked_pair("dot", input, tensor, 1, ("self", "tensor"))
    if input.shape != tensor.shape:
        raise RuntimeError(
            f"dot: inconsistent tensor size, expected tensor {list(input.shape)} "
            f"and src {list(tensor.shape)} to have the same number of elements, but "
            f"got {input.shape[0]} and {tensor.shape[0]} elements respectively"
        )
    return matmul(input, tensor)


def outer(input: TensorLike, vec2: TensorLike) -> Tensor:
    """Outer product ``out[i, j] = a[i] * b[j]`` of two 1-D tensors, as ``torch.outer``.

    Example:
        >>> import autograd as ag
        >>> ag.outer(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 10.0, 100.0]))
        tensor([[  1.,  10., 100.],
                [  2.,  20., 200.]])
    """
    input, vec2 = as_tensor(input), as_tensor(vec2)
    for t, name in ((input, "self"), (vec2, "vec2")):
        if t.ndim != 1:
            raise RuntimeError(
                f"outer: expected 1-D argument {name}, but got {t.ndim}-D "
                f"(shapes {input.shape} and {vec2.shape})"
            )
    return mul(reshape(input, (-1, 1)), reshape(vec2, (1, -1)))  # (n, 1) * (1, m) -> (n, m)


def mv(input: TensorLike, vec: TensorLike) -> Tensor:
    """Product of a matrix ``(n, m)`` and a vector ``(m,)``, as ``torch.mv``.

    Example:
        >>> import autograd as ag
        >>> ag.mv(ag.ones(2, 3), ag.tensor([1.0, 2.0, 3.0]))
        tensor([6., 6.])
    """
    input, vec = as_tensor(input), as_tensor(vec)
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(
            f"mv: expected a 2-D matrix and a 1-D vector, got {input.ndim}-D and "
            f"{vec.ndim}-D (shapes {input.shape} and {vec.shape})"
        )
    _same_dtype("mv", input, vec)
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(
            f"mv: size mismatch, got input ({input.shape[0]}x{input.shape[1]}), "
            f"vec ({vec.shape[0]})"
        )
    return matmul(input, vec)


def addmm(
    input: TensorLike, mat1: TensorLike, mat2: TensorLike, *, beta: float = 1, alpha: float = 1
) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` with ``input`` broadcast to the product's
    shape, as ``torch.addmm``.

    Example:
        >>> import autograd as ag
        >>> ag.addmm(ag.tensor([1.0, 2.0]), ag.ones(2, 3), ag.ones(3, 2), alpha=2)
        tensor([[7., 8.],
                [7., 8.]])
    """
    product = mm(mat1, mat2)  # (n, p)
    input = as_tensor(input)
    try:
        np.broadcast_shapes(input.shape, product.shape)
    except ValueError:
        raise RuntimeError(
            f"addmm: input of shape {input.shape} cannot be broadcast to the "
            f"product's shape {product.shape}"
        ) from None
    if alpha != 1:
        product = mul(product, alpha)
    if beta == 0:  # as in torch, input is then ignored: its nan and inf do not propagate
        return product
    return add(mul(input, beta) if beta != 1 else input, product)


def _einsum_arrays(equation: str, *operands: Any) -> Any:
    """``np.einsum`` on arrays; on Tensors (a backward under create_graph) our own einsum."""
    if not any(isinstance(x, Tensor) for x in operands):
        return np.asarray(np.einsum(equation, *operands, optimize=len(operands) > 2))
    return einsum(equation, *(x if isinstance(x, Tensor) else Tensor._make(x) for x in operands))


class Einsum(Function):
    """out = einsum(equation, *operands), with explicit subscripts ``"ab,bc->ac"``.

    d/d(operand i) = einsum of the upstream gradient (subscripts of the output) with
    every other operand, onto operand i's subscripts. A letter of operand i that is
    in neither (summed away in i alone) broadcasts back through a ones tensor; a
    letter repeated within operand i (a diagonal) goes back through identity matrices.
    """

    @staticmethod
    def forward(ctx, *arrays, equation):
        ctx.equation = equation
        ctx.save_for_backward(*arrays)
        return np.asarray(np.einsum(equation, *arrays, optimize=len(arrays) > 2))

    @staticmethod
    def backward(ctx, grad):
        arrays = ctx.saved_tensors
        ins, out = ctx.equation.split("->")
        subs = ins.split(",")
        sizes = {c: n for s, a in zip(subs, arrays) for c, n in zip(s, a.shape)}
        grads: list[Any] = []  # arrays, or Tensors under create_graph; None: no gradient
        for i, (s, a) in enumerate(zip(subs, arrays)):
            if not ctx.needs_input_grad[i]:
                grads.append(None)
                continue
            terms, operands = [out], [grad]
            for j, (t, b) in enumerate(zip(subs, arrays)):
                if j != i:
                    terms.append(t)
                    operands.append(b)
            present = set("".join(terms))
            missing = "".join(dict.fromkeys(c for c in s if c not in present))
            if missing:
                terms.append(missing)
                operands.append(np.ones([sizes[c] for c in missing], dtype=a.dtype))
            target: list[str] = []
            seen: set[str] = set()
            for c in s:  # a repeated letter becomes a fresh one, tied to the first by eye()
                if c in seen:
                    fresh = next(
                        x for x in _LETTERS if x not in present | seen | set(s) | set(target)
                    )
                    terms.append(c + fresh)
                    operands.append(np.eye(sizes[c], dtype=a.dtype))
                    target.append(fresh)
                else:
                    target.append(c)
                seen.add(c)
            grads.append(_einsum_arrays(",".join(terms) + "->" + "".join(target), *operands))
        return tuple(grads)


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _explicit_equation(equation: str, shapes: list[tuple[int, ...]]) -> str:
    """``equation`` with ``...`` spelled out as letters and the output made explicit."""
    eq = equation.replace(" ", "")
    ins, arrow, out = eq.partition("->")
    subs = ins.split(",")
    if len(subs) != len(shapes):
        more = "more" if len(shapes) > len(subs) else "fewer"
        raise ValueError(
            f"einsum(): {more} operands were provided than specified in the "
            f"equation '{equation}' ({len(shapes)} operands, {len(subs)} terms)"
        )
    for term in subs + [out]:
        bad = sorted(set(term.replace("...", "")) - set(_LETTERS))
        if bad or term.replace("...", "").count(".") or term.count("...") > 1:
            raise ValueError(
                f"einsum(): invalid subscript in term '{term}' of '{equation}'; "
                "use letters a-z, A-Z and at most one '...'"
            )
    unused = [c for c in _LETTERS if c not in eq]
    spans = []
    for i, (term, shape) in enumerate(zip(subs, shapes)):
        named = len(term.replace("...", ""))
        if ("..." in term and named > len(shape)) or ("..." not in term and named != len(shape)):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({named}) "
                f"does not match the number of dimensions ({len(shape)}) for "
                f"operand {i}" + ("" if "..." in term else " and no ellipsis was given")
            )
        spans.append(len(shape) - named if "..." in term else 0)
    width = max(spans, default=0)
    ell = "".join(unused[:width])
    subs = [t.replace("...", ell[width - n :]) for t, n in zip(subs, spans)]
    if arrow:
        out = out.replace("...", ell)
        for c in out:
            if c not in "".join(subs):
                raise ValueError(
                    f"einsum(): output subscript {c} does not appear in the "
                    f"equation for any input operand ('{equation}')"
                )
            if out.count(c) > 1:
                raise ValueError(
                    f"einsum(): output subscript {c} appears more than once in "
                    f"the output ('{equation}')"
                )
    else:  # implicit: letters used once, in alphabetical order, after the ellipsis
        joined = "".join(s for s in subs)
        out = ell + "".join(sorted(c for c in set(joined) if joined.count(c) == 1 and c not in ell))
    return ",".join(subs) + "->" + out


def einsum(equation: str, *operands: TensorLike) -> Tensor:
    """Sum of products over the subscripts of ``equation``, as ``torch.einsum``.

    ``"ij,jk->ik"`` is a matrix product, ``"bij->bji"`` a transpose, ``"ii->"`` a trace,
    ``"...ij,...jk"`` a batched product; without ``->`` the output is the letters used
    exactly once, in alphabetical order. The operands may also be passed as one list.
    A dim of size 1 broadcasts against the same letter's size in another operand.

    Example:
        >>> import autograd as ag
        >>> ag.einsum("ij,jk->ik", ag.ones(2, 3), ag.ones(3, 4)).shape
        (2, 4)
        >>> ag.einsum("ii", ag.eye(3))
        tensor(3.)
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    xs = [as_tensor(x) for x in operands]
    if not xs:
        raise RuntimeError("einsum(): must provide at least one operand")
    eq = _explicit_equation(equation, [x.shape for x in xs])
    lhs, out = eq.split("->")
    subs = lhs.split(",")
    sizes: dict[str, int] = {}
    for term, x in zip(subs, xs):
        for c, n in zip(term, x.shape):
            if sizes.get(c, 1) != 1 and n not in (1, sizes[c]):
                raise RuntimeError(
                    f"einsum(): operands do not broadcast: subscript {c} has "
                    f"size {sizes[c]} and {n} (shapes "
                    f"{[x.shape for x in xs]}, equation '{equation}')"
                )
            sizes[c] = max(sizes.get(c, 1), n)
    for i, (term, x) in enumerate(zip(subs, xs)):  # size-1 dims broadcast: expand them
        full = tuple(sizes[c] for c in term)
        if full != x.shape:
            xs[i] = x.expand(*full)
    dtypes = {x.dtype for x in xs}
    if len(dtypes) > 1:
        raise RuntimeError(
            f"einsum(): expected all operands to have the same dtype, got "
            f"{sorted(str(d) for d in dtypes)}"
        )
    return _named(Einsum.apply(*xs, equation=",".join(subs) + "->" + out), "EinsumBackward0")


def baddbmm(
    input: TensorLike,
    batch1: TensorLike,
    batch2: TensorLike,
    *,
    beta: float = 1.0,
    alpha: float = 1.0,
) -> Tensor:
    """``beta * input + alpha * (batch1 @ batch2)``, batched, as ``torch.baddbmm``.

    ``batch1`` is ``(B, n, m)``, ``batch2`` ``(B, m, p)`` and ``input`` broadcasts to
    ``(B, n, p)``. With ``beta=0`` the input is ignored (its NaN and inf do not
    propagate), as torch.

    Example:
        >>> import autograd as ag
        >>> ag.baddbmm(ag.zeros(2, 1, 1), ag.ones(2, 1, 3), ag.ones(2, 3, 1), alpha=0.5)
        tensor([[[1.5000]],
        <BLANKLINE>
                [[1.5000]]])
    """
    x = as_tensor(input)
    product = bmm(batch1, batch2)  # (B, n, p)
    try:
        np.broadcast_shapes(x.shape, product.shape)
    except ValueError:
        raise RuntimeError(
            f"baddbmm: the input of shape {x.shape} does not broadcast to the "
            f"product's shape {product.shape}"
        ) from None
    if np.broadcast_shapes(x.shape, product.shape) != product.shape:
        raise RuntimeError(
            f"baddbmm: the input of shape {x.shape} must broadcast to the "
            f"product's shape {product.shape}, not beyond it"
        )
    if alpha != 1.0:
        product = product * alpha
    if beta == 0.0:  # x takes part with a zero gradient (as torch) but not its values
        x = where(Tensor._make(np.zeros(x.shape, dtype=bool)), x, 0.0)
    return _named((x * beta if beta not in (0.0, 1.0) else x) + product, "BaddbmmBackward0")


class Tril(Function):
    """out = x with entries above diagonal ``k`` zeroed.  d/dx = tril(grad, k)."""

    @staticmethod
    def forward(ctx, x, *, diagonal):
        ctx.diagonal = diagonal
        return np.tril(x, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return (call(Tril, grad, diagonal=ctx.diagonal),)


class Triu(Function):
    """out = x with entries below diagonal ``k`` zeroed.  d/dx = triu(grad, k)."""

    @staticmethod
    def forward(ctx, x, *, diagonal):
        ctx.diagonal = diagonal
        return np.triu(x, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return (call(Triu, grad, diagonal=ctx.diagonal),)


def _check_matrix(x: Tensor, op: str) -> None:
    if x.ndim < 2:
        raise RuntimeError(
            f"{op}: input tensor must have at least 2 dimensions, got shape {x.shape}"
        )


def tril(input: TensorLike, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (entries ``j - i <= diagonal``), the rest
    zero, as ``torch.tril``.

    Example:
        >>> import autograd as ag
        >>> ag.ones(3, 3).tril(-1)
        tensor([[0., 0., 0.],
                [1., 0., 0.],
                [1., 1., 0.]])
    """
    input = as_tensor(input)
    _check_matrix(input, "tril")
    return Tril.apply(input, diagonal=int(diagonal))


def triu(input: TensorLike, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (entries ``j - i >= diagonal``), the rest
    zero, as ``torch.triu``.

    Example:
        >>> import autograd as ag
        >>> ag.ones(2, 3).triu(1)
        tensor([[0., 1., 1.],
                [0., 0., 1.]])
    """
    input = as_tensor(input)
    _check_matrix(input, "triu")
    return Triu.apply(input, diagonal=int(diagonal))


def _diagonal_index(rows: int, cols: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of diagonal ``k`` of a ``rows x cols`` matrix."""
    n = builtins.max(builtins.min(rows, cols - k) if k >= 0 else builtins.min(rows + k, cols), 0)
    i = np.arange(n)
    return (i, i + k) if k >= 0 else (i - k, i)


def diag(input: TensorLike, diagonal: int = 0) -> Tensor:
    """A 1-D tensor placed on diagonal ``diagonal`` of a square matrix, or diagonal
    ``diagonal`` of a 2-D tensor as a 1-D tensor, as ``torch.diag``.

    Example:
        >>> import autograd as ag
        >>> ag.diag(ag.tensor([1, 2]), 1)
        tensor([[0, 1, 0],
                [0, 0, 2],
                [0, 0, 0]])
        >>> ag.arange(6).reshape(2, 3).diag(-1)
        tensor([3])
    """
    input = as_tensor(input)
    if isinstance(diagonal, bool) or not isinstance(diagonal, (int, np.integer)):
        raise TypeError(
            f"diag(): argument 'diagonal' must be int, not {type(diagonal).__name__} ({diagonal!r})"
        )
    k = int(diagonal)
    if input.ndim == 1:
        m = input.shape[0] + builtins.abs(k)
        out = IndexAdd.apply(input, shape=(m, m), index=_diagonal_index(m, m, k))
        return _named(out, "DiagEmbedBackward0")
    if input.ndim == 2:
        rows, cols = input.shape
        index = _diagonal_index(rows, cols, k)
        return _named(GetItem.apply(input, index=index), "DiagonalBackward0")
    raise RuntimeError(
        f"diag(): supports 1-D or 2-D tensors, got a {input.ndim}-D tensor of shape {input.shape}"
    )


def trace(input: TensorLike) -> Tensor:
    """Sum of the main diagonal of a 2-D tensor, as ``torch.trace`` (integers give int64).

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 2.0], [3.0, 4.0]]).trace()
        tensor(5.)
    """
    input = as_tensor(input)
    if input.ndim != 2:
        raise RuntimeError(
            f"trace: expected a matrix, but got a tensor with dim {input.ndim} "
            f"(shape {input.shape})"
        )
    if input._data.dtype == np.bool_:
        raise NotImplementedError(
            "\"trace\" not implemented for 'Bool'; convert first, e.g. x.long().trace()"
        )
    return _named(diag(input).sum(), "TraceBackward0")
