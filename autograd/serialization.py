"""``save`` and ``load`` under torch's names, over the pickle-free checkpoint format
of :func:`nn.save` (one ``.npz`` archive with a JSON manifest).

Loading never unpickles or executes anything, whatever ``weights_only`` says.
"""

from __future__ import annotations

import os
from typing import Any, Union

from . import checkpoint_format
from .devices import check

__all__ = ["load", "save"]

PathLike = Union[str, "os.PathLike[str]"]


def save(obj: Any, f: PathLike) -> None:
    """Write ``obj`` to the file ``f``, as ``torch.save`` (the format is :func:`nn.save`'s).

    ``obj`` may nest dicts, lists and tuples of Tensors, arrays, numbers, strings, bools
    and None: a state dict, or a dict of model and optimizer state. The file is
    written atomically.

    Example:
        >>> import os, tempfile
        >>> import autograd as ag
        >>> path = os.path.join(tempfile.mkdtemp(), "ckpt.npz")
        >>> ag.save({"w": ag.ones(2), "step": 3}, path)
        >>> ag.load(path)
        {'w': tensor([1., 1.]), 'step': 3}
    """
    checkpoint_format.save(obj, f)


def load(
    f: PathLike,
    map_location: Any = None,
    *,
    weights_only: bool | None = True,
    mmap: bool | None = None,
) -> Any:
    """Read an object written by :func:`save` (or :func:`nn.save`), as ``torch.load``.

    Tensors come back as Tensors, arrays as arrays. The format holds no code, so
    loading is always as safe as torch's ``weights_only=True``; ``weights_only=False``
    is accepted and loads the same thing.

    Args:
        f: the checkpoint file.
        map_location: where to put the tensors: ``None`` or the CPU (``'cpu'``,
            ``ag.device('cpu')``); other devices raise
            :class:`~autograd.devices.DeviceUnavailableError`.
        weights_only: accepted for torch's signature; the result is the same.
        mmap: accepted for torch's signature; the file is read into memory.

    Example:
        >>> import os, tempfile
        >>> import autograd as ag
        >>> import nn
        >>> path = os.path.join(tempfile.mkdtemp(), "model.npz")
        >>> ag.save(nn.Linear(3, 2).state_dict(), path)
        >>> state = ag.load(path, map_location="cpu", weights_only=True)
        >>> sorted(state), state["weight"].shape
        (['bias', 'weight'], (2, 3))
    """
    if (
        map_location is not None
        and not callable(map_location)
        and not isinstance(map_location, dict)
    ):
        check(map_location, "load(map_location=...)")
    return checkpoint_format.load(f)
