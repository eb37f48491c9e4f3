"""``Optimizer``: parameter groups, per-parameter state and their (de)serialization.

Subclasses implement one algorithm each in ``step()``; this base class owns
everything they share: checking and grouping the parameters, filling in
defaults, ``zero_grad``, and a ``state_dict`` that names parameters by their
integer position (so it holds only arrays, numbers and strings and can be
written to an ``.npz`` file by :func:`nn.save`).
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad

__all__ = ["Optimizer", "ParamsT"]

ParamsT = Iterable[Tensor] | Iterable[dict[str, Any]]

_SET_MESSAGE = (
    "a parameter group's params must be an ordered collection (a list or tuple): a set's "
    "order changes from run to run, and so would the optimizer's state order"
)


def _plain(value: Any) -> Any:
    """A NumPy scalar or 0-d array as the Python number it holds; anything else unchanged.

    Hyperparameters must be Python numbers: a ``np.float64`` learning rate would
    silently turn float32 updates into float64 ones.
    """
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value.item()
    return value


class Optimizer:
    """Base class of all optimizers.

    Args:
        params: an iterable of Tensors to optimize, of ``(name, Tensor)``
            pairs (e.g. ``model.named_parameters()``; the names are kept in
            each group's ``"param_names"``), or of dicts (parameter groups),
            each with a ``"params"`` entry and optionally its own
            hyperparameters (which override ``defaults`` for that group).
        defaults: the default hyperparameters of every group.

    Attributes:
        param_groups: list of dicts, one per group: ``"params"`` (list of
            Tensors) plus every hyperparameter.
        state: dict mapping each parameter to a dict of its optimizer state
            (e.g. ``"momentum_buffer"``), filled in by ``step()``.
        defaults: the defaults given at construction.

    Example:
        >>> import autograd as ag
        >>> from optim import SGD
        >>> w = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> b = ag.tensor([0.5], requires_grad=True)
        >>> opt = SGD([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.1)
        >>> [g["lr"] for g in opt.param_groups]
        [0.1, 0.5]
    """

    def __init__(self, params: ParamsT, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        # per parameter, an array that step() writes intermediate results into (see _scratch)
        self._scratch_arrays: dict[Tensor, np.ndarray] = {}
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                f"dicts, but got {type(params).__name__}"
            )
        given: list[Any] = list(params)  # a top-level set is taken in its order, as torch
        if len(given) == 0:
            raise ValueError("optimizer got an empty parameter list")
        groups: list[dict[str, Any]] = given if isinstance(given[0], dict) else [{"params": given}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self) -> str:
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines.extend(f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params")
        return "\n".join(lines) + "\n)"

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters, with its own hyperparameters, to the optimizer.

        Useful to start training more of a model (e.g. unfreezing layers) as
        training goes on. Missing hyperparameters take the optimizer's defaults.

        Args:
            param_group: dict with ``"params"`` (a Tensor, a list of Tensors or
                a list of ``(name, Tensor)`` pairs) and optionally
                hyperparameters such as ``"lr"``. All groups must be either
                named or unnamed.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> opt = SGD([ag.zeros(2, requires_grad=True)], lr=0.1)
            >>> opt.add_param_group({"params": ag.zeros(3, requires_grad=True), "lr": 0.01})
            >>> len(opt.param_groups), opt.param_groups[1]["lr"]
            (2, 0.01)
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        if "params" not in param_group:
            raise KeyError(
                f"param_group must have a 'params' entry listing its Tensors; its "
                f"keys are {sorted(map(str, param_group))}"
            )
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError(_SET_MESSAGE)
        else:
            params = list(params)
        # (name, Tensor) pairs, as from Module.named_parameters(): names go to "param_names".
        names = [p[0] for p in params if isinstance(p, tuple)]
        if names:
            if len(names) != len(params):
                raise ValueError(
                    "optimizer params must be all (name, Tensor) pairs or all Tensors, got "
                    f"{len(names)} pairs among {len(params)} params"
                )
            params = [p[1] for p in params]
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is {_typename(p)}"
                )
            node = p.grad_fn
            if not (p.is_leaf or p._retains_grad) and node is not None:
                raise ValueError(
                    f"can't optimize a non-leaf Tensor (shape {p.shape}, computed by "
                    f"{node.name()}); optimize the leaf it came from, or make a "
                    "new leaf with .detach().requires_grad_()"
                )
        ids = {id(p) for p in params}
        if len(ids) != len(params):  # torch warns and keeps them: each copy is stepped
            warnings.warn(
                f"optimizer: a parameter group lists {len(params) - len(ids)} "
                "parameter(s) more than once; each listing is updated on every "
                "step. Pass each parameter once.",
                stacklevel=3,
            )
        for other in self.param_groups:
            if bool(names) != ("param_names" in other):
                raise ValueError(
                    "optimizer param groups must all have parameter names or all lack them: "
                    f"cannot add a group {'with' if names else 'without'} names to groups "
                    f"{'without' if names else 'with'} them"
                )
        for other in self.param_groups:
            if any(id(p) in ids for p in other["params"]):
                raise ValueError("some parameters appear in more than one parameter group")
        # The caller's dict itself becomes the group (as in PyTorch), so later edits to it
        # reach the optimizer.
        param_group["params"] = params
        if names:
            param_group["param_names"] = names
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of every optimized parameter.

        Args:
            set_to_none: set ``.grad`` to None (the default, which saves memory
                and lets ``step()`` skip the parameter) instead of filling the
                existing gradient with zeros in place.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> w = ag.tensor([1.0, 2.0], requires_grad=True)
            >>> (w * w).sum().backward()
            >>> opt = SGD([w], lr=0.1)
            >>> opt.zero_grad(set_to_none=False)
            >>> w.grad
            tensor([0., 0.])
            >>> opt.zero_grad()
            >>> w.grad is None
            True
        """
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                if set_to_none:
                    p.grad = None
                    continue
                if g.grad_fn is not None:  # a gradient recorded with create_graph=True
                    g.detach_()
                else:
                    g.requires_grad_(False)
                if g._data.flags.writeable:
                    g._data[...] = 0
                else:
                    g._data = np.zeros_like(g._data)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform one optimization step; subclasses implement the update.

        Args:
            closure: optional function that re-evaluates the model and returns
                the loss; it is called (with gradient recording on) before the
                update and its result is returned.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement step()")

    def _scratch(self, p: Tensor) -> np.ndarray:
        """An array shaped like ``p`` that ``step()`` may overwrite, kept between steps.

        Writing an update's intermediate result into it with ``out=`` spares an
        allocation (and, for large parameters, its page faults) per parameter and
        step. It is not optimizer state: ``state_dict()`` does not include it.
        """
        data = p._data
        buf = self._scratch_arrays.get(p)
        if buf is None or buf.shape != data.shape or buf.dtype != data.dtype:
            buf = self._scratch_arrays[p] = np.empty_like(data)
        return buf

    @staticmethod
    def _call_closure(closure: Callable[[], Any] | None) -> Any:
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # -- serialization ------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state as a dict, with parameters named by position.

        Returns:
            ``{"state": {index: {name: array or number}}, "param_groups":
            [{hyperparameters..., "params": [indices]}]}``, where indices count
            the parameters of all groups in order from 0. Arrays are copies, so
            the dict is a snapshot that later steps do not change.

        Example:
            >>> import autograd as ag
            >>> from optim import SGD
            >>> w = ag.tensor([1.0, 2.0], requires_grad=True)
            >>> opt = SGD([w], lr=0.1, momentum=0.9)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> sd = opt.state_dict()
            >>> sd["state"]
            {0: {'momentum_buffer': array([2., 4.], dtype=float32)}}
            >>> sd["param_groups"][0]["params"]
            [0]
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: _copy_value(v) for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {}
        for group in self.param_groups:
            for p in group["params"]:
                entry = self.state.get(p)
                if entry and index[id(p)] not in state:
                    state[index[id(p)]] = {k: _copy_value(v) for k, v in entry.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the state and hyperparameters saved by :meth:`state_dict`.

        The optimizer must have been built over the same number of groups, each
        with the same number of parameters; parameter ``i`` of the saved dict is
        matched with this optimizer's ``i``-th parameter. Floating-point state
        arrays are copied and cast to their parameter's dtype; ``"step"`` stays
        a number. Training then continues exactly as without the interruption.

        Args:
            state_dict: a dict returned by :meth:`state_dict` (possibly after a
                round trip through :func:`nn.save` / :func:`nn.load`).

        Example:
            >>> import autograd as ag
            >>> from optim import Adam
            >>> w = ag.tensor([1.0, 2.0], requires_grad=True)
            >>> opt = Adam([w], lr=0.1)
            >>> (w * w).sum().backward()
            >>> _ = opt.step()
            >>> w2 = ag.tensor(w._data.copy(), requires_grad=True)
            >>> opt2 = Adam([w2])
            >>> opt2.load_state_dict(opt.state_dict())
            >>> opt2.param_groups[0]["lr"], opt2.state[w2]["step"]
            (0.1, 1.0)
        """
        for key in ("state", "param_groups"):
            if key not in state_dict:
                raise KeyError(
                    f"optimizer state_dict has no {key!r} entry; "
                    f"its keys are {sorted(map(str, state_dict))}"
                )
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                "loaded state dict has a different number of parameter groups "
                f"({len(saved_groups)} saved, the optimizer has {len(self.param_groups)})"
            )
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError(
                    "loaded state dict contains a parameter group that doesn't match the size "
                    f"of optimizer's group (group {i}: {len(saved['params'])} parameters saved, "
                    f"the optimizer has {len(group['params'])})"
                )
        by_index = {}
        for g, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            for j, (p, i) in enumerate(zip(group["params"], saved["params"])):
                by_index[int(i)] = (p, g, j)
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, entry in state_dict["state"].items():
            p, g, j = by_index.get(int(key), (None, 0, 0))
            if p is not None:
                _check_state_shapes(entry, p, g, j, self.param_groups[g].get("param_names"))
                state[p] = {name: _cast_state(name, v, p) for name, v in entry.items()}
        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            new = {}
            for k, v in saved.items():
                if k == "params":
                    continue
                v = _plain(v)
                if k == "param_names":  # may come back from npz as an array of str
                    v = [str(x) for x in v]
                if isinstance(group.get(k), tuple) and isinstance(v, (list, np.ndarray)):
                    v = tuple(_plain(x) for x in v)  # a tuple comes back from npz as a list
                new[k] = v
            for name, default in self.defaults.items():
                new.setdefault(name, default)
            new["params"] = group["params"]
            if "param_names" in group and "param_names" not in new:
                new["param_names"] = group["param_names"]
            new_groups.append(new)
        self.state = state
        self.param_groups = new_groups


def _typename(obj: Any) -> str:
    cls = type(obj)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _copy_value(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return list(value)
    return value


def _check_state_shapes(
    entry: dict[str, Any], param: Tensor, group: int, index: int, names: list[str] | None
) -> None:
    """Refuse per-element state whose shape is not its parameter's (another model's state)."""
    for name, value in entry.items():
        array = value._data if isinstance(value, Tensor) else value
        if isinstance(array, np.ndarray) and array.ndim and array.shape != param._data.shape:
            named = f" ({names[index]!r})" if names is not None and index < len(names) else ""
            raise ValueError(
                f"loaded state dict holds {name!r} of shape {tuple(array.shape)} for parameter "
                f"{index} of group {group}{named}, whose shape is {tuple(param._data.shape)}; "
                "the state was saved from a model with other parameter shapes"
            )


def _cast_state(name: str, value: Any, param: Tensor) -> Any:
    """One loaded state entry: ``step`` as a number, arrays copied in the param's dtype."""
    if name == "step":
        return float(_plain(value))
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and param._data.dtype.kind == "f":
            return value.astype(param._data.dtype, copy=True)
        return value.copy()
    if isinstance(value, dict):
        return {k: _cast_state(k, v, param) for k, v in value.items()}
    return _plain(value)


# -- helpers shared by the update rules ----------------------------------------------------


def _check(ok: bool, message: str) -> None:
    """Raise ``ValueError(message)`` unless ``ok`` (hyperparameter validation)."""
    if not ok:
        raise ValueError(message)


def _direction(p: Tensor, weight_decay: float, maximize: bool) -> tuple[np.ndarray, bool]:
    """The gradient to descend: ``+-grad + weight_decay * param``.

    Returns the array and whether it is a fresh temporary the caller may
    overwrite (False when it is ``p.grad``'s own array). The temporary is an
    ndarray also for a 0-d parameter, where NumPy arithmetic gives a scalar
    (``np.asarray`` does not copy an array).
    """
    grad = p.grad
    if grad is None:  # the step bodies skip parameters without a gradient
        raise RuntimeError(f"a parameter of shape {p.shape} has no gradient to step along")
    g = grad._data
    if weight_decay != 0:
        d = np.asarray(p._data * weight_decay)
        if maximize:
            d -= g
        else:
            d += g
        return d, True
    if maximize:
        return np.asarray(np.negative(g)), True
    return g, False


def _lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``start += weight * (end - start)`` in place, rounded as torch's ``lerp_``.

    Returns the scratch array (shaped like ``start``, an ndarray even when
    ``start`` is 0-d) for the caller to reuse as an ``out=`` argument.
    """
    diff = np.asarray(np.subtract(end, start))
    w32 = float(np.asarray(weight, dtype=start.dtype))
    if abs(w32) < 0.5:
        diff *= weight
        start += diff
    else:  # torch evaluates end - (1 - w) * (end - start) for large weights
        diff *= w32 - 1.0
        diff += end
        np.copyto(start, diff)
    return diff


def _adam_direction(
    p: Tensor, lr: float, weight_decay: float, decoupled: bool, maximize: bool
) -> np.ndarray:
    """The gradient Adam-family updates follow. Decoupled decay (AdamW style) shrinks
    the parameter itself by ``lr * weight_decay`` first; coupled decay is added to it."""
    if decoupled and weight_decay != 0:
        p._data *= 1 - lr * weight_decay
        return _direction(p, 0, maximize)[0]
    return _direction(p, weight_decay, maximize)[0]


def _update_moments(
    exp_avg: np.ndarray, exp_avg_sq: np.ndarray, d: np.ndarray, beta1: float, beta2: float
) -> np.ndarray:
    """Adam's moments in place: ``exp_avg`` lerps toward ``d``, ``exp_avg_sq`` becomes
    ``beta2 * exp_avg_sq + (1 - beta2) * d * d``. Returns a scratch array shaped like them."""
    tmp = _lerp_(exp_avg, d, 1 - beta1)
    exp_avg_sq *= beta2
    np.multiply(d, 1 - beta2, out=tmp)
    tmp *= d
    exp_avg_sq += tmp
    return tmp
