"""``torch.cuda`` as in torch's CPU-only build: no CUDA device is available.

Scripts test :func:`is_available` and seed with :func:`manual_seed` before picking a
device; both work here. Anything that needs a CUDA device raises
:class:`~autograd.devices.DeviceUnavailableError`, because this library computes on the
CPU with NumPy.
"""

from __future__ import annotations

from typing import Any

from .devices import DeviceUnavailableError, device

__all__ = [
    "current_device",
    "device_count",
    "empty_cache",
    "get_device_name",
    "is_available",
    "is_initialized",
    "manual_seed",
    "manual_seed_all",
    "synchronize",
]


def is_available() -> bool:
    """Whether a CUDA device can be used: never, here.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.is_available()
        False
    """
    return False


def device_count() -> int:
    """The number of CUDA devices: 0.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.device_count()
        0
    """
    return 0


def is_initialized() -> bool:
    """Whether CUDA has been initialised: never, here.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.is_initialized()
        False
    """
    return False


def manual_seed(seed: int) -> None:
    """Seed the CUDA generators: there are none, so this does nothing, as in torch's CPU
    build (seed the library's generator with :func:`autograd.manual_seed`).

    Example:
        >>> import autograd as ag
        >>> ag.cuda.manual_seed(0)
    """
    _check_seed(seed, "manual_seed")


def manual_seed_all(seed: int) -> None:
    """Seed every CUDA generator: there are none, so this does nothing.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.manual_seed_all(0)
    """
    _check_seed(seed, "manual_seed_all")


def empty_cache() -> None:
    """Release cached CUDA memory: there is none, so this does nothing, as in torch.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.empty_cache()
    """


def _no_cuda(where: str) -> DeviceUnavailableError:
    return DeviceUnavailableError(
        f"device 'cuda' is not available to cuda.{where}: this library computes on the CPU "
        f"with NumPy, as torch's CPU-only build does (Torch not compiled with CUDA enabled)"
    )


def current_device() -> int:
    """The index of the current CUDA device: there is none, so this raises.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.current_device()
        Traceback (most recent call last):
        ...
        autograd.devices.DeviceUnavailableError: device 'cuda' is not available to ...
    """
    raise _no_cuda("current_device")


def synchronize(device: Any = None) -> None:  # noqa: A002
    """Wait for CUDA work to finish: there is no CUDA device, so this raises, as in torch.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.synchronize()
        Traceback (most recent call last):
        ...
        autograd.devices.DeviceUnavailableError: device 'cuda' is not available to ...
    """
    raise _no_cuda("synchronize")


def get_device_name(device: device | str | int | None = None) -> str:  # noqa: A002
    """The name of a CUDA device: there is none, so this raises, as in torch.

    Example:
        >>> import autograd as ag
        >>> ag.cuda.get_device_name()
        Traceback (most recent call last):
        ...
        autograd.devices.DeviceUnavailableError: device 'cuda' is not available to ...
    """
    raise _no_cuda("get_device_name")


def _check_seed(seed: Any, where: str) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) and not hasattr(seed, "__index__"):
        raise TypeError(f"cuda.{where}: seed must be an int, got {type(seed).__name__}")
