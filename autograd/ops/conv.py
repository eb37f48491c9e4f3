"""Convolution and pooling: ``Conv2d`` (im2col + one matmul), max and average pooling.

Images are (N, C, H, W) to the user, but the kernels work on the channels-last
view (N, H, W, C) and return their outputs as channels-last memory seen through
an (N, C, H, W) view. NumPy's elementwise ops keep that layout, so a
conv -> relu -> pool -> conv stack never transposes memory, and ``im2col`` copies
whole channel rows instead of gathering single pixels (about 8x faster for a
32-channel 13x13 input). ``Conv2d`` is one node (im2col + one matmul); under
``create_graph`` its backward is built from ``Im2col`` and ``Col2im`` (each the
other's backward), so convolutions have second derivatives at no first-order cost.

Dilation, ``padding="same"`` (extra bottom/right padding) and ``ceil_mode`` (an
overhanging last window) are fields of the window geometry ``_Geom``, read by the same
kernels; with their defaults those kernels run as before. ``groups`` runs one
convolution per group of channels and joins the outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._typing import TensorLike
from ..function import Function, call
from ..tensor import Tensor
from ._operands import as_tensor
from .nn import _column_sums
from .shape import cat


class _Geom(NamedTuple):
    """Where the windows of a 2-D convolution or pooling sit on an (N, C, H, W) input.

    Kernel offset (i, j) of window (p, q) reads padded pixel (p*sh + i*dh, q*sw + j*dw).
    The padding is ``ph`` rows on top and ``ph + eh`` at the bottom (``eh``: the extra
    row of ``padding="same"`` with an odd total, or the overhang of ``ceil_mode``), and
    likewise for columns.
    """

    n: int
    c: int
    h: int
    w: int
    kh: int
    kw: int
    sh: int
    sw: int
    ph: int
    pw: int
    oh: int
    ow: int
    dh: int = 1
    dw: int = 1
    eh: int = 0
    ew: int = 0

    @property
    def span(self) -> tuple[int, int]:
        """Rows and columns one window covers: the kernel size stretched by the dilation."""
        return self.dh * (self.kh - 1) + 1, self.dw * (self.kw - 1) + 1

    def offsets(self) -> list[tuple[slice, ...]]:
        """Per kernel offset (i, j), row-major: the (N, OH, OW, C) slice of the padded input."""
        rows, cols = self.sh * (self.oh - 1) + 1, self.sw * (self.ow - 1) + 1
        return [
            (
                slice(None),
                slice(i * self.dh, i * self.dh + rows, self.sh),
                slice(j * self.dw, j * self.dw + cols, self.sw),
            )
            for i in range(self.kh)
            for j in range(self.kw)
        ]

    def padded_zeros(self, dtype: np.dtype) -> np.ndarray:
        return np.zeros(
            (self.n, self.h + 2 * self.ph + self.eh, self.w + 2 * self.pw + self.ew, self.c), dtype
        )

    def crop(self, padded: np.ndarray) -> np.ndarray:
        """A channels-last padded image back to the (N, C, H, W) view of its interior."""
        return padded[:, self.ph : self.ph + self.h, self.pw : self.pw + self.w].transpose(
            0, 3, 1, 2
        )


def _padded_hwc(x: np.ndarray, g: _Geom, fill: float) -> np.ndarray:
    """(N, C, H, W) -> the channels-last (N, H+2ph, W+2pw, C) image, padded with ``fill``."""
    xh = x.transpose(0, 2, 3, 1)
    if not (g.ph or g.pw or g.eh or g.ew):
        return xh
    xp = np.full((g.n, g.h + 2 * g.ph + g.eh, g.w + 2 * g.pw + g.ew, g.c), fill, dtype=x.dtype)
    xp[:, g.ph : g.ph + g.h, g.pw : g.pw + g.w] = xh
    return xp


def _windows(xp: np.ndarray, g: _Geom) -> np.ndarray:
    """The (N, OH, OW, kh, kw, C) view of the windows of a channels-last padded image."""
    if g.dh == 1 and g.dw == 1:
        win = sliding_window_view(xp, (g.kh, g.kw), axis=(1, 2))[:, :: g.sh, :: g.sw]
    else:  # windows of the dilated span, then every dh-th row and dw-th column of each
        win = sliding_window_view(xp, g.span, axis=(1, 2))[:, :: g.sh, :: g.sw, :, :: g.dh, :: g.dw]
    return win.transpose(0, 1, 2, 4, 5, 3)


def _im2col(x: np.ndarray, g: _Geom, ones: bool = False) -> np.ndarray:
    """(N, C, H, W) -> cols (N*OH*OW, kh*kw*C): each row one window, channels fastest.

    ``ones`` appends a column of ones, so that a matmul with the bias as the weight
    matrix's last row adds the bias (and ``cols.T @ grad`` sums the bias grad) for free.
    """
    xp = _padded_hwc(x, g, 0)
    width = g.kh * g.kw * g.c
    if g.c == 1:  # copy whole shifted images (long rows), then view them as columns
        cols = np.empty((width + ones, g.n, g.oh, g.ow, 1), x.dtype)
        for k, window in enumerate(g.offsets()):
            cols[k] = xp[window]
        if ones:
            cols[width] = 1
        return cols.reshape(width + ones, -1).T  # (N*OH*OW, kh*kw), column-major
    if not xp.flags.c_contiguous:  # channels-first memory: one transpose first
        xp = np.ascontiguousarray(xp)
    win = _windows(xp, g)  # (N, OH, OW, kh, kw, C)
    if not ones:
        return win.reshape(g.n * g.oh * g.ow, width)  # one copy
    cols = np.empty((g.n * g.oh * g.ow, width + 1), x.dtype)
    np.copyto(cols[:, :width].reshape(win.shape), win)
    cols[:, width] = 1
    return cols


# Images per block of the blocked im2col: about this many float elements of columns (4 MB
# of float32), so each block's columns are still in cache when the matmul reads them, and
# one block buffer is reused instead of faulting in fresh pages for the whole batch.
_BLOCK_ELEMS = 1 << 20


def _im2col_blocks(x: np.ndarray, g: _Geom) -> Iterator[tuple[slice, np.ndarray]]:
    """``_im2col(x, g)`` a block of images at a time: yields (rows slice, block's columns).

    The columns live in one reused buffer, valid until the next block is asked for. A
    padded or channels-first input is padded (or transposed) a block at a time too, into
    one small buffer whose zero border is written once.
    """
    xh = x.transpose(0, 2, 3, 1)  # (N, H, W, C)
    pixels, width = g.oh * g.ow, g.kh * g.kw * g.c
    blocks = max(1, -(-g.n * pixels * width // _BLOCK_ELEMS))  # ceil; then even blocks
    block = max(1, -(-g.n // blocks))  # at least 1, also for an empty batch
    staged = g.ph or g.pw or g.eh or g.ew or not xh.flags.c_contiguous
    if staged:
        source = g._replace(n=block).padded_zeros(x.dtype)
        interior = source[:, g.ph : g.ph + g.h, g.pw : g.pw + g.w]
    else:
        source = xh
    win = _windows(source, g)  # (N or block, OH, OW, kh, kw, C)
    buf = np.empty((block,) + win.shape[1:], x.dtype)
    for start in range(0, g.n, block):
        stop = min(start + block, g.n)
        count = stop - start
        if staged:
            np.copyto(interior[:count], xh[start:stop])
        part = buf[:count]
        np.copyto(part, win[:count] if staged else win[start:stop])
        yield slice(start * pixels, stop * pixels), part.reshape(-1, width)


def _im2col_matmul(
    x: np.ndarray,
    wmat: np.ndarray,
    g: _Geom,
    bias: np.ndarray | None = None,
    right: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """``_im2col(x, g) @ wmat (+ bias)`` as (N*OH*OW, wmat.shape[1]), one block at a time.

    With ``right`` ((N*OH*OW, K), rows matching the columns'), also returns
    ``_im2col(x, g).T @ right`` (kh*kw*C, K) from the same blocks, else None.
    """
    wmat = np.ascontiguousarray(wmat)  # else matmul copies it for every block
    out = np.empty((g.n * g.oh * g.ow, wmat.shape[1]), np.result_type(x, wmat))
    total = (
        None
        if right is None
        else np.zeros((g.kh * g.kw * g.c, right.shape[1]), np.result_type(x, right))
    )
    for rows, cols in _im2col_blocks(x, g):
        np.matmul(cols, wmat, out=out[rows])
        if bias is not None:
            out[rows] += bias  # while the block is still in cache
        if total is not None and right is not None:  # (right is None exactly when total is)
            total += cols.T @ right[rows]
    return out, total


def _cols_t_matmul(grad_rows: np.ndarray, x: np.ndarray, g: _Geom) -> np.ndarray:
    """``grad_rows.T @ _im2col(x, g)`` as (O, kh*kw*C), rebuilding the columns block by block."""
    total = np.zeros((grad_rows.shape[1], g.kh * g.kw * g.c), np.result_type(grad_rows, x))
    for rows, cols in _im2col_blocks(x, g):
        total += grad_rows[rows].T @ cols
    return total


class Im2col(Function):
    """cols[n*OH*OW + p, (i*kw + j)*C + c] = padded x[n, c, window p + (i, j)].

    d/dx = Col2im(grad): every column entry adds back to the pixel it was copied from.
    """

    @staticmethod
    def forward(ctx, x, *, geom):
        ctx.geom = geom
        return _im2col(x, geom)

    @staticmethod
    def backward(ctx, grad):
        return (call(Col2im, grad, geom=ctx.geom),)


class Col2im(Function):
    """Adjoint of Im2col: each column entry adds into its pixel.  d/dcols = Im2col(grad)."""

    @staticmethod
    def forward(ctx, cols, *, geom):
        g = geom
        ctx.geom = g
        parts = cols.reshape(g.n, g.oh, g.ow, g.kh * g.kw, g.c)
        out = g.padded_zeros(cols.dtype)  # (N, Hp, Wp, C)
        for k, window in enumerate(g.offsets()):
            out[window] += parts[:, :, :, k]
        return g.crop(out)

    @staticmethod
    def backward(ctx, grad):
        return (call(Im2col, grad, geom=ctx.geom),)


class Conv2d(Function):
    """out = im2col(x) @ W^T + b, as (N, O, OH, OW).

    d/dW = grad^T @ im2col(x),  d/db = grad summed over pixels,  d/dx = Col2im(grad @ W);
    for stride 1 the array backward gets d/dx as one more im2col + matmul instead (the
    transposed convolution of grad with the flipped filters), which keeps the work in BLAS.
    Large multi-channel columns are never held whole: they are built a block of images at
    a time in forward and rebuilt the same way for d/dW. Under ``create_graph`` the same
    gradients are built from Im2col/Col2im, so they are differentiable again.
    """

    @staticmethod
    def forward(ctx, x, weight, bias=None, *, geom):
        g, o = geom, weight.shape[0]
        wmat = weight.transpose(0, 2, 3, 1).reshape(o, -1).T  # (kh*kw*C, O)
        ctx.geom = g
        if g.c > 1 and g.n * g.oh * g.ow * wmat.shape[0] > 2 * _BLOCK_ELEMS:
            # Columns too big to keep: build them a block at a time, here and again for
            # d/dW. Each block's matmul then reads cache, not memory, and nothing large
            # is allocated or held until backward.
            out = _im2col_matmul(x, wmat, g, bias)[0]  # (N*OH*OW, O)
            ctx.save_for_backward(x, weight, None)
        else:
            if bias is not None:  # the bias rides in the matmul as a row against a ones column
                wmat = np.concatenate([wmat, bias[None]])
            cols = _im2col(x, g, ones=bias is not None)  # (N*OH*OW, kh*kw*C [+ 1])
            out = cols @ wmat  # (N*OH*OW, O)
            ctx.save_for_backward(x, weight, cols)
        return out.reshape(g.n, g.oh, g.ow, o).transpose(0, 3, 1, 2)

    @staticmethod
    def backward(ctx, grad):
        x, weight, cols = ctx.saved_tensors
        g, needs = ctx.geom, ctx.needs_input_grad
        o = weight.shape[0]
        if isinstance(grad, np.ndarray):
            rows = grad.transpose(0, 2, 3, 1).reshape(-1, o)  # (N*OH*OW, O)
            w = weight.transpose(0, 2, 3, 1)  # (O, kh, kw, C)
        else:
            rows, w = grad.permute(0, 2, 3, 1).reshape(-1, o), weight.permute(0, 2, 3, 1)
            cols = call(Im2col, x, geom=g)
        want_w, want_b = needs[1], len(needs) > 2 and needs[2]
        grad_x = grad_w = None
        if needs[0]:
            # Without the forward's columns, d/dW comes from the grad's columns that d/dx
            # builds anyway (when it does), instead of rebuilding the input's.
            grad_x, grad_w = _conv_grad_input(rows, w, g, x if want_w and cols is None else None)
        grad_w_from_cols, grad_b = _conv_grad_params(
            rows, x, cols, w, g, want_w and grad_w is None, want_b
        )
        return grad_x, grad_w if grad_w is not None else grad_w_from_cols, grad_b


def _conv_grad_params(
    rows: Any, x: Any, cols: Any, w: Any, g: _Geom, want_w: bool, want_b: bool
) -> tuple[Any, Any]:
    """d/dW (O, C, kh, kw) and d/db (O,) from the output grad ``rows`` (N*OH*OW, O).

    ``cols`` are the forward's columns; None when the forward built them in blocks
    (then they are rebuilt the same way), with a ones column when it had a bias.
    """
    grad_w = grad_b = None
    if not isinstance(rows, np.ndarray):  # recorded for create_graph
        if want_w:
            grad_w = (rows.swapaxes(0, 1) @ cols).reshape(w.shape).permute(0, 3, 1, 2)
        return grad_w, _column_sums(rows) if want_b else None
    if cols is None:
        if want_w:
            grad_w = _cols_t_matmul(rows, x, g).reshape(w.shape).transpose(0, 3, 1, 2)
        return grad_w, _column_sums(rows) if want_b else None
    if want_w or want_b:
        both = rows.T @ cols  # (O, kh*kw*C [+ 1]); the ones column sums the bias grad
        width = g.kh * g.kw * g.c
        if want_w:
            grad_w = both[:, :width].reshape(w.shape).transpose(0, 3, 1, 2)
        if want_b:
            grad_b = both[:, width].copy()
    return grad_w, grad_b


def _conv_grad_input(rows: Any, w: Any, g: _Geom, x: Any = None) -> tuple[Any, Any]:
    """d/dx of a convolution from its output grad ``rows`` (N*OH*OW, O) and ``w`` (O, kh, kw, C).

    Given the forward's input ``x``, also returns d/dW (O, C, kh, kw) when the stride-1
    path below runs, computed from the same blocks of grad columns; else None for it.
    """
    o = w.shape[0]
    span_h, span_w = g.span
    if (
        not isinstance(rows, np.ndarray)
        or g.sh > 1
        or g.sw > 1
        or g.ph >= span_h
        or g.pw >= span_w
        or g.eh
        or g.ew
    ):
        return call(Col2im, rows @ w.reshape(o, -1), geom=g), None
    # Stride 1: convolve the grad, padded by span-1-p, with the flipped, transposed filters
    # (dilated as the forward's).
    back = _Geom(
        g.n,
        o,
        g.oh,
        g.ow,
        g.kh,
        g.kw,
        1,
        1,
        span_h - 1 - g.ph,
        span_w - 1 - g.pw,
        g.h,
        g.w,
        g.dh,
        g.dw,
    )
    grad = rows.reshape(g.n, g.oh, g.ow, o).transpose(0, 3, 1, 2)
    flipped = w[:, ::-1, ::-1].transpose(1, 2, 0, 3).reshape(-1, g.c)  # (kh*kw*O, C)
    # The grad columns hold, at input pixel p and offset (a, b), the output grad at
    # p - (dh*(kh-1-a)-ph, dw*(kw-1-b)-pw): what d/dW[o, kh-1-a, kw-1-b] pairs with x at p.
    x_rows = None if x is None else x.transpose(0, 2, 3, 1).reshape(-1, g.c)  # (N*H*W, C)
    out, total = _im2col_matmul(grad, flipped, back, right=x_rows)
    grad_x = out.reshape(g.n, g.h, g.w, g.c).transpose(0, 3, 1, 2)
    if total is None:
        return grad_x, None
    # total[(a, b, o), c] = d/dW[o, c, kh-1-a, kw-1-b]
    return grad_x, total.reshape(g.kh, g.kw, o, g.c)[::-1, ::-1].transpose(2, 3, 0, 1)


class MaxPool2d(Function):
    """out = max over each window.  d/dx = grad at the window's first maximum (row-major), as torch.

    ``route[k]`` marks, per output element, whether kernel offset ``k`` holds that first maximum;
    the backward scatters through it and the scatter's own backward gathers through it.
    Given a list as ``indices``, the forward appends to it the maxima's flat indices into
    each (H, W) input plane, as (N, C, OH, OW) int64 (torch's ``return_indices``).
    """

    @staticmethod
    def forward(ctx, x, *, geom, indices=None):
        xp = _padded_hwc(x, geom, -np.inf)
        windows = [xp[sl] for sl in geom.offsets()]  # each (N, OH, OW, C)
        k_all = len(windows)
        route = np.empty((k_all,) + windows[0].shape, dtype=bool)
        if k_all == 1:
            out = windows[0].copy()
            route[0] = True
        else:  # route[k]: offset k raises the running max of offsets 0..k-1 (ties: no)
            np.greater(windows[1], windows[0], out=route[1])
            out = np.maximum(windows[0], windows[1])
            for k in range(2, k_all):
                np.greater(windows[k], out, out=route[k])
                np.maximum(out, windows[k], out=out)
            # The first maximum is the last offset that raised the running max, else offset 0.
            later = route[k_all - 1].copy()
            for k in range(k_all - 2, 0, -1):
                np.greater(route[k], later, out=route[k])  # raised and not raised again later
                later |= route[k]
            np.logical_not(later, out=route[0])
        ctx.route, ctx.geom = route, geom
        if indices is not None:
            indices.append(_route_indices(route, geom))
        return out.transpose(0, 3, 1, 2)

    @staticmethod
    def backward(ctx, grad):
        return (call(_RouteScatter, grad, route=ctx.route, geom=ctx.geom),)


def _route_indices(route: np.ndarray, g: _Geom) -> np.ndarray:
    """Flat (row * W + col) input indices of the routed offsets, as (N, C, OH, OW) int64."""
    i, j = np.divmod(route.argmax(axis=0), g.kw)  # (N, OH, OW, C): the offset that holds the max
    rows = np.arange(g.oh)[:, None, None] * g.sh - g.ph + i * g.dh  # (OH, 1, 1) broadcasts
    cols = np.arange(g.ow)[:, None] * g.sw - g.pw + j * g.dw
    return (rows * g.w + cols).astype(np.int64).transpose(0, 3, 1, 2)


class _RouteScatter(Function):
    """Pooled grad (N, C, OH, OW) -> input grad, each value added at its routed offset."""

    @staticmethod
    def forward(ctx, grad, *, route, geom):
        ctx.route, ctx.geom = route, geom
        # (N, OH, OW, C); one copy when the grad arrives channels-first (after a Flatten)
        gh = np.ascontiguousarray(grad.transpose(0, 2, 3, 1))
        g = geom
        span_h, span_w = g.span
        overlap = g.sh < span_h or g.sw < span_w  # else each pixel is in one window at most
        if (g.sh, g.sw, g.ph, g.pw, g.eh, g.ew, g.dh, g.dw) == (g.kh, g.kw, 0, 0, 0, 0, 1, 1):
            # windows tile the input
            out = np.empty((g.n, g.h, g.w, g.c), grad.dtype)  # every tiled pixel is written
            out[:, g.oh * g.kh :] = 0
            out[:, :, g.ow * g.kw :] = 0
        else:
            out = g.padded_zeros(grad.dtype)
        # Multiplying by the bool mask is vectorised; ufuncs with where= are ~10x slower.
        for k, window in enumerate(geom.offsets()):
            if overlap:
                out[window] += gh * route[k]
            else:
                np.multiply(gh, route[k], out=out[window])
        return geom.crop(out)

    @staticmethod
    def backward(ctx, grad):
        return (call(_RouteGather, grad, route=ctx.route, geom=ctx.geom),)


class _RouteGather(Function):
    """The adjoint of _RouteScatter: pick each window's routed element."""

    @staticmethod
    def forward(ctx, x, *, route, geom):
        ctx.route, ctx.geom = route, geom
        xp = _padded_hwc(x, geom, 0)
        out = np.zeros(route.shape[1:], x.dtype)  # (N, OH, OW, C)
        for k, window in enumerate(geom.offsets()):
            out += xp[window] * route[k]
        return out.transpose(0, 3, 1, 2)

    @staticmethod
    def backward(ctx, grad):
        return (call(_RouteScatter, grad, route=ctx.route, geom=ctx.geom),)


def _pair(value: Any, name: str, op: str, minimum: int | None) -> tuple[int, int]:
    """An int or a pair of ints as a pair; ValueError unless each is >= ``minimum`` (if given)."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or not all(
        isinstance(v, (int, np.integer)) and (minimum is None or v >= minimum) for v in pair
    ):
        bound = "an int" if minimum is None else f"an int >= {minimum}"
        raise ValueError(f"{op}: {name} must be {bound} or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _dilation(value: Any, op: str) -> tuple[int, int]:
    dh, dw = _pair(value, "dilation", op, None)
    if dh < 1 or dw < 1:  # RuntimeError, as torch
        raise RuntimeError(f"{op}: dilation should be greater than zero, but got {value!r}")
    return dh, dw


def _same_padding(
    op: str, padding: str, stride: tuple[int, int], span: tuple[int, int]
) -> tuple[int, int, int, int]:
    """(ph, pw, eh, ew) for ``padding="valid"`` or ``"same"``.

    "same" pads span-1 in total along each dim, half on each side; an odd total puts the
    extra row (column) at the bottom (right), as torch.
    """
    if padding == "valid":
        return 0, 0, 0, 0
    if padding != "same":
        raise RuntimeError(
            f"{op}: Invalid padding string: {padding!r} "
            "(expected 'same', 'valid', an int or a pair)"
        )
    if stride != (1, 1):
        raise RuntimeError(
            f"{op}: padding='same' is not supported for strided convolutions, got stride={stride}"
        )
    ph, pw = (span[0] - 1) // 2, (span[1] - 1) // 2
    return ph, pw, span[0] - 1 - 2 * ph, span[1] - 1 - 2 * pw


def _ceil_size(size: int, span: int, stride: int, pad: int) -> tuple[int, int]:
    """Output size of ``ceil_mode`` pooling along one dim, and the padding beyond the input's.

    As torch: the windows' count rounds up, but the last window must start inside the
    input or its left padding.
    """
    out = -(-(size + 2 * pad - span) // stride) + 1
    if (out - 1) * stride >= size + pad:
        out -= 1
    return out, max(0, (out - 1) * stride + span - size - 2 * pad)


def _geometry(
    op: str,
    shape: tuple[int, ...],
    kernel: Any,
    stride: Any,
    padding: Any,
    pool: bool = False,
    dilation: Any = 1,
    ceil_mode: bool = False,
) -> _Geom:
    kh, kw = _pair(kernel, "kernel_size", op, 1)
    sh, sw = _pair(kernel if stride is None else stride, "stride", op, 1)
    # the modules pass their stored (1, 1); either form of no dilation skips the checks
    undilated = (type(dilation) is int and dilation == 1) or (
        type(dilation) is tuple and dilation == (1, 1)
    )
    dh, dw = (1, 1) if undilated else _dilation(dilation, op)
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if isinstance(padding, str) and not pool:
        ph, pw, eh, ew = _same_padding(op, padding, (sh, sw), (span_h, span_w))
    else:
        (ph, pw), eh, ew = _pair(padding, "padding", op, 0), 0, 0
    if pool and (2 * ph > kh or 2 * pw > kw):
        raise RuntimeError(
            f"{op}: padding {(ph, pw)} should be at most half of kernel_size {(kh, kw)}"
        )
    n, c, h, w = shape
    if ceil_mode:
        (oh, eh), (ow, ew) = _ceil_size(h, span_h, sh, ph), _ceil_size(w, span_w, sw, pw)
        if oh < 1 or ow < 1:
            raise RuntimeError(
                f"{op}: given input shape {shape}, the calculated output size "
                f"{(oh, ow)} is too small (kernel_size {(kh, kw)}, stride "
                f"{(sh, sw)}, padding {(ph, pw)}, dilation {(dh, dw)})"
            )
        return _Geom(n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, dh, dw, eh, ew)
    if h + 2 * ph + eh < span_h or w + 2 * pw + ew < span_w:
        dilated = f" (dilation {(dh, dw)} spans {(span_h, span_w)})" if (dh, dw) != (1, 1) else ""
        raise RuntimeError(
            f"{op}: kernel size {(kh, kw)}{dilated} is larger than the padded input size "
            f"{(h + 2 * ph + eh, w + 2 * pw + ew)} (input shape {shape}, padding {(ph, pw)})"
        )
    return _Geom(
        n,
        c,
        h,
        w,
        kh,
        kw,
        sh,
        sw,
        ph,
        pw,
        (h + 2 * ph + eh - span_h) // sh + 1,
        (w + 2 * pw + ew - span_w) // sw + 1,
        dh,
        dw,
        eh,
        ew,
    )


def _image(x: TensorLike, op: str) -> tuple[Tensor, bool]:
    """The input as a float (N, C, H, W) Tensor, and whether it was an unbatched (C, H, W)."""
    x = as_tensor(x)
    if x.ndim not in (3, 4):
        raise RuntimeError(
            f"{op}: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape {x.shape}"
        )
    if x._data.dtype.kind not in "fc":
        raise RuntimeError(f"{op}: expected a floating-point input, got dtype {x._data.dtype}")
    return (x.reshape(1, *x.shape), True) if x.ndim == 3 else (x, False)


def conv2d(
    input: TensorLike,
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] | str = 0,
    dilation: int | tuple[int, int] = 1,
    groups: int = 1,
) -> Tensor:
    """2-D convolution (cross-correlation, as ``torch.nn.functional.conv2d``).

    Args:
        input: images of shape (N, C, H, W), or (C, H, W) for one image.
        weight: filters of shape (O, C/groups, kh, kw).
        bias: optional (O,) added to every output pixel.
        stride: an int or an (h, w) pair.
        padding: an int or an (h, w) pair of zeros added on both sides; ``"valid"`` (none);
            or ``"same"`` (stride 1 only): the output keeps the input's size, and an odd
            total padding puts the extra row/column at the bottom/right.
        dilation: spacing between kernel elements, an int or a pair.
        groups: split the channels into this many groups, each convolved with its own
            O/groups filters (``groups=C``: depthwise); must divide C and O.

    Returns:
        (N, O, OH, OW) with OH = (H + 2*padding - dilation*(kh-1) - 1) // stride + 1 (likewise OW).

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.conv import conv2d
        >>> conv2d(ag.ones(1, 1, 4, 4), ag.ones(2, 1, 3, 3), padding=1)[0, 0]
        tensor([[4., 6., 6., 4.],
                [6., 9., 9., 6.],
                [6., 9., 9., 6.],
                [4., 6., 6., 4.]])
        >>> conv2d(ag.ones(1, 4, 5, 5), ag.ones(4, 1, 2, 2), padding="same", groups=4).shape
        (1, 4, 5, 5)
    """
    x, unbatched = _image(input, "conv2d")
    weight = as_tensor(weight)
    if weight.ndim != 4:
        raise RuntimeError(
            f"conv2d: weight must be 4-D (out_channels, in_channels, kh, kw), "
            f"got shape {weight.shape}"
        )
    if groups != 1:
        _check_groups(groups, x.shape, weight.shape)
    elif weight.shape[1] != x.shape[1]:
        raise RuntimeError(
            f"conv2d: weight of shape {weight.shape} expects input with {weight.shape[1]} "
            f"channels, but got input of shape {x.shape} with {x.shape[1]} channels"
        )
    if weight._data.dtype != x._data.dtype:
        raise RuntimeError(
            f"conv2d: input dtype {x._data.dtype} and weight dtype "
            f"{weight._data.dtype} should be the same"
        )
    o, _, kh, kw = weight.shape
    g = _geometry("conv2d", x.shape, (kh, kw), stride, padding, dilation=dilation)
    if bias is not None:
        bias = as_tensor(bias)
        if bias.shape != (o,) or bias._data.dtype != x._data.dtype:
            raise RuntimeError(
                f"conv2d: bias must have shape ({o},) and dtype {x._data.dtype}, "
                f"got shape {bias.shape} and dtype {bias._data.dtype}"
            )
    if groups != 1:
        out = _grouped_conv2d(x, weight, bias, g, groups)
    elif bias is None:
        out = Conv2d.apply(x, weight, geom=g)
    else:
        out = Conv2d.apply(x, weight, bias, geom=g)
    return out.reshape(o, g.oh, g.ow) if unbatched else out


def _check_groups(groups: Any, x_shape: tuple[int, ...], w_shape: tuple[int, ...]) -> None:
    """RuntimeErrors as torch's unless ``groups`` splits both the input and the filters."""
    if not isinstance(groups, (int, np.integer)) or isinstance(groups, bool):
        raise TypeError(f"conv2d: groups must be an int, got {type(groups).__name__} {groups!r}")
    if groups <= 0:
        raise RuntimeError(f"conv2d: non-positive groups is not supported, got groups={groups}")
    if w_shape[0] % groups:
        raise RuntimeError(
            f"conv2d: Given groups={groups}, expected weight to be divisible by "
            f"{groups} at dimension 0, but got weight of shape {w_shape} instead"
        )
    if w_shape[1] * groups != x_shape[1]:
        raise RuntimeError(
            f"conv2d: Given groups={groups}, weight of shape {w_shape}, expected "
            f"input of shape {x_shape} to have {w_shape[1] * groups} channels, "
            f"but got {x_shape[1]} channels instead"
        )


def _grouped_conv2d(
    x: Tensor, weight: Tensor, bias: Tensor | None, g: _Geom, groups: int
) -> Tensor:
    """Each group's C/groups channels convolved with its O/groups filters; outputs joined."""
    c, o = g.c // groups, weight.shape[0] // groups
    geom = g._replace(c=c)
    outs = []
    for k in range(groups):
        parts = [x[:, k * c : (k + 1) * c], weight[k * o : (k + 1) * o]]
        if bias is not None:
            parts.append(bias[k * o : (k + 1) * o])
        outs.append(Conv2d.apply(*parts, geom=geom))  # (N, O/groups, OH, OW)
    return cat(outs, dim=1)


def max_pool2d(
    input: TensorLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """Maximum over each window, as ``torch.nn.functional.max_pool2d``.

    ``stride`` defaults to ``kernel_size``; padding is -inf, at most half the kernel.
    ``dilation`` spaces the window's elements. ``ceil_mode`` rounds the output size up
    (the last window may hang over the bottom/right edge, but must start inside the input
    or its left padding). The gradient of each window goes whole to its first maximum
    (row-major), as in PyTorch.

    Returns:
        (N, C, OH, OW), OH = (H + 2*padding - dilation*(kh-1) - 1) // stride + 1 (rounded up
        with ``ceil_mode``); with ``return_indices``, also the int64 flat index of each
        maximum into its (H, W) input plane, of the same shape.

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.conv import max_pool2d
        >>> max_pool2d(ag.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
        >>> max_pool2d(ag.arange(9.0).reshape(1, 3, 3), 2, ceil_mode=True, return_indices=True)[1]
        tensor([[[4, 5],
                 [7, 8]]])
    """
    x, unbatched = _image(input, "max_pool2d")
    g = _geometry(
        "max_pool2d",
        x.shape,
        kernel_size,
        stride,
        padding,
        pool=True,
        dilation=dilation,
        ceil_mode=ceil_mode,
    )
    if not return_indices:
        out = MaxPool2d.apply(x, geom=g)
        return out.reshape(out.shape[1:]) if unbatched else out
    sink: list[np.ndarray] = []
    out = MaxPool2d.apply(x, geom=g, indices=sink)
    indices = sink[0]
    if unbatched:
        out, indices = out.reshape(out.shape[1:]), indices[0]
    return out, Tensor._make(np.ascontiguousarray(indices))


def avg_pool2d(
    input: TensorLike,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """Mean over each window, as ``torch.nn.functional.avg_pool2d``.

    ``stride`` defaults to ``kernel_size``; padding is zeros, at most half the kernel.
    ``ceil_mode`` rounds the output size up, as in :func:`max_pool2d`. Each window's sum
    is divided by ``divisor_override`` if given; else by the number of its elements inside
    the input and padding (``count_include_pad=True``, the default; the overhang of
    ``ceil_mode`` never counts) or inside the input only (``count_include_pad=False``).

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.conv import avg_pool2d
        >>> avg_pool2d(ag.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
        >>> avg_pool2d(ag.ones(1, 1, 3, 3), 2, padding=1, count_include_pad=False)
        tensor([[[[1., 1.],
                  [1., 1.]]]])
    """
    x, unbatched = _image(input, "avg_pool2d")
    g = _geometry(
        "avg_pool2d", x.shape, kernel_size, stride, padding, pool=True, ceil_mode=ceil_mode
    )
    if divisor_override is not None and (
        not isinstance(divisor_override, (int, np.integer)) or isinstance(divisor_override, bool)
    ):
        raise TypeError(
            f"avg_pool2d: divisor_override must be an int or None, got "
            f"{type(divisor_override).__name__} {divisor_override!r}"
        )
    if divisor_override == 0:
        raise RuntimeError("avg_pool2d: divisor must be not zero, got divisor_override=0")
    cols = Im2col.apply(x, geom=g)  # (N*OH*OW, kh*kw*C)
    windows = cols.reshape(g.n, g.oh, g.ow, g.kh * g.kw, g.c)
    if divisor_override is None and count_include_pad and not (g.eh or g.ew):
        out = windows.mean(dim=3)  # (N, OH, OW, C)
    else:
        out = windows.sum(dim=3) / Tensor._make(
            _avg_divisors(g, count_include_pad, divisor_override, x._data.dtype)
        )
    out = out.permute(0, 3, 1, 2)  # (N, C, OH, OW)
    return out.reshape(out.shape[1:]) if unbatched else out


def _avg_divisors(
    g: _Geom, count_include_pad: bool, divisor_override: int | None, dtype: np.dtype
) -> np.ndarray:
    """What each window's sum is divided by, as (1, OH, OW, 1) (a scalar with an override)."""
    if divisor_override is not None:
        return np.asarray(divisor_override, dtype)

    def counts(out: int, stride: int, pad: int, k: int, size: int) -> np.ndarray:
        start = np.arange(out) * stride - pad  # in input coordinates
        end = np.minimum(start + k, size + pad)  # the ceil_mode overhang never counts
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, size)
        return end - start

    rows, cols = counts(g.oh, g.sh, g.ph, g.kh, g.h), counts(g.ow, g.sw, g.pw, g.kw, g.w)
    return np.multiply.outer(rows, cols).astype(dtype)[None, :, :, None]
