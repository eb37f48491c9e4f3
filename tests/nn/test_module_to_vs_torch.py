"""Module.to in torch's forms, Module.cpu and Module.cuda, compared with torch.nn."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import requires_torch, torch

pytestmark = requires_torch


def _dtypes(module):
    return [str(t.dtype).removeprefix("torch.") for t in [*module.parameters(), *module.buffers()]]


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("cpu",), {}),
        ((ag.device("cpu"),), {}),
        ((ag.float64,), {}),
        (("cpu", ag.float64), {}),
        ((), {"device": "cpu", "dtype": ag.float64, "non_blocking": True}),
        ((ag.float64, True), {}),
        (("tensor-float64",), {}),
        ((), {"dtype": ag.float16}),
        ((), {"memory_format": "channels_last"}),
        ((None, ag.float64), {}),
    ],
)
def test_module_to_matches_torch(args, kwargs):
    ours = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))

    def convert(v, lib):
        if isinstance(v, np.dtype):
            return v if lib is ag else getattr(torch, str(v))
        if isinstance(v, ag.device):
            return v if lib is ag else torch.device(str(v))
        if v == "tensor-float64":
            return lib.zeros(1, dtype=ag.float64 if lib is ag else torch.float64)
        if v == "channels_last":
            return ag.channels_last if lib is ag else torch.channels_last
        return v

    assert (
        ours.to(*[convert(a, ag) for a in args], **{k: convert(v, ag) for k, v in kwargs.items()})
        is ours
    )
    assert (
        theirs.to(
            *[convert(a, torch) for a in args], **{k: convert(v, torch) for k, v in kwargs.items()}
        )
        is theirs
    )
    assert _dtypes(ours) == _dtypes(theirs)  # integer buffers (num_batches_tracked) stay


def test_cuda_mps_copy_and_integer_dtypes_raise_as_torch():
    lin, tlin = nn.Linear(2, 2), torch.nn.Linear(2, 2)
    for call in (lambda m: m.cuda(), lambda m: m.to("cuda"), lambda m: m.to(device="cuda:0")):
        with pytest.raises(AssertionError):
            call(tlin)
        with pytest.raises(AssertionError, match="computes on the CPU with NumPy"):
            call(lin)
    with pytest.raises(RuntimeError, match="mps"):
        lin.to("mps")
    with pytest.raises(RuntimeError, match="copy"):
        tlin.to(copy=True)
    with pytest.raises(RuntimeError, match="copy"):
        lin.to(copy=True)
    with pytest.raises(TypeError, match="floating point or complex"):
        lin.to(ag.int64)
    with pytest.raises(TypeError, match="floating point or complex"):
        tlin.to(torch.int64)
    assert lin.cpu() is lin and lin.weight.dtype == ag.float32


def test_to_keeps_the_parameter_objects_and_casts_grads():
    lin = nn.Linear(2, 2)
    w = lin.weight
    lin(ag.ones(1, 2)).sum().backward()
    lin.to("cpu", ag.float64)
    assert lin.weight is w and w.dtype == ag.float64 and w.grad.dtype == ag.float64
