"""Train an MLP or a small CNN on MNIST with this library, offline, and look inside.

    python examples/mnist.py                      # MLP 784-512-256-10, 8 epochs: ~98.5%
    python examples/mnist.py --model cnn          # conv32-pool-conv64-pool-fc128-fc10: ~99%
    python examples/mnist.py --limit 2000 --epochs 2 --out /tmp/quick
    python examples/mnist.py --resume              # continue an interrupted run

Every epoch prints one line (train loss, train accuracy, test accuracy, seconds)
after a progress bar over the batches. ``--out`` (default ``runs/mnist/``)
receives:

- ``checkpoint.npz``: model, optimizer and scheduler state, the epoch and the
  history, in one ``nn.save`` file; ``--resume`` continues from it and ends with
  the same numbers as an uninterrupted run;
- ``curves.png``: loss and accuracy per epoch;
- ``misclassified.png``: test digits the model gets wrong, with its guesses;
- ``grad_norms.png``: the gradient norm of every layer's weight during
  training, on a log scale (vanishing or exploding gradients show at a glance);
- ``graph.svg``: the computation graph of one forward and backward pass, with
  parameter names and gradient norms (``graph.dot`` when Graphviz's ``dot``
  program is missing).

The plots need matplotlib (skipped with a message without it); the progress bar
uses tqdm when installed. The same ``--seed`` gives the same numbers.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
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


# -- configuration ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; model-dependent defaults are filled in afterwards."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    p.add_argument("--epochs", type=int, default=None, help="default: 8 (mlp), 5 (cnn)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=None, help="default: 1e-3 (adam), 0.05 (sgd)")
    p.add_argument("--optimizer", choices=["sgd", "adam"], default="adam",
                   help="adam, or sgd with momentum 0.9; both with cosine lr annealing")
    p.add_argument("--hidden", type=_hidden, default=(512, 256),
                   help='MLP hidden sizes, e.g. "256,128" or 512 (default "512,256")')
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data-dir", type=Path, default=None,
                   help="folder with the MNIST .gz files (default: the copy shipped with data)")
    p.add_argument("--out", type=Path, default=Path("runs/mnist"))
    p.add_argument("--limit", type=int, default=None, help="train on the first N images")
    p.add_argument("--resume", action="store_true", help=f"continue from OUT/{CHECKPOINT}")
    args = p.parse_args(argv)
    if args.epochs is None:
        args.epochs = 8 if args.model == "mlp" else 5
    if args.lr is None:
        args.lr = 1e-3 if args.optimizer == "adam" else 0.05
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
            f"--hidden takes comma-separated ints such as 256,128, got {text!r}") from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError(f"--hidden sizes must be positive, got {text!r}")
    return sizes


# -- model, data, optimizer --------------------------------------------------------------------


def build_model(kind: str, hidden: Iterable[int] = (512, 256)) -> nn.Module:
    """The MLP (784 -> hidden... -> 10) or the CNN; both end in logits."""
    if kind == "mlp":
        return nn.MLP([784, *hidden, 10])
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (N, 32, 14, 14)
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (N, 64, 7, 7)
        nn.Flatten(),  # (N, 3136)
        nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )


def load_data(args: argparse.Namespace) -> tuple[data.Dataset, data.Dataset]:
    """MNIST train (the first ``--limit`` images) and test sets, as float32 arrays."""
    flatten = args.model == "mlp"
    train = data.MNIST(args.data_dir, train=True, flatten=flatten)
    test = data.MNIST(args.data_dir, train=False, flatten=flatten)
    if args.limit is not None and args.limit < len(train):
        train = data.Subset(train, np.arange(args.limit))
    return train, test


def _add_channel(x: np.ndarray) -> np.ndarray:
    return x[:, None]  # (N, 28, 28) -> (N, 1, 28, 28)


def make_loader(dataset: data.Dataset, args: argparse.Namespace,
                epoch: int | None) -> data.DataLoader:
    """Batches in a fixed order for evaluation, or this epoch's shuffled order for training.

    The shuffle is seeded by (seed, epoch), so a resumed run sees exactly the
    batches the uninterrupted run would have seen.
    """
    transform = _add_channel if args.model == "cnn" else None
    if epoch is None:
        return data.DataLoader(dataset, batch_size=EVAL_BATCH, transform=transform)
    return data.DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                           seed=args.seed * 10_000 + epoch, transform=transform)


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


def train_epoch(model: nn.Module, loader: data.DataLoader, optimizer, grad_log: dict,
                desc: str) -> tuple[float, float]:
    """One pass over the training set; returns (mean loss, accuracy)."""
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for x, y in progress(loader, len(loader), desc):
        logits = model(x)  # (N, 10)
        loss = F.cross_entropy(logits, y)
        optimizer.zero_grad()
        loss.backward()
        if grad_log["step"] % GRAD_NORM_EVERY == 0:
            record_grad_norms(model, grad_log)
        optimizer.step()
        grad_log["step"] += 1
        total_loss += loss.item() * len(y)
        correct += int((logits.data.argmax(axis=1) == y.data).sum())
        seen += len(y)
    return total_loss / seen, correct / seen


def record_grad_norms(model: nn.Module, grad_log: dict) -> None:
    """Append the L2 norm of every weight's gradient (one series per layer)."""
    grad_log["steps"].append(grad_log["step"])
    for name, p in model.named_parameters():
        if name.endswith("weight") and p.grad is not None:
            grad_log["norms"].setdefault(name, []).append(float(np.linalg.norm(p.grad.data)))


@ag.no_grad()
def evaluate(model: nn.Module, loader: data.DataLoader) -> tuple[float, np.ndarray]:
    """Test accuracy and the predicted class of every test image."""
    model.eval()
    predictions, labels = [], []
    for x, y in loader:
        predictions.append(model(x).data.argmax(axis=1))
        labels.append(y.data)
    predicted = np.concatenate(predictions)
    return float((predicted == np.concatenate(labels)).mean()), predicted


# -- checkpoints ------------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> dict:
    """What a checkpoint must agree on with the run that resumes it."""
    hidden = list(args.hidden) if args.model == "mlp" else []  # the CNN ignores --hidden
    return {"model": args.model, "hidden": hidden, "epochs": args.epochs}


def save_checkpoint(path: Path, args: argparse.Namespace, model, optimizer, scheduler,
                    epoch: int, history: dict, grad_log: dict) -> None:
    """Everything a resumed run needs, in one atomic ``nn.save`` file."""
    nn.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epoch": epoch,
        "config": _config(args),
        "history": {k: np.asarray(v, dtype=np.float64) for k, v in history.items()},
        "grad_log": {"step": grad_log["step"], "steps": np.asarray(grad_log["steps"]),
                     "norms": {k: np.asarray(v) for k, v in grad_log["norms"].items()}},
    }, path)


def load_checkpoint(path: Path, args: argparse.Namespace, model, optimizer,
                    scheduler) -> tuple[int, dict, dict]:
    """Restore the state saved by :func:`save_checkpoint`; returns (epoch, history, grad_log)."""
    if not path.exists():
        raise SystemExit(f"--resume: no checkpoint at {path}; run once without --resume first "
                         "(or pass the --out folder of the run to continue)")
    ckpt = nn.load(path)
    saved, wanted = ckpt["config"], _config(args)
    for key in ("model", "hidden"):
        if saved[key] != wanted[key]:
            raise SystemExit(f"--resume: {path} holds a {key} of {saved[key]}, this run asks "
                             f"for {wanted[key]}; pass the same --{key} or another --out")
    if saved["epochs"] != wanted["epochs"]:
        print(f"note: {path} was planned for {saved['epochs']} epochs; its learning-rate "
              "schedule is kept as it was")
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    history = {k: list(v) for k, v in ckpt["history"].items()}
    log = ckpt["grad_log"]
    grad_log = {"step": int(log["step"]), "steps": list(log["steps"]),
                "norms": {k: list(v) for k, v in log["norms"].items()}}
    return int(ckpt["epoch"]), history, grad_log


# -- pictures ---------------------------------------------------------------------------------


def render_graph(model: nn.Module, dataset: data.Dataset, args: argparse.Namespace) -> str:
    """Draw one forward + backward pass on two images, with parameter names and grad norms."""
    x, y = next(iter(make_loader(data.Subset(dataset, [0, 1]), args, None)))
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = ag.viz.render(loss, args.out / "graph", format="svg",
                             params=dict(model.named_parameters()), show_grads=True)
    for w in caught:
        print(f"note: {w.message}")
    model.zero_grad()
    return path


def plot_all(args: argparse.Namespace, history: dict, grad_log: dict, test: data.Dataset,
             predicted: np.ndarray) -> list[str]:
    """Write the three PNGs; returns their paths (none without matplotlib)."""
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed: skipping the plots (pip install matplotlib)")
        return []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = [args.out / "curves.png", args.out / "misclassified.png", args.out / "grad_norms.png"]
    for path, draw in zip(paths, (_plot_curves, _plot_misclassified, _plot_grad_norms)):
        fig = draw(plt, args, history, grad_log, test, predicted)
        fig.savefig(path, dpi=100)
        plt.close(fig)
    return [str(p) for p in paths]


def _plot_curves(plt, args, history, grad_log, test, predicted):
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, history["train_loss"], "o-", label="train")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", title="loss")
    ax_acc.plot(epochs, history["train_acc"], "o-", label="train")
    ax_acc.plot(epochs, history["test_acc"], "o-", label="test")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="accuracy")
    for ax in (ax_loss, ax_acc):
        ax.legend()
        ax.grid(alpha=0.3)
    fig.suptitle(f"MNIST {args.model}")
    fig.tight_layout()
    return fig


def _plot_misclassified(plt, args, history, grad_log, test, predicted):
    wrong = np.flatnonzero(predicted != test.labels)[:36]
    cols = 6
    rows = max(1, math.ceil(len(wrong) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.4, rows * 1.6), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, wrong):
        ax.imshow(test.images[i], cmap="gray_r")
        ax.set_title(f"{test.labels[i]} -> {predicted[i]}", fontsize=9, color="firebrick")
    fig.suptitle(f"misclassified test digits (true -> predicted): "
                 f"{np.sum(predicted != test.labels)} of {len(predicted)}", fontsize=10)
    fig.tight_layout()
    return fig


def _plot_grad_norms(plt, args, history, grad_log, test, predicted):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, norms in grad_log["norms"].items():
        ax.plot(grad_log["steps"][-len(norms):], norms, label=name, linewidth=1)
    ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="||grad||", title="gradient norm per layer (weights)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
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
    print(f"{args.model}: {model.num_parameters():,} parameters; {len(train):,} training images; "
          f"{args.optimizer} lr {args.lr}, batch {args.batch_size}, {args.epochs} epochs")
    print(f"graph: {render_graph(model, test, args)}")

    start_epoch, history = 0, {"train_loss": [], "train_acc": [], "test_acc": [], "seconds": []}
    grad_log: dict = {"step": 0, "steps": [], "norms": {}}
    checkpoint = args.out / CHECKPOINT
    if args.resume:
        start_epoch, history, grad_log = load_checkpoint(checkpoint, args, model, optimizer,
                                                       scheduler)
        print(f"resumed from {checkpoint} after epoch {start_epoch}")

    test_loader = make_loader(test, args, None)
    predicted = None
    for epoch in range(start_epoch + 1, args.epochs + 1):
        t0 = time.perf_counter()
        loss, train_acc = train_epoch(model, make_loader(train, args, epoch), optimizer,
                                      grad_log, f"epoch {epoch}")
        scheduler.step()
        test_acc, predicted = evaluate(model, test_loader)
        seconds = time.perf_counter() - t0
        for key, value in zip(history, (loss, train_acc, test_acc, seconds)):
            history[key].append(value)
        print(f"epoch {epoch:2d}  train loss {loss:.4f}  train acc {train_acc:.4f}  "
              f"test acc {test_acc:.4f}  {seconds:.1f}s", flush=True)
        save_checkpoint(checkpoint, args, model, optimizer, scheduler, epoch, history, grad_log)

    if predicted is None:  # nothing left to train: evaluate the checkpoint as it is
        _, predicted = evaluate(model, test_loader)
    for path in plot_all(args, history, grad_log, test, predicted):
        print(f"plot: {path}")
    print(f"checkpoint: {checkpoint}")
    return history


if __name__ == "__main__":
    main()
