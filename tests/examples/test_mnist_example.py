"""examples/mnist.py end to end on a few images: it learns, writes its files, resumes exactly."""

import sys

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
    assert (tmp_path / "graph.svg").exists() or (tmp_path / "graph.dot").exists()
    graph = next(tmp_path.glob("graph.*")).read_text()
    assert "0.weight" in graph  # parameter names in the picture
    if _has_matplotlib():
        for name in ("curves.png", "misclassified.png", "grad_norms.png"):
            assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG", name
    norms = ckpt["grad_log"]["norms"]
    assert set(norms) == {"0.weight", "2.weight", "4.weight"}
    assert all(len(v) == len(ckpt["grad_log"]["steps"]) > 0 for v in norms.values())


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


@pytest.mark.parametrize("text, sizes", [("256,128", (256, 128)), ("512", (512,))])
def test_hidden_sizes(text, sizes):
    assert mnist.parse_args(["--hidden", text]).hidden == sizes


@pytest.mark.parametrize("argv, message", [
    (["--hidden", "256,x"], "comma-separated ints"),
    (["--hidden", "0"], "must be positive"),
    (["--epochs", "0"], "--epochs must be positive, got 0"),
    (["--model", "rnn"], "invalid choice"),
])
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
        "Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear",
        "ReLU", "Linear"]
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
    assert mnist.plot_all(args, {}, {}, None, np.zeros(3)) == []
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
    accuracy, predicted = mnist.evaluate(model, loader)
    assert calls and not any(calls)
    assert predicted.shape == (10000,) and 0.0 <= accuracy <= 1.0
    assert not model.training


def test_graph_falls_back_to_dot_source_without_graphviz(tmp_path, monkeypatch, capsys):
    import autograd.viz.dot as viz_dot

    monkeypatch.setattr(viz_dot.shutil, "which", lambda name: None)
    args = mnist.parse_args(["--out", str(tmp_path), "--hidden", "8"])
    _, test = mnist.load_data(args)
    model = mnist.build_model("mlp", (8,))
    path = mnist.render_graph(model, test, args)
    assert path.endswith("graph.dot") and "0.weight" in (tmp_path / "graph.dot").read_text()
    assert "Graphviz" in capsys.readouterr().out  # the note says how to get the picture
    assert all(p.grad is None for p in model.parameters())  # the drawing pass leaves no grads
