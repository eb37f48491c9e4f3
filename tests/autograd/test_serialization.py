"""ag.save and ag.load: torch's names over nn.save's pickle-free format."""

from __future__ import annotations

import inspect
import zipfile

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from tests.helpers import requires_torch, torch


def test_round_trip_keeps_tensors_as_tensors(tmp_path):
    path = tmp_path / "ckpt.npz"
    obj = {
        "w": ag.tensor([[1.0, 2.0]], dtype="float64"),
        "grad": ag.ones(2, requires_grad=True),
        "step": 7,
        "name": "run",
        "nested": [ag.arange(3), (1.5, None)],
    }
    ag.save(obj, path)
    back = ag.load(path)
    assert isinstance(back["w"], ag.Tensor) and back["w"].dtype == ag.float64
    np.testing.assert_array_equal(back["w"].numpy(), [[1.0, 2.0]])
    assert back["grad"].requires_grad and back["step"] == 7 and back["name"] == "run"
    assert back["nested"][0].tolist() == [0, 1, 2] and back["nested"][1] == (1.5, None)


def test_files_are_the_same_format_as_nn_save(tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    opt = optim.Adam(model.parameters())
    ag.save({"model": model.state_dict(), "opt": opt.state_dict()}, tmp_path / "a.npz")
    nn.save({"model": model.state_dict(), "opt": opt.state_dict()}, tmp_path / "b.npz")
    a, b = nn.load(tmp_path / "a.npz"), ag.load(tmp_path / "b.npz")
    assert a.keys() == b.keys() and a["model"].keys() == b["model"].keys()
    for key in a["model"]:
        np.testing.assert_array_equal(np.asarray(a["model"][key]), np.asarray(b["model"][key]))
    fresh = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    fresh.load_state_dict(ag.load(tmp_path / "a.npz", weights_only=True)["model"])
    x = ag.randn(5, 3)
    np.testing.assert_array_equal(fresh(x).detach().numpy(), model(x).detach().numpy())
    with zipfile.ZipFile(tmp_path / "a.npz") as z:  # no pickle anywhere in the archive
        assert not any(name.endswith(".pkl") for name in z.namelist())


@pytest.mark.parametrize(
    "where", [None, "cpu", ag.device("cpu"), {"cuda:0": "cpu"}, lambda storage, loc: storage]
)
def test_map_location_and_weights_only_are_accepted(tmp_path, where):
    ag.save({"x": ag.ones(1)}, tmp_path / "c.npz")
    for weights_only in (True, False, None):
        out = ag.load(tmp_path / "c.npz", map_location=where, weights_only=weights_only)
        assert out["x"].tolist() == [1.0]


def test_map_location_to_cuda_and_missing_files_raise(tmp_path):
    ag.save([1], tmp_path / "d.npz")
    with pytest.raises(ag.DeviceUnavailableError, match="'cuda'"):
        ag.load(tmp_path / "d.npz", map_location="cuda")
    with pytest.raises(FileNotFoundError, match="no such file"):
        ag.load(tmp_path / "missing.npz")
    with pytest.raises(TypeError, match="cannot store object"):
        ag.save({"bad": object()}, tmp_path / "e.npz")


@requires_torch
def test_parameters_are_torchs_where_they_exist():
    ours = list(inspect.signature(ag.save).parameters)
    theirs = list(inspect.signature(torch.save).parameters)
    assert ours == theirs[: len(ours)] == ["obj", "f"]
    ours_load = inspect.signature(ag.load).parameters
    theirs_load = inspect.signature(torch.load).parameters
    assert list(ours_load)[:2] == list(theirs_load)[:2] == ["f", "map_location"]
    for name in ("weights_only", "mmap"):
        assert ours_load[name].kind is theirs_load[name].kind is inspect.Parameter.KEYWORD_ONLY
