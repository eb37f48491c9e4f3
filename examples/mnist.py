"""Train an MLP or a small CNN on MNIST or Fashion-MNIST with this library, and look inside.

    python examples/mnist.py                      # MLP 784-512-256-10 on MNIST, 8 epochs: ~98.6%
    python examples/mnist.py --model cnn          # conv32-pool-conv64-pool-fc128-fc10: ~99.2%
    python examples/mnist.py --dataset fashion    # the same on Fashion-MNIST (clothing)
    python examples/mnist.py --limit 2000 --epochs 2 --out /tmp/quick
    python examples/mnist.py --resume             # continue an interrupted run

MNIST ships with the project. Fashion-MNIST is read from ``--data-dir``, else
from Debian's ``/usr/share/datasets/fashion-mnist`` (``apt-get install
dataset-fashion-mnist``) when it is there, else downloaded once into
``~/.cache/nn-from-scratch/fashion-mnist`` and checked against its published
checksums.

Every epoch prints one line (train loss and accuracy, test loss and accuracy,
learning rate, seconds) after a progress bar over the batches; ``--out``
(default ``runs/<dataset>/``) receives the files listed in OUTPUTS below.

The plots need matplotlib (skipped with a message without it); the progress bar
uses tqdm when installed; the graph needs Graphviz's ``dot`` program (its DOT
source is written instead without it). The same ``--seed`` gives the same numbers.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

import autograd as ag
import data
import nn
import nn.functional as F
import optim

GRAD_NORM_EVERY = 10  # record the per-layer gradient norms every this many steps
EVAL_BATCH = 256  # test images per forward pass; larger batches only add memory traffic
CHECKPOINT = "checkpoint.npz"
METRICS = "metrics.csv"
METRIC_COLUMNS = ("epoch", "train_loss", "train_acc", "test_loss", "test_acc", "lr", "seconds")
STEP_SERIES = ("loss", "acc", "lr")  # recorded at every training step
OUTPUTS = """\
outputs (in --out):
  metrics.csv         one row per epoch: train/test loss and accuracy, learning rate, seconds
  checkpoint.npz      model, optimizer, scheduler, epoch and history; --resume continues from it
  curves.png          loss per step (smoothed) and per epoch with the test loss; accuracy in %;
                      the learning rate
  confusion.png       test-set confusion matrix (true class x predicted class)
  misclassified.png   the wrong test guesses the model was surest of: each image with its
                      true class, the guess and the model's confidence in it
  grad_norms.png      gradient norm of every layer's weight during training (smoothed, log
                      scale, epoch boundaries marked)
  graph.svg/.png      the computation graph of one training step: modules as clusters,
                      activation shapes, gradient norms on every op and parameter

examples:
  python examples/mnist.py --dataset fashion --model cnn
  python examples/mnist.py --limit 2000 --epochs 2 --out /tmp/quick
"""


# -- configuration ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; model-dependent defaults are filled in afterwards."""
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=OUTPUTS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--dataset",
        choices=["mnist", "fashion"],
        default="mnist",
        help="mnist: handwritten digits (shipped with the project); fashion: "
        "Fashion-MNIST clothing images (default: mnist)",
    )
    p.add_argument(
        "--model",
        choices=["mlp", "cnn"],
        default="mlp",
        help="mlp: 784-HIDDEN-10 on flattened images; cnn: conv32-pool-conv64-pool-"
        "fc128-fc10 (default: mlp)",
    )
    p.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="passes over the training set (default: 8 for mlp, 5 for cnn)",
    )
    p.add_argument(
        "--batch-size", type=int, default=128, help="training images per step (default: 128)"
    )
    p.add_argument(
        "--lr",
        type=float,
        default=None,
        help="peak learning rate (default: 1e-3 with adam, 0.05 with sgd)",
    )
    p.add_argument(
        "--optimizer",
        choices=["sgd", "adam"],
        default="adam",
        help="adam, or sgd with momentum 0.9; both with cosine lr annealing (default: adam)",
    )
    p.add_argument(
        "--hidden",
        type=_hidden,
        default=(512, 256),
        help='MLP hidden sizes, e.g. "256,128" or 512 (default "512,256")',
    )
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the weights and of the shuffling; the same seed gives the "
        "same numbers (default: 0)",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder with the dataset's four .gz files (default: the copy shipped "
        "with the project for mnist; Debian's /usr/share/datasets/fashion-mnist "
        "or a download for fashion)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the outputs listed below (default: runs/DATASET)",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        help="train on the first N training images only, for quick runs",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help=f"continue from OUT/{CHECKPOINT} (written after every epoch)",
    )
    args = p.parse_args(argv)
    if args.epochs is None:
        args.epochs = 8 if args.model == "mlp" else 5
    if args.lr is None:
        args.lr = 1e-3 if args.optimizer == "adam" else 0.05
    if args.out is None:
        args.out = Path("runs") / args.dataset
    for name in ("epochs", "batch_size", "limit"):
        value = getattr(args, name)
        if value is not None and value <= 0:
            p.error(f"--{name.replace('_', '-')} must be positive, got {value}")
    return args


def _hidden(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--hidden takes comma-separated ints such as 256,128, got {text!r}"
        ) from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError(f"--hidden sizes must be positive, got {text!r}")
    return sizes


def say(*parts: object) -> None:
    """Print a line now, so a redirected log keeps the order of events."""
    print(*parts, flush=True)


def plural(n: int, word: str) -> str:
    """``1 epoch``, ``8 epochs``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- model, data, optimizer --------------------------------------------------------------------


def build_model(kind: str, hidden: Iterable[int] = (512, 256)) -> nn.Module:
    """The MLP (784 -> hidden... -> 10) or the CNN; both end in logits."""
    if kind == "mlp":
        return nn.MLP([784, *hidden, 10])
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 32, 14, 14)
        nn.Conv2d(32, 64, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 64, 7, 7)
        nn.Flatten(),  # (N, 3136)
        nn.Linear(64 * 7 * 7, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


def load_data(args: argparse.Namespace) -> tuple[data.Dataset, data.MNIST]:
    """Train (the first ``--limit`` images) and test sets of ``--dataset``."""
    flatten = args.model == "mlp"
    kind = data.MNIST if args.dataset == "mnist" else data.FashionMNIST
    train = kind(args.data_dir, train=True, flatten=flatten, download=True)
    test = kind(args.data_dir, train=False, flatten=flatten, download=True)
    if args.limit is not None and args.limit < len(train):
        train = data.Subset(train, np.arange(args.limit))
    return train, test


def _add_channel(x: np.ndarray) -> np.ndarray:
    return x[:, None]  # (N, 28, 28) -> (N, 1, 28, 28)


def make_loader(
    dataset: data.Dataset, args: argparse.Namespace, epoch: int | None
) -> data.DataLoader:
    """Batches in a fixed order for evaluation, or this epoch's shuffled order for training.

    The shuffle is seeded by (seed, epoch), so a resumed run sees exactly the
    batches the uninterrupted run would have seen.
    """
    transform = _add_channel if args.model == "cnn" else None
    if epoch is None:
        return data.DataLoader(dataset, batch_size=EVAL_BATCH, transform=transform)
    return data.DataLoader(
        dataset,
        batch_size=args.batch_size,
        shuffle=True,
        seed=args.seed * 10_000 + epoch,
        transform=transform,
    )


def make_optimizer(model: nn.Module, args: argparse.Namespace):
    """The optimizer and its cosine learning-rate schedule over all epochs."""
    if args.optimizer == "adam":
        optimizer = optim.Adam(model.parameters(), lr=args.lr)
    else:
        optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    return optimizer, optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)


# -- training and evaluation ------------------------------------------------------------------


def progress(batches: Iterable, total: int, desc: str) -> Iterable:
    """A tqdm bar on stderr, or a plain percentage line when tqdm is missing."""
    try:
        from tqdm import tqdm
    except ImportError:
        return _plain_progress(batches, total, desc)
    return tqdm(batches, total=total, desc=desc, leave=False, file=sys.stderr, unit="batch")


def _plain_progress(batches: Iterable, total: int, desc: str) -> Iterator:
    shown = -1
    for i, batch in enumerate(batches):
        percent = 100 * i // max(total, 1)
        if percent // 10 != shown:
            shown = percent // 10
            print(f"\r{desc}: {percent:3d}%", end="", file=sys.stderr, flush=True)
        yield batch
    print(f"\r{desc}: 100%", file=sys.stderr, flush=True)


def train_epoch(
    model: nn.Module, loader: data.DataLoader, optimizer, log: dict, desc: str
) -> tuple[float, float]:
    """One pass over the training set; returns (mean loss, accuracy).

    ``log`` receives every step's loss, accuracy and learning rate, and every
    ``GRAD_NORM_EVERY`` steps the gradient norm of each weight.
    """
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    lr = optimizer.param_groups[0]["lr"]
    for x, y in progress(loader, len(loader), desc):
        logits = model(x)  # (N, 10)
        loss = F.cross_entropy(logits, y)
        optimizer.zero_grad()
        loss.backward()
        if log["step"] % GRAD_NORM_EVERY == 0:
            record_grad_norms(model, log)
        optimizer.step()
        log["step"] += 1
        hits = int((logits.detach().numpy().argmax(axis=1) == y.numpy()).sum())
        log["loss"].append(loss.item())
        log["acc"].append(hits / len(y))
        log["lr"].append(lr)
        total_loss += loss.item() * len(y)
        correct += hits
        seen += len(y)
    return total_loss / seen, correct / seen


def record_grad_norms(model: nn.Module, log: dict) -> None:
    """Append the L2 norm of every weight's gradient (one series per layer)."""
    log["steps"].append(log["step"])
    for name, p in model.named_parameters():
        if name.endswith("weight") and p.grad is not None:
            log["norms"].setdefault(name, []).append(float(np.linalg.norm(p.grad.numpy())))


@ag.no_grad()
def evaluate(model: nn.Module, loader: data.DataLoader) -> dict:
    """Test loss and accuracy, and every test image's predicted class and its probability."""
    model.eval()
    predictions, confidences, labels, total_loss = [], [], [], 0.0
    for x, y in loader:
        logits = model(x)
        total_loss += F.cross_entropy(logits, y).item() * len(y)
        probs = F.softmax(logits, dim=1).numpy()
        predictions.append(probs.argmax(axis=1))
        confidences.append(probs.max(axis=1))
        labels.append(y.numpy())
    predicted, truth = np.concatenate(predictions), np.concatenate(labels)
    return {
        "loss": total_loss / len(truth),
        "acc": float((predicted == truth).mean()),
        "predicted": predicted,
        "confidence": np.concatenate(confidences),
    }


def write_metrics(path: Path, history: dict) -> None:
    """The per-epoch history as CSV (rewritten whole, so a resumed run keeps every row)."""
    rows = [",".join(METRIC_COLUMNS)]
    for e in range(len(history["train_loss"])):
        values = [history[k][e] for k in METRIC_COLUMNS[1:]]
        rows.append(",".join([str(e + 1)] + [f"{v:.6g}" for v in values]))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(rows) + "\n")
    tmp.replace(path)


# -- checkpoints ------------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> dict:
    """What a checkpoint must agree on with the run that resumes it."""
    hidden = list(args.hidden) if args.model == "mlp" else []  # the CNN ignores --hidden
    return {"dataset": args.dataset, "model": args.model, "hidden": hidden, "epochs": args.epochs}


def save_checkpoint(
    path: Path,
    args: argparse.Namespace,
    model,
    optimizer,
    scheduler,
    epoch: int,
    history: dict,
    log: dict,
) -> None:
    """Everything a resumed run needs, in one atomic ``nn.save`` file."""
    nn.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "epoch": epoch,
            "config": _config(args),
            "history": {k: np.asarray(v, dtype=np.float64) for k, v in history.items()},
            "grad_log": {
                "step": log["step"],
                "steps": np.asarray(log["steps"]),
                "norms": {k: np.asarray(v) for k, v in log["norms"].items()},
                **{k: np.asarray(log[k], dtype=np.float64) for k in STEP_SERIES},
            },
        },
        path,
    )


def load_checkpoint(
    path: Path, args: argparse.Namespace, model, optimizer, scheduler
) -> tuple[int, dict, dict]:
    """Restore the state saved by :func:`save_checkpoint`; returns (epoch, history, log)."""
    if not path.exists():
        raise SystemExit(
            f"--resume: no checkpoint at {path}; run once without --resume first "
            "(or pass the --out folder of the run to continue)"
        )
    ckpt = nn.load(path)
    saved, wanted = ckpt["config"], _config(args)
    for key in ("dataset", "model", "hidden"):
        if key in saved and saved[key] != wanted[key]:  # older checkpoints name no dataset
            raise SystemExit(
                f"--resume: {path} holds a {key} of {saved.get(key)}, this run "
                f"asks for {wanted[key]}; pass the same --{key} or another --out"
            )
    if saved["epochs"] != wanted["epochs"]:
        say(
            f"note: {path} was planned for {plural(saved['epochs'], 'epoch')}; its "
            "learning-rate schedule is kept as it was"
        )
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    history = {k: list(v) for k, v in ckpt["history"].items()}
    saved_log = ckpt["grad_log"]
    log = {
        "step": int(saved_log["step"]),
        "steps": list(saved_log["steps"]),
        "norms": {k: list(v) for k, v in saved_log["norms"].items()},
        **{k: list(saved_log.get(k, [])) for k in STEP_SERIES},
    }
    return int(ckpt["epoch"]), history, log


def new_log() -> dict:
    """The per-step records of a run (see :func:`train_epoch`)."""
    return {"step": 0, "steps": [], "norms": {}, **{k: [] for k in STEP_SERIES}}


# -- pictures ---------------------------------------------------------------------------------


def render_graph(model: nn.Module, dataset: data.Dataset, args: argparse.Namespace) -> list[str]:
    """Draw one forward + backward pass on two images as SVG and PNG.

    Op gradients are recorded by ``watch_grads`` during the backward, so every op
    node shows the norm of the gradient that reached it, as the parameters do.
    """
    x, y = next(iter(make_loader(data.Subset(dataset, [0, 1]), args, None)))
    loss = F.cross_entropy(model(x), y)
    ag.viz.watch_grads(loss)
    loss.backward()
    dot = ag.viz.make_dot(loss, module=model, show_grads=True)
    paths = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in ("svg", "png"):
            written = ag.viz.render(dot, args.out / f"graph.{fmt}", format=fmt)
            if written not in paths:
                paths.append(written)
    for message in dict.fromkeys(str(w.message) for w in caught):
        say(f"note: {message}")
    model.zero_grad()
    return paths


def layer_labels(model: nn.Module) -> dict[str, str]:
    """``"0.weight"`` -> ``"0 Linear 784x512 weight"``: index, type and shape (in x out)."""
    modules = dict(model.named_modules())
    labels = {}
    for name, p in model.named_parameters():
        owner, _, kind = name.rpartition(".")
        module = modules.get(owner)
        shape = list(p.shape)
        if len(shape) >= 2:
            shape[0], shape[1] = shape[1], shape[0]  # (out, in, ...) -> in x out x ...
        labels[name] = f"{owner} {type(module).__name__} {'x'.join(map(str, shape))} {kind}"
    return labels


def smooth(values: Sequence[float], span: float) -> np.ndarray:
    """An exponential moving average over about ``span`` points, without a start-up bias."""
    values = np.asarray(values, dtype=np.float64)
    beta = 1.0 - 1.0 / max(span, 1.0)
    out, avg, weight = np.empty_like(values), 0.0, 0.0
    for i, v in enumerate(values):
        avg = beta * avg + (1 - beta) * v
        weight = beta * weight + (1 - beta)
        out[i] = avg / weight
    return out


def plot_all(
    args: argparse.Namespace,
    history: dict,
    log: dict,
    test: data.MNIST,
    result: dict,
    model: nn.Module | None = None,
) -> list[str]:
    """Write the four PNGs; returns their paths (none without matplotlib)."""
    try:
        import matplotlib
    except ImportError:
        say("matplotlib is not installed: skipping the plots (pip install matplotlib)")
        return []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = layer_labels(model) if model is not None else {}
    drawers = {
        "curves.png": _plot_curves,
        "confusion.png": _plot_confusion,
        "misclassified.png": _plot_misclassified,
        "grad_norms.png": _plot_grad_norms,
    }
    paths = []
    for name, draw in drawers.items():
        fig = draw(plt, args, history, log, test, result, labels)
        fig.savefig(args.out / name, dpi=110)
        plt.close(fig)
        paths.append(str(args.out / name))
    return paths


def _title(args: argparse.Namespace) -> str:
    return f"{'MNIST' if args.dataset == 'mnist' else 'Fashion-MNIST'} {args.model.upper()}"


def _plain_log_labels(ax) -> None:
    """Label a log y axis 0.5, 1, 2 rather than 5x10^-1; minor ticks too when it is short."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    lo, hi = ax.get_ylim()
    if lo > 0 and hi / lo < 8:  # less than a decade: label every minor tick
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    elif lo > 0 and hi / lo < 1000:  # a few decades: 0.2 and 0.5 between 0.1 and 1
        ax.yaxis.set_minor_formatter(
            FuncFormatter(lambda v, _: f"{v:g}" if f"{v:.0e}"[0] in "25" else "")
        )
    else:
        ax.yaxis.set_minor_formatter(NullFormatter())


def _epoch_axis(ax, epochs: int) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.set_xlim(0, max(epochs, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)


def _plot_curves(plt, args, history, log, test, result, labels):
    n = len(history["train_loss"])
    epochs = np.arange(1, n + 1)
    steps = len(log["loss"])
    per_epoch = steps / max(len(history["train_loss"]), 1) or 1
    x = (np.arange(steps) + 1) / per_epoch  # the end of step i, in epochs
    span = max(5.0, per_epoch / 10)
    fig, (ax_loss, ax_acc, ax_lr) = plt.subplots(1, 3, figsize=(14, 4.2))
    if steps:
        ax_loss.plot(x, log["loss"], color="C0", alpha=0.2, linewidth=0.6)
        ax_loss.plot(x, smooth(log["loss"], span), color="C0", label="train, per step (smoothed)")
    ax_loss.plot(
        epochs,
        history["train_loss"],
        "o",
        color="C0",
        markeredgecolor="white",
        label="train, epoch mean",
    )
    ax_loss.plot(epochs, history["test_loss"], "s-", color="C1", label="test")
    ax_loss.set_yscale("log")
    ax_loss.set(ylabel="cross-entropy (log scale)", title="loss")
    if steps:
        ax_acc.plot(
            x, 100 * smooth(log["acc"], span), color="C0", label="train, per step (smoothed)"
        )
    ax_acc.plot(
        epochs,
        100 * np.asarray(history["train_acc"]),
        "o",
        color="C0",
        markeredgecolor="white",
        label="train, epoch",
    )
    ax_acc.plot(epochs, 100 * np.asarray(history["test_acc"]), "s-", color="C1", label="test")
    if n:
        best = 100 * history["test_acc"][-1]
        ax_acc.annotate(
            f"{best:.2f}%",
            (n, best),
            textcoords="offset points",
            xytext=(-6, -14),
            ha="right",
            color="C1",
            fontsize=9,
        )
        skip = int(per_epoch // 4) if n > 1 else 0  # the first quarter epoch squashes the rest
        low = min(
            100 * min(history["test_acc"]),
            100 * min(history["train_acc"]),
            100 * np.min(smooth(log["acc"], span)[skip:]) if steps else 100,
        )
        ax_acc.set_ylim(max(0, low - 2), 100)
    ax_acc.set(ylabel="accuracy (%)", title="accuracy")
    if steps:
        ax_lr.plot(x, log["lr"], color="C2")
    ax_lr.set(ylabel="learning rate", title="learning rate (cosine annealing per epoch)")
    ax_lr.set_ylim(bottom=0)
    for ax in (ax_loss, ax_acc, ax_lr):
        _epoch_axis(ax, n)
    _plain_log_labels(ax_loss)
    ax_loss.legend(fontsize=8)
    ax_acc.legend(fontsize=8, loc="lower right")
    fig.suptitle(f"{_title(args)}: {plural(n, 'epoch')}, {steps:,} steps of {args.batch_size}")
    fig.tight_layout()
    return fig


def _plot_confusion(plt, args, history, log, test, result, labels):
    k = len(test.classes)
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (test.labels, result["predicted"]), 1)
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    im = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(k):
        for j in range(k):
            if counts[i, j]:
                ax.text(
                    j,
                    i,
                    str(counts[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if share[i, j] > 0.5 else "black",
                )
    long = max(len(c) for c in test.classes) > 2
    ax.set_xticks(
        range(k),
        test.classes,
        rotation=40 if long else 0,
        ha="right" if long else "center",
        fontsize=9,
    )
    ax.set_yticks(range(k), test.classes, fontsize=9)
    ax.set(xlabel="predicted class", ylabel="true class")
    ax.set_title(
        f"{_title(args)} confusion matrix: {100 * result['acc']:.2f}% of "
        f"{len(test):,} test images right",
        fontsize=10,
    )
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="share of the true class")
    fig.tight_layout()
    return fig


def _plot_misclassified(plt, args, history, log, test, result, labels):
    predicted, confidence = result["predicted"], result["confidence"]
    wrong = np.flatnonzero(predicted != test.labels)
    wrong = wrong[np.argsort(-confidence[wrong], kind="stable")][:24]  # surest mistakes first
    cols = 6
    rows = max(1, math.ceil(len(wrong) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.8, rows * 2.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    names = test.classes
    for ax, i in zip(axes.flat, wrong):
        ax.imshow(test.images[i], cmap="gray_r")
        ax.set_title(
            f"true: {names[test.labels[i]]}\nguess: {names[predicted[i]]}\n"
            f"{100 * confidence[i]:.0f}% sure",
            fontsize=8,
            color="firebrick",
        )
    fig.suptitle(
        f"{_title(args)}: {len(np.flatnonzero(predicted != test.labels)):,} of "
        f"{len(predicted):,} test images wrong; the surest mistakes first",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def _plot_grad_norms(plt, args, history, log, test, result, labels):
    fig, ax = plt.subplots(figsize=(9, 4.8))
    n = len(history["train_loss"])
    per_epoch = len(log["loss"]) / max(n, 1) or 1
    steps = np.asarray(log["steps"], dtype=np.float64)
    span = max(3.0, per_epoch / GRAD_NORM_EVERY / 5)
    for k, (name, norms) in enumerate(log["norms"].items()):
        x = steps[-len(norms) :] / per_epoch
        ax.plot(x, norms, color=f"C{k}", alpha=0.2, linewidth=0.6)
        ax.plot(
            x,
            smooth(norms, span),
            color=f"C{k}",
            label=labels.get(name, name),
            marker="o" if len(norms) < 3 else None,
        )  # a lone point still shows
    for e in range(1, n):
        ax.axvline(e, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_yscale("log")
    ax.set(
        ylabel="||grad|| (log scale)",
        title=f"{_title(args)}: gradient norm per layer (weights; smoothed, raw faint; "
        "dashed: epoch boundaries)",
    )
    ax.title.set_fontsize(10)
    _epoch_axis(ax, n)
    ax.grid(alpha=0.3, which="both")
    _plain_log_labels(ax)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


# -- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict:
    """Train, evaluate, checkpoint and draw; returns the history of the run."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    ag.manual_seed(args.seed)
    train, test = load_data(args)
    model = build_model(args.model, args.hidden)
    optimizer, scheduler = make_optimizer(model, args)
    say(
        f"{_title(args)}: {model.num_parameters():,} parameters; {len(train):,} training "
        f"images from {test.folder}; {args.optimizer} lr {args.lr}, batch {args.batch_size}, "
        f"{plural(args.epochs, 'epoch')}"
    )
    for path in render_graph(model, test, args):
        say(f"graph: {path}")

    start_epoch = 0
    history: dict = {k: [] for k in METRIC_COLUMNS[1:]}
    log = new_log()
    checkpoint = args.out / CHECKPOINT
    if args.resume:
        start_epoch, history, log = load_checkpoint(checkpoint, args, model, optimizer, scheduler)
        say(f"resumed from {checkpoint} after epoch {start_epoch}")

    test_loader = make_loader(test, args, None)
    result = None
    for epoch in range(start_epoch + 1, args.epochs + 1):
        t0 = time.perf_counter()
        lr = optimizer.param_groups[0]["lr"]
        loss, train_acc = train_epoch(
            model, make_loader(train, args, epoch), optimizer, log, f"epoch {epoch}"
        )
        scheduler.step()
        result = evaluate(model, test_loader)
        seconds = time.perf_counter() - t0
        row = {
            "train_loss": loss,
            "train_acc": train_acc,
            "test_loss": result["loss"],
            "test_acc": result["acc"],
            "lr": lr,
            "seconds": seconds,
        }
        for key, value in row.items():
            history[key].append(value)
        say(
            f"epoch {epoch:2d}  train loss {loss:.4f}  train acc {train_acc:.4f}  "
            f"test loss {result['loss']:.4f}  test acc {result['acc']:.4f}  lr {lr:.2e}  "
            f"{seconds:.1f}s"
        )
        save_checkpoint(checkpoint, args, model, optimizer, scheduler, epoch, history, log)
        write_metrics(args.out / METRICS, history)

    if result is None:  # nothing left to train: evaluate the checkpoint as it is
        result = evaluate(model, test_loader)
    for path in plot_all(args, history, log, test, result, model):
        say(f"plot: {path}")
    say(f"metrics: {args.out / METRICS}")
    say(f"checkpoint: {checkpoint}")
    return history


if __name__ == "__main__":
    main()
