"""The installed packages are found whatever folders sit in the user's working directory.

Most projects keep their datasets in a ``data/`` folder, and many have ``nn/`` or
``optim/`` folders of their own. Python searches the working directory first, so such a
folder (a namespace package when it has no ``__init__.py``) must never hide the library's
regular package. These tests run a fresh interpreter in a folder that has all four.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("autograd", "nn", "optim", "data")
CHECK = (
    "import autograd, nn, optim, data\n"
    "import nn.functional\n"
    "print(autograd.Tensor.__name__, nn.Linear.__name__, optim.SGD.__name__,"
    " data.MNIST.__name__, data.__file__)\n"
)


def _env() -> dict[str, str]:
    """The environment a user has: the installed library, or this checkout when not installed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run(
        [sys.executable, "-c", "import autograd.tensor"],
        cwd=Path.home(),
        env=env,
        capture_output=True,
        timeout=120,
    )
    if probe.returncode != 0:  # not installed: this checkout, searched after the working dir
        env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture(params=["empty", "with files"])
def user_folder(request, tmp_path: Path) -> Path:
    for name in PACKAGES:
        (tmp_path / name).mkdir()
        if request.param == "with files":
            (tmp_path / name / "train.csv").write_text("x,y\n1,2\n")
            (tmp_path / name / "notes.py").write_text("VALUE = 1\n")
    return tmp_path


def test_user_folders_do_not_hide_the_packages_from_python_c(user_folder: Path):
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=user_folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    names, location = done.stdout.rsplit(" ", 1)
    assert names == "Tensor Linear SGD MNIST"
    assert Path(location.strip()).resolve().parent != (user_folder / "data").resolve()


def test_user_folders_do_not_hide_the_packages_from_a_script(user_folder: Path):
    script = user_folder / "train.py"
    script.write_text(CHECK)
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=user_folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Tensor Linear SGD MNIST ")


def test_no_import_hook_stands_in_for_the_packages():
    """setuptools' import-hook editable mode is searched only after the working directory."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys; print(*map(repr, sys.meta_path))"],
        cwd=Path.home(),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "nn_from_scratch" not in done.stdout, done.stdout
