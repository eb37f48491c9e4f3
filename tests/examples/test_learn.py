"""The lessons in examples/learn run, check their claims and write their pictures."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEARN = ROOT / "examples" / "learn"
LESSONS = sorted(LEARN.glob("[0-9][0-9]_*.py"))
HAS_DOT = shutil.which("dot") is not None

# What each lesson must write: the plots (matplotlib) and graph pictures (Graphviz).
PLOTS = {
    "01_how_gradients_flow": [],
    "02_mlp_backward_by_hand": ["by_hand_vs_engine.png"],
    "03_softmax_and_cross_entropy": ["softmax_cross_entropy.png"],
    "04_why_activation_functions_matter": ["gradient_norms.png", "decision_boundaries.png"],
    "05_how_optimization_works": ["trajectories.png", "learning_rates.png"],
    "06_convolution": ["filters.png"],
    "07_debugging_gradients": [],
}
GRAPHS = {
    "01_how_gradients_flow": ["graph", "steps.html"],
    "02_mlp_backward_by_hand": ["graph"],
    "03_softmax_and_cross_entropy": [],
    "04_why_activation_functions_matter": [],
    "05_how_optimization_works": [],
    "06_convolution": ["graph"],
    "07_debugging_gradients": ["nan_steps.html", "vanishing_sigmoid", "exploding_relu"],
}


HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def run(script: Path, out: Path, *extra: str, pythonpath: str = "") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (pythonpath, str(ROOT)) if p),
        "MPLBACKEND": "Agg",
    }
    return subprocess.run(
        [sys.executable, str(script), "--quick", "--out", str(out), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )


def test_there_are_the_seven_lessons_the_readme_lists():
    names = [p.stem for p in LESSONS]
    assert names == list(PLOTS)
    readme = (ROOT / "README.md").read_text()
    learn = readme[readme.index("## Learn") :]
    learn = learn[: learn.index("\n## ", 1)]
    for name in names:
        assert f"examples/learn/{name}.py" in learn


@pytest.mark.parametrize("script", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_checks_its_claims_and_writes_its_pictures(script, tmp_path):
    start = time.perf_counter()
    done = run(script, tmp_path)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"All \d+ checks passed\.", done.stdout)
    assert "WRONG" not in done.stdout
    print(f"{script.stem}: {seconds:.1f}s")
    # The plots need matplotlib (the [test] extra installs it); without it a lesson says
    # which it skipped and still checks every number.
    expected = [tmp_path / name for name in PLOTS[script.stem]] if HAS_MATPLOTLIB else []
    for name in GRAPHS[script.stem]:
        if name.endswith(".html"):
            expected.append(tmp_path / name)
        else:  # a graph: PNG with Graphviz's dot, its DOT source without
            expected.append(tmp_path / (f"{name}.png" if HAS_DOT else f"{name}.dot"))
    for path in expected:
        assert path.exists() and path.stat().st_size > 0, f"{path.name} was not written"
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    written = re.findall(r"wrote (.+)", done.stdout)
    assert sorted(Path(p).name for p in written) == sorted(p.name for p in expected)


@pytest.mark.parametrize("script", LESSONS, ids=lambda p: p.stem)
def test_lesson_reads_as_a_notebook(script):
    text = script.read_text()
    assert text.count("# %%") >= 4 and "# %% [markdown]" in text
    assert "--out" in text or "Lesson(__file__" in text


def test_a_wrong_claim_makes_the_lesson_fail(tmp_path):
    script = tmp_path / "99_wrong.py"
    script.write_text(
        "from lesson import Lesson\n"
        "lesson = Lesson(__file__, 'a lesson with a false claim')\n"
        "lesson.check('one plus one is three', 1 + 1, 3)\n"
        "lesson.check('one plus one is two', 1 + 1, 2)\n"
        "lesson.finish()\n"
    )
    done = run(script, tmp_path / "out", pythonpath=str(LEARN))
    assert done.returncode == 1
    assert "[WRONG] one plus one is three: 2 == 3" in done.stdout
    assert "[ok] one plus one is two: 2 == 2" in done.stdout
    assert "1 of 2 checks FAILED: one plus one is three" in done.stdout


def test_without_matplotlib_a_lesson_still_runs_and_says_what_it_skipped(tmp_path):
    blocker = tmp_path / "no_matplotlib" / "matplotlib"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('matplotlib is blocked here')\n")
    done = run(
        LEARN / "03_softmax_and_cross_entropy.py", tmp_path / "out", pythonpath=str(blocker.parent)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skipped the plot of softmax, its gradient and overflow" in done.stdout
    assert re.search(r"All \d+ checks passed\.", done.stdout)
    assert not (tmp_path / "out" / "softmax_cross_entropy.png").exists()
