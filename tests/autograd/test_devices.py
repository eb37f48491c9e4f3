"""Devices as in torch's CPU build: ag.device, Tensor.to, cuda/backends/accelerator, the
default device, the CPU compatibility attributes, and the errors for CUDA and MPS, each
compared with torch.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch

DEVICE_ARGS = [
    ("cpu",),
    ("cpu", 0),
    ("cpu:0",),
    ("cpu:3",),
    ("cuda",),
    ("cuda", 1),
    ("cuda:1",),
    ("mps",),
    ("meta",),
    ("xla", 2),
]


@requires_torch
@pytest.mark.parametrize("args", DEVICE_ARGS)
def test_device_type_index_str_repr_match_torch(args):
    ours, theirs = ag.device(*args), torch.device(*args)
    assert (ours.type, ours.index, str(ours), repr(ours)) == (
        theirs.type,
        theirs.index,
        str(theirs),
        repr(theirs),
    )
    assert ag.device(ours) == ours and ag.device(type=args[0]) == ag.device(args[0])


@requires_torch
@pytest.mark.parametrize("a", DEVICE_ARGS)
@pytest.mark.parametrize("b", [("cpu",), ("cpu", 0), ("cuda",), ("cuda", 1)])
def test_device_equality_and_hash_match_torch(a, b):
    assert (ag.device(*a) == ag.device(*b)) == (torch.device(*a) == torch.device(*b))
    if ag.device(*a) == ag.device(*b):
        assert hash(ag.device(*a)) == hash(ag.device(*b))
    for s in ("cpu", "cpu:0", str(torch.device(*a))):
        assert (ag.device(*a) == s) == (torch.device(*a) == s)  # a device is never a string


@requires_torch
@pytest.mark.parametrize(
    "args, exc, pattern",
    [
        (("foo",), RuntimeError, "Expected one of cpu, cuda.* device string: foo"),
        (("cuda:x",), RuntimeError, "Invalid device string: 'cuda:x'"),
        (("cpu", -1), RuntimeError, "must not be negative"),
        (("cpu", "a"), TypeError, "'index'.*must be int, not str"),
        ((1.5,), TypeError, "must be str or device, not float"),
        ((0,), RuntimeError, "accelerator"),
        (("cpu:0", 1), RuntimeError, "already has an index"),
    ],
)
def test_bad_device_specs_raise_torchs_type(args, exc, pattern):
    with pytest.raises(exc, match=pattern):
        ag.device(*args)
    with pytest.raises(exc):
        torch.device(*args)


TO_CALLS = [
    ((), {}),
    (("cpu",), {}),
    (("cpu:0",), {}),
    (("cpu:1",), {}),
    ((ag.device("cpu"),), {}),
    ((None,), {}),
    (("float64",), {}),  # a dtype name: ours only (torch reads a string as a device)
    ((ag.float64,), {}),
    ((ag.float32,), {}),
    ((ag.int64,), {}),
    (("cpu", ag.float64), {}),
    (("cpu", ag.float64, True, True), {}),
    ((ag.float64, True, True), {}),
    ((ag.float32, False, True), {}),
    (("cpu",), {"copy": True}),
    ((), {"device": "cpu", "dtype": ag.float64, "non_blocking": True, "copy": False}),
    ((), {"dtype": ag.int64}),
    ((), {"memory_format": "contiguous_format"}),
    (("tensor-float64",), {}),
    (("tensor-float32",), {}),
    (("tensor-float32", True, True), {}),
]

_TORCH_DTYPES = (
    {
        np.dtype("float64"): torch.float64,
        np.dtype("float32"): torch.float32,
        np.dtype("int64"): torch.int64,
    }
    if torch is not None
    else {}
)


def _torch_arg(v):
    if isinstance(v, ag.device):
        return torch.device(str(v))
    if isinstance(v, np.dtype):
        return _TORCH_DTYPES[v]
    if v == "float64":
        return torch.float64
    if isinstance(v, str) and v.startswith("tensor-"):
        return torch.zeros(1, dtype=getattr(torch, v[7:]))
    return v


def _our_arg(v):
    if isinstance(v, str) and v.startswith("tensor-"):
        return ag.zeros(1, dtype=v[7:])
    return v


@requires_torch
@pytest.mark.parametrize("args, kwargs", TO_CALLS)
def test_tensor_to_matches_torch_in_every_form(args, kwargs):
    ours = ag.tensor([1.5, -2.0], requires_grad=True)
    theirs = torch.tensor([1.5, -2.0], requires_grad=True)
    kw_ours = {k: (ag.contiguous_format if k == "memory_format" else v) for k, v in kwargs.items()}
    kw_theirs = {
        k: (torch.contiguous_format if k == "memory_format" else _torch_arg(v))
        for k, v in kwargs.items()
    }
    a = ours.to(*map(_our_arg, args), **kw_ours)
    b = theirs.to(*map(_torch_arg, args), **kw_theirs)
    assert (a is ours) == (b is theirs)
    assert str(a.dtype) == str(b.dtype).removeprefix("torch.")
    assert a.requires_grad == b.requires_grad
    np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    if a.requires_grad:  # a changed dtype or a copy stays in the graph, as torch's
        a.sum().backward()
        b.sum().backward()
        np.testing.assert_array_equal(ours.grad.numpy(), theirs.grad.numpy())


@requires_torch
@pytest.mark.parametrize(
    "call",
    [
        lambda x: x.to("cuda"),
        lambda x: x.to("cuda:0"),
        lambda x: x.to(device="cuda"),
        lambda x: x.to(ag.device("cuda", 0), ag.float64),
        lambda x: x.to("mps"),
        lambda x: x.cuda(),
        lambda x: x.cuda(0),
        lambda x: ag.zeros(2, device="cuda"),
        lambda x: ag.randn(2, device=ag.device("mps")),
        lambda x: ag.zeros_like(x, device="cuda"),
    ],
)
def test_asking_for_cuda_or_mps_raises_saying_the_library_uses_the_cpu(call):
    x = ag.zeros(2)
    with pytest.raises(ag.DeviceUnavailableError, match="computes on the CPU with NumPy") as info:
        call(x)
    # torch's CPU build raises AssertionError for CUDA and RuntimeError for MPS: both catch it
    assert isinstance(info.value, AssertionError) and isinstance(info.value, RuntimeError)
    assert "'cuda" in str(info.value) or "'mps'" in str(info.value)


@requires_torch
def test_torchs_cpu_build_raises_the_same_types_for_cuda_and_mps():
    with pytest.raises(AssertionError):
        torch.zeros(1).to("cuda")
    with pytest.raises(RuntimeError):
        torch.zeros(1).to("mps")


@requires_torch
@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("cpu", "cpu"), {}),
        ((ag.float64, 1), {}),
        ((), {"foo": 1}),
        (("cpu",), {"device": "cpu"}),
        ((ag.float64,), {"dtype": ag.float32}),
        ((), {"memory_format": 3}),
    ],
)
def test_bad_to_arguments_raise_typeerror_as_torch(args, kwargs):
    with pytest.raises(TypeError):
        ag.zeros(1).to(*args, **kwargs)
    theirs_args = tuple(_torch_arg(a) if not isinstance(a, int) else a for a in args)
    theirs_kwargs = {k: _torch_arg(v) for k, v in kwargs.items()}
    with pytest.raises(TypeError):
        torch.zeros(1).to(*theirs_args, **theirs_kwargs)


@requires_torch
def test_cpu_device_attributes_match_torch():
    x, t = ag.zeros(2), torch.zeros(2)
    assert x.cpu() is x and (t.cpu() is t)
    assert (x.is_cpu, x.is_cuda, x.get_device()) == (t.is_cpu, t.is_cuda, t.get_device())
    assert repr(x.device) == repr(t.device) and x.device == ag.device("cpu")
    assert ag.ones(1, requires_grad=True).sum().device == ag.device("cpu")


@requires_torch
def test_cuda_backends_and_accelerator_answer_as_torchs_cpu_build():
    assert ag.cuda.is_available() is torch.cuda.is_available() is False
    assert ag.cuda.device_count() == torch.cuda.device_count() == 0
    assert ag.cuda.is_initialized() is torch.cuda.is_initialized() is False
    assert ag.cuda.manual_seed(0) is torch.cuda.manual_seed(0) is None
    assert ag.cuda.manual_seed_all(1) is torch.cuda.manual_seed_all(1) is None
    assert ag.cuda.empty_cache() is torch.cuda.empty_cache() is None
    for name in ("current_device", "synchronize", "get_device_name"):
        with pytest.raises(AssertionError):
            getattr(torch.cuda, name)()
        with pytest.raises(AssertionError, match="computes on the CPU"):
            getattr(ag.cuda, name)()
    with pytest.raises(TypeError, match="seed must be an int"):
        ag.cuda.manual_seed("zero")
    assert ag.backends.mps.is_available() is torch.backends.mps.is_available() is False
    assert ag.backends.mps.is_built() is torch.backends.mps.is_built() is False
    assert ag.backends.cudnn.is_available() is torch.backends.cudnn.is_available() is False
    assert ag.backends.cudnn.version() is torch.backends.cudnn.version() is None
    for flag in ("enabled", "benchmark", "deterministic", "allow_tf32"):
        assert getattr(ag.backends.cudnn, flag) == getattr(torch.backends.cudnn, flag)
    assert ag.accelerator.is_available() is torch.accelerator.is_available() is False
    assert ag.accelerator.current_accelerator() is torch.accelerator.current_accelerator()
    assert ag.accelerator.device_count() == torch.accelerator.device_count() == 0


@requires_torch
def test_cudnn_flags_are_settable():
    old = ag.backends.cudnn.benchmark, ag.backends.cudnn.deterministic
    try:
        ag.backends.cudnn.benchmark = True
        ag.backends.cudnn.deterministic = True
        assert ag.backends.cudnn.benchmark and ag.backends.cudnn.deterministic
    finally:
        ag.backends.cudnn.benchmark, ag.backends.cudnn.deterministic = old


@requires_torch
def test_default_device_is_the_cpu_and_only_the_cpu_can_be_set():
    assert repr(ag.get_default_device()) == repr(torch.get_default_device())
    assert ag.set_default_device("cpu") is None and ag.set_default_device(None) is None
    ag.set_default_device(ag.device("cpu"))
    assert ag.get_default_device() == ag.device("cpu")
    with pytest.raises(ag.DeviceUnavailableError, match="set_default_device"):
        ag.set_default_device("cuda")
    assert ag.get_default_device() == ag.device("cpu")


@requires_torch
def test_a_device_is_a_context_manager_for_the_default_device():
    with ag.device("cpu", 0) as d:
        assert d == ag.device("cpu", 0) and ag.get_default_device() == d
        assert ag.zeros(1).device == ag.device("cpu")
    assert ag.get_default_device() == ag.device("cpu")
    with pytest.raises(ag.DeviceUnavailableError), ag.device("cuda"):
        pass
    assert ag.get_default_device() == ag.device("cpu")


@requires_torch
def test_memory_formats_change_nothing():
    x = ag.arange(6.0).reshape(1, 1, 2, 3)
    for fmt in (ag.contiguous_format, ag.preserve_format, ag.channels_last):
        assert x.to(memory_format=fmt) is x
        assert ag.zeros_like(x, memory_format=fmt).shape == x.shape
    assert repr(ag.channels_last) == "autograd.channels_last"


@requires_torch
@pytest.mark.parametrize(
    "method, args",
    [
        ("new_zeros", (2, 3)),
        ("new_ones", (2,)),
        ("new_empty", (2,)),
        ("new_full", ((2,), 7.0)),
        ("new_tensor", ([1.0, 2.0],)),
    ],
)
def test_new_methods_take_device_as_torch(method, args):
    x = ag.zeros(1, dtype="float64")
    for device in (None, "cpu", ag.device("cpu"), x.device):
        out = getattr(x, method)(*args, device=device)
        assert out.device == ag.device("cpu") and out.dtype == np.float64
    with pytest.raises(ag.DeviceUnavailableError, match="computes on the CPU with NumPy"):
        getattr(x, method)(*args, device="cuda")


@requires_torch
def test_cpu_compatibility_attributes():
    x = ag.zeros(2, 3, 4)
    assert x.cpu() is x and x.is_contiguous() and x.is_cuda is False
    assert x.device.type == "cpu" and str(x.device) == "cpu"
    assert (x.device == "cpu") == (torch.zeros(1).device == "cpu")  # a device is no string
    assert x.device == ag.device("cpu") and repr(x.device) == "device(type='cpu')"
    t = torch.zeros(2, 3, 4)
    assert x.stride() == t.stride()
    assert x.permute(2, 0, 1).stride() == t.permute(2, 0, 1).stride()
    assert x[:, 1].stride() == t[:, 1].stride()
    assert ag.zeros(3, 1).expand(3, 4).stride() == torch.zeros(3, 1).expand(3, 4).stride()
    assert x.stride(-1) == 1 and ag.tensor(1.0).stride() == ()
    assert x.flip(0).stride() == t.flip(0).stride()
    with pytest.raises(RuntimeError, match="cuda"):
        ag.zeros(1, device=ag.device("cuda"))
