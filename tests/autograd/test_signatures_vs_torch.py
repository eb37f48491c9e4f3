"""Every public name that torch also has takes torch's parameter names, in torch's order.

The names compared are generated: each public function of ``autograd``, ``nn.functional``,
``nn.init`` and ``nn.utils``, each ``optim`` and ``nn`` class (its constructor) and each
``Tensor`` method whose name torch also has. A PyTorch program that calls them positionally or
by keyword therefore runs unchanged.

torch's side comes from ``inspect.signature`` where torch's object has one. Most of torch's
builtins (``torch.sum``, ``Tensor.view``, ...) have none; for those the signatures torch declares
in the type stubs it ships (``torch/_C/_VariableFunctions.pyi``, the ``TensorBase`` class of
``torch/_C/__init__.pyi`` and ``torch/_C/_nn.pyi``) are read, overloads included: ours must
equal one of them. A name with neither is listed in ``NO_TORCH_SIGNATURE``.

Two parameter lists are equal when they have the same names in the same order, each of the
same kind (positional-or-keyword, keyword-only, ``*args``, ``**kwargs``), after dropping the
torch parameters this library does not take (``TORCH_ONLY_PARAMETERS``, each with its reason)
and the deprecated spellings it accepts on top (``OUR_EXTRA_KEYWORDS``, keyword-only). Every
other difference is listed in ``ACCEPTED_DIFFERENCES`` with its reason; any new one fails.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import autograd as ag
import nn
import nn.functional as F
import nn.init
import nn.utils
import optim
from autograd import Tensor
from tests.helpers import requires_torch, torch

# torch parameters this library leaves out wherever they occur, and why. Apart from the
# positional ``out`` of ``torch.norm`` and the positional ``foreach``/``capturable`` of some
# optimizers, torch declares every one of them last or keyword-only, so no positional call shifts.
TORCH_ONLY_PARAMETERS = {
    "out": "results are always new tensors; there is no out= storage to write into",
    "layout": "every tensor is dense (torch.strided)",
    "memory_format": "NumPy arrays have no channels-last memory formats",
    "pin_memory": "there is no accelerator to pin host memory for",
    "generator": "every draw comes from the one generator that ag.manual_seed seeds",
    "foreach": "updates run as one NumPy loop; there are no foreach kernels",
    "fused": "there are no fused kernels",
    "capturable": "there are no CUDA graphs to capture",
    "differentiable": "optimizer steps run outside the graph",
    "sparse_grad": "gradients are dense",
    "names": "tensors have no named dimensions",
    "implicit": "an internal flag of torch's tracer (Tensor.expand)",
}

# Deprecated spellings the SPEC accepts besides torch's (keyword-only, after torch's parameters).
OUR_EXTRA_KEYWORDS = {"axis", "keepdims"}

# Names torch gives no signature for: neither inspect.signature nor its stubs declare one
# (C builtins without a stub entry, and classes whose __init__ is (*args, **kwargs)).
NO_TORCH_SIGNATURE = {
    "ag.is_anomaly_enabled",
    "F.conv2d",
    "F.cosine_similarity",
    "F.hardshrink",
    "F.logsigmoid",
    "F.max_pool2d",
    "F.pairwise_distance",
    "F.pixel_shuffle",
    "F.pixel_unshuffle",
    "F.prelu",
    "nn.Identity",
    "nn.LogSigmoid",
    "nn.Module",
    "nn.Parameter",
    "nn.Sigmoid",
    "nn.Softsign",
    "nn.Tanh",
    "nn.Tanhshrink",
    "nn.RNN",
    "nn.LSTM",
    "nn.GRU",
}

_TWO_OVERLOADS = (
    "one signature takes the calls of both of torch's overloads: {} positional as "
    "in the first, {} keyword-only as in the second"
)
_UNPACKED = (
    "takes the {0} unpacked too (ag.{1}(x, 1, 0)), as the Tensor method does; torch's "
    "function takes one sequence, so {0}= by keyword is not accepted"
)

# Differences kept on purpose, each with the reason.
ACCEPTED_DIFFERENCES = {
    "ag.argsort": _TWO_OVERLOADS.format("dim, descending", "stable"),
    "ag.sort": _TWO_OVERLOADS.format("dim, descending", "stable"),
    "Tensor.argsort": _TWO_OVERLOADS.format("dim, descending", "stable"),
    "Tensor.sort": _TWO_OVERLOADS.format("dim, descending", "stable"),
    "ag.std": _TWO_OVERLOADS.format("dim, unbiased, keepdim", "correction"),
    "ag.var": _TWO_OVERLOADS.format("dim, unbiased, keepdim", "correction"),
    "Tensor.std": _TWO_OVERLOADS.format("dim, unbiased, keepdim", "correction"),
    "Tensor.var": _TWO_OVERLOADS.format("dim, unbiased, keepdim", "correction"),
    "ag.flip": _UNPACKED.format("dims", "flip"),
    "ag.permute": _UNPACKED.format("dims", "permute"),
    "ag.tile": _UNPACKED.format("dims", "tile"),
    "ag.reshape": _UNPACKED.format("shape", "reshape"),
    "Tensor.requires_grad_": "torch's stub calls the flag mode, but torch itself takes "
    "requires_grad= (as here) and refuses mode=",
    "Tensor.uniform_": "torch's bounds are named from (a Python keyword, so positional only) and "
    "to; here they are a and b, as in nn.init.uniform_",
    "Tensor.div_": "rounding_mode= is taken by div, not yet by the in-place div_",
    "Tensor.to": "one (*args, **kwargs) signature parses all of torch's overloads (device, "
    "dtype, tensor), as torch's own Tensor.to does",
    "ag.tensor": "dtype=, device=, requires_grad= and pin_memory= are keyword-only, as torch "
    "enforces at run time (torch.tensor([1], torch.float32) is a TypeError) though "
    "its stub lists them as positional",
    "ag.as_tensor": "dtype= and device= are keyword-only; torch's stub lists them as positional",
    "ag.einsum": "torch declares (*args); the equation is named here, so the operands may "
    "follow it or come as one list, as torch allows",
    "ag.save": "no pickle_module or pickle_protocol: the format is NumPy's .npz, never pickle",
    "ag.load": "no pickle_module or **pickle_load_args: the format is NumPy's .npz, never pickle",
    **{
        f"nn.{name}": "device= is not taken yet by the sequence layers (the CPU is the only "
        "device; dtype= is)"
        for name in (
            "RNNBase",
            "RNNCellBase",
            "RNNCell",
            "LSTMCell",
            "GRUCell",
            "MultiheadAttention",
            "TransformerEncoderLayer",
        )
    },
}


# -- torch's declared signatures ----------------------------------------------------------------

Params = tuple[tuple[str, str], ...]  # ((name, kind), ...) with kind "P", "K", "*" or "**"


def _from_ast(args: ast.arguments, drop_self: bool) -> Params:
    out = [(a.arg, "P") for a in args.posonlyargs + args.args]
    if drop_self and out and out[0][0] == "self":
        out = out[1:]
    if args.vararg is not None:
        out.append((args.vararg.arg, "*"))
    out += [(a.arg, "K") for a in args.kwonlyargs]
    if args.kwarg is not None:
        out.append((args.kwarg.arg, "**"))
    return tuple(out)


def _stub_defs(path: Path, class_name: str | None = None) -> dict[str, list[Params]]:
    """Every (overloaded) def in a torch stub file, at module level or in one class."""
    tree = ast.parse(path.read_text())
    body = tree.body
    if class_name is not None:
        body = next(
            n.body for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name
        )
    defs: dict[str, list[Params]] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef):
            defs.setdefault(node.name, []).append(_from_ast(node.args, class_name is not None))
    return defs


def _from_inspect(fn, drop_self: bool) -> Params | None:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    kinds = {
        inspect.Parameter.POSITIONAL_ONLY: "P",
        inspect.Parameter.POSITIONAL_OR_KEYWORD: "P",
        inspect.Parameter.VAR_POSITIONAL: "*",
        inspect.Parameter.KEYWORD_ONLY: "K",
        inspect.Parameter.VAR_KEYWORD: "**",
    }
    params = [(p.name, kinds[p.kind]) for p in sig.parameters.values()]
    if drop_self and params and params[0][0] == "self":
        params = params[1:]
    return tuple(params)


_STUBS: dict[str, dict[str, list[Params]]] = {}
if torch is not None:
    _stub_dir = Path(torch.__file__).parent / "_C"
    _STUBS = {
        "ag": _stub_defs(_stub_dir / "_VariableFunctions.pyi"),
        "Tensor": _stub_defs(_stub_dir / "__init__.pyi", "TensorBase"),
        "F": _stub_defs(_stub_dir / "_nn.pyi"),
    }


# -- the names the two share --------------------------------------------------------------------


def _public(module) -> list[str]:
    return [n for n in dir(module) if not n.startswith("_")]


def _shared() -> dict[str, tuple[object, object, str, bool]]:
    """qualified name -> (ours, torch's, stub family, is a method or constructor)."""
    if torch is None:
        return {}
    pairs: dict[str, tuple[object, object, str, bool]] = {}
    functions = [
        ("ag", ag, torch),
        ("F", F, torch.nn.functional),
        ("init", nn.init, torch.nn.init),
        ("utils", nn.utils, torch.nn.utils),
    ]
    for prefix, ours_mod, torch_mod in functions:
        for name in _public(ours_mod):
            ours = getattr(ours_mod, name)
            theirs = getattr(torch_mod, name, None)
            if (
                callable(ours)
                and not isinstance(ours, type)
                and callable(theirs)
                and not isinstance(theirs, type)
                and not inspect.ismodule(ours)
            ):
                pairs[f"{prefix}.{name}"] = (ours, theirs, prefix, False)
    for prefix, ours_mod, torch_mod in [("optim", optim, torch.optim), ("nn", nn, torch.nn)]:
        for name in _public(ours_mod):
            ours = getattr(ours_mod, name)
            theirs = getattr(torch_mod, name, None)
            if isinstance(ours, type) and isinstance(theirs, type):
                pairs[f"{prefix}.{name}"] = (ours.__init__, theirs.__init__, prefix, True)
    for name in _public(Tensor):
        static = inspect.getattr_static(Tensor, name)
        theirs = getattr(torch.Tensor, name, None)
        if isinstance(static, property) or not callable(getattr(Tensor, name)):
            continue
        if callable(theirs) and not isinstance(theirs, type):
            pairs[f"Tensor.{name}"] = (getattr(Tensor, name), theirs, "Tensor", True)
    return pairs


SHARED = _shared()
COMPARED = sorted(set(SHARED) - NO_TORCH_SIGNATURE)


def torch_signatures(qualname: str) -> list[Params]:
    """torch's parameter lists for a shared name: its inspect.signature, else its stubs."""
    _, theirs, family, method = SHARED[qualname]
    found = _from_inspect(theirs, method)
    if found is not None and found not in ((("args", "*"), ("kwargs", "**")),):
        return [found]
    return list(_STUBS.get(family, {}).get(qualname.split(".", 1)[1], []))


def _comparable(params: Params, ours: bool) -> Params:
    # Some of ours take a torch-only parameter as a no-op (clip_grad_norm_'s foreach): dropped
    # on both sides alike.
    kept = tuple(p for p in params if p[0] not in TORCH_ONLY_PARAMETERS and p[0] != "self")
    if ours:
        return tuple(p for p in kept if not (p[1] == "K" and p[0] in OUR_EXTRA_KEYWORDS))
    return kept


def signature_mismatch(qualname: str) -> str | None:
    """None when ours equals one of torch's signatures, else both, for the failure message."""
    ours_fn, _, _, method = SHARED[qualname]
    ours = _from_inspect(ours_fn, method)
    theirs = torch_signatures(qualname)
    assert ours is not None and theirs, qualname
    if _comparable(ours, True) in {_comparable(t, False) for t in theirs}:
        return None
    return f"{qualname}: ours {ours}, torch's {' or '.join(map(str, theirs))}"


# -- the tests ----------------------------------------------------------------------------------

pytestmark = requires_torch


@pytest.mark.parametrize("qualname", [n for n in COMPARED if n not in ACCEPTED_DIFFERENCES])
def test_signature_matches_torch(qualname):
    assert signature_mismatch(qualname) is None


@pytest.mark.parametrize("qualname", sorted(ACCEPTED_DIFFERENCES))
def test_accepted_difference_is_still_a_difference(qualname):
    # An entry that no longer differs must leave the list, so the list stays exact.
    assert qualname in COMPARED
    assert signature_mismatch(qualname) is not None


@pytest.mark.parametrize("qualname", sorted(NO_TORCH_SIGNATURE))
def test_names_without_a_torch_signature_really_have_none(qualname):
    assert qualname in SHARED
    assert torch_signatures(qualname) == []


def test_every_shared_name_is_compared_or_listed():
    missing = [n for n in SHARED if n not in NO_TORCH_SIGNATURE and not torch_signatures(n)]
    assert missing == []
    assert len(COMPARED) > 400  # the generated list really covers the API
