"""State-dict loading and tensor copying for :class:`nn.Module` (kept apart for size)."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograd import Tensor


class IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """Keys ``load_state_dict`` did not find / did not expect.

    Shown as ``<All keys matched successfully>`` when both lists are empty, as in PyTorch.
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
