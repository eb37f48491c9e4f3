"""The hand-off to PyTorch: train here, load the weights into the same torch.nn model
and compare outputs to 1e-6; train there, load back here and compare again. The
README's "From and to PyTorch" snippets are run as they are written."""

from __future__ import annotations

import json
import pathlib
import re

import numpy as np

import autograd as ag
import nn
import optim
from tests.helpers import requires_torch, torch

pytestmark = requires_torch

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def _ours():
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, stride=2, bias=False),
        nn.GroupNorm(2, 6),
        nn.GELU(),
        nn.Flatten(),
        nn.Linear(6 * 2 * 2, 16),
        nn.LayerNorm(16),
        nn.Tanh(),
        nn.Dropout(0.2),
        nn.Linear(16, 5),
    )


def _theirs():
    t = torch.nn
    return t.Sequential(
        t.Conv2d(1, 4, 3, padding=1),
        t.BatchNorm2d(4),
        t.ReLU(),
        t.MaxPool2d(2),
        t.Conv2d(4, 6, 3, stride=2, bias=False),
        t.GroupNorm(2, 6),
        t.GELU(),
        t.Flatten(),
        t.Linear(6 * 2 * 2, 16),
        t.LayerNorm(16),
        t.Tanh(),
        t.Dropout(0.2),
        t.Linear(16, 5),
    )


def _read_without_pickle(path):
    """A checkpoint of a state dict, read with NumPy alone, as torch tensors."""
    with np.load(path, allow_pickle=False) as archive:
        manifest = json.loads(archive["__nn_manifest__"].tobytes())
        return {
            key["v"]: torch.from_numpy(archive[value["k"]].copy())
            for key, value in manifest["root"]["items"]
        }


def _compare(model, torch_model, x, train):
    model.train(train)
    torch_model.train(train)
    if train:  # dropout draws differ between the libraries: compare without it
        model[11].p = torch_model[11].p = 0.0
    ours = model(ag.tensor(x)).detach().numpy()
    theirs = torch_model(torch.from_numpy(x)).detach().numpy()
    # float32 through conv, three norms and two linears; torch's threaded reductions may sum
    # in another order from run to run, which moves the last digits by up to ~2e-6
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_train_here_run_in_torch_train_there_run_here(tmp_path):
    ag.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 1, 12, 12)).astype(np.float32)
    y = rng.integers(0, 5, 16)
    model = _ours()
    opt = optim.Adam(model.parameters(), lr=0.01)
    for _ in range(5):
        opt.zero_grad()
        nn.functional.cross_entropy(model(ag.tensor(x)), ag.tensor(y)).backward()
        opt.step()
    nn.save(model.state_dict(), tmp_path / "here.npz")

    torch_model = _theirs()
    torch_model.load_state_dict(_read_without_pickle(tmp_path / "here.npz"))
    assert int(torch_model[1].num_batches_tracked) == 5
    test = rng.standard_normal((8, 1, 12, 12)).astype(np.float32)
    _compare(model, torch_model, test, train=False)

    topt = torch.optim.SGD(torch_model.parameters(), lr=0.1, momentum=0.9)
    torch_model.train()
    for _ in range(5):
        topt.zero_grad()
        torch.nn.functional.cross_entropy(
            torch_model(torch.from_numpy(x)), torch.from_numpy(y)
        ).backward()
        topt.step()
    back = _ours()
    result = back.load_state_dict(
        {k: v.detach().numpy() for k, v in torch_model.state_dict().items()}
    )
    assert not result.missing_keys and not result.unexpected_keys
    _compare(back, torch_model, test, train=False)
    _compare(back, torch_model, test, train=True)  # batch statistics agree too
    assert int(back[1].num_batches_tracked.item()) == int(torch_model[1].num_batches_tracked)


def _readme_snippets():
    text = README.read_text()
    section = text[text.index("## From and to PyTorch") : text.index("## Packages")]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_snippets_run_and_agree_with_torch(tmp_path, monkeypatch, capsys):
    snippets = _readme_snippets()
    assert len(snippets) == 2
    monkeypatch.chdir(tmp_path)
    ag.manual_seed(1)
    namespace: dict = {}
    exec(compile(snippets[0], "README: to PyTorch", "exec"), namespace)  # noqa: S102
    model, torch_model = namespace["model"], namespace["torch_model"]
    test = np.random.default_rng(2).standard_normal((4, 1, 28, 28)).astype(np.float32)
    model.eval()
    torch_model.eval()
    np.testing.assert_allclose(
        model(ag.tensor(test)).detach().numpy(),
        torch_model(torch.from_numpy(test)).detach().numpy(),
        rtol=1e-6,
        atol=1e-6,
    )
    assert sorted(nn.load(tmp_path / "model.npz")) == sorted(torch_model.state_dict())
    exec(compile(snippets[1], "README: from PyTorch", "exec"), namespace)  # noqa: S102
    assert float(capsys.readouterr().out) < 1e-6
