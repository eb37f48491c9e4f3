"""examples/shakespeare.py on a tiny config: it learns, writes its files, resumes exactly,
samples, trains the LSTM variant, and refuses a damaged text file."""

from __future__ import annotations

import numpy as np
import pytest
import shakespeare

import autograd as ag
import nn

TINY = [
    "--batch-size",
    "4",
    "--block-size",
    "16",
    "--n-layer",
    "1",
    "--n-head",
    "2",
    "--n-embd",
    "16",
    "--eval-iters",
    "2",
    "--warmup",
    "2",
    "--lr",
    "1e-2",
]


def _run(tmp_path, *extra):
    return shakespeare.main([*TINY, "--out", str(tmp_path), *extra])


def test_gpt_learns_and_writes_checkpoint_and_plot(tmp_path, capsys):
    losses = _run(
        tmp_path,
        "--max-iters",
        "30",
        "--eval-interval",
        "15",
        "--num-chars",
        "40",
        "--prompt",
        "ROMEO:",
    )
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("iter ")]
    assert [ln.split(":")[0] for ln in lines] == ["iter 0", "iter 15", "iter 30"]
    assert "train loss" in lines[0] and "val loss" in lines[0]
    first = float(lines[0].split("val loss ")[1].split()[0].rstrip(","))
    assert first > 4.0 and losses["val"] < first - 0.5  # log(65) = 4.17 at the start
    ckpt = nn.load(tmp_path / "ckpt.npz")
    assert ckpt["iter"] == 30 and len(ckpt["history"]) == 3
    assert ckpt["model"]["wte.weight"].shape == (65, 16)
    assert "lm_head.weight" in ckpt["model"]
    sample = out.split("\n")[-2]
    assert "ROMEO:" in out and len(out.split("ROMEO:")[-1]) >= 40 and sample
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    assert (tmp_path / "loss.png").stat().st_size > 1000


def test_output_layer_is_tied_to_the_token_embedding():
    model = shakespeare.GPT(
        shakespeare.GPTConfig(vocab_size=10, block_size=8, n_layer=1, n_head=2, n_embd=8)
    )
    assert model.lm_head.weight is model.wte.weight
    names = [n for n, _ in model.named_parameters()]
    assert "lm_head.weight" not in names  # one shared parameter, counted once


def test_resume_continues_exactly(tmp_path, capsys):
    common = ["--eval-interval", "4", "--num-chars", "0", "--lr-decay-iters", "8"]
    whole = _run(tmp_path / "whole", "--max-iters", "8", *common)
    _run(tmp_path / "parts", "--max-iters", "4", *common)  # as if stopped after 4
    resumed = _run(tmp_path / "parts", "--max-iters", "8", *common, "--resume")
    assert "resumed from" in capsys.readouterr().out
    assert resumed == pytest.approx(whole, rel=1e-6)
    a = nn.load(tmp_path / "whole" / "ckpt.npz")["model"]
    b = nn.load(tmp_path / "parts" / "ckpt.npz")["model"]
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-5, atol=1e-7)


def test_resume_refuses_another_architecture(tmp_path):
    _run(tmp_path, "--max-iters", "1", "--eval-interval", "1", "--num-chars", "0")
    with pytest.raises(SystemExit, match="n_embd=16, this run asks for 32"):
        shakespeare.main(
            [
                *TINY,
                "--out",
                str(tmp_path),
                "--max-iters",
                "2",
                "--n-embd",
                "32",
                "--resume",
                "--num-chars",
                "0",
            ]
        )


def test_lstm_model_learns(tmp_path, capsys):
    losses = _run(
        tmp_path,
        "--model",
        "lstm",
        "--max-iters",
        "30",
        "--eval-interval",
        "30",
        "--num-chars",
        "20",
    )
    out = capsys.readouterr().out
    assert out.startswith("lstm:") and losses["val"] < 3.9
    ckpt = nn.load(tmp_path / "ckpt.npz")
    assert "lstm.weight_hh_l0" in ckpt["model"]


def test_sampling_with_top_k_one_is_greedy():
    ag.manual_seed(0)
    text = shakespeare.load_text()
    vocab = shakespeare.Vocab(text)
    model = shakespeare.GPT(shakespeare.GPTConfig(len(vocab), 8, 1, 2, 8))
    a = shakespeare.sample(model, vocab, "KING", 10, 1.0, 1, 8)
    b = shakespeare.sample(model, vocab, "KING", 10, 0.5, 1, 8)
    assert a == b and a.startswith("KING") and len(a) == 14


def test_damaged_text_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "tinyshakespeare.txt"
    bad.write_text("To be, or not to be\n")
    with pytest.raises(ValueError, match=r"tinyshakespeare.txt: SHA-256 [0-9a-f]{64} differs"):
        shakespeare.load_text(bad)
    assert len(shakespeare.load_text()) == 1_115_394


def test_bad_arguments_are_refused():
    with pytest.raises(SystemExit):
        shakespeare.parse_args(["--n-head", "0"])
    with pytest.raises(ValueError, match="n_embd=10 is not divisible by n_head=4"):
        shakespeare.GPT(shakespeare.GPTConfig(n_embd=10, n_head=4))
