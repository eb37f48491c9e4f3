"""The ``device=`` argument of layer constructors: the CPU is the only device there is."""

from __future__ import annotations

from typing import Any


def check_device(layer: str, device: Any) -> None:
    """Accept ``None``, ``"cpu"``, ``"cpu:0"`` or a CPU ``ag.device``; refuse anything else.

    Example:
        >>> check_device("Linear", "cpu")
        >>> check_device("Linear", "cuda")
        Traceback (most recent call last):
        ...
        RuntimeError: Linear: only the 'cpu' device exists here (...), got device='cuda'
    """
    if device is not None and str(device) not in ("cpu", "cpu:0"):
        raise RuntimeError(
            f"{layer}: only the 'cpu' device exists here (this library computes "
            f"on the CPU with NumPy), got device={device!r}"
        )
