"""Devices, as in torch's CPU-only build: every tensor lives on the CPU.

:class:`device` names a device the way ``torch.device`` does (``device('cpu')``,
``device('cuda', 0)``, ``device('cpu:0')``), so scripts that pick a device run
unchanged. Any device type torch knows can be *named*; asking to put data on
anything but the CPU raises :class:`DeviceUnavailableError`, because this library
computes on the CPU with NumPy.

:func:`set_default_device` and :func:`get_default_device` follow torch's; the
default can only be the CPU.
"""

from __future__ import annotations

from typing import Any, Union

__all__ = ["DeviceUnavailableError", "device", "get_default_device", "set_default_device"]

# The device types torch's parser accepts, in the order its error message lists them.
_TYPES = (
    "cpu",
    "cuda",
    "ipu",
    "xpu",
    "mkldnn",
    "opengl",
    "opencl",
    "ideep",
    "hip",
    "ve",
    "fpga",
    "maia",
    "xla",
    "lazy",
    "vulkan",
    "mps",
    "meta",
    "hpu",
    "mtia",
    "privateuseone",
)


class DeviceUnavailableError(AssertionError, RuntimeError):
    """Raised when data is asked to live on a device other than the CPU.

    It is an ``AssertionError``, what torch's CPU build raises for CUDA ("Torch not
    compiled with CUDA enabled"), and a ``RuntimeError``, what it raises for the other
    devices, so either ``except`` clause of a torch script catches it.

    Example:
        >>> import autograd as ag
        >>> try:
        ...     ag.zeros(2).cuda()
        ... except RuntimeError as e:
        ...     print(str(e).split(':')[0])
        device 'cuda' is not available to Tensor.cuda
    """


class device:
    """The device a tensor lives on, as ``torch.device``.

    Args:
        type: a device type (``'cpu'``, ``'cuda'``, ``'mps'``, ...), optionally with an
            index after a colon (``'cuda:1'``), or another :class:`device`.
        index: the device's ordinal, a non-negative int; ``None`` for "the current one".

    Any device type torch knows can be named, so ``device('cuda' if
    ag.cuda.is_available() else 'cpu')`` works, but only the CPU can hold data.
    Devices are equal when type and index are (``device('cpu') != device('cpu', 0)``,
    and a device never equals a string), as in torch. A device is also a context
    manager that makes itself the default device.

    Example:
        >>> import autograd as ag
        >>> d = ag.device("cpu")
        >>> d, d.type, d.index, str(ag.device("cpu", 0))
        (device(type='cpu'), 'cpu', None, 'cpu:0')
        >>> ag.zeros(1).device == d, ag.device("cuda:1")
        (True, device(type='cuda', index=1))
    """

    __slots__ = ("_type", "_index")
    _type: str
    _index: int | None

    def __init__(self, type: str | device, index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            if index is not None:
                raise TypeError(
                    f"device(): an index ({index!r}) cannot be given with a device ({type!r})"
                )
            self._type, self._index = type._type, type._index
            return
        if isinstance(type, bool) or not isinstance(type, str):
            if isinstance(type, int):  # torch: an int means an accelerator, and there is none
                raise RuntimeError(
                    f"device({type}): an int names an accelerator device, and "
                    "none is available; this library computes on the CPU"
                )
            raise TypeError(
                f"device(): argument 'type' must be str or device, not {_typename(type)}"
            )
        name, sep, suffix = type.partition(":")
        if name not in _TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_TYPES)} device type at start of device string: {type}"
            )
        if sep:
            if index is not None:
                raise RuntimeError(
                    f"device(): type (string) {type!r} already has an index; "
                    f"cannot also give index={index!r}"
                )
            if not suffix.isdigit():
                raise RuntimeError(f"Invalid device string: {type!r}")
            index = int(suffix)
        if index is not None:
            if isinstance(index, bool) or not isinstance(index, int):
                raise TypeError(
                    f"device(): argument 'index' (position 2) must be int, not {_typename(index)}"
                )
            if index < 0:
                raise RuntimeError(f"Device index must not be negative, got {index}")
        self._type = name
        self._index = index

    @property
    def type(self) -> str:
        """The device type, e.g. ``'cpu'``."""
        return self._type

    @property
    def index(self) -> int | None:
        """The device's ordinal, or ``None`` when none was given."""
        return self._index

    def __str__(self) -> str:
        return self._type if self._index is None else f"{self._type}:{self._index}"

    def __repr__(self) -> str:
        if self._index is None:
            return f"device(type='{self._type}')"
        return f"device(type='{self._type}', index={self._index})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return self._type == other._type and self._index == other._index

    def __hash__(self) -> int:
        return hash((device, self._type, self._index))

    def __reduce__(self) -> tuple[Any, ...]:
        return device, (self._type, self._index)

    def __enter__(self) -> device:
        global _default_device_stack
        check(self, "with device")
        _default_device_stack = (*_default_device_stack, self)
        return self

    def __exit__(self, *exc: object) -> None:
        global _default_device_stack
        _default_device_stack = _default_device_stack[:-1]


DeviceLike = Union[str, device, None]  # noqa: UP007 (a runtime alias)

CPU = device("cpu")
_default_device_stack: tuple[device, ...] = ()


def _typename(value: Any) -> str:
    return type(value).__name__


def _unavailable(dev: device, where: str) -> DeviceUnavailableError:
    compiled = {
        "cuda": "Torch not compiled with CUDA enabled",
        "mps": "PyTorch is not linked with support for mps devices",
    }
    why = compiled.get(dev.type, f"there is no {dev.type} backend")
    return DeviceUnavailableError(
        f"device {str(dev)!r} is not available to {where}: this library computes on the CPU "
        f"with NumPy, as torch's CPU-only build does ({why}); use 'cpu'"
    )


def check(spec: Any, where: str) -> device:
    """``spec`` as a :class:`device`, which must be the CPU (``None`` is the default).

    Raises :class:`DeviceUnavailableError` naming the device and ``where`` otherwise.

    Example:
        >>> from autograd.devices import check
        >>> check("cpu", "zeros"), check(None, "zeros"), check("cpu:1", "zeros")
        (device(type='cpu'), device(type='cpu'), device(type='cpu', index=1))
    """
    if spec is None:
        return get_default_device()
    if spec is CPU or spec == "cpu":
        return CPU
    dev = spec if isinstance(spec, device) else device(spec)
    if dev._type != "cpu":
        raise _unavailable(dev, where)
    return CPU if dev._index is None else dev


def is_device_string(value: Any) -> bool:
    """Whether ``value`` is a string that names a device (``'cpu'``, ``'cuda:0'``).

    Example:
        >>> from autograd.devices import is_device_string
        >>> is_device_string("cuda:0"), is_device_string("float64")
        (True, False)
    """
    return isinstance(value, str) and value.partition(":")[0] in _TYPES


def set_default_device(device: DeviceLike) -> None:  # noqa: A002
    """Set the device factories put new tensors on, as ``torch.set_default_device``.

    Only the CPU exists here, so ``'cpu'`` (or ``None``, torch's "back to the CPU") is
    accepted and anything else raises :class:`DeviceUnavailableError` at once, rather
    than at the next factory call as torch's CPU build does.

    Example:
        >>> import autograd as ag
        >>> ag.set_default_device("cpu")
        >>> ag.get_default_device()
        device(type='cpu')
    """
    check(device, "set_default_device")


def get_default_device() -> device:
    """The device factories put new tensors on: always the CPU.

    Inside ``with ag.device('cpu', 0):`` it is that device, as in torch.

    Example:
        >>> import autograd as ag
        >>> ag.get_default_device()
        device(type='cpu')
    """
    return _default_device_stack[-1] if _default_device_stack else CPU


class _NamedConstant:
    """A constant that prints and pickles as its module-level name (``autograd.strided``)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"autograd.{self._name}"

    def __reduce__(self) -> str:
        return self._name


class memory_format(_NamedConstant):
    """A memory layout, as ``torch.memory_format``; NumPy manages layout here, so every
    format gives the same values and none changes anything.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2).to(memory_format=ag.contiguous_format).shape
        (2,)
    """

    __slots__ = ()


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")


class layout(_NamedConstant):
    """A tensor layout, as ``torch.layout``: every tensor here is dense (``strided``).

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, layout=ag.strided).shape
        (2,)
    """

    __slots__ = ()


strided = layout("strided")

_TO_KEYWORDS = ("device", "dtype", "non_blocking", "copy", "memory_format")


def parse_to(
    args: tuple[Any, ...], kwargs: dict[str, Any], where: str
) -> tuple[device | None, Any, bool, bool, Any]:
    """Read ``to(...)``'s arguments in all of torch's forms.

    ``to(device=None, dtype=None, non_blocking=False, copy=False, *, memory_format=None)``,
    ``to(dtype, non_blocking=False, copy=False, *, memory_format=None)`` and
    ``to(other, non_blocking=False, copy=False)``. A string that is not a device type
    is read as a dtype name (``'float64'``). Returns ``(device, dtype, non_blocking,
    copy, memory_format)``: the device checked to be the CPU (or None when not
    given), the dtype unresolved (or None).

    Example:
        >>> import autograd as ag
        >>> from autograd.devices import parse_to
        >>> parse_to(("cpu", ag.float64), {"copy": True}, "Tensor.to")[:4]
        (device(type='cpu'), dtype('float64'), False, True)
    """
    unknown = sorted(set(kwargs) - set(_TO_KEYWORDS))
    if unknown:
        raise TypeError(
            f"{where}() got an unexpected keyword argument {unknown[0]!r}; it "
            f"takes {', '.join(_TO_KEYWORDS)}"
        )
    rest = list(args)
    dev: Any = None
    dtype: Any = None
    given: list[str] = []
    if rest:
        first = rest[0]
        if hasattr(first, "_data") and hasattr(first, "grad_fn"):  # a Tensor: its dtype
            dtype = first._data.dtype
            rest.pop(0)
            given.append("dtype")
        elif (
            first is None
            or isinstance(first, device)
            or is_device_string(first)
            or (isinstance(first, int) and not isinstance(first, bool))
        ):
            dev = rest.pop(0)
            given.append("device")
            if rest and not isinstance(rest[0], bool):
                dtype = rest.pop(0)
                given.append("dtype")
        elif not isinstance(first, bool):
            dtype = rest.pop(0)
            given.append("dtype")
    if len(rest) > 2 or not all(isinstance(v, bool) for v in rest):
        raise TypeError(
            f"{where}() received an invalid combination of arguments: "
            f"{_describe(args)}; expected (device=None, dtype=None, "
            "non_blocking=False, copy=False), (dtype, non_blocking=False, "
            "copy=False) or (other: Tensor, non_blocking=False, copy=False)"
        )
    flags = dict(zip(("non_blocking", "copy"), rest))
    for name in given + list(flags):
        if name in kwargs:
            raise TypeError(f"{where}() got multiple values for argument {name!r}")
    dev = kwargs.get("device", dev)
    dtype = kwargs.get("dtype", dtype)
    non_blocking = bool(kwargs.get("non_blocking", flags.get("non_blocking", False)))
    copy = bool(kwargs.get("copy", flags.get("copy", False)))
    fmt = kwargs.get("memory_format")
    if fmt is not None and not isinstance(fmt, memory_format):
        raise TypeError(
            f"{where}(): memory_format must be an autograd memory format "
            f"(contiguous_format, preserve_format, channels_last), not "
            f"{_typename(fmt)}"
        )
    return (None if dev is None else check(dev, where)), dtype, non_blocking, copy, fmt


def _describe(args: tuple[Any, ...]) -> str:
    return "(" + ", ".join(_typename(a) for a in args) + ")"
