"""One LSTM layer over a whole sequence as one node, with backpropagation through time.

A layer of ``nn.LSTM`` built from one fused step per time step makes, for a context of
64 characters, 64 nodes and 64 slices per layer and direction, each with its own small
products in backward. :class:`LSTMLayer` runs the same recurrence as one node: the input
projection of every step is one matrix product up front, each step one product with
``W_hh`` and a few in-place ufuncs, and backward walks the steps in reverse with one
product per step, leaving the weight gradients to two products over all steps at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..grad_mode import _state
from ..tensor import Tensor
from .nn import _join

# Gates are kept in the order o, i, f, g inside the layer (torch stores i, f, g, o): the
# three sigmoids are then one contiguous block, and so are the three gates whose
# gradient is a multiple of the cell gradient (i, f, g).
_ORDER = (3, 0, 1, 2)


def _reorder(n_hidden: int) -> np.ndarray:
    """Row indices taking torch's gate order i, f, g, o to the layer's o, i, f, g."""
    return np.concatenate([np.arange(k * n_hidden, (k + 1) * n_hidden) for k in _ORDER])


class LSTMLayer(Function):
    """``[h_1, ..., h_L, c_L]`` (shape ``(L + 1, N, H)``) of one LSTM layer over ``x``.

    Inputs ``x (L, N, I)``, ``h0``, ``c0 (N, H)``, ``W_ih (4H, I)``, ``W_hh (4H, H)``
    and optionally ``b_ih``, ``b_hh (4H,)``; ``reverse`` runs the steps from ``L`` down to
    1 (row ``t`` of the output is still the state after reading ``x[t]``). Per step,
    ``a = x_t W_ih^T + b_ih + h W_hh^T + b_hh`` split into i, f, g, o (torch's order),
    ``c' = f c + i g``, ``h' = o tanh(c')``.

    Backward through time, with ``dh`` the gradient reaching ``h'`` (from the output and
    from the next step) and ``dc = dc_next + dh o (1 - tanh(c')^2)``: ``d/da_i = dc g
    i (1 - i)``, ``d/da_f = dc c f (1 - f)``, ``d/da_g = dc i (1 - g^2)``, ``d/da_o = dh
    tanh(c') o (1 - o)``; the previous step receives ``d/dh = d/da W_hh`` and ``d/dc = dc
    f``. Over all steps ``A = [d/da_t]``: ``d/dx = A W_ih``, ``d/dW_ih = A^T X``,
    ``d/dW_hh = A^T [h_{t-1}]`` and both biases ``sum(A)``. Under ``create_graph`` the
    same formulas run on Tensors from a recomputed forward, so the layer is
    differentiable to any order.
    """

    @staticmethod
    def forward(ctx, x, h0, c0, w_ih, w_hh, *bias, reverse):
        # Each step works on (features, N) matrices, gates stacked on rows: every gate
        # is then a contiguous block, which NumPy's ufuncs run several times faster on
        # than on the column slices of an (N, 4H) matrix.
        L, N, _ = x.shape
        H = h0.shape[-1]
        perm = _reorder(H)
        w_ih_p, w_hh_p = w_ih[perm], np.ascontiguousarray(w_hh[perm])
        half = np.ones((4 * H, 1), x.dtype)
        half[: 3 * H] = 0.5  # sigmoid(a) = (tanh(a / 2) + 1) / 2: halve the sigmoid rows
        # every step's input projection (and both biases) at once, pre-halved
        proj = np.dot(x.reshape(L * N, -1), (w_ih_p * half).T)  # (L*N, 4H)
        gates = np.ascontiguousarray(proj.reshape(L, N, 4 * H).transpose(0, 2, 1))  # (L, 4H, N)
        if bias:
            gates += (bias[0] + bias[1])[perm, None] * half
        w_hh_half = w_hh_p * half  # (4H, H)
        states = np.empty((3, L, H, N), x.dtype)  # h, c and tanh(c) after each step
        hidden, cells, tanh_c = states
        h, c = np.ascontiguousarray(h0.T), np.ascontiguousarray(c0.T)  # (H, N)
        scratch, product = np.empty((H, N), x.dtype), np.empty((4 * H, N), x.dtype)
        for t in range(L - 1, -1, -1) if reverse else range(L):
            z = gates[t]  # (4H, N): o, i, f, g
            z += np.dot(w_hh_half, h, out=product)
            sig = z[: 3 * H]
            np.tanh(sig, out=sig)
            sig *= 0.5
            sig += 0.5
            np.tanh(z[3 * H :], out=z[3 * H :])
            o, i, f, g = z[:H], z[H : 2 * H], z[2 * H : 3 * H], z[3 * H :]
            c = np.multiply(f, c, out=cells[t])
            c += np.multiply(i, g, out=scratch)
            np.tanh(c, out=tanh_c[t])
            h = np.multiply(o, tanh_c[t], out=hidden[t])
        out = np.empty((L + 1, N, H), x.dtype)  # [h_1 .. h_L, c_L]
        out[:L] = hidden.transpose(0, 2, 1)
        out[L] = c.T
        ctx.reverse, ctx.perm = reverse, perm
        ctx.arrays = (gates, cells, tanh_c, w_ih_p, w_hh_p)
        ctx.save_for_backward(x, h0, c0, w_ih, w_hh, *bias, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, h0, c0, w_ih, w_hh, *bias, out = ctx.saved_tensors
        if _state.graph_backward:
            return _backward_recorded(ctx, grad, x, h0, c0, w_ih, w_hh, bias)
        return _backward_arrays(ctx, grad, x, h0, c0, out, bias)


def _shifted(seq: np.ndarray, first: np.ndarray, reverse: bool) -> np.ndarray:
    """The value before each step: ``[first, seq[0], ..., seq[L-2]]`` (mirrored if reverse)."""
    if reverse:
        return np.concatenate([seq[1:], first[None]])
    return np.concatenate([first[None], seq[:-1]])


def _backward_arrays(
    ctx: Any,
    grad: np.ndarray,
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    out: np.ndarray,
    bias: list[np.ndarray],
) -> tuple[np.ndarray | None, ...]:
    gates, cells, tanh_c, w_ih_p, w_hh_p = ctx.arrays
    L, H, N = cells.shape
    o, i, f, g = (gates[:, k * H : (k + 1) * H] for k in range(4))  # each (L, H, N)
    # the factors of each step that do not depend on the gradient, for all steps at once
    c_prev = _shifted(cells, c0.T, ctx.reverse)
    to_cell = o * (1.0 - tanh_c * tanh_c)  # d c' / d h'
    to_o = tanh_c * o * (1.0 - o)  # d/da_o per unit of dh
    to_ifg = np.concatenate(
        [g * i * (1.0 - i), c_prev * f * (1.0 - f), i * (1.0 - g * g)], axis=1
    ).reshape(L, 3, H, N)
    grad_t = np.ascontiguousarray(grad.transpose(0, 2, 1))  # (L + 1, H, N)
    da = np.empty((L, 4 * H, N), x.dtype)  # d/da per step, gates o, i, f, g on rows
    w_hh_t = np.ascontiguousarray(w_hh_p.T)  # (H, 4H)
    dh = np.zeros((H, N), x.dtype)
    dc = grad_t[L]
    scratch = np.empty((H, N), x.dtype)
    for t in range(L) if ctx.reverse else range(L - 1, -1, -1):
        dh += grad_t[t]
        dc += np.multiply(dh, to_cell[t], out=scratch)
        np.multiply(dh, to_o[t], out=da[t, :H])
        np.multiply(to_ifg[t], dc, out=da[t, H:].reshape(3, H, N))
        dc *= f[t]
        np.dot(w_hh_t, da[t], out=dh)
    cols = da.transpose(1, 0, 2).reshape(4 * H, L * N)  # (4H, L*N), steps in time order
    inverse = np.argsort(ctx.perm)
    needs = ctx.needs_input_grad
    grads: list[np.ndarray | None] = [
        np.dot(cols.T, w_ih_p).reshape(x.shape) if needs[0] else None,
        np.ascontiguousarray(dh.T) if needs[1] else None,
        np.ascontiguousarray(dc.T) if needs[2] else None,
        np.dot(cols, x.reshape(L * N, -1))[inverse] if needs[3] else None,
        None,
    ]
    if needs[4]:
        h_prev = _shifted(out[:L], h0, ctx.reverse).reshape(L * N, H)
        grads[4] = np.dot(cols, h_prev)[inverse]
    if bias:
        db = cols.sum(axis=1)[inverse]
        grads += [db if needs[5] else None, db.copy() if needs[6] else None]
    return tuple(grads)


def _backward_recorded(
    ctx: Any,
    grad: Tensor,
    x: Tensor,
    h0: Tensor,
    c0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    bias: list[Tensor],
) -> tuple[Tensor | None, ...]:
    """The same backward on Tensors (create_graph): the forward recomputed with Tensor ops
    in torch's gate order, then the steps in reverse, every product recorded."""
    from .shape import stack

    L, H = x.shape[0], h0.shape[-1]
    steps = list(range(L - 1, -1, -1) if ctx.reverse else range(L))
    xp = x @ w_ih.swapaxes(0, 1)  # (L, N, 4H)
    if bias:
        xp = xp + (bias[0] + bias[1])
    h, c = h0, c0
    saved = {}
    for t in steps:
        a = xp[t] + h @ w_hh.swapaxes(0, 1)
        i, f = a[:, :H].sigmoid(), a[:, H : 2 * H].sigmoid()
        g, o = a[:, 2 * H : 3 * H].tanh(), a[:, 3 * H :].sigmoid()
        c_new = f * c + i * g
        tc = c_new.tanh()
        saved[t] = (i, f, g, o, c, tc, h)
        h, c = o * tc, c_new
    dh, dc = None, grad[L]
    da = {}
    for t in reversed(steps):
        i, f, g, o, c_prev, tc, _ = saved[t]
        dh = grad[t] if dh is None else grad[t] + dh
        dc = dc + dh * o * (1.0 - tc * tc)
        da[t] = _join(
            [
                dc * g * i * (1.0 - i),
                dc * c_prev * f * (1.0 - f),
                dc * i * (1.0 - g * g),
                dh * tc * o * (1.0 - o),
            ]
        )  # (N, 4H)
        dc = dc * f
        dh = da[t] @ w_hh
    rows = stack([da[t] for t in range(L)]).reshape((-1, 4 * H))  # (L*N, 4H), time order
    h_prev = stack([saved[t][6] for t in range(L)]).reshape((-1, H))
    needs = ctx.needs_input_grad
    grads: list[Tensor | None] = [
        (rows @ w_ih).reshape(x.shape) if needs[0] else None,
        dh if needs[1] else None,
        dc if needs[2] else None,
        rows.swapaxes(0, 1) @ x.reshape((-1, x.shape[-1])) if needs[3] else None,
        rows.swapaxes(0, 1) @ h_prev if needs[4] else None,
    ]
    if bias:
        grads += [rows.sum(axis=0) if needs[k] else None for k in (5, 6)]
    return tuple(grads)


def lstm_layer(
    x: Tensor,
    h0: Tensor,
    c0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None,
    b_hh: Tensor | None,
    reverse: bool = False,
) -> Tensor:
    """One LSTM layer over ``x (L, N, I)`` as one node (see :class:`LSTMLayer`); returns
    ``(L + 1, N, H)``: the hidden state after each step, then the last cell state.

    Shapes and dtypes are checked by :class:`nn.LSTM`, which calls it.

    Example:
        >>> import autograd as ag
        >>> from autograd.ops.lstm import lstm_layer
        >>> x, h0 = ag.randn(5, 2, 3), ag.zeros(2, 4)
        >>> w_ih, w_hh = ag.randn(16, 3), ag.randn(16, 4)
        >>> lstm_layer(x, h0, h0, w_ih, w_hh, None, None).shape
        (6, 2, 4)
    """
    args = [x, h0, c0, w_ih, w_hh]
    if b_ih is not None and b_hh is not None:
        args += [b_ih, b_hh]
    return LSTMLayer.apply(*args, reverse=reverse)
