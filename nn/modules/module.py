"""``Module``: the base class of every layer and model.

Attributes that are :class:`Parameter` s, Modules or registered buffers are
routed into three ordered dicts (``_parameters``, ``_modules``, ``_buffers``)
by ``__setattr__``; everything the library needs (``parameters()``,
``state_dict()``, ``train()``, ``repr``) walks those dicts. Internals are set
with ``object.__setattr__`` so they never go through the routing.
"""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.devices import check, parse_to
from autograd.devices import device as _device
from autograd.dtypes import DTypeLike, to_dtype
from autograd.grad_mode import _state as _grad_state
from autograd.hooks import RemovableHandle

from ..parameter import Parameter


class Module:
    """Base class for all neural-network layers and models.

    Subclasses call ``super().__init__()`` first, assign their Parameters and
    sub-Modules as attributes and implement ``forward``. Calling the module runs
    ``forward`` inside an ``autograd.function.module_scope`` so the nodes it records
    know which module made them.

    Example:
        >>> import autograd as ag
        >>> import nn
        >>> class Net(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1 = nn.Linear(4, 8)
        ...         self.fc2 = nn.Linear(8, 2)
        ...     def forward(self, x):
        ...         return self.fc2(self.fc1(x).relu())
        >>> net = Net()
        >>> [name for name, _ in net.named_parameters()]
        ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
        >>> net(ag.ones(3, 4)).shape
        (3, 2)
    """

    training: bool
    # Hook lists live on the class as ``None`` until an instance registers a hook, so
    # ``__call__`` without hooks pays for one cheap check. Each entry is a fresh
    # ``(hook, with_kwargs)`` tuple, which makes every registration removable on its own.
    _forward_pre_hooks: list[tuple[Callable[..., Any], bool]] | None = None
    _forward_hooks: list[tuple[Callable[..., Any], bool]] | None = None
    # state keys load_state_dict accepts as absent (BatchNorm's num_batches_tracked, which
    # older checkpoints lack: torch fills it in for a dict without version metadata)
    _optional_state: tuple[str, ...] = ()

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", OrderedDict())

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Compute the module's output; every subclass defines it."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._forward_pre_hooks or self._forward_hooks:  # None or [] once all are removed
            return self._call_with_hooks(args, kwargs)
        # module_scope(self), inlined: this runs for every layer of every batch
        previous = _grad_state.scope
        _grad_state.scope = self
        try:
            return self.forward(*args, **kwargs)
        finally:
            _grad_state.scope = previous

    def _call_with_hooks(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """``__call__`` when hooks are registered: pre-hooks, ``forward``, forward hooks."""
        previous = _grad_state.scope
        _grad_state.scope = self
        try:
            # Iterate over snapshots: a hook may register or remove hooks.
            for hook, with_kwargs in tuple(self._forward_pre_hooks or ()):
                if with_kwargs:
                    result = hook(self, args, kwargs)
                    if result is not None:
                        if not (isinstance(result, tuple) and len(result) == 2):
                            raise RuntimeError(
                                "forward pre-hook must return None or a tuple of (new_args, "
                                f"new_kwargs), but got {result!r}."
                            )
                        args, kwargs = result
                else:
                    result = hook(self, args)
                    if result is not None:
                        args = result if isinstance(result, tuple) else (result,)
            output = self.forward(*args, **kwargs)
            for hook, with_kwargs in tuple(self._forward_hooks or ()):
                result = (
                    hook(self, args, kwargs, output) if with_kwargs else hook(self, args, output)
                )
                if result is not None:
                    output = result
            return output
        finally:
            _grad_state.scope = previous

    # -- hooks --------------------------------------------------------------------------

    def _add_hook(
        self, store: str, hook: Callable[..., Any], prepend: bool, with_kwargs: bool
    ) -> RemovableHandle:
        if not callable(hook):
            raise TypeError(f"hook must be callable, got '{_typename(hook)}'")
        hooks = self.__dict__.get(store)
        if hooks is None:
            hooks = []
            object.__setattr__(self, store, hooks)
        entry = (hook, bool(with_kwargs))
        if prepend:
            hooks.insert(0, entry)
        else:
            hooks.append(entry)
        return RemovableHandle(hooks, entry)

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args)`` before every ``forward``, as ``torch.nn.Module``.

        The hook may return ``None`` (keep the inputs), a tuple (the new positional
        arguments) or any other value (it becomes the single argument). Hooks run in
        registration order; ``prepend=True`` puts this one first. With
        ``with_kwargs=True`` the hook is ``hook(module, args, kwargs)`` and returns
        ``None`` or ``(new_args, new_kwargs)``.

        Returns:
            A handle; ``handle.remove()`` unregisters the hook.

        Example:
            >>> import autograd as ag
            >>> import nn
            >>> relu = nn.ReLU()
            >>> handle = relu.register_forward_pre_hook(lambda m, args: -args[0])
            >>> relu(ag.tensor([1.0, -2.0]))
            tensor([0., 2.])
            >>> handle.remove()
            >>> relu(ag.tensor([1.0, -2.0]))
            tensor([1., 0.])
        """
        return self._add_hook("_forward_pre_hooks", hook, prepend, with_kwargs)

    def register_forward_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args, output)`` after every ``forward``, as ``torch.nn.Module``.

        ``args`` are the positional inputs ``forward`` received (after any pre-hooks).
        A return value other than ``None`` replaces the output. Hooks run in
        registration order; ``prepend=True`` puts this one first. With
        ``with_kwargs=True`` the hook is ``hook(module, args, kwargs, output)``.

        Returns:
            A handle; ``handle.remove()`` unregisters the hook.

        Example:
            >>> import autograd as ag
            >>> import nn
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
            >>> shapes = []
            >>> handle = net[0].register_forward_hook(
            ...     lambda m, args, out: shapes.append(out.shape))
            >>> _ = net(ag.ones(4, 2))
            >>> shapes
            [(4, 3)]
            >>> handle.remove()
        """
        return self._add_hook("_forward_hooks", hook, prepend, with_kwargs)

    # -- attribute routing --------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        modules = self.__dict__.get("_modules")
        buffers = self.__dict__.get("_buffers")
        if isinstance(value, (Parameter, Module)) and params is None:
            raise AttributeError(
                f"cannot assign {type(value).__name__} '{name}' before Module.__init__() "
                "call; call super().__init__() first"
            )
        if isinstance(value, Parameter):
            self._forget(name, keep="_parameters")  # a re-assigned parameter keeps its place
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' "
                    "(nn.Parameter or None expected)"
                )
            params[name] = None
        elif isinstance(value, Module):  # params is set (checked above), and so is _modules
            self._forget(name, keep="_modules")
            self.__dict__["_modules"][name] = value
        elif modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as child module '{name}' "
                    "(nn.Module or None expected)"
                )
            modules[name] = None
        elif buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as buffer '{name}' "
                    "(Tensor or None expected)"
                )
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str, keep: str) -> None:
        """Drop ``name`` from every store but ``keep``, where it is about to be (re)set."""
        self.__dict__.pop(name, None)
        for store in ("_parameters", "_buffers", "_modules"):
            if store != keep:
                self.__dict__[store].pop(name, None)
        self._non_persistent_buffers.discard(name)

    def __getattr__(self, name: str) -> Any:
        # Only called when ordinary lookup fails, i.e. for registered members.
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            members = d.get(store)
            if members is not None and name in members:
                return members[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for store in ("_parameters", "_buffers", "_modules"):
            members = self.__dict__[store]
            if name in members:
                del members[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        return sorted(
            set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules)
        )

    # -- registration -------------------------------------------------------------------

    def _check_new_name(self, name: Any, kind: str, store: dict[str, Any]) -> None:
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if hasattr(self, name) and name not in store:
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add ``param`` under ``name`` (``None`` registers an absent parameter, as ``bias``).

        Example:
            >>> import nn
            >>> m = nn.Module()
            >>> m.register_parameter("scale", nn.Parameter([1.0]))
            >>> list(m.state_dict())
            ['scale']
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_new_name(name, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(
        self, name: str, tensor: Tensor | np.ndarray | None, persistent: bool = True
    ) -> None:
        """Add a non-learnable tensor (e.g. running statistics) that moves with the module.

        Args:
            name: attribute name.
            tensor: a Tensor (an ndarray is wrapped in one), or None.
            persistent: whether ``state_dict()`` includes it.

        Example:
            >>> import autograd as ag
            >>> import nn
            >>> m = nn.Module()
            >>> m.register_buffer("count", ag.zeros(1))
            >>> list(m.state_dict())
            ['count']
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_new_name(name, "buffer", self._buffers)
        if isinstance(tensor, np.ndarray):
            tensor = Tensor(tensor)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                "(Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name`` (same as assigning the attribute).

        Example:
            >>> import nn
            >>> m = nn.Module()
            >>> m.add_module("head", nn.Linear(2, 1))
            >>> m.head
            Linear(in_features=2, out_features=1, bias=True)
        """
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        self._check_new_name(name, "module", self._modules)
        self._modules[name] = module

    register_module = add_module

    # -- traversal ----------------------------------------------------------------------

    def named_modules(
        self, memo: set[int] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """Yield ``(dotted name, module)`` for this module and every descendant, once each.

        Example:
            >>> import nn
            >>> [n for n, _ in nn.Sequential(nn.Linear(2, 2), nn.ReLU()).named_modules()]
            ['', '0', '1']
        """
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, _join(prefix, name), remove_duplicate)

    def modules(self) -> Iterator[Module]:
        """Yield this module and every descendant, once each.

        Example:
            >>> import nn
            >>> [type(m).__name__ for m in nn.Sequential(nn.Linear(2, 2), nn.ReLU()).modules()]
            ['Sequential', 'Linear', 'ReLU']
        """
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Yield ``(name, module)`` for the direct children.

        Example:
            >>> import nn
            >>> [n for n, _ in nn.Sequential(nn.Linear(2, 2), nn.ReLU()).named_children()]
            ['0', '1']
        """
        seen: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        """Yield the direct children.

        Example:
            >>> import nn
            >>> len(list(nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU())).children()))
            2
        """
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, store: str, prefix: str, recurse: bool, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Any]]:
        owners = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        seen: set[int] = set()
        for owner_prefix, owner in owners:
            for name, value in owner.__dict__[store].items():
                if value is None or id(value) in seen:
                    continue
                if remove_duplicate:
                    seen.add(id(value))
                yield _join(owner_prefix, name), value

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Yield ``(dotted name, parameter)``; a parameter shared by two modules appears once.

        Example:
            >>> import nn
            >>> [n for n, _ in nn.Linear(3, 2).named_parameters()]
            ['weight', 'bias']
        """
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Yield every parameter (what an optimizer takes).

        Example:
            >>> import nn
            >>> [tuple(p.shape) for p in nn.Linear(3, 2).parameters()]
            [(2, 3), (2,)]
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        """Yield ``(dotted name, buffer)`` for every buffer, persistent or not.

        Example:
            >>> import nn
            >>> [n for n, _ in nn.Sequential(nn.BatchNorm1d(2)).named_buffers()]
            ['0.running_mean', '0.running_var', '0.num_batches_tracked']
        """
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Yield every buffer.

        Example:
            >>> import nn
            >>> [tuple(b.shape) for b in nn.BatchNorm1d(3).buffers()]
            [(3,), (3,), ()]
        """
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def get_submodule(self, target: str) -> Module:
        """The descendant at dotted path ``target`` (``""`` is this module).

        Example:
            >>> import nn
            >>> net = nn.Sequential(nn.Sequential(nn.Linear(2, 3)))
            >>> net.get_submodule("0.0").out_features
            3
        """
        module = self
        for part in target.split(".") if target else []:
            child = module._modules.get(part)
            if child is None:
                raise AttributeError(
                    f"{module._get_name()} has no submodule `{part}` (looking up '{target}')"
                )
            module = child
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at dotted path ``target`` (e.g. ``"0.weight"``).

        Raises:
            AttributeError: if a module on the path is missing, or the last name is
                not a parameter of its module.

        Example:
            >>> import nn
            >>> net = nn.Sequential(nn.Linear(2, 3))
            >>> net.get_parameter("0.bias").shape
            (3,)
        """
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(
                f"{module._get_name()} has no attribute `{name}` (looking up '{target}')"
            )
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter (looking up '{target}')")
        return param

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at dotted path ``target`` (e.g. ``"1.running_mean"``).

        Raises:
            AttributeError: if a module on the path is missing, or the last name is
                not a buffer of its module.

        Example:
            >>> import nn
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
            >>> net.get_buffer("1.running_var").tolist()
            [1.0, 1.0, 1.0]
        """
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(
                f"{module._get_name()} has no attribute `{name}` (looking up '{target}')"
            )
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer (looking up '{target}')")
        return module._buffers[name]

    # -- modes and gradients ------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Set training mode (``True``) or evaluation mode on this module and its descendants.

        Example:
            >>> import nn
            >>> net = nn.Sequential(nn.Dropout(0.5))
            >>> net.eval()[0].training
            False
        """
        if not isinstance(mode, bool):
            raise ValueError(f"training mode is expected to be boolean, got {mode!r}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode (``train(False)``): Dropout is off, BatchNorm uses running stats.

        Example:
            >>> import nn
            >>> nn.BatchNorm1d(2).eval().training
            False
        """
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters (to ``None``, or to zeros).

        Example:
            >>> import autograd as ag
            >>> import nn
            >>> lin = nn.Linear(2, 1)
            >>> lin(ag.ones(1, 2)).sum().backward()
            >>> lin.zero_grad()
            >>> lin.weight.grad is None
            True
        """
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                if param.grad.grad_fn is not None:
                    param.grad = param.grad.detach()
                param.grad._data[...] = 0

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Set ``requires_grad`` of every parameter (freeze with ``False``); returns self.

        Example:
            >>> import nn
            >>> nn.Linear(2, 2).requires_grad_(False).weight.requires_grad
            False
        """
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every descendant (children first) and then on self; returns self.

        Example:
            >>> import nn
            >>> net = nn.Sequential(nn.Linear(2, 2))
            >>> def init_bias(m):
            ...     if isinstance(m, nn.Linear):
            ...         nn.init.zeros_(m.bias)
            >>> _ = net.apply(init_bias)
            >>> net[0].bias.tolist()
            [0.0, 0.0]
        """
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """Move and/or cast parameters and buffers in place; returns self, as torch's.

        Takes torch's forms: ``to(device=None, dtype=None, non_blocking=False)``,
        ``to(dtype, non_blocking=False)``, ``to(tensor, non_blocking=False)`` (the
        tensor's dtype) and ``to(memory_format=...)``. The device must be the CPU
        (``model.to(device)`` with ``device = ag.device('cpu')`` changes nothing); CUDA,
        MPS and the rest raise :class:`~autograd.devices.DeviceUnavailableError`. A dtype
        must be floating point, and only floating-point tensors are cast (integer buffers
        such as ``num_batches_tracked`` stay), as in torch.

        Example:
            >>> import autograd as ag
            >>> import nn
            >>> lin = nn.Linear(2, 2)
            >>> lin.to(ag.device("cpu")) is lin
            True
            >>> lin.to("cpu", ag.float64).weight.dtype
            dtype('float64')
        """
        _, dtype, _, copy, _ = parse_to(args, kwargs, "Module.to")
        if copy or "copy" in kwargs:
            raise RuntimeError(
                f"Module.to() does not accept copy argument (got {args!r}, {kwargs!r}), as torch's"
            )
        if dtype is None:
            return self
        dtype = to_dtype(dtype)
        if dtype.kind not in "fc":
            raise TypeError(
                f"nn.Module.to only accepts floating point or complex dtypes, but "
                f"got desired dtype={dtype}"
            )
        for tensor in [*self.parameters(), *self.buffers()]:
            if tensor._data.dtype.kind in "fc" and tensor._data.dtype != dtype:
                tensor._data = tensor._data.astype(dtype)
                if tensor.grad is not None:
                    tensor.grad = Tensor(tensor.grad._data.astype(dtype))
        return self

    def float(self) -> Module:
        """Convert floating-point parameters and buffers to float32.

        Example:
            >>> import nn
            >>> nn.Linear(2, 2).double().float().weight.dtype
            dtype('float32')
        """
        return self.to(np.float32)

    def double(self) -> Module:
        """Convert floating-point parameters and buffers to float64.

        Example:
            >>> import nn
            >>> nn.Linear(2, 2).double().bias.dtype
            dtype('float64')
        """
        return self.to(np.float64)

    def half(self) -> Module:
        """Convert floating-point parameters and buffers to float16.

        Example:
            >>> import nn
            >>> nn.Linear(2, 2).half().weight.dtype
            dtype('float16')
        """
        return self.to(np.float16)

    def cpu(self) -> Module:
        """Do nothing and return self (everything already lives in host memory).

        Example:
            >>> import nn
            >>> lin = nn.Linear(2, 2)
            >>> lin.cpu() is lin
            True
        """
        return self

    def cuda(self, device: Any = None) -> Module:
        """Raise :class:`~autograd.devices.DeviceUnavailableError`: this library computes
        on the CPU with NumPy, as torch's CPU-only build does.

        Example:
            >>> import nn
            >>> nn.Linear(2, 2).cuda()
            Traceback (most recent call last):
            ...
            autograd.devices.DeviceUnavailableError: device 'cuda' is not available to ...
        """
        check(_device("cuda", device if isinstance(device, int) else None), "Module.cuda")
        raise AssertionError("unreachable: check() raises for every CUDA device")

    def type(self, dst_type: DTypeLike) -> Module:
        """Cast *all* parameters and buffers (integer ones too) to ``dst_type``; returns self.

        Unlike :meth:`to`, which leaves integer tensors alone, this follows
        ``torch.nn.Module.type``.

        Example:
            >>> import nn
            >>> bn = nn.BatchNorm1d(2).type("float64")
            >>> bn.weight.dtype, bn.num_batches_tracked.dtype
            (dtype('float64'), dtype('float64'))
        """
        dtype = to_dtype(dst_type)
        for tensor in [*self.parameters(), *self.buffers()]:
            tensor._data = tensor._data.astype(dtype)
            if tensor.grad is not None:
                tensor.grad = Tensor(tensor.grad._data.astype(dtype))
        return self

    def num_parameters(self, trainable_only: bool = False) -> int:
        """Number of parameter elements (shared parameters counted once).

        Example:
            >>> import nn
            >>> nn.Linear(784, 10).num_parameters()
            7850
        """
        return int(
            sum(p._data.size for p in self.parameters() if p.requires_grad or not trainable_only)
        )

    # -- state dict ---------------------------------------------------------------------

    def _state_tensors(self, prefix: str = "") -> OrderedDict[str, Tensor]:
        """Name -> live tensor for every parameter and persistent buffer, in PyTorch's order."""
        out: OrderedDict[str, Tensor] = OrderedDict()
        for name, param in self._parameters.items():
            if param is not None:
                out[prefix + name] = param
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers:
                out[prefix + name] = buf
        for name, module in self._modules.items():
            if module is not None:
                out.update(module._state_tensors(prefix + name + "."))
        return out

    def state_dict(self, prefix: str = "", keep_vars: bool = False) -> OrderedDict[str, Any]:
        """Every parameter and persistent buffer by dotted name, as NumPy array copies.

        Args:
            prefix: prepended to every key.
            keep_vars: return the live Tensors instead of copies of their arrays.

        Example:
            >>> import nn
            >>> sd = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)).state_dict()
            >>> list(sd)  # doctest: +NORMALIZE_WHITESPACE
            ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var',
             '1.num_batches_tracked']
            >>> type(sd["0.weight"]).__name__
            'ndarray'
        """
        tensors = self._state_tensors(prefix)
        if keep_vars:
            return tensors
        return OrderedDict((k, t._data.copy()) for k, t in tensors.items())

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True
    ) -> IncompatibleKeys:
        """Copy arrays from ``state_dict`` into the parameters and buffers (in place).

        Values may be NumPy arrays, Tensors or anything with ``.numpy()`` (a torch
        tensor). Everything is checked before anything is copied, so a failed load
        leaves the module unchanged.

        Args:
            state_dict: name -> array, as made by :meth:`state_dict`.
            strict: raise when keys are missing or unexpected (shape mismatches
                always raise).

        Returns:
            ``IncompatibleKeys(missing_keys, unexpected_keys)``.

        Raises:
            RuntimeError: listing the missing keys, the unexpected keys and each
                ``size mismatch for <key>`` with both shapes.

        Example:
            >>> import nn
            >>> a, b = nn.Linear(2, 2), nn.Linear(2, 2)
            >>> b.load_state_dict(a.state_dict())
            <All keys matched successfully>
            >>> bool((a.weight == b.weight).all())
            True
        """
        optional = frozenset(
            f"{path}.{name}" if path else name
            for path, module in self.named_modules(remove_duplicate=False)
            for name in module._optional_state
        )
        return load_arrays(self._state_tensors(), state_dict, strict, self._get_name(), optional)

    # -- presentation -------------------------------------------------------------------

    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The text inside this module's parentheses in ``repr`` (subclasses override it)."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): " + _indent(repr(module), 2) for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        if not lines:
            body = ""
        elif len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        else:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _indent(text: str, spaces: int) -> str:
    """Indent every line but the first by ``spaces``."""
    first, *rest = text.split("\n")
    return "\n".join([first] + [" " * spaces + line for line in rest])


def _typename(value: Any) -> str:
    return type(value).__name__


# -- loading a state dict ---------------------------------------------------------------


class IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """Keys ``load_state_dict`` did not find / did not expect.

    Shown as ``<All keys matched successfully>`` when both lists are empty, as in PyTorch.

    Example:
        >>> from nn.modules.module import IncompatibleKeys
        >>> IncompatibleKeys([], [])
        <All keys matched successfully>
        >>> IncompatibleKeys(["bias"], [])
        IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])
    """

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def load_arrays(
    own: Mapping[str, Tensor],
    state_dict: Mapping[str, Any],
    strict: bool,
    owner: str,
    optional: frozenset[str] = frozenset(),
) -> IncompatibleKeys:
    """Check ``state_dict`` against ``own`` (name -> live tensor), then copy it in place.

    Keys in ``optional`` may be absent: they keep their value and are not reported
    missing. Nothing is copied unless every check passes.
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    missing = [k for k in own if k not in state_dict and k not in optional]
    unexpected = [k for k in state_dict if k not in own]
    errors = []
    if strict and missing:
        errors.append(
            "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". "
        )
    if strict and unexpected:
        errors.append(
            "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". "
        )
    arrays = {}
    for key, target in own.items():
        if key not in state_dict:
            continue
        value = _as_array(state_dict[key], key)
        if value.shape != target.shape:
            errors.append(
                f"size mismatch for {key}: copying a param with shape "
                f"{value.shape} from checkpoint, the shape in current model "
                f"is {target.shape}."
            )
        arrays[key] = value
    if errors:
        raise RuntimeError(f"Error(s) in loading state_dict for {owner}:\n\t" + "\n\t".join(errors))
    for key, value in arrays.items():
        own[key]._data[...] = value
    return IncompatibleKeys(missing, unexpected)


def _as_array(value: Any, key: str) -> np.ndarray:
    """A state-dict value as an ndarray: arrays, Tensors, numbers or torch tensors."""
    if isinstance(value, Tensor):
        return value._data
    if not isinstance(value, np.ndarray) and hasattr(value, "detach") and hasattr(value, "numpy"):
        return value.detach().cpu().numpy()  # a torch tensor
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"state_dict entry {key!r} is not numeric (got {type(value).__name__})")
    return array
