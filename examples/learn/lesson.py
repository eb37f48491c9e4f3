"""What every lesson shares: its output folder, its checked claims and its optional plots.

A lesson makes claims ("by hand 0.1234 == engine 0.1234") and checks each with
:meth:`Lesson.check`; :meth:`Lesson.finish` prints the tally and exits with
status 1 if any claim was wrong, so a lesson that stops being true fails loudly
(the test suite runs every lesson).

Pictures go into ``runs/learn/NN_name/`` (or ``--out DIR``). Plots need
matplotlib; without it a lesson still runs, checks everything and says which
plots it skipped. Graph pictures need Graphviz's ``dot``; without it the
``.dot`` source is written instead.
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np


class Lesson:
    """One lesson's run: parses ``--out`` / ``--quick`` and keeps score of its claims.

    Args:
        file: the lesson's ``__file__``; its name gives the default output folder.
        description: the one-line summary shown by ``--help``.
    """

    def __init__(self, file: str, description: str) -> None:
        name = Path(file).stem
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument(
            "--out",
            type=Path,
            default=Path("runs") / "learn" / name,
            help=f"folder for the pictures (default runs/learn/{name})",
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="smaller problems, for the test suite (same checks)",
        )
        args, _ = parser.parse_known_args()  # a notebook kernel passes its own arguments
        self.out: Path = args.out
        self.quick: bool = args.quick
        self.out.mkdir(parents=True, exist_ok=True)
        self.failures: list[str] = []
        self.checked = 0
        self.skipped: list[str] = []
        self.written: list[Path] = []
        try:
            import matplotlib

            if "matplotlib.pyplot" not in sys.modules and not _interactive():
                matplotlib.use("Agg")  # a script writes files; it needs no window
            import matplotlib.pyplot as plt
        except ImportError:
            plt = None
        self.plt: Any = plt

    # -- claims --------------------------------------------------------------------------

    def check(self, claim: str, got: Any, want: Any, tol: float = 1e-6) -> bool:
        """Print ``claim: got == want`` and record whether they agree within ``tol``.

        ``tol`` is absolute for numbers near zero and relative otherwise
        (``|got - want| <= tol * max(1, |want|)``), elementwise for arrays.
        """
        a = np.asarray(got, dtype=np.float64)
        b = np.asarray(want, dtype=np.float64)
        ok = a.shape == b.shape and bool(np.all(np.abs(a - b) <= tol * np.maximum(1, np.abs(b))))
        self.checked += 1
        shown = (
            f"{_short(a)} == {_short(b)}"
            if a.size <= 4
            else f"max |difference| {np.max(np.abs(a - b)):.2e} (tolerance {tol:g})"
            if a.shape == b.shape
            else f"shapes {a.shape} != {b.shape}"
        )
        print(f"  [{'ok' if ok else 'WRONG'}] {claim}: {shown}")
        if not ok:
            self.failures.append(claim)
        return ok

    def claim(self, claim: str, holds: bool) -> bool:
        """Print and record a claim that is a plain yes/no statement."""
        self.checked += 1
        print(f"  [{'ok' if holds else 'WRONG'}] {claim}")
        if not holds:
            self.failures.append(claim)
        return holds

    # -- pictures ------------------------------------------------------------------------

    def figure(self, what: str, *args: Any, **kwargs: Any) -> Any:
        """A new matplotlib figure, or None (and a note) when matplotlib is not installed."""
        if self.plt is None:
            self.skipped.append(what)
            print(
                f"  (skipped the plot of {what}: matplotlib is not installed; "
                "pip install matplotlib to see it)"
            )
            return None
        return self.plt.figure(*args, **kwargs)

    def save(self, fig: Any, name: str) -> Path | None:
        """Write a figure to ``out/name`` (PNG) and close it."""
        if fig is None:
            return None
        path = self.out / name
        fig.savefig(path, dpi=110, bbox_inches="tight")
        self.plt.close(fig)
        return self._wrote(path)

    def render(self, root: Any, name: str, **make_dot_kwargs: Any) -> Path:
        """Draw an autograd graph to ``out/name.png`` (``.dot`` without Graphviz)."""
        import autograd as ag

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # no dot: the .dot file says so
            written = ag.viz.render(root, self.out / name, format="png", **make_dot_kwargs)
        return self._wrote(Path(written))

    def steps(self, loss: Any, name: str, **kwargs: Any) -> Path:
        """Write the step-by-step page of ``loss.backward()`` to ``out/name.html``."""
        import autograd as ag

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return self._wrote(
                Path(ag.viz.backward_steps(loss, self.out / f"{name}.html", **kwargs))
            )

    def _wrote(self, path: Path) -> Path:
        self.written.append(path)
        print(f"  wrote {path}")
        return path

    # -- the end -------------------------------------------------------------------------

    def finish(self) -> None:
        """Print the tally; exit with status 1 if any claim was wrong."""
        print()
        if self.skipped:
            print(
                f"Skipped {len(self.skipped)} plot(s) without matplotlib: "
                + ", ".join(self.skipped)
            )
        print(f"Pictures in {self.out}/ ({len(self.written)} files).")
        if self.failures:
            print(
                f"{len(self.failures)} of {self.checked} checks FAILED: " + "; ".join(self.failures)
            )
            sys.exit(1)
        print(f"All {self.checked} checks passed.")


def _interactive() -> bool:
    return "ipykernel" in sys.modules


def _short(a: np.ndarray) -> str:
    values = [float(v) for v in a.reshape(-1)]
    text = ", ".join(f"{v:.6g}" if math.isfinite(v) else str(v) for v in values)
    return text if a.ndim == 0 else f"[{text}]"


def section(title: str) -> None:
    """Print a lesson's section heading."""
    print(f"\n== {title} ==")
