"""Ops that neural-network layers compose: linear, softmax, convolution, pooling, losses, GELU.

Fused where fusing buys speed or stability: ``Linear`` is one node for
``x @ W^T + b``; ``LogSoftmax`` and ``CrossEntropy`` subtract the row maximum
(log-sum-exp), so logits of +-1e4 stay finite.

Images are (N, C, H, W) to the user, but the kernels work on the channels-last
view (N, H, W, C) and return their outputs as channels-last memory seen through
an (N, C, H, W) view. NumPy's elementwise ops keep that layout, so a
conv -> relu -> pool -> conv stack never transposes memory, and ``im2col`` copies
whole channel rows instead of gathering single pixels (about 8x faster for a
32-channel 13x13 input). ``Conv2d`` is one node (im2col + one matmul); under
``create_graph`` its backward is built from ``Im2col`` and ``Col2im`` (each the
other's backward), so convolutions have second derivatives at no first-order cost.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._shape import normalize_dim
from ..function import Function, call
from ..tensor import Tensor
from .elementwise import _float, as_tensor

TensorLike = Any


class Linear(Function):
    """out = x @ W^T + b.  d/dx = grad @ W,  d/dW = grad^T @ x,  d/db = grad summed over rows."""

    @staticmethod
    def forward(ctx, x, weight, bias=None):
        ctx.save_for_backward(x, weight)
        out = x @ weight.T
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        needs = ctx.needs_input_grad
        grad_x = grad @ weight if needs[0] else None
        rows = grad.reshape((-1, grad.shape[-1]))  # (N, out)
        grad_w = rows.swapaxes(0, 1) @ x.reshape((-1, x.shape[-1])) if needs[1] else None
        grad_b = _column_sums(rows) if len(needs) > 2 and needs[2] else None
        return grad_x, grad_w, grad_b


def _column_sums(rows: Any) -> Any:
    """``rows.sum(axis=0)``; for arrays as ``ones @ rows``, a BLAS call about 4x faster than
    NumPy's reduction over the rows of a tall (N*OH*OW, out) matrix."""
    if isinstance(rows, np.ndarray):
        return np.ones(rows.shape[0], rows.dtype) @ rows
    return rows.sum(axis=0)


class LogSoftmax(Function):
    """out = x - logsumexp(x, dim).  d/dx = grad - softmax(x) * grad.sum(dim)."""

    @staticmethod
    def forward(ctx, x, *, dim):
        shifted = x - x.max(axis=dim, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad - np.exp(out) * grad.sum(axis=ctx.dim, keepdims=True),)


class Softmax(Function):
    """out = exp(x) / sum(exp(x), dim).  d/dx = out * (grad - (grad * out).sum(dim))."""

    @staticmethod
    def forward(ctx, x, *, dim):
        e = np.exp(x - x.max(axis=dim, keepdims=True))
        out = e / e.sum(axis=dim, keepdims=True)
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (out * (grad - (grad * out).sum(axis=ctx.dim, keepdims=True)),)


def linear(x: TensorLike, weight: TensorLike, bias: TensorLike | None = None) -> Tensor:
    """``x @ weight.T + bias`` in one node, as ``torch.nn.functional.linear``.

    Example:
        >>> import autograd as ag
        >>> ag.linear(ag.ones(2, 3), ag.ones(4, 3), ag.zeros(4)).shape
        (2, 4)
    """
    x, weight = as_tensor(x), as_tensor(weight)
    if weight.ndim != 2:
        raise RuntimeError(f"linear: weight must be 2-D (out, in), got shape {weight.shape}")
    if x.ndim == 0 or x.shape[-1] != weight.shape[1]:
        raise RuntimeError(
            f"linear: input shape {x.shape} and weight shape {weight.shape} cannot be "
            f"multiplied (the input's last dim must be in_features={weight.shape[1]}, "
            f"got {x.shape[-1] if x.ndim else 'a 0-d tensor'})"
        )
    if bias is None:
        return Linear.apply(x, weight)
    bias = as_tensor(bias)
    if bias.shape not in ((weight.shape[0],), ()):
        raise RuntimeError(
            f"linear: bias shape {bias.shape} does not match out_features={weight.shape[0]}"
        )
    return Linear.apply(x, weight, bias)


def softmax(x: TensorLike, dim: int) -> Tensor:
    """Softmax along ``dim``: non-negative, sums to 1, stable for large inputs.

    Example:
        >>> import autograd as ag
        >>> ag.softmax(ag.tensor([0.0, 0.0]), dim=0)
        tensor([0.5000, 0.5000])
    """
    x = _float(x)
    return Softmax.apply(x, dim=normalize_dim(dim, x.ndim, "softmax"))


def log_softmax(x: TensorLike, dim: int) -> Tensor:
    """``log(softmax(x))`` along ``dim``, computed with log-sum-exp.

    Example:
        >>> import autograd as ag
        >>> ag.log_softmax(ag.tensor([1e4, 0.0]), dim=0)
        tensor([     0., -10000.])
    """
    x = _float(x)
    return LogSoftmax.apply(x, dim=normalize_dim(dim, x.ndim, "log_softmax"))




# -- convolution and pooling ----------------------------------------------------------------


class _Geom(NamedTuple):
    """Where the windows of a 2-D convolution or pooling sit on an (N, C, H, W) input."""

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

    def offsets(self) -> list[tuple[slice, ...]]:
        """Per kernel offset (i, j), row-major: the (N, OH, OW, C) slice of the padded input."""
        return [(slice(None), slice(i, i + self.sh * (self.oh - 1) + 1, self.sh),
                 slice(j, j + self.sw * (self.ow - 1) + 1, self.sw))
                for i in range(self.kh) for j in range(self.kw)]

    def padded_zeros(self, dtype: np.dtype) -> np.ndarray:
        return np.zeros((self.n, self.h + 2 * self.ph, self.w + 2 * self.pw, self.c), dtype)

    def crop(self, padded: np.ndarray) -> np.ndarray:
        """A channels-last padded image back to the (N, C, H, W) view of its interior."""
        return padded[:, self.ph:self.ph + self.h, self.pw:self.pw + self.w].transpose(0, 3, 1, 2)


def _padded_hwc(x: np.ndarray, g: _Geom, fill: float) -> np.ndarray:
    """(N, C, H, W) -> the channels-last (N, H+2ph, W+2pw, C) image, padded with ``fill``."""
    xh = x.transpose(0, 2, 3, 1)
    if not (g.ph or g.pw):
        return xh
    xp = np.full((g.n, g.h + 2 * g.ph, g.w + 2 * g.pw, g.c), fill, dtype=x.dtype)
    xp[:, g.ph:g.ph + g.h, g.pw:g.pw + g.w] = xh
    return xp


def _im2col(x: np.ndarray, g: _Geom) -> np.ndarray:
    """(N, C, H, W) -> cols (N*OH*OW, kh*kw*C): each row one window, channels fastest."""
    xp = _padded_hwc(x, g, 0)
    if g.c == 1:  # copy whole shifted images (long rows), then view them as columns
        cols = np.empty((g.kh * g.kw, g.n, g.oh, g.ow, 1), x.dtype)
        for k, window in enumerate(g.offsets()):
            cols[k] = xp[window]
        return cols.reshape(g.kh * g.kw, -1).T  # (N*OH*OW, kh*kw), column-major
    if not xp.flags.c_contiguous:  # channels-first memory: one transpose first
        xp = np.ascontiguousarray(xp)
    win = sliding_window_view(xp, (g.kh, g.kw), axis=(1, 2))[:, ::g.sh, ::g.sw]
    # win: (N, OH, OW, C, kh, kw) -> cols (N*OH*OW, kh*kw*C), one copy
    return win.transpose(0, 1, 2, 4, 5, 3).reshape(g.n * g.oh * g.ow, g.kh * g.kw * g.c)


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
    Under ``create_graph`` the same gradients are built from Im2col/Col2im, so they are
    differentiable again.
    """

    @staticmethod
    def forward(ctx, x, weight, bias=None, *, geom):
        cols = _im2col(x, geom)  # (N*OH*OW, kh*kw*C)
        o = weight.shape[0]
        out = cols @ weight.transpose(0, 2, 3, 1).reshape(o, -1).T  # (N*OH*OW, O)
        if bias is not None:
            out += bias
        ctx.geom = geom
        ctx.save_for_backward(x, weight, cols)
        return out.reshape(geom.n, geom.oh, geom.ow, o).transpose(0, 3, 1, 2)

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
        grad_x = _conv_grad_input(rows, w, g) if needs[0] else None
        grad_w = None
        if needs[1]:
            grad_w = (rows.swapaxes(0, 1) @ cols).reshape(w.shape)  # (O, kh, kw, C)
            grad_w = grad_w.transpose(0, 3, 1, 2) if isinstance(grad_w, np.ndarray) \
                else grad_w.permute(0, 3, 1, 2)
        grad_b = _column_sums(rows) if len(needs) > 2 and needs[2] else None
        return grad_x, grad_w, grad_b


def _conv_grad_input(rows: Any, w: Any, g: _Geom) -> Any:
    """d/dx of a convolution from its output grad ``rows`` (N*OH*OW, O) and ``w`` (O, kh, kw, C)."""
    o = w.shape[0]
    if not isinstance(rows, np.ndarray) or g.sh > 1 or g.sw > 1 or g.ph >= g.kh \
            or g.pw >= g.kw:
        return call(Col2im, rows @ w.reshape(o, -1), geom=g)
    # Stride 1: convolve the grad, padded by k-1-p, with the flipped, transposed filters.
    back = _Geom(g.n, o, g.oh, g.ow, g.kh, g.kw, 1, 1, g.kh - 1 - g.ph, g.kw - 1 - g.pw,
                 g.h, g.w)
    grad = rows.reshape(g.n, g.oh, g.ow, o).transpose(0, 3, 1, 2)
    flipped = w[:, ::-1, ::-1].transpose(1, 2, 0, 3).reshape(-1, g.c)  # (kh*kw*O, C)
    return (_im2col(grad, back) @ flipped).reshape(g.n, g.h, g.w, g.c).transpose(0, 3, 1, 2)


class MaxPool2d(Function):
    """out = max over each window.  d/dx = grad at the window's first maximum (row-major), as torch.

    ``route[k]`` marks, per output element, whether kernel offset ``k`` holds that first maximum;
    the backward scatters through it and the scatter's own backward gathers through it.
    """

    @staticmethod
    def forward(ctx, x, *, geom):
        xp = _padded_hwc(x, geom, -np.inf)
        windows = [xp[sl] for sl in geom.offsets()]  # each (N, OH, OW, C)
        out = windows[0].copy()
        for w in windows[1:]:
            np.maximum(out, w, out=out)
        route = np.empty((len(windows),) + out.shape, dtype=bool)
        np.equal(windows[0], out, out=route[0])
        taken = route[0].copy()
        for k in range(1, len(windows)):
            np.equal(windows[k], out, out=route[k])
            np.greater(route[k], taken, out=route[k])  # a hit not already taken (ties: first wins)
            if k + 1 < len(windows):
                taken |= route[k]
        ctx.route, ctx.geom = route, geom
        return out.transpose(0, 3, 1, 2)

    @staticmethod
    def backward(ctx, grad):
        return (call(_RouteScatter, grad, route=ctx.route, geom=ctx.geom),)


class _RouteScatter(Function):
    """Pooled grad (N, C, OH, OW) -> input grad, each value added at its routed offset."""

    @staticmethod
    def forward(ctx, grad, *, route, geom):
        ctx.route, ctx.geom = route, geom
        # (N, OH, OW, C); one copy when the grad arrives channels-first (after a Flatten)
        gh = np.ascontiguousarray(grad.transpose(0, 2, 3, 1))
        out = geom.padded_zeros(grad.dtype)
        overlap = geom.sh < geom.kh or geom.sw < geom.kw
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


def _pair(value: Any, name: str, op: str, minimum: int) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and v >= minimum for v in pair):
        raise ValueError(f"{op}: {name} must be an int >= {minimum} or a pair of them, "
                         f"got {value!r}")
    return int(pair[0]), int(pair[1])


def _geometry(op: str, shape: tuple[int, ...], kernel: Any, stride: Any, padding: Any,
              pool: bool = False) -> _Geom:
    kh, kw = _pair(kernel, "kernel_size", op, 1)
    sh, sw = _pair(kernel if stride is None else stride, "stride", op, 1)
    ph, pw = _pair(padding, "padding", op, 0)
    if pool and (2 * ph > kh or 2 * pw > kw):
        raise ValueError(f"{op}: padding {(ph, pw)} should be at most half of kernel_size "
                         f"{(kh, kw)}")
    n, c, h, w = shape
    if h + 2 * ph < kh or w + 2 * pw < kw:
        raise RuntimeError(
            f"{op}: kernel size {(kh, kw)} is larger than the padded input size "
            f"{(h + 2 * ph, w + 2 * pw)} (input shape {shape}, padding {(ph, pw)})"
        )
    return _Geom(n, c, h, w, kh, kw, sh, sw, ph, pw, (h + 2 * ph - kh) // sh + 1,
                 (w + 2 * pw - kw) // sw + 1)


def _image(x: TensorLike, op: str) -> tuple[Tensor, bool]:
    """The input as a float (N, C, H, W) Tensor, and whether it was an unbatched (C, H, W)."""
    x = as_tensor(x)
    if x.ndim not in (3, 4):
        raise RuntimeError(f"{op}: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, "
                           f"got shape {x.shape}")
    if x.data.dtype.kind not in "fc":
        raise RuntimeError(f"{op}: expected a floating-point input, got dtype {x.data.dtype}")
    return (x.reshape(1, *x.shape), True) if x.ndim == 3 else (x, False)


def conv2d(x: TensorLike, weight: TensorLike, bias: TensorLike | None = None,
           stride: int | tuple[int, int] = 1, padding: int | tuple[int, int] = 0) -> Tensor:
    """2-D convolution (cross-correlation, as ``torch.nn.functional.conv2d``).

    Args:
        x: input of shape (N, C, H, W), or (C, H, W) for one image.
        weight: filters of shape (O, C, kh, kw).
        bias: optional (O,) added to every output pixel.
        stride, padding: an int or an (h, w) pair; padding adds zeros on both sides.

    Returns:
        (N, O, OH, OW) with OH = (H + 2*padding - kh) // stride + 1 (likewise OW).

    Example:
        >>> import autograd as ag
        >>> ag.ops.nn.conv2d(ag.ones(1, 1, 4, 4), ag.ones(2, 1, 3, 3), padding=1)[0, 0]
        tensor([[4., 6., 6., 4.],
                [6., 9., 9., 6.],
                [6., 9., 9., 6.],
                [4., 6., 6., 4.]])
    """
    x, unbatched = _image(x, "conv2d")
    weight = as_tensor(weight)
    if weight.ndim != 4:
        raise RuntimeError(f"conv2d: weight must be 4-D (out_channels, in_channels, kh, kw), "
                           f"got shape {weight.shape}")
    if weight.shape[1] != x.shape[1]:
        raise RuntimeError(
            f"conv2d: weight of shape {weight.shape} expects input with {weight.shape[1]} "
            f"channels, but got input of shape {x.shape} with {x.shape[1]} channels"
        )
    if weight.data.dtype != x.data.dtype:
        raise RuntimeError(f"conv2d: input dtype {x.data.dtype} and weight dtype "
                           f"{weight.data.dtype} should be the same")
    o, _, kh, kw = weight.shape
    g = _geometry("conv2d", x.shape, (kh, kw), stride, padding)
    if bias is None:
        out = Conv2d.apply(x, weight, geom=g)
    else:
        bias = as_tensor(bias)
        if bias.shape != (o,) or bias.data.dtype != x.data.dtype:
            raise RuntimeError(f"conv2d: bias must have shape ({o},) and dtype {x.data.dtype}, "
                               f"got shape {bias.shape} and dtype {bias.data.dtype}")
        out = Conv2d.apply(x, weight, bias, geom=g)
    return out.reshape(o, g.oh, g.ow) if unbatched else out


def max_pool2d(x: TensorLike, kernel_size: int | tuple[int, int],
               stride: int | tuple[int, int] | None = None,
               padding: int | tuple[int, int] = 0) -> Tensor:
    """Maximum over each window, as ``torch.nn.functional.max_pool2d``.

    ``stride`` defaults to ``kernel_size``; padding is -inf. The gradient of each window
    goes whole to its first maximum (row-major), as in PyTorch.

    Example:
        >>> import autograd as ag
        >>> ag.ops.nn.max_pool2d(ag.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    x, unbatched = _image(x, "max_pool2d")
    g = _geometry("max_pool2d", x.shape, kernel_size, stride, padding, pool=True)
    out = MaxPool2d.apply(x, geom=g)
    return out.reshape(out.shape[1:]) if unbatched else out


def avg_pool2d(x: TensorLike, kernel_size: int | tuple[int, int],
               stride: int | tuple[int, int] | None = None,
               padding: int | tuple[int, int] = 0) -> Tensor:
    """Mean over each window, as ``torch.nn.functional.avg_pool2d``.

    ``stride`` defaults to ``kernel_size``; zero padding counts in the mean
    (PyTorch's ``count_include_pad=True``).

    Example:
        >>> import autograd as ag
        >>> ag.ops.nn.avg_pool2d(ag.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    x, unbatched = _image(x, "avg_pool2d")
    g = _geometry("avg_pool2d", x.shape, kernel_size, stride, padding, pool=True)
    cols = Im2col.apply(x, geom=g)  # (N*OH*OW, kh*kw*C)
    out = cols.reshape(g.n, g.oh, g.ow, g.kh * g.kw, g.c).mean(dim=3)  # (N, OH, OW, C)
    out = out.permute(0, 3, 1, 2)  # (N, C, OH, OW)
    return out.reshape(out.shape[1:]) if unbatched else out


# -- losses -------------------------------------------------------------------------------------

_REDUCTIONS = ("mean", "sum", "none")


class CrossEntropy(Function):
    """loss_i = -sum_c dist[i, c] * log_softmax(x)[i, c], then reduced; ``dist`` is constant.

    d/dx_i = scale_i * (softmax(x_i) * sum_c dist[i, c] - dist[i]), scale = grad / denom for mean.
    """

    @staticmethod
    def forward(ctx, x, *, dist, reduction, denom):
        shifted = x - x.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        losses = -(dist * logp).sum(axis=1)  # (M,)
        ctx.dist, ctx.reduction, ctx.denom = dist, reduction, denom
        ctx.save_for_backward(x)
        if reduction == "none":
            return losses
        total = losses.sum()
        if reduction == "mean":  # nothing to average (all ignored): NaN, as torch
            total = total / denom if denom else np.nan
        return np.asarray(total, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        dist = ctx.dist
        if ctx.reduction == "none":
            grad = grad.reshape((-1, 1))
        elif ctx.reduction == "mean":
            grad = grad * (1.0 / ctx.denom if ctx.denom else 0.0)
        p = call(Softmax, x, dim=1)
        return ((p * dist.sum(axis=1, keepdims=True) - dist) * grad,)


def _rows(x: Tensor, target: Tensor, op: str) -> tuple[Tensor, Tensor]:
    """(C,) / (N, C) / (N, C, d1, ...) input -> (M, C) rows; matching target -> (M,)."""
    if x.ndim == 0:
        raise RuntimeError(f"{op}: input must have a class dimension, got a 0-d tensor")
    expected = () if x.ndim == 1 else (x.shape[0],) + x.shape[2:]
    if target.shape != expected:
        raise RuntimeError(f"{op}: input of shape {x.shape} expects class-index target of shape "
                           f"{expected}, got target shape {target.shape}")
    c = x.shape[0] if x.ndim == 1 else x.shape[1]
    if x.ndim > 2:  # move the class dim last
        x = x.permute(0, *range(2, x.ndim), 1)
    return x.reshape(-1, c), target.reshape(-1)


def _class_weights(target: np.ndarray, c: int, weight: Any, ignore_index: int, op: str,
                   dtype: np.dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-class weights (C,), the safe labels (M,) and each row's weight w[y] (0 where ignored)."""
    if target.dtype.kind not in "iu":
        raise RuntimeError(f"{op}: class-index target must be an integer tensor (int64), got "
                           f"dtype {target.dtype}")
    keep = target != ignore_index
    bad = target[keep & ((target < 0) | (target >= c))]
    if bad.size:
        raise IndexError(f"{op}: target label {bad.flat[0]} is out of bounds for {c} classes "
                         f"(labels must be in [0, {c - 1}] or ignore_index={ignore_index})")
    w = np.ones(c, dtype) if weight is None else np.asarray(as_tensor(weight).data, dtype)
    if w.shape != (c,):
        raise RuntimeError(f"{op}: weight must have shape ({c},) (one per class), got {w.shape}")
    labels = np.where(keep, target, 0)
    return w, labels, np.where(keep, w[labels], 0).astype(dtype)


def _check_reduction(reduction: str, op: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{op}: {reduction!r} is not a valid value for reduction "
                         f"(use 'mean', 'sum' or 'none')")


def cross_entropy(input: TensorLike, target: TensorLike, weight: TensorLike | None = None,
                  ignore_index: int = -100, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy of logits against class indices (or class probabilities), as torch.

    ``input`` is (N, C), (C,) or (N, C, d1, ...); ``target`` holds int class labels of shape
    (N,), () or (N, d1, ...), or float probabilities of ``input``'s shape. Log-softmax and
    the loss are one node, stable for large logits. With ``reduction="mean"`` and labels,
    the sum is divided by the total weight of the non-ignored targets.

    Example:
        >>> import autograd as ag
        >>> ag.ops.nn.cross_entropy(ag.tensor([[0.0, 0.0]]), ag.tensor([1]))
        tensor(0.6931)
    """
    op = "cross_entropy"
    _check_reduction(reduction, op)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing}")
    x, target = _float(input), as_tensor(target)
    if target.data.dtype.kind == "f" and target.shape == x.shape and x.ndim > 0:
        return _soft_cross_entropy(x, target, weight, reduction, label_smoothing)
    rows, labels = _rows(x, target, op)
    c = rows.shape[1]
    dtype = x.data.dtype
    w, labels, row_w = _class_weights(labels.data, c, weight, ignore_index, op, dtype)
    dist = np.zeros(rows.shape, dtype)
    dist[np.arange(len(labels)), labels] = (1.0 - label_smoothing) * row_w
    if label_smoothing:
        dist += (label_smoothing / c) * (row_w != 0)[:, None] * w
    out = CrossEntropy.apply(rows, dist=dist, reduction=reduction, denom=float(row_w.sum()))
    return out.reshape(target.shape) if reduction == "none" else out


def _soft_cross_entropy(x: Tensor, target: Tensor, weight: Any, reduction: str,
                        label_smoothing: float) -> Tensor:
    """Probability targets, composed: -(w * smoothed target * log_softmax(x)).sum(class dim)."""
    dim = 0 if x.ndim == 1 else 1
    c = x.shape[dim]
    t = target * (1.0 - label_smoothing) + label_smoothing / c if label_smoothing else target
    if weight is not None:
        w = np.asarray(as_tensor(weight).data, x.data.dtype)
        if w.shape != (c,):
            raise RuntimeError(f"cross_entropy: weight must have shape ({c},), got {w.shape}")
        t = t * w.reshape((c,) + (1,) * (x.ndim - dim - 1))
    losses = -(log_softmax(x, dim) * t).sum(dim=dim)
    return losses if reduction == "none" else losses.sum() if reduction == "sum" \
        else losses.mean()


def nll_loss(input: TensorLike, target: TensorLike, weight: TensorLike | None = None,
             ignore_index: int = -100, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of log-probabilities at class indices, as torch.

    ``loss_i = -weight[y_i] * input[i, y_i]``; ignored targets contribute 0, and the mean
    divides by the total weight of the non-ignored targets.

    Example:
        >>> import autograd as ag
        >>> ag.ops.nn.nll_loss(ag.tensor([[-0.5, -2.0], [-1.0, -0.25]]), ag.tensor([0, 1]))
        tensor(0.3750)
    """
    op = "nll_loss"
    _check_reduction(reduction, op)
    x, target = _float(input), as_tensor(target)
    rows, labels = _rows(x, target, op)
    w, labels, row_w = _class_weights(labels.data, rows.shape[1], weight, ignore_index, op,
                                      x.data.dtype)
    losses = rows[np.arange(len(labels)), labels] * -row_w  # (M,)
    if reduction == "none":
        return losses.reshape(target.shape)
    total, denom = losses.sum(), float(row_w.sum())
    if reduction == "sum":
        return total
    # nothing to average (all ignored): a NaN loss with zero gradient, as torch
    return total / denom if denom else total * 0.0 + float("nan")


# -- GELU ---------------------------------------------------------------------------------------

_ERF_SERIES = [(-1) ** k / (math.factorial(k) * (2 * k + 1)) for k in range(32)]
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1e-15 relative error (float64 inside), the input's dtype out.

    |x| < 2: the Maclaurin series 2/sqrt(pi) * sum (-1)^k x^(2k+1) / (k! (2k+1)), 32 terms;
    |x| >= 2: erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
    the Laplace continued fraction cut after 45 levels.
    """
    a = np.abs(x.astype(np.float64))
    out = np.empty_like(a)
    small = a < 2.0
    s = a[small]
    z, acc = s * s, np.zeros_like(s)
    for coef in reversed(_ERF_SERIES):
        acc = acc * z + coef
    out[small] = (2.0 / math.sqrt(math.pi)) * s * acc
    b = a[~small]
    frac = b.copy()
    for k in range(45, 0, -1):
        frac = b + (0.5 * k) / frac
    out[~small] = 1.0 - np.exp(-b * b) / (math.sqrt(math.pi) * frac)
    return np.copysign(out, x).astype(x.dtype)


class Erf(Function):
    """out = erf(x).  d/dx = grad * 2/sqrt(pi) * exp(-x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _erf(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * (2.0 / math.sqrt(math.pi)) * np.exp(-(x * x)),)


def _gelu_slope(x: Any, approximate: str) -> Any:
    """d gelu / dx, written with ops that work on arrays and on Tensors."""
    if approximate == "tanh":
        t = np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _SQRT_2_OVER_PI * (
            1.0 + 3 * 0.044715 * x * x)
    cdf = 0.5 * (1.0 + call(Erf, x * math.sqrt(0.5)))
    return cdf + x * np.exp(-0.5 * x * x) * (1.0 / math.sqrt(2.0 * math.pi))


class GELU(Function):
    """out = x * Phi(x) (Phi the normal CDF, or torch's tanh approximation).

    d/dx = grad * (Phi(x) + x * phi(x)); the tanh form differentiates its own formula.
    """

    @staticmethod
    def forward(ctx, x, *, approximate):
        ctx.approximate = approximate
        ctx.save_for_backward(x)
        if approximate == "tanh":
            return 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
        return x * (0.5 * (1.0 + _erf(x * math.sqrt(0.5))))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * _gelu_slope(x, ctx.approximate),)


def gelu(x: TensorLike, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit ``x * Phi(x)``, as ``torch.nn.functional.gelu``.

    Args:
        approximate: ``"none"`` for the exact erf form, ``"tanh"`` for
            ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    Example:
        >>> import autograd as ag
        >>> ag.ops.nn.gelu(ag.tensor([-1.0, 0.0, 1.0]))
        tensor([-0.1587,  0.0000,  0.8413])
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return GELU.apply(_float(x), approximate=approximate)
