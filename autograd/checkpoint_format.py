"""The checkpoint format of ``nn.save`` / ``nn.load`` (and ``autograd.save`` / ``load``):
plain NumPy ``.npz`` files, never pickle.

File layout. A checkpoint is an ordinary ``.npz`` archive (``np.load`` opens it)
holding:

- ``a0``, ``a1``, ... : every array in the object, in the order met;
- ``__nn_manifest__`` : a uint8 array of UTF-8 JSON describing the structure::

      {"format": "nn-from-scratch checkpoint", "version": 1, "root": <node>}

  where a node is ``{"t": "none"}``, ``{"t": "bool"|"int"|"str", "v": value}``,
  ``{"t": "float", "v": float.hex()}`` (exact, nan and inf included),
  ``{"t": "array"|"scalar"|"tensor"|"param", "k": "a3", "dtype": "<f4",
  "shape": [..]}`` (tensors also record ``requires_grad``), or
  ``{"t": "dict"|"odict"|"list"|"tuple", "items": [...]}`` (dict items are
  ``[key node, value node]`` pairs, so int keys stay ints).

Loading reads with ``allow_pickle=False`` and checks the manifest against the
arrays (names, dtypes, shapes); anything unexpected raises
:class:`CheckpointError` naming the file. Saving writes a temporary file in the
target's directory, fsyncs it and renames it over the target, so the previous
file survives any failure. The temporary file is named
``.<name>.<pid>.<random>.tmp`` after the writing process; a save killed
before its rename leaves it behind, and the next :func:`save` or :func:`load`
of the same path removes those whose writer is no longer running (a live
writer's file is never touched). The path is used exactly as given (no
``.npz`` is appended, as ``torch.save``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import struct
import zipfile
from collections import OrderedDict
from typing import Any

import numpy as np

from .parameter import Parameter
from .tensor import Tensor

__all__ = ["CheckpointError", "load", "save"]

MANIFEST_KEY = "__nn_manifest__"
FORMAT = "nn-from-scratch checkpoint"
VERSION = 1
_ARRAY_KINDS = "biufcUS"  # no object ('O') or structured ('V') arrays: they need pickle
_ARRAY_NODES = ("array", "scalar", "tensor", "param")
_CONTAINERS = {"dict": dict, "odict": OrderedDict, "list": list, "tuple": tuple}

PathLike = str | os.PathLike


class CheckpointError(ValueError):
    """A file that ``nn.load`` refuses: foreign, truncated, corrupt, or holding unsafe data."""


# -- encoding ---------------------------------------------------------------------------


def _store(array: np.ndarray, arrays: dict[str, np.ndarray], where: str) -> dict[str, Any]:
    if array.dtype.kind not in _ARRAY_KINDS:
        raise TypeError(
            f"nn.save: cannot store an array of dtype {array.dtype} at {where}: "
            "object and structured arrays would need pickle"
        )
    key = f"a{len(arrays)}"
    arrays[key] = array
    return {"k": key, "dtype": array.dtype.str, "shape": list(array.shape)}


def _encode(
    obj: Any, arrays: dict[str, np.ndarray], where: str, key: bool = False
) -> dict[str, Any]:
    """The manifest node for ``obj``; arrays go into ``arrays``. ``key``: a dict key."""
    if obj is None:
        return {"t": "none"}
    if isinstance(obj, np.generic) and not key:  # before float: np.float64 subclasses it
        return {"t": "scalar", **_store(np.asarray(obj), arrays, where)}
    if isinstance(obj, bool):
        return {"t": "bool", "v": obj}
    if isinstance(obj, int):
        return {"t": "int", "v": int(obj)}
    if isinstance(obj, float):
        return {"t": "float", "v": float(obj).hex()}
    if isinstance(obj, str):
        return {"t": "str", "v": str(obj)}
    if isinstance(obj, tuple):
        return {
            "t": "tuple",
            "items": [_encode(v, arrays, f"{where}[{i}]", key) for i, v in enumerate(obj)],
        }
    if not key:
        if isinstance(obj, Tensor):
            kind = "param" if isinstance(obj, Parameter) else "tensor"
            return {
                "t": kind,
                "requires_grad": obj.requires_grad,
                **_store(obj._data, arrays, where),
            }
        if isinstance(obj, np.ndarray):
            return {"t": "array", **_store(obj, arrays, where)}
        if isinstance(obj, dict):
            kind = "odict" if isinstance(obj, OrderedDict) else "dict"
            return {
                "t": kind,
                "items": [
                    [
                        _encode(k, arrays, f"{where} key {k!r}", key=True),
                        _encode(v, arrays, f"{where}[{k!r}]"),
                    ]
                    for k, v in obj.items()
                ],
            }
        if isinstance(obj, list):
            return {
                "t": "list",
                "items": [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(obj)],
            }
    what = "a dict key" if key else "a value"
    raise TypeError(
        f"nn.save: cannot store {type(obj).__name__} as {what} at {where}; supported: dict, "
        "list, tuple, np.ndarray, Tensor, NumPy scalars, int, float, bool, str, None "
        "(dict keys: str, int, float, bool, None or tuples of them)"
    )


def save(obj: Any, path: PathLike) -> None:
    """Write ``obj`` (e.g. a state dict, or a dict of model and optimizer state) to ``path``.

    ``obj`` may nest dicts (str, int, ... keys), lists and tuples of arrays,
    Tensors, NumPy scalars, Python numbers, strings, bools and None. The file is
    an ``.npz`` archive written atomically: on any error (an unsupported value,
    a full disk) the previous file at ``path`` is untouched and no temporary file
    remains.

    Args:
        obj: what to store.
        path: file path (``str`` or ``pathlib.Path``), used exactly as given.

    Example:
        >>> import os, tempfile
        >>> import numpy as np
        >>> import nn
        >>> path = os.path.join(tempfile.mkdtemp(), "ckpt.npz")
        >>> nn.save({"model": {"w": np.ones(2)}, "state": {0: {"step": 3}}}, path)
        >>> nn.load(path)["state"][0]["step"]
        3
    """
    path = os.fspath(path)
    arrays: dict[str, np.ndarray] = {}
    manifest = {"format": FORMAT, "version": VERSION, "root": _encode(obj, arrays, "obj")}
    text = json.dumps(manifest, separators=(",", ":"), allow_nan=False)
    payload = dict(arrays)
    payload[MANIFEST_KEY] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"nn.save: directory {directory} does not exist (saving {path})")
    _remove_stale_temporaries(path)
    tmp = os.path.join(
        directory, f".{os.path.basename(path)}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    )
    # os.open with 0o666 lets the umask decide the final permissions, as a plain open() would.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            # NumPy's stub lets a ** mapping reach allow_pickle; these keys are member names
            np.savez(f, **payload)  # type: ignore[arg-type]
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one we may not signal counts as alive)."""
    if pid <= 0:
        return True  # never a writer's pid: leave such a file alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove_stale_temporaries(path: str) -> None:
    """Delete the temporary files that killed saves of ``path`` left behind.

    A temporary file carries its writer's pid; it is stale once that process is
    gone. Files of running processes, and names without a pid, are kept.
    """
    directory = os.path.dirname(os.path.abspath(path))
    pattern = re.compile(r"\." + re.escape(os.path.basename(path)) + r"\.(\d+)\.[0-9a-f]+\.tmp")
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or _pid_alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):  # another process may be removing it too
            os.unlink(os.path.join(directory, name))


def _fsync_directory(directory: str) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- decoding ---------------------------------------------------------------------------


class _Decoder:
    def __init__(self, path: str, arrays: dict[str, np.ndarray]) -> None:
        self.path = path
        self.arrays = arrays
        self.used: set[str] = set()

    def fail(self, why: str) -> CheckpointError:
        return CheckpointError(
            f"nn.load: {self.path} is corrupt or not an nn.save checkpoint: "
            f"manifest mismatch ({why})"
        )

    def array(self, node: dict[str, Any]) -> np.ndarray:
        key = node.get("k")
        if key not in self.arrays or key in self.used:
            raise self.fail(f"array {key!r} is missing or referenced twice")
        array = self.arrays[key]
        if array.dtype.str != node.get("dtype") or list(array.shape) != node.get("shape"):
            raise self.fail(
                f"array {key!r} is {array.dtype.str} {list(array.shape)}, the "
                f"manifest says {node.get('dtype')} {node.get('shape')}"
            )
        self.used.add(key)
        return array

    def decode(self, node: Any) -> Any:
        if not isinstance(node, dict) or not isinstance(node.get("t"), str):
            raise self.fail(f"bad node {str(node)[:80]}")
        kind, value = node["t"], node.get("v")
        if kind == "none":
            return None
        if kind == "bool" and isinstance(value, bool):
            return value
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind == "str" and isinstance(value, str):
            return value
        if kind == "float" and isinstance(value, str):
            try:
                return float.fromhex(value)
            except ValueError:
                raise self.fail(f"bad float {value!r}") from None
        if kind in _ARRAY_NODES:
            array = self.array(node)
            if kind == "array":
                return array
            if kind == "scalar":
                return array[()]
            requires_grad = bool(node.get("requires_grad", False))
            if kind == "param":
                return Parameter(Tensor._make(array), requires_grad=requires_grad)
            return Tensor._make(array).requires_grad_(requires_grad)
        if kind in _CONTAINERS and isinstance(node.get("items"), list):
            items = node["items"]
            if kind in ("list", "tuple"):
                return _CONTAINERS[kind](self.decode(v) for v in items)
            if not all(isinstance(kv, list) and len(kv) == 2 for kv in items):
                raise self.fail("dict items must be [key, value] pairs")
            return _CONTAINERS[kind]((self.decode(k), self.decode(v)) for k, v in items)
        raise self.fail(f"unknown or malformed node of type {kind!r}")


def _read_archive(path: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The manifest and the arrays of the archive at ``path``, checked for safety."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            if not hasattr(npz, "files"):
                raise CheckpointError(
                    f"nn.load: {path} is a single .npy array, not an nn.save checkpoint"
                )
            if MANIFEST_KEY not in npz.files:
                raise CheckpointError(
                    f"nn.load: {path} has no '{MANIFEST_KEY}' entry; it is an "
                    ".npz archive but was not written by nn.save"
                )
            arrays = {}
            for name in npz.files:
                try:
                    value = npz[name]
                except ValueError as exc:
                    if "pickle" in str(exc) or "Object arrays" in str(exc):
                        raise CheckpointError(
                            f"nn.load: {path} holds an object array under {name!r}; refusing "
                            "to unpickle it (nn.load never executes code from a file)"
                        ) from None
                    raise
                if not isinstance(value, np.ndarray) or value.dtype.kind not in _ARRAY_KINDS:
                    raise CheckpointError(
                        f"nn.load: {path}: entry {name!r} is not a plain NumPy array"
                    )
                arrays[name] = value
    except CheckpointError:
        raise
    except (
        zipfile.BadZipFile,
        ValueError,
        OSError,
        EOFError,
        KeyError,
        NotImplementedError,
        struct.error,
        MemoryError,
    ) as exc:
        # NotImplementedError: zipfile on a damaged header ("compression method not supported")
        raise CheckpointError(
            f"nn.load: {path} is truncated or corrupt: {type(exc).__name__}: {exc}"
        ) from exc
    raw = arrays.pop(MANIFEST_KEY)
    try:
        if raw.dtype != np.uint8 or raw.ndim != 1:
            raise ValueError(f"manifest is {raw.dtype} {raw.shape}, expected 1-D uint8")
        manifest = json.loads(raw.tobytes().decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise CheckpointError(f"nn.load: {path} has an unreadable manifest: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CheckpointError(f"nn.load: {path} is not an nn.save checkpoint (unknown format)")
    if manifest.get("version") != VERSION:
        raise CheckpointError(
            f"nn.load: {path} has checkpoint version "
            f"{manifest.get('version')!r}; this library reads {VERSION}"
        )
    return manifest, arrays


def load(path: PathLike) -> Any:
    """Read an object written by :func:`save`.

    Never unpickles or executes anything from the file. Arrays come back as
    ``np.ndarray`` (Tensors as Tensors), containers and numbers as saved.

    Args:
        path: the checkpoint file.

    Raises:
        FileNotFoundError: no file at ``path``.
        IsADirectoryError: ``path`` is a directory.
        CheckpointError: (a ``ValueError``) the file is not an ``.npz`` archive,
            is truncated or corrupt, lacks or contradicts the manifest, or holds
            an object array.

    Example:
        >>> import os, tempfile
        >>> import nn
        >>> path = os.path.join(tempfile.mkdtemp(), "model.npz")
        >>> nn.save(nn.Linear(3, 2).state_dict(), path)
        >>> sorted(nn.load(path))
        ['bias', 'weight']
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"nn.load: {path} is a directory, not a checkpoint file")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"nn.load: no such file: {path}")
    _remove_stale_temporaries(path)
    if not zipfile.is_zipfile(path):
        raise CheckpointError(
            f"nn.load: {path} is not an nn.save checkpoint: it is not an .npz "
            "(zip) archive, or it is truncated"
        )
    manifest, arrays = _read_archive(path)
    decoder = _Decoder(path, arrays)
    try:
        obj = decoder.decode(manifest.get("root"))
    except RecursionError:
        raise decoder.fail("structure nested too deeply") from None
    unused = sorted(set(arrays) - decoder.used)
    if unused:
        raise decoder.fail(f"arrays {unused} are not in the manifest")
    return obj
