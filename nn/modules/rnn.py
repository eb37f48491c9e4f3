"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` over whole sequences, and their one-step cells.

An LSTM layer runs over the whole sequence as one node
(:func:`autograd.ops.lstm.lstm_layer`) with a hand-written backward through time; RNN
and GRU steps, and the cells, are composed from autograd ops (``linear``, ``sigmoid``,
``tanh``; an LSTM cell is one fused node). Every backward recomputes with Tensor ops
under ``create_graph``, so the layers are differentiable to any order. The input
projection ``x @ W_ih^T + b_ih`` of every time step is one matrix product before the
loop; only the recurrent product ``h @ W_hh^T + b_hh`` runs step by step. Parameter
names, shapes, gate order and initialisation are torch's, so a torch ``state_dict`` loads
unchanged.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, cast

import numpy as np

import autograd as ag
from autograd import Tensor
from autograd.dtypes import DTypeLike, to_dtype
from autograd.ops.lstm import lstm_layer
from autograd.ops.nn import linear, lstm_cell

from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _rnn_step(act: Any) -> Any:
    def step(xp: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
        return act(xp + linear(h, w_hh, b_hh))

    return step


def _lstm_step(
    xp: Tensor, state: tuple[Tensor, Tensor], w_hh: Tensor, b_hh: Tensor | None
) -> tuple[Tensor, Tensor]:
    """Gates in torch's order i, f, g, o: ``c' = f c + i g``, ``h' = o tanh(c')``; one
    fused node (:func:`autograd.ops.nn.lstm_cell`) and a slice for each of h' and c'."""
    h, c = state
    both = lstm_cell(xp, h, c, w_hh, b_hh)  # (N, 2H): [h', c']
    H = c.shape[-1]
    return both[:, :H], both[:, H:]


def _gru_step(xp: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
    """Gates r, z, n: ``n = tanh(x_n + r (W_hn h + b_hn))``, ``h' = (1 - z) n + z h``."""
    x_r, x_z, x_n = xp.chunk(3, dim=-1)
    h_r, h_z, h_n = linear(h, w_hh, b_hh).chunk(3, dim=-1)  # each (N, H)
    r = (x_r + h_r).sigmoid()
    z = (x_z + h_z).sigmoid()
    n = (x_n + r * h_n).tanh()
    return n + z * (h - n)


def _lstm_sequence(
    x: Tensor,
    state: tuple[Tensor, Tensor],
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None,
    b_hh: Tensor | None,
    reverse: bool,
) -> tuple[Tensor, tuple[Tensor, Tensor]]:
    """One LSTM layer and direction over ``x`` (L, N, H_in) as one fused node
    (:func:`autograd.ops.lstm.lstm_layer`): the outputs (L, N, H) and the final (h, c)."""
    if x.dtype != w_ih.dtype:  # linear() raises torch's error for the mismatch
        linear(x, w_ih, b_ih)
    L = x.shape[0]
    both = lstm_layer(x, state[0], state[1], w_ih, w_hh, b_ih, b_hh, reverse)  # (L + 1, N, H)
    return both[:L], (both[0 if reverse else L - 1], both[L])


_STEPS = {
    "RNN_TANH": _rnn_step(ag.tanh),
    "RNN_RELU": _rnn_step(ag.relu),
    "LSTM": _lstm_step,
    "GRU": _gru_step,
}


def _check_positive(name: str, value: Any) -> None:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value}")


class RNNBase(Module):
    """The shared machinery of :class:`RNN`, :class:`LSTM` and :class:`GRU`.

    Example:
        >>> import nn
        >>> [name for name, _ in nn.GRU(2, 3, bidirectional=True).named_parameters()][:5]
        ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l0_reverse']
    """

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__()
        _check_positive("hidden_size", hidden_size)
        _check_positive("num_layers", num_layers)
        if isinstance(dropout, bool) or not 0.0 <= float(dropout) <= 1.0:
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the "
                f"probability of an element being zeroed, got {dropout}"
            )
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, so "
                f"non-zero dropout expects num_layers greater than 1, but got "
                f"dropout={dropout} and num_layers={num_layers}",
                stacklevel=3,
            )
        if proj_size != 0:
            raise NotImplementedError(
                f"{type(self).__name__}: proj_size={proj_size} is not supported; only proj_size=0"
            )
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, 0
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names: list[str] = []
        for layer in range(num_layers):
            width = input_size if layer == 0 else hidden_size * directions
            for suffix in ("", "_reverse")[:directions]:
                shapes: dict[str, tuple[int, ...]] = {
                    "weight_ih": (gate_size, width),
                    "weight_hh": (gate_size, hidden_size),
                }
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                for kind, shape in shapes.items():
                    name = f"{kind}_l{layer}{suffix}"
                    setattr(self, name, Parameter(np.empty(shape, dtype=dtype)))
                    self._flat_weights_names.append(name)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every weight and bias from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for name in self._flat_weights_names:
            init.uniform_(getattr(self, name), -bound, bound)

    def flatten_parameters(self) -> None:
        """A no-op, for torch compatibility (there is no cuDNN weight buffer to compact)."""

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters grouped per layer and direction, as torch's ``all_weights``."""
        per = 4 if self.bias else 2
        params = [getattr(self, n) for n in self._flat_weights_names]
        return [params[i : i + per] for i in range(0, len(params), per)]

    def _layer_params(self, layer: int, reverse: bool) -> tuple[Any, ...]:
        suffix = f"_l{layer}" + ("_reverse" if reverse else "")
        p = self._parameters
        return (
            p["weight_ih" + suffix],
            p["weight_hh" + suffix],
            p.get("bias_ih" + suffix),
            p.get("bias_hh" + suffix),
        )

    def _check_input(self, x: Tensor) -> None:
        if x.ndim not in (2, 3):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                f"{x.ndim}D tensor instead (shape {x.shape})"
            )
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected "
                f"{self.input_size}, got {x.shape[-1]} (input shape {x.shape})"
            )

    def _check_hidden(self, h: Tensor, expected: tuple[int, ...], what: str) -> None:
        if tuple(h.shape) != expected:
            raise RuntimeError(f"Expected {what} size {expected}, got {list(h.shape)}")

    def _run(self, x: Tensor, states: list[Any]) -> tuple[Tensor, list[Any]]:
        """The stacked layers over ``x`` (L, N, H_in) from per-(layer, direction) states."""
        step = _STEPS[self.mode]
        directions = 2 if self.bidirectional else 1
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for d in range(directions):
                w_ih, w_hh, b_ih, b_hh = self._layer_params(layer, d == 1)
                state = states[layer * directions + d]
                if self.mode == "LSTM" and x.shape[0]:  # the whole sequence as one node
                    seq_out, state = _lstm_sequence(x, state, w_ih, w_hh, b_ih, b_hh, d == 1)
                    outputs.append(seq_out)
                    finals.append(state)
                    continue
                xp = linear(x, w_ih, b_ih)  # (L, N, G): every step's input projection at once
                seq: list[Tensor | None] = [None] * x.shape[0]  # filled in time order below
                for t in range(x.shape[0] - 1, -1, -1) if d else range(x.shape[0]):
                    state = step(xp[t], state, w_hh, b_hh)
                    seq[t] = state[0] if isinstance(state, tuple) else state
                outputs.append(
                    ag.stack(cast("list[Tensor]", seq), 0)
                    if seq
                    else x[:, :, :0].expand(0, x.shape[1], self.hidden_size)
                )  # (L, N, H)
                finals.append(state)
            x = outputs[0] if directions == 1 else ag.cat(outputs, dim=-1)  # (L, N, D*H)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout)
        return x, finals

    def _forward(self, input: Tensor, hx: Any, lstm: bool) -> tuple[Tensor, Any]:
        x = input if isinstance(input, Tensor) else ag.tensor(input)
        self._check_input(x)
        batched = x.ndim == 3
        if not batched:
            x = x.unsqueeze(1)  # (L, 1, H_in)
        elif self.batch_first:
            x = x.transpose(0, 1)  # (L, N, H_in)
        rows = self.num_layers * (2 if self.bidirectional else 1)
        expected = (rows, x.shape[1], self.hidden_size) if batched else (rows, self.hidden_size)
        if hx is None:
            zeros = ag.zeros(*expected, dtype=x.dtype)
            hx = (zeros, zeros) if lstm else zeros
        if lstm:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise RuntimeError("LSTM expects hx as a tuple (h_0, c_0)")
            hx = tuple(h if isinstance(h, Tensor) else ag.tensor(h) for h in hx)
            for h, what in zip(hx, ("hidden", "cell")):
                self._check_hidden(h, expected, what)
            if not batched:
                hx = tuple(h.unsqueeze(1) for h in hx)
            states: list[Any] = [(hx[0][i], hx[1][i]) for i in range(rows)]
        else:
            hx = hx if isinstance(hx, Tensor) else ag.tensor(hx)
            self._check_hidden(hx, expected, "hidden")
            if not batched:
                hx = hx.unsqueeze(1)
            states = [hx[i] for i in range(rows)]
        out, finals = self._run(x, states)
        c_n: Tensor | None = None
        if lstm:
            h_n, c_n = ag.stack([s[0] for s in finals]), ag.stack([s[1] for s in finals])
        else:
            h_n = ag.stack(finals)  # (D * num_layers, N, H)
        if not batched:
            out, h_n = out.squeeze(1), h_n.squeeze(1)
            c_n = c_n.squeeze(1) if c_n is not None else None
        elif self.batch_first:
            out = out.transpose(0, 1)  # (N, L, D*H)
        return out, ((h_n, c_n) if lstm else h_n)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity='relu'"
        for name, default in (
            ("num_layers", 1),
            ("bias", True),
            ("batch_first", False),
            ("dropout", 0.0),
            ("bidirectional", False),
        ):
            if getattr(self, name) != default:
                s += f", {name}={getattr(self, name)}"
        return s


class RNN(RNNBase):
    """Elman RNN, as ``torch.nn.RNN``: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``.

    Args:
        input_size: features of each input step.
        hidden_size: features of the hidden state.
        num_layers: stacked layers; layer ``k > 0`` reads layer ``k - 1``'s outputs.
        nonlinearity: ``'tanh'`` or ``'relu'``.
        bias: learn ``bias_ih`` and ``bias_hh``.
        batch_first: input and output are ``(N, L, *)`` instead of ``(L, N, *)``
            (the hidden state stays ``(D * num_layers, N, H)``).
        dropout: dropout on each layer's output but the last, in training mode.
        bidirectional: also run each layer backwards in time (``*_reverse`` parameters);
            outputs of the two directions are concatenated.

    Shape:
        input ``(L, N, H_in)`` (or ``(L, H_in)`` unbatched), ``h_0`` ``(D * num_layers,
        N, H)`` (default zeros) -> output ``(L, N, D * H)`` and ``h_n`` like ``h_0``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> rnn = nn.RNN(10, 20, num_layers=2)
        >>> output, h_n = rnn(ag.randn(5, 3, 10), ag.zeros(2, 3, 20))
        >>> output.shape, h_n.shape
        ((5, 3, 20), (2, 3, 20))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: DTypeLike = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        self.nonlinearity = nonlinearity
        super().__init__(
            f"RNN_{nonlinearity.upper()}",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            dtype=dtype,
        )

    def forward(self, input: Tensor, hx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        return self._forward(input, hx, lstm=False)


class LSTM(RNNBase):
    """Long short-term memory, as ``torch.nn.LSTM``.

    Per step, with gates in torch's order (``W_ih`` stacks ``W_ii | W_if | W_ig | W_io``)::

        i, f, o = sigmoid(...), g = tanh(...)   # of x_t W_ih^T + b_ih + h W_hh^T + b_hh
        c_t = f * c_{t-1} + i * g
        h_t = o * tanh(c_t)

    Arguments as :class:`RNN` (no ``nonlinearity``); ``proj_size`` must be 0.

    Shape:
        input ``(L, N, H_in)``, ``(h_0, c_0)`` each ``(D * num_layers, N, H)`` (default
        zeros) -> ``output, (h_n, c_n)``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> lstm = nn.LSTM(10, 20, batch_first=True)
        >>> output, (h_n, c_n) = lstm(ag.randn(3, 5, 10))
        >>> output.shape, c_n.shape
        ((3, 5, 20), (1, 3, 20))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(
            "LSTM",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            proj_size,
            dtype,
        )

    def forward(
        self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        return self._forward(input, hx, lstm=True)


class GRU(RNNBase):
    """Gated recurrent unit, as ``torch.nn.GRU``.

    Per step, with gates in torch's order r, z, n::

        r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
        z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
        n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
        h_t = (1 - z) * n + z * h_{t-1}

    Arguments and shapes as :class:`RNN` (no ``nonlinearity``).

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> gru = nn.GRU(4, 6, bidirectional=True)
        >>> output, h_n = gru(ag.randn(5, 2, 4))
        >>> output.shape, h_n.shape
        ((5, 2, 12), (2, 2, 6))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: DTypeLike = None,
    ) -> None:
        super().__init__(
            "GRU",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            dtype=dtype,
        )

    def forward(self, input: Tensor, hx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        return self._forward(input, hx, lstm=False)


# -- cells -----------------------------------------------------------------------------


class RNNCellBase(Module):
    """One step of a recurrent layer; parameters ``weight_ih``, ``weight_hh``, ``bias_ih``,
    ``bias_hh``, initialised from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``.

    Example:
        >>> import nn
        >>> nn.LSTMCell(3, 5).weight_ih.shape
        (20, 3)
    """

    def __init__(
        self, mode: str, input_size: int, hidden_size: int, bias: bool, dtype: DTypeLike
    ) -> None:
        super().__init__()
        _check_positive("hidden_size", hidden_size)
        self.mode, self.input_size, self.hidden_size, self.bias = (
            mode,
            input_size,
            hidden_size,
            bias,
        )
        dtype = to_dtype(dtype) if dtype is not None else np.dtype(np.float32)
        gate_size = _GATES[mode] * hidden_size
        self.weight_ih = Parameter(np.empty((gate_size, input_size), dtype=dtype))
        self.weight_hh = Parameter(np.empty((gate_size, hidden_size), dtype=dtype))
        if bias:
            self.bias_ih = Parameter(np.empty(gate_size, dtype=dtype))
            self.bias_hh = Parameter(np.empty(gate_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every weight and bias from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            init.uniform_(p, -bound, bound)

    def _prepare(self, input: Any, hx: Any, count: int) -> tuple[Tensor, list[Tensor], bool]:
        x = input if isinstance(input, Tensor) else ag.tensor(input)
        name = type(self).__name__
        if x.ndim not in (1, 2):
            raise ValueError(
                f"{name}: Expected input to be 1D or 2D, got {x.ndim}D instead (shape {x.shape})"
            )
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input has inconsistent input_size: got {x.shape[-1]} expected "
                f"{self.input_size} (input shape {x.shape})"
            )
        batched = x.ndim == 2
        if not batched:
            x = x.unsqueeze(0)
        if hx is None:
            states = [ag.zeros(x.shape[0], self.hidden_size, dtype=x.dtype)] * count
        else:
            states = list(hx) if count == 2 else [hx]
            states = [h if isinstance(h, Tensor) else ag.tensor(h) for h in states]
            expected = (x.shape[0], self.hidden_size) if batched else (self.hidden_size,)
            for h in states:
                if tuple(h.shape) != expected:
                    raise RuntimeError(
                        f"{name}: Expected hidden size {expected}, got {list(h.shape)}"
                    )
            if not batched:
                states = [h.unsqueeze(0) for h in states]
        return x, states, batched

    def _step(self, input: Any, hx: Any, count: int) -> Any:
        x, states, batched = self._prepare(input, hx, count)
        xp = linear(x, self.weight_ih, self.bias_ih)  # (N, G)
        state = tuple(states) if count == 2 else states[0]
        out = _STEPS[self.mode](xp, state, self.weight_hh, self.bias_hh)
        if batched:
            return out
        return tuple(o.squeeze(0) for o in out) if count == 2 else out.squeeze(0)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity='relu'"
        return s


class RNNCell(RNNCellBase):
    """One Elman step ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``, as ``torch.nn.RNNCell``.

    Shape:
        input ``(N, H_in)`` or ``(H_in,)``, ``hx`` ``(N, H)`` (default zeros) -> ``(N, H)``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.RNNCell(10, 20)(ag.randn(3, 10)).shape
        (3, 20)
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        dtype: DTypeLike = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.nonlinearity = nonlinearity
        super().__init__(f"RNN_{nonlinearity.upper()}", input_size, hidden_size, bias, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        return self._step(input, hx, 1)


class LSTMCell(RNNCellBase):
    """One LSTM step (see :class:`LSTM`), as ``torch.nn.LSTMCell``; returns ``(h', c')``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> h, c = nn.LSTMCell(10, 20)(ag.randn(3, 10))
        >>> h.shape, c.shape
        ((3, 20), (3, 20))
    """

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, dtype: DTypeLike = None
    ) -> None:
        super().__init__("LSTM", input_size, hidden_size, bias, dtype)

    def forward(
        self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, Tensor]:
        return self._step(input, hx, 2)


class GRUCell(RNNCellBase):
    """One GRU step (see :class:`GRU`), as ``torch.nn.GRUCell``.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> nn.GRUCell(10, 20)(ag.randn(3, 10)).shape
        (3, 20)
    """

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, dtype: DTypeLike = None
    ) -> None:
        super().__init__("GRU", input_size, hidden_size, bias, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        return self._step(input, hx, 1)
