"""examples/mnist.py end to end on a few images: it learns, writes its files, resumes exactly."""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import mnist
import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F

QUICK = ["--limit", "1000", "--hidden", "64,32", "--batch-size", "100"]


def _run(tmp_path, *extra):
    return mnist.main([*QUICK, "--out", str(tmp_path), *extra])


def _has_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def test_training_lowers_the_loss_and_writes_checkpoint_plots_and_graph(tmp_path, capsys):
    history = _run(tmp_path, "--epochs", "2")
    out = capsys.readouterr().out
    assert history["train_loss"][1] < history["train_loss"][0]
    assert history["test_acc"][1] > 0.5  # 10 classes: far above chance after 2 epochs
    lines = [ln for ln in out.splitlines() if ln.startswith("epoch")]
    assert len(lines) == 2
    assert all(k in lines[0] for k in ("train loss", "train acc", "test acc"))
    ckpt = nn.load(tmp_path / "checkpoint.npz")
    assert ckpt["epoch"] == 2
    assert set(ckpt) >= {"model", "optimizer", "epoch"}
    assert ckpt["model"]["0.weight"].shape == (64, 784)
    assert ckpt["model"]["0.weight"].dtype == np.float32
    if shutil.which("dot"):
        graph = (tmp_path / "graph.svg").read_text()
        assert (tmp_path / "graph.png").read_bytes()[:4] == b"\x89PNG"
        texts = re.findall(r">([^<>]+)</text>", graph)
        assert {
            "0.weight",
            "0 (Linear)",
            "1 (ReLU)",
            "2 (Linear)",
            "3 (ReLU)",
            "4 (Linear)",
        } <= set(texts)  # clusters all named "index (Type)"
        # every op node, the loss included, shows its gradient and activation shape
        assert "grad not recorded" not in texts and "grad 1" in texts
        assert {"(2, 64)", "(2, 32)", "(2, 10)"} <= set(texts)
        assert sum(t.startswith("|grad| ") for t in texts) == 6 + 5  # 6 params, 5 ops
    else:
        assert "0.weight" in (tmp_path / "graph.dot").read_text()
    if _has_matplotlib():
        for name in ("curves.png", "confusion.png", "misclassified.png", "grad_norms.png"):
            assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG", name
    norms = ckpt["grad_log"]["norms"]
    assert set(norms) == {"0.weight", "2.weight", "4.weight"}
    assert all(len(v) == len(ckpt["grad_log"]["steps"]) > 0 for v in norms.values())
    assert len(ckpt["grad_log"]["loss"]) == len(ckpt["grad_log"]["lr"]) == 2 * 10  # every step
    rows = list(csv.DictReader((tmp_path / "metrics.csv").open()))
    assert list(rows[0]) == [
        "epoch",
        "train_loss",
        "train_acc",
        "test_loss",
        "test_acc",
        "lr",
        "seconds",
    ]
    assert [int(r["epoch"]) for r in rows] == [1, 2]
    for key in ("train_loss", "train_acc", "test_acc"):
        np.testing.assert_allclose([float(r[key]) for r in rows], history[key], rtol=1e-5)
    assert float(rows[0]["lr"]) == 1e-3 and float(rows[1]["lr"]) < 1e-3  # cosine annealing
    assert float(rows[1]["test_loss"]) < float(rows[0]["test_loss"])


def test_same_seed_same_numbers_and_resume_matches_an_uninterrupted_run(tmp_path, monkeypatch):
    monkeypatch.setattr(mnist, "plot_all", lambda *args: [])  # pictures are tested above
    full = _run(tmp_path / "full", "--epochs", "2", "--optimizer", "sgd")
    again = _run(tmp_path / "again", "--epochs", "2", "--optimizer", "sgd")
    for key in ("train_loss", "train_acc", "test_acc"):
        assert full[key] == again[key], key

    saved = mnist.save_checkpoint

    def interrupt_after_first_epoch(*args, **kwargs):
        saved(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(mnist, "save_checkpoint", interrupt_after_first_epoch)
    with pytest.raises(KeyboardInterrupt):
        _run(tmp_path / "resumed", "--epochs", "2", "--optimizer", "sgd")
    monkeypatch.setattr(mnist, "save_checkpoint", saved)
    resumed = _run(tmp_path / "resumed", "--epochs", "2", "--optimizer", "sgd", "--resume")
    for key in ("train_loss", "train_acc", "test_acc"):
        assert resumed[key] == full[key], key
    a = nn.load(tmp_path / "full" / "checkpoint.npz")
    b = nn.load(tmp_path / "resumed" / "checkpoint.npz")
    for name, value in a["model"].items():
        np.testing.assert_array_equal(b["model"][name], value, err_msg=name)
    np.testing.assert_array_equal(b["grad_log"]["steps"], a["grad_log"]["steps"])


def test_resume_without_a_checkpoint_names_the_file(tmp_path):
    with pytest.raises(SystemExit, match=r"no checkpoint at .*checkpoint\.npz"):
        _run(tmp_path, "--epochs", "1", "--resume")


def test_resume_refuses_a_checkpoint_of_another_model(tmp_path):
    _run(tmp_path, "--epochs", "1", "--limit", "200")
    with pytest.raises(SystemExit, match=r"holds a hidden of \[64, 32\].*asks for \[32\]"):
        _run(tmp_path, "--epochs", "2", "--hidden", "32", "--resume")
    args = mnist.parse_args([*QUICK, "--epochs", "2", "--dataset", "fashion"])
    model = mnist.build_model("mlp", args.hidden)
    optimizer, scheduler = mnist.make_optimizer(model, args)
    with pytest.raises(SystemExit, match=r"holds a dataset of mnist, this run asks for fashion"):
        mnist.load_checkpoint(tmp_path / "checkpoint.npz", args, model, optimizer, scheduler)


@pytest.mark.parametrize("text, sizes", [("256,128", (256, 128)), ("512", (512,))])
def test_hidden_sizes(text, sizes):
    assert mnist.parse_args(["--hidden", text]).hidden == sizes


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--hidden", "256,x"], "comma-separated ints"),
        (["--hidden", "0"], "must be positive"),
        (["--epochs", "0"], "--epochs must be positive, got 0"),
        (["--model", "rnn"], "invalid choice"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit):
        mnist.parse_args(argv)
    assert message in capsys.readouterr().err


def test_model_dependent_defaults():
    mlp, cnn = mnist.parse_args([]), mnist.parse_args(["--model", "cnn", "--optimizer", "sgd"])
    assert (mlp.epochs, mlp.lr, mlp.optimizer) == (8, 1e-3, "adam")
    assert (cnn.epochs, cnn.lr) == (5, 0.05)


def test_cnn_takes_batches_with_a_channel_and_trains_a_step(tmp_path):
    args = mnist.parse_args(["--model", "cnn", "--batch-size", "8", "--out", str(tmp_path)])
    train, _ = mnist.load_data(args)
    x, y = next(iter(mnist.make_loader(train, args, epoch=1)))
    assert x.shape == (8, 1, 28, 28) and x.dtype == np.float32
    model = mnist.build_model("cnn")
    assert [type(m).__name__ for m in model.children()] == [
        "Conv2d",
        "ReLU",
        "MaxPool2d",
        "Conv2d",
        "ReLU",
        "MaxPool2d",
        "Flatten",
        "Linear",
        "ReLU",
        "Linear",
    ]
    logits = model(x)
    assert logits.shape == (8, 10)
    F.cross_entropy(logits, y).backward()
    assert all(p.grad is not None and p.grad.dtype == np.float32 for p in model.parameters())


def test_plain_progress_without_tqdm(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    assert list(mnist.progress(range(7), 7, "epoch 1")) == list(range(7))
    err = capsys.readouterr().err
    assert "epoch 1:   0%" in err and "epoch 1: 100%" in err


def test_plots_are_skipped_with_a_message_without_matplotlib(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    args = mnist.parse_args(["--out", str(tmp_path)])
    assert mnist.plot_all(args, {}, {}, None, {}) == []
    assert "matplotlib is not installed" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())


def test_evaluation_records_no_graph(tmp_path):
    args = mnist.parse_args(["--out", str(tmp_path), "--hidden", "8"])
    _, test = mnist.load_data(args)
    model = mnist.build_model("mlp", (8,))
    loader = mnist.make_loader(test, args, None)
    calls = []
    original = model.forward

    def spy(x):
        calls.append(ag.is_grad_enabled())
        return original(x)

    model.forward = spy
    result = mnist.evaluate(model, loader)
    assert calls and not any(calls)
    predicted, confidence = result["predicted"], result["confidence"]
    assert predicted.shape == confidence.shape == (10000,) and 0.0 <= result["acc"] <= 1.0
    assert np.all((confidence >= 0.1 - 1e-6) & (confidence <= 1))  # the top of 10 probabilities
    assert result["loss"] > 0 and not model.training


def test_graph_falls_back_to_dot_source_without_graphviz(tmp_path, monkeypatch, capsys):
    import autograd.viz.dot as viz_dot

    monkeypatch.setattr(viz_dot.shutil, "which", lambda name: None)
    args = mnist.parse_args(["--out", str(tmp_path), "--hidden", "8"])
    _, test = mnist.load_data(args)
    model = mnist.build_model("mlp", (8,))
    paths = mnist.render_graph(model, test, args)
    assert paths == [str(tmp_path / "graph.dot")]  # written once, for the svg and the png
    assert "0.weight" in (tmp_path / "graph.dot").read_text()
    out = capsys.readouterr().out
    assert "Graphviz" in out and out.count("note:") == 2  # the note says how to get each picture
    assert all(p.grad is None for p in model.parameters())  # the drawing pass leaves no grads


def test_help_explains_every_option_and_lists_the_outputs(capsys):
    with pytest.raises(SystemExit):
        mnist.parse_args(["--help"])
    out = capsys.readouterr().out
    parser_actions = re.findall(r"^  (--[a-z-]+)", out, flags=re.M)
    assert {
        "--dataset",
        "--model",
        "--batch-size",
        "--seed",
        "--out",
        "--data-dir",
        "--resume",
    } <= set(parser_actions)
    blocks = re.split(r"\n(?=  --)", out.split("options:")[1].split("outputs (in --out):")[0])
    for block in blocks[1:]:
        assert len(block.split()) > 2, f"no help text: {block!r}"  # the flag, then words
    for name in (
        "metrics.csv",
        "checkpoint.npz",
        "curves.png",
        "confusion.png",
        "misclassified.png",
        "grad_norms.png",
        "graph.svg/.png",
    ):
        assert f"  {name}" in out, name
    assert out.count("  python examples/mnist.py") == 2  # two example commands


def test_a_redirected_log_is_in_order_and_says_1_epoch(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(Path(mnist.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
        ),
    }
    done = subprocess.run(
        [
            sys.executable,
            mnist.__file__,
            "--limit",
            "300",
            "--hidden",
            "16",
            "--epochs",
            "1",
            "--batch-size",
            "100",
            "--out",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
        timeout=600,
        check=True,
    )
    log = done.stdout.replace("\r", "\n")
    header = log.index("MNIST MLP: ")
    assert "1 epoch" in log[header:].splitlines()[0] and "1 epochs" not in log
    progress = log.find("epoch 1:")
    assert progress == -1 or header < progress  # the header is flushed before the progress
    assert header < log.index("epoch  1  train loss")


def test_fashion_mnist_run_names_the_classes(tmp_path, monkeypatch):
    import data
    from data.mnist import FashionMNIST

    rng = np.random.default_rng(0)
    sha = {}
    for split, n in (("train", 60), ("t10k", 30)):
        for kind, arr in (
            ("images", rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)),
            ("labels", np.arange(n, dtype=np.uint8) % 10),
        ):
            stem = f"{split}-{kind}-idx{3 if kind == 'images' else 1}-ubyte"
            raw = (
                bytes([0, 0, 8, arr.ndim])
                + b"".join(d.to_bytes(4, "big") for d in arr.shape)
                + arr.tobytes()
            )
            (tmp_path / stem).write_bytes(raw)
            sha[stem] = data._download.sha256_hex(raw)
    monkeypatch.setattr(FashionMNIST, "raw_sha256", sha)
    monkeypatch.setattr(mnist, "plot_all", lambda *a: [])
    out = tmp_path / "out"
    history = mnist.main(
        [
            "--dataset",
            "fashion",
            "--data-dir",
            str(tmp_path),
            "--hidden",
            "8",
            "--epochs",
            "1",
            "--batch-size",
            "20",
            "--out",
            str(out),
        ]
    )
    assert len(history["test_acc"]) == 1 and (out / "metrics.csv").exists()
    if not _has_matplotlib():
        return
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    args = mnist.parse_args(["--dataset", "fashion", "--out", str(out)])
    test = FashionMNIST(tmp_path, train=False)
    result = {
        "predicted": (test.labels + 1) % 10,
        "confidence": np.linspace(0.2, 0.9, 30),
        "acc": 0.0,
    }
    fig = mnist._plot_misclassified(plt, args, history, {}, test, result, {})
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[0] == "true: Ankle boot\nguess: T-shirt/top\n90% sure"  # surest first
    assert len(titles) == 24
    plt.close(fig)


def test_grad_norm_labels_name_index_type_and_shape():
    labels = mnist.layer_labels(mnist.build_model("mlp"))
    assert labels["0.weight"] == "0 Linear 784x512 weight"
    assert labels["4.bias"] == "4 Linear 10 bias"
    assert mnist.layer_labels(mnist.build_model("cnn"))["3.weight"] == "3 Conv2d 32x64x3x3 weight"


def test_smoothing_has_no_start_up_bias():
    np.testing.assert_allclose(mnist.smooth([2.0] * 5, span=10), [2.0] * 5)
    smoothed = mnist.smooth([0.0, 10.0] * 50, span=10)
    assert smoothed[0] == 0.0 and 4 < smoothed[-1] < 6  # an average, not the raw zigzag
