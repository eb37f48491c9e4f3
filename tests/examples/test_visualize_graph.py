"""examples/visualize_graph.py writes its pictures and pages."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from tests.autograd.viz._graphs import svg_texts
from tests.skip_policy import needs_dot


@needs_dot
def test_example_writes_its_pictures_and_pages(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["visualize_graph.py", "--out", str(tmp_path)])
    runpy.run_path(
        str(Path(__file__).parents[2] / "examples" / "visualize_graph.py"), run_name="__main__"
    )
    printed = capsys.readouterr().out.split()
    names = [
        "neuron.svg",
        "neuron.png",
        "neuron_steps.html",
        "mlp.svg",
        "mlp.png",
        "mlp_steps.html",
    ]
    assert printed == [str(tmp_path / n) for n in names]
    neuron = svg_texts((tmp_path / "neuron.svg").read_text())
    assert {"o = TanhBackward0", "data 0.7071", "grad 1", "x1", "grad -1.5"} <= set(neuron)
    mlp = svg_texts((tmp_path / "mlp.svg").read_text())
    assert {"0 (Linear)", "1 (ReLU)", "2 (Linear)", "0.weight", "(32, 784) float32"} <= set(mlp)
    assert "grad not recorded" not in mlp  # every op gradient was recorded
    # one frame per node: Linear, ReLU, Linear, cross-entropy (2-D logits need no Reshape)
    assert (tmp_path / "mlp_steps.html").read_text().count('class="frame"') == 4
