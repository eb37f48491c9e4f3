"""How fast is the library? MNIST training epochs, per-op overhead and memory, measured.

Run ``python examples/benchmark.py`` (a few minutes) or ``--quick`` (about a
minute). In one run it times:

- one training epoch of three MLPs three ways on identical data, initial
  weights and batch order: this library (written as a user would write it:
  ``nn.MLP`` + ``F.cross_entropy`` + ``optim`` + ``DataLoader``), the
  hand-written NumPy MLP of ``examples/numpy_mlp.py`` and PyTorch on the CPU;
- the CNN of ``examples/mnist.py --model cnn`` and the Net of pytorch/examples'
  MNIST (library vs PyTorch, from the same weights on the same batches);
- the per-op overhead: a 200-op add/mul/tanh chain on 64x64 and 8x8 tensors,
  forward + backward, in microseconds per op (vs PyTorch and a bare NumPy
  loop doing the same forward math);
- a 1,000,000-op chain: backward seconds and bytes per graph node;
- peak RSS of each MLP run, each in its own subprocess, and the library's RSS
  after every epoch of 10 (it must stay flat);
- the training step of the character-level GPT and LSTM of ``examples/shakespeare.py``
  against the same networks in PyTorch, from the same weights on the same batches, and
  the validation loss each reaches after the same number of steps (``--sequence`` runs
  only this part).

``--cnn`` times only the two CNNs (the second is the Net of pytorch/examples' MNIST:
conv32-conv64-maxpool-dropout-fc128-dropout-fc10, Adadelta, batch 64). ``--native-blas``
times the CNNs once more in a fresh process with ``OPENBLAS_CORETYPE`` and
``OPENBLAS_L2_SIZE`` unset, as a machine without those pins runs them; nothing else
in the run changes (OpenBLAS reads them only when it loads).

Implementations run round-robin (one epoch each, in turn) and the tables show
medians, because the machine is shared and noisy. The results are printed with
each target from the performance issue marked MET / NOT MET, and written to
``--json`` (default ``runs/benchmark.json``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # numpy_mlp.py and mnist.py sit next to this file

from numpy_mlp import NumpyAdam, NumpyMLP, NumpySGD  # noqa: E402

MB = 1024 * 1024


@dataclass(frozen=True)
class Config:
    """One training benchmark: architecture, optimizer and batch size."""

    name: str
    sizes: tuple[int, ...] | None  # MLP layer widths; None for a CNN
    optimizer: str  # "sgd" | "adam" | "adadelta"
    lr: float
    batch_size: int
    model: str = "mlp"  # "mlp"; "cnn": examples/mnist.py's; "net": pytorch/examples' Net


CONFIGS = [
    Config("mlp 784-128-10 sgd b64", (784, 128, 10), "sgd", 0.1, 64),
    Config("mlp 784-256-128-10 adam b128", (784, 256, 128, 10), "adam", 1e-3, 128),
    Config("mlp 784-512-256-10 sgd b256", (784, 512, 256, 10), "sgd", 0.1, 256),
    Config("cnn c32-p-c64-p-fc128-fc10 adam b128", None, "adam", 1e-3, 128, "cnn"),
    Config("net c32-c64-p-d-fc128-d-fc10 adadelta b64", None, "adadelta", 1.0, 64, "net"),
]
CNN_CONFIGS = (3, 4)  # indices into CONFIGS of the convolutional networks
# The environment variables that pin OpenBLAS's kernels (``--native-blas`` unsets them).
BLAS_PINS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# -- data and weights ------------------------------------------------------------------------


def load_mnist(limit: int | None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The first ``limit`` training images as normalized float32 (N, 784), shuffled once.

    The shuffle happens here, once, so that every implementation sees the same
    batches in the same order by walking the arrays front to back.
    """
    import data

    x, labels = data.MNIST(train=True, flatten=True).arrays  # float32 (N, 784), normalized
    x, labels = x[:limit], labels[:limit]
    order = np.random.default_rng(seed).permutation(len(x))
    return np.ascontiguousarray(x[order]), labels[order].astype(np.int64)


def mlp_weights(sizes: tuple[int, ...], seed: int) -> list[np.ndarray]:
    """Initial [W0, b0, W1, b1, ...] shared by all three implementations."""
    return NumpyMLP(sizes, np.random.default_rng(seed)).params


def current_rss() -> int:
    """Resident set size of this process now, in bytes (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return peak_rss()


def peak_rss() -> int:
    """Peak resident set size of this process, in bytes.

    Read from ``VmHWM`` on Linux: ``ru_maxrss`` survives ``exec``, so a child
    started from a big parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


# -- one training epoch, three ways ---------------------------------------------------------
# Each maker returns ``epoch()``: train one pass over (x, y) front to back, return the mean loss.


def numpy_epoch(
    cfg: Config, weights: list[np.ndarray], x: np.ndarray, y: np.ndarray
) -> Callable[[], float]:
    """The hand-written NumPy MLP of ``examples/numpy_mlp.py``."""
    from numpy_mlp import train_epoch

    model = NumpyMLP(cfg.sizes)
    model.params[:] = [w.copy() for w in weights]
    opt = (
        NumpySGD(model.params, cfg.lr)
        if cfg.optimizer == "sgd"
        else NumpyAdam(model.params, cfg.lr)
    )
    order = np.arange(len(x))
    return lambda: train_epoch(model, opt, x, y, cfg.batch_size, order)


def library_model(cfg: Config, weights: list[np.ndarray] | None):
    """This library's model for ``cfg``: ``nn.MLP``, the CNN of examples/mnist.py, or the Net."""
    import nn

    if cfg.model == "cnn":
        from mnist import build_model

        return build_model("cnn")
    if cfg.model == "net":
        return nn.Sequential(*examples_net(nn))
    model = nn.MLP(list(cfg.sizes))
    if weights is not None:
        model.load_state_dict(dict(zip(model.state_dict(), weights)))
    return model


def examples_net(nn) -> list:
    """The layers of the Net of pytorch/examples' MNIST, from ``nn`` (this library's or torch's).

    conv32 -> relu -> conv64 -> relu -> maxpool -> dropout -> fc128 -> relu -> dropout ->
    fc10 -> log_softmax, on (N, 1, 28, 28) images; the loss is ``nll_loss``.
    """
    return [
        nn.Conv2d(1, 32, 3),  # (N, 32, 26, 26)
        nn.ReLU(),
        nn.Conv2d(32, 64, 3),  # (N, 64, 24, 24)
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 64, 12, 12)
        nn.Dropout(0.25),
        nn.Flatten(),  # (N, 9216)
        nn.Linear(9216, 128),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(128, 10),
        nn.LogSoftmax(dim=1),
    ]


def library_epoch(cfg: Config, model, x: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """This library, written the way a user writes a training loop."""
    import data
    import nn.functional as F
    import optim

    opt_class = {"sgd": optim.SGD, "adam": optim.Adam, "adadelta": optim.Adadelta}
    optimizer = opt_class[cfg.optimizer](model.parameters(), lr=cfg.lr)
    inputs = x if cfg.sizes is not None else x.reshape(-1, 1, 28, 28)
    loader = data.DataLoader(data.TensorDataset(inputs, y), batch_size=cfg.batch_size)
    loss_fn = F.nll_loss if cfg.model == "net" else F.cross_entropy

    def epoch() -> float:
        model.train()
        total = 0.0
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        return total / len(loader)

    return epoch


def torch_model(cfg: Config, state: dict[str, np.ndarray] | list[np.ndarray]):
    """The same architecture in PyTorch, loaded with the same initial weights."""
    import torch

    tnn = torch.nn
    if cfg.model == "net":
        layers = examples_net(tnn)
    elif cfg.model == "cnn":
        layers = [
            tnn.Conv2d(1, 32, 3, padding=1),
            tnn.ReLU(),
            tnn.MaxPool2d(2),
            tnn.Conv2d(32, 64, 3, padding=1),
            tnn.ReLU(),
            tnn.MaxPool2d(2),
            tnn.Flatten(),
            tnn.Linear(64 * 7 * 7, 128),
            tnn.ReLU(),
            tnn.Linear(128, 10),
        ]
    else:
        layers = []
        for fan_in, fan_out in zip(cfg.sizes[:-1], cfg.sizes[1:]):
            layers += [tnn.Linear(fan_in, fan_out), tnn.ReLU()]
        layers.pop()
    model = tnn.Sequential(*layers)
    arrays = list(state.values()) if isinstance(state, dict) else state
    params = list(model.parameters())
    if len(params) != len(arrays):
        raise RuntimeError(f"torch twin has {len(params)} parameters, ours {len(arrays)}")
    with torch.no_grad():
        for p, a in zip(params, arrays):
            p.copy_(torch.from_numpy(np.asarray(a)).reshape(p.shape))
    return model


def torch_epoch(cfg: Config, model, x: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """PyTorch on the CPU, with every core."""
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    opt_class = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adadelta": torch.optim.Adadelta}
    optimizer = opt_class[cfg.optimizer](model.parameters(), lr=cfg.lr)
    xt = torch.from_numpy(x if cfg.sizes is not None else x.reshape(-1, 1, 28, 28))
    yt = torch.from_numpy(y)
    tf = torch.nn.functional
    loss_fn = tf.nll_loss if cfg.model == "net" else tf.cross_entropy

    def epoch() -> float:
        model.train()
        total, batches = 0.0, 0
        for start in range(0, len(xt), cfg.batch_size):
            loss = loss_fn(
                model(xt[start : start + cfg.batch_size]), yt[start : start + cfg.batch_size]
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        return total / batches

    return epoch


def mlp_flops(sizes: tuple[int, ...], images: int) -> float:
    """Floating-point operations of one training epoch's matrix products.

    Per layer and image: 2*in*out for the forward product, as much again for the
    weight gradient and, except for the first layer (whose input needs no
    gradient), for the input gradient.
    """
    layers = list(zip(sizes[:-1], sizes[1:]))
    per_image = sum(2 * i * o * (2 if k == 0 else 3) for k, (i, o) in enumerate(layers))
    return float(per_image * images)


def gemm_rate(n: int = 1024, repeats: int = 7) -> float:
    """NumPy's measured float32 matrix-product rate, FLOP/s (median of ``repeats``)."""
    a = np.random.default_rng(0).standard_normal((n, n)).astype(np.float32)
    b = a.T.copy()
    a @ b  # warm up the BLAS threads
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2.0 * n**3 / statistics.median(times)


def have_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def round_robin(
    runners: dict[str, Callable[[], object]], rounds: int, collect: bool = True
) -> dict[str, dict]:
    """Call each runner once per round, in turn; per name the median seconds and the results.

    ``collect`` runs the garbage collector before each timed call (untimed), so one
    implementation's garbage is not collected on another's clock.
    """
    times: dict[str, list[float]] = {name: [] for name in runners}
    results: dict[str, list] = {name: [] for name in runners}
    faults: dict[str, list[int]] = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            if collect:
                gc.collect()
            faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            start = time.perf_counter()
            results[name].append(run())
            times[name].append(time.perf_counter() - start)
            faults[name].append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before)
    return {
        name: {
            "median_s": statistics.median(times[name]),
            "times_s": times[name],
            "losses": results[name],
            "page_faults": faults[name],
        }
        for name in runners
    }


def bench_training(
    cfg: Config, x: np.ndarray, y: np.ndarray, rounds: int, use_torch: bool, seed: int = 0
) -> dict:
    """Time one epoch of ``cfg`` per implementation, round-robin; medians over ``rounds``."""
    import autograd as ag

    runners: dict[str, Callable[[], float]] = {}
    if cfg.sizes is None:
        ag.manual_seed(seed)
        model = library_model(cfg, None)
        state = model.state_dict()
        runners["library"] = library_epoch(cfg, model, x, y)
    else:
        weights = mlp_weights(cfg.sizes, seed)
        state = weights
        runners["library"] = library_epoch(cfg, library_model(cfg, weights), x, y)
        runners["numpy"] = numpy_epoch(cfg, weights, x, y)
    if use_torch:
        runners["torch"] = torch_epoch(cfg, torch_model(cfg, state), x, y)
    result = round_robin(runners, rounds)
    return {"config": asdict(cfg), "images": len(x), "rounds": rounds, "results": result}


# -- sequence models: the character-level GPT and LSTM of examples/shakespeare.py -----------


@dataclass(frozen=True)
class SeqConfig:
    """One sequence-model benchmark: the model of examples/shakespeare.py and its batches."""

    name: str
    model: str  # "gpt" | "lstm"
    n_layer: int
    n_head: int
    n_embd: int
    block_size: int
    batch_size: int
    lr: float = 1e-3
    weight_decay: float = 0.1


SEQ_CONFIGS = [
    SeqConfig("gpt 4x128 ctx64 b12 adamw", "gpt", 4, 4, 128, 64, 12),
    SeqConfig("lstm 4x128 ctx64 b12 adamw", "lstm", 4, 4, 128, 64, 12),
]


def seq_batches(
    cfg: SeqConfig, iters: int, eval_batches: int, seed: int = 0
) -> tuple[list, list, int]:
    """Training and validation batches as int64 arrays, drawn once so every implementation
    sees the same ones; and the vocabulary size."""
    import shakespeare

    text = shakespeare.load_text()
    vocab = shakespeare.Vocab(text)
    codes = vocab.encode(text)
    n = int(0.9 * len(codes))
    rng = np.random.default_rng(seed)

    def draw(part: np.ndarray, count: int) -> list:
        starts = rng.integers(0, len(part) - cfg.block_size, size=(count, cfg.batch_size))
        idx = starts[..., None] + np.arange(cfg.block_size)  # (count, B, T)
        return list(zip(part[idx], part[idx + 1]))

    return draw(codes[:n], iters), draw(codes[n:], eval_batches), len(vocab)


def seq_library_model(cfg: SeqConfig, vocab_size: int, seed: int = 0):
    import shakespeare

    import autograd as ag

    ag.manual_seed(seed)
    if cfg.model == "gpt":
        return shakespeare.GPT(
            shakespeare.GPTConfig(vocab_size, cfg.block_size, cfg.n_layer, cfg.n_head, cfg.n_embd)
        )
    return shakespeare.CharLSTM(vocab_size, cfg.n_embd, cfg.n_layer, 0.0)


def seq_torch_model(cfg: SeqConfig, vocab_size: int, state: dict[str, np.ndarray]):
    """The same network in PyTorch (same parameter names), loaded with ``state``."""
    import torch
    from torch import nn as tnn
    from torch.nn import functional as TF

    class Block(tnn.Module):
        def __init__(self) -> None:
            super().__init__()
            c = cfg.n_embd
            self.ln_1, self.ln_2 = tnn.LayerNorm(c), tnn.LayerNorm(c)
            self.attn = tnn.Module()
            self.attn.c_attn, self.attn.c_proj = tnn.Linear(c, 3 * c), tnn.Linear(c, c)
            self.mlp = tnn.Module()
            self.mlp.c_fc, self.mlp.c_proj = tnn.Linear(c, 4 * c), tnn.Linear(4 * c, c)

        def forward(self, x):
            B, T, C = x.shape
            q, k, v = self.attn.c_attn(self.ln_1(x)).split(C, dim=2)
            q, k, v = (t.view(B, T, cfg.n_head, C // cfg.n_head).transpose(1, 2) for t in (q, k, v))
            y = TF.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.attn.c_proj(y.transpose(1, 2).reshape(B, T, C))
            return x + self.mlp.c_proj(TF.gelu(self.mlp.c_fc(self.ln_2(x))))

    class GPT(tnn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.wte = tnn.Embedding(vocab_size, cfg.n_embd)
            self.wpe = tnn.Embedding(cfg.block_size, cfg.n_embd)
            self.h = tnn.ModuleList([Block() for _ in range(cfg.n_layer)])
            self.ln_f = tnn.LayerNorm(cfg.n_embd)
            self.lm_head = tnn.Linear(cfg.n_embd, vocab_size, bias=False)
            self.lm_head.weight = self.wte.weight

        def forward(self, idx, targets):
            x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
            for block in self.h:
                x = block(x)
            logits = self.lm_head(self.ln_f(x))
            return logits, TF.cross_entropy(logits.transpose(1, 2), targets)

    class CharLSTM(tnn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embed = tnn.Embedding(vocab_size, cfg.n_embd)
            self.lstm = tnn.LSTM(cfg.n_embd, cfg.n_embd, num_layers=cfg.n_layer, batch_first=True)
            self.head = tnn.Linear(cfg.n_embd, vocab_size)

        def forward(self, idx, targets):
            logits = self.head(self.lstm(self.embed(idx))[0])
            return logits, TF.cross_entropy(logits.transpose(1, 2), targets)

    model = GPT() if cfg.model == "gpt" else CharLSTM()
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()})
    return model


def _adamw_groups(params: list, weight_decay: float) -> list[dict]:
    """Decay on the matrices only, as examples/shakespeare.py."""
    return [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]


def seq_runners(
    cfg: SeqConfig, batches: list, val: list, vocab_size: int, chunk: int, use_torch: bool
) -> tuple[dict, dict]:
    """Per implementation: ``train()`` runs the next ``chunk`` training steps and returns
    the last loss; ``evaluate()`` the mean loss over the validation batches."""
    import autograd as ag
    import nn
    import optim

    model = seq_library_model(cfg, vocab_size)
    state = {k: np.array(v) for k, v in model.state_dict().items()}
    opt = optim.AdamW(
        _adamw_groups(list(model.parameters()), cfg.weight_decay), lr=cfg.lr, betas=(0.9, 0.99)
    )
    pos = {"library": 0, "torch": 0}

    def library_train() -> float:
        for x, y in batches[pos["library"] : pos["library"] + chunk]:
            _, loss = model(ag.tensor(x), ag.tensor(y))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        pos["library"] += chunk
        return loss.item()

    @ag.no_grad()
    def library_eval() -> float:
        model.eval()
        out = float(np.mean([model(ag.tensor(x), ag.tensor(y))[1].item() for x, y in val]))
        model.train()
        return out

    train, evaluate = {"library": library_train}, {"library": library_eval}
    if use_torch:
        import torch

        tmodel = seq_torch_model(cfg, vocab_size, state)
        topt = torch.optim.AdamW(
            _adamw_groups(list(tmodel.parameters()), cfg.weight_decay), lr=cfg.lr, betas=(0.9, 0.99)
        )

        def torch_train() -> float:
            for x, y in batches[pos["torch"] : pos["torch"] + chunk]:
                _, loss = tmodel(torch.from_numpy(x), torch.from_numpy(y))
                topt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(tmodel.parameters(), 1.0)
                topt.step()
            pos["torch"] += chunk
            return loss.item()

        @torch.no_grad()
        def torch_eval() -> float:
            return float(
                np.mean(
                    [tmodel(torch.from_numpy(x), torch.from_numpy(y))[1].item() for x, y in val]
                )
            )

        train["torch"], evaluate["torch"] = torch_train, torch_eval
    return train, evaluate


def bench_sequence(
    cfg: SeqConfig, iters: int, chunk: int, use_torch: bool, eval_batches: int = 20
) -> dict:
    """``iters`` training steps per implementation from the same weights on the same
    batches, ``chunk`` steps at a time in turn; then the validation loss of each."""
    batches, val, vocab_size = seq_batches(cfg, iters, eval_batches)
    train, evaluate = seq_runners(cfg, batches, val, vocab_size, chunk, use_torch)
    result = round_robin(train, iters // chunk)
    for name, r in result.items():
        r["s_per_iter"] = r["median_s"] / chunk
        r["val_loss"] = evaluate[name]()
    return {"config": asdict(cfg), "iters": iters, "chunk": chunk, "results": result}


def sequence_targets(runs: list[dict]) -> list[dict]:
    """At most 1.3x PyTorch per iteration; validation loss within 0.05 of torch's."""
    rows = []
    for run in runs:
        r, name = run["results"], run["config"]["name"]
        lib = r["library"]
        theirs = r.get("torch")
        ratio = lib["s_per_iter"] / theirs["s_per_iter"] if theirs else None
        gap = abs(lib["val_loss"] - theirs["val_loss"]) if theirs else None
        rows.append(
            target(
                f"{name}: <= 1.3x PyTorch per iteration",
                f"{ratio:.2f}x" if ratio else "-",
                None if ratio is None else ratio <= 1.3,
            )
        )
        rows.append(
            target(
                f"{name}: val loss after {run['iters']} its within 0.05 of torch",
                f"{gap:.3f}" if gap is not None else "-",
                None if gap is None else gap <= 0.05,
            )
        )
    return rows


def sequence_report(runs: list[dict]) -> list[str]:
    lines = [
        "character-level models on tiny Shakespeare, training step (median s/iter, "
        "interleaved), validation loss after the same iterations"
    ]
    lines.append(
        f"{'config':34} {'iters':>5} {'library':>8} {'torch':>8} {'ratio':>6}  val loss lib / torch"
    )
    for run in runs:
        r = run["results"]
        lib, theirs = r["library"], r.get("torch", {})
        t_s = theirs.get("s_per_iter", float("nan"))
        lines.append(
            f"{run['config']['name']:34} {run['iters']:>5} {lib['s_per_iter']:8.4f} "
            f"{t_s:8.4f} {lib['s_per_iter'] / t_s:6.2f}  {lib['val_loss']:.4f} / "
            f"{theirs.get('val_loss', float('nan')):.4f}"
        )
    return lines


# -- per-op overhead -----------------------------------------------------------------------


def _chain(x, w, n_ops: int, tanh: Callable):
    y = x
    for i in range(n_ops):
        k = i % 3
        y = y + w if k == 0 else y * w if k == 1 else tanh(y)
    return y


def bench_per_op(size: int, n_ops: int, repeats: int, use_torch: bool) -> dict:
    """Microseconds per op of an add/mul/tanh chain, forward + backward, round-robin."""
    import autograd as ag

    rng = np.random.default_rng(0)
    xa, wa = (rng.standard_normal((size, size)).astype(np.float32) for _ in range(2))
    x, w = ag.tensor(xa, requires_grad=True), ag.tensor(wa, requires_grad=True)

    def library() -> None:
        x.grad = w.grad = None
        _chain(x, w, n_ops, ag.tanh).sum().backward()

    runners: dict[str, Callable[[], object]] = {
        "library": library,
        "numpy forward": lambda: _chain(xa, wa, n_ops, np.tanh),
    }
    if use_torch:
        import torch

        xt = torch.tensor(xa, requires_grad=True)
        wt = torch.tensor(wa, requires_grad=True)

        def torch_run() -> None:
            xt.grad = wt.grad = None
            _chain(xt, wt, n_ops, torch.tanh).sum().backward()

        runners["torch"] = torch_run
    timed = round_robin(runners, repeats, collect=False)
    return {name: r["median_s"] / n_ops * 1e6 for name, r in timed.items()}


def chain_1m(n_ops: int) -> dict:
    """Build an ``n_ops`` chain of scalar multiplies, backward through it; time and memory."""
    import autograd as ag

    x = ag.tensor(1.0, requires_grad=True)
    gc.collect()
    base = current_rss()
    start = time.perf_counter()
    y = x
    for _ in range(n_ops):
        y = y * 1.0
    forward_s = time.perf_counter() - start
    graph = current_rss() - base
    start = time.perf_counter()
    y.backward()
    backward_s = time.perf_counter() - start
    peak = peak_rss() - base
    return {
        "ops": n_ops,
        "forward_s": forward_s,
        "backward_s": backward_s,
        "graph_bytes_per_node": graph / n_ops,
        "peak_bytes_per_node": peak / n_ops,
        "grad": float(x.grad.item()),
    }


# -- memory: each run in its own process -----------------------------------------------------


def child_train(impl: str, config: int, epochs: int, limit: int | None) -> dict:
    """Train ``epochs`` epochs of ``CONFIGS[config]`` with ``impl``; RSS after each epoch."""
    cfg = CONFIGS[config]
    x, y = load_mnist(limit)
    weights = mlp_weights(cfg.sizes, 0)
    if impl == "numpy":
        epoch = numpy_epoch(cfg, weights, x, y)
    elif impl == "library":
        epoch = library_epoch(cfg, library_model(cfg, weights), x, y)
    else:
        epoch = torch_epoch(cfg, torch_model(cfg, weights), x, y)
    rss = []
    for _ in range(epochs):
        epoch()
        rss.append(current_rss())
    return {
        "impl": impl,
        "config": config,
        "epochs": epochs,
        "rss_per_epoch": rss,
        "peak_rss": peak_rss(),
    }


def in_child(*args: str, env: dict[str, str] | None = None) -> dict:
    """Run this script with ``--child ...`` in a fresh interpreter; return its JSON line.

    ``env`` replaces the child's environment (default: this process's).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- targets and report ----------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How much work one benchmark run does."""

    limit: int | None  # training images per MLP epoch (None: all 60,000)
    rounds: int  # MLP epochs per implementation (medians over these)
    cnn_limit: int  # training images per epoch of examples/mnist.py's CNN
    cnn_rounds: int  # CNN epochs per implementation, for each of the two CNNs
    net_limit: int  # training images per epoch of pytorch/examples' Net
    op_repeats: int  # chains per size and implementation
    chain_ops: int  # the long chain
    mem_configs: tuple[int, ...]  # configs whose peak RSS is measured
    mem_limit: int | None
    flat_epochs: int


FULL = Plan(None, 7, 20_000, 5, 6_000, 60, 1_000_000, (0, 1, 2), None, 10)
SEQ_ITERS = {False: 300, True: 40}  # training steps per sequence model, full / --quick
QUICK = Plan(10_000, 5, 640, 3, 320, 30, 1_000_000, (0,), 3_000, 10)


def target(name: str, value: str, met: bool | None) -> dict:
    """One row of the targets table; ``met`` None means not measured (e.g. no torch)."""
    return {
        "target": name,
        "value": value,
        "status": "SKIPPED" if met is None else "MET" if met else "NOT MET",
    }


# The performance issues' limits, as ratios of the library's median epoch to the other's.
NUMPY_LIMITS = {CONFIGS[0].name: 0.90}  # others: 1.15x hand-written NumPy
CNN_TORCH_LIMIT = 1.0
PER_OP_LIMITS = (("64", 0.70), ("8", 0.97))  # per-op overhead, x PyTorch


def ratio_target(name: str, ours: float, theirs: float | None, limit: float) -> dict:
    """``ours / theirs <= limit``; not measured (SKIPPED) without ``theirs``."""
    ratio = None if not theirs else ours / theirs
    return target(
        f"{name} <= {limit:.2f}x",
        "-" if ratio is None else f"{ratio:.2f}x",
        None if ratio is None else ratio <= limit,
    )


def training_targets(runs: list[dict], suffix: str = "") -> list[dict]:
    """Per MLP: its NumPy limit and faster than PyTorch; per CNN: the PyTorch limit."""
    rows = []
    for run in runs:
        r, name = run["results"], run["config"]["name"] + suffix
        lib = r["library"]["median_s"]
        torch_s = r["torch"]["median_s"] if "torch" in r else None
        if "numpy" in r:
            limit = NUMPY_LIMITS.get(run["config"]["name"], 1.15)
            rows.append(ratio_target(f"{name}: NumPy", lib, r["numpy"]["median_s"], limit))
            rows.append(
                target(
                    f"{name}: faster than PyTorch",
                    f"{lib / torch_s:.2f}x" if torch_s else "-",
                    None if torch_s is None else lib < torch_s,
                )
            )
        else:
            rows.append(ratio_target(f"{name}: PyTorch", lib, torch_s, CNN_TORCH_LIMIT))
    return rows


def evaluate(res: dict) -> list[dict]:
    """Compare the measurements with the performance issues' targets."""
    rows = training_targets(res["training"])
    if "native_blas" in res:
        rows += training_targets(res["native_blas"], ", OpenBLAS unpinned")
    for size, limit in PER_OP_LIMITS:
        op = res["per_op"][size]
        rows.append(
            ratio_target(f"per-op {size}x{size}: PyTorch", op["library"], op.get("torch"), limit)
        )
    chain = res["chain"]
    total = chain["forward_s"] + chain["backward_s"]
    rows.append(
        target(f"{chain['ops']:,}-op chain forward + backward < 10 s", f"{total:.2f} s", total < 10)
    )
    per_node = chain["peak_bytes_per_node"]
    rows.append(
        target("chain memory <= ~1.5 KB/node (peak)", f"{per_node:.0f} B", per_node <= 1536)
    )
    mem = {(m["impl"], m["config"]): m for m in res["memory"]}
    diff = (mem[("library", 0)]["peak_rss"] - mem[("numpy", 0)]["peak_rss"]) / MB
    rows.append(target("peak RSS config 1 within 50 MB of NumPy", f"{diff:+.1f} MB", diff <= 50))
    rss = mem[("library", 0)]["rss_per_epoch"]
    growth = (max(rss[1:]) - rss[1]) / MB
    rows.append(
        target(f"RSS flat epochs 2-{len(rss)} (growth <= 5 MB)", f"{growth:+.1f} MB", growth <= 5)
    )
    return rows + sequence_targets(res.get("sequence", []))


def training_lines(runs: list[dict]) -> list[str]:
    """The epoch table: per config the median seconds of each implementation and the ratios."""
    lines = [
        f"{'config':42} {'images':>7} {'library':>8} {'numpy':>8} {'torch':>8} "
        f"{'lib/np':>7} {'lib/torch':>9}  first-epoch loss lib / np / torch"
    ]
    for run in runs:
        r = run["results"]
        sec = {k: v["median_s"] for k, v in r.items()}
        loss = " / ".join(
            f"{r[k]['losses'][0]:.4f}" for k in ("library", "numpy", "torch") if k in r
        )
        lines.append(
            f"{run['config']['name']:42} {run['images']:>7} {sec['library']:8.3f} "
            f"{sec.get('numpy', float('nan')):8.3f} {sec.get('torch', float('nan')):8.3f} "
            f"{sec['library'] / sec.get('numpy', float('nan')):7.2f} "
            f"{sec['library'] / sec.get('torch', float('nan')):9.2f}  {loss}"
        )
    return lines


def native_blas_lines(res: dict) -> list[str]:
    """The CNN table again, from the child run without the OpenBLAS pins, if there was one."""
    if "native_blas" not in res:
        return []
    pins = ", ".join(f"{k}={v}" for k, v in res["machine"]["blas_env"].items() if v is not None)
    return [
        "",
        f"CNNs again in a fresh process with {' and '.join(BLAS_PINS)} unset "
        f"(this run had {pins or 'neither set'}):",
        *training_lines(res["native_blas"]),
    ]


def report(res: dict) -> str:
    """The human-readable tables."""
    lines = [
        f"MNIST training, one epoch, median of rounds (seconds); "
        f"{res['machine']['cpus']} CPUs, shared"
    ]
    lines += training_lines(res["training"])
    lines += native_blas_lines(res)
    rate = res["gemm_flops"]
    lines.append(
        f"arithmetic floor (matrix-product FLOPs / NumPy's measured float32 GEMM rate, "
        f"{rate / 1e9:.0f} GFLOP/s), per 60,000-image epoch:"
    )
    for cfg in CONFIGS[:3]:
        lines.append(f"  {cfg.name:38} {mlp_flops(cfg.sizes, 60_000) / rate:8.3f} s")
    lines.append("")
    lines.append("per-op overhead, 200-op add/mul/tanh chain, forward + backward (us per op)")
    for size, op in res["per_op"].items():
        parts = "  ".join(f"{k} {v:7.2f}" for k, v in op.items())
        lines.append(f"  {size}x{size}: {parts}")
    c = res["chain"]
    lines.append(
        f"{c['ops']:,}-op chain: forward {c['forward_s']:.2f} s, backward "
        f"{c['backward_s']:.2f} s, graph {c['graph_bytes_per_node']:.0f} B/node, "
        f"peak {c['peak_bytes_per_node']:.0f} B/node"
    )
    lines.append("")
    lines.append("peak RSS per training run (separate processes, MB)")
    for m in res["memory"]:
        lines.append(
            f"  {CONFIGS[m['config']].name:40} {m['impl']:8} {m['peak_rss'] / MB:8.1f}"
            f"  after each epoch: " + " ".join(f"{v / MB:.0f}" for v in m["rss_per_epoch"])
        )
    lines.append("")
    lines.extend(sequence_report(res.get("sequence", [])))
    lines.append("")
    lines.append("targets")
    for row in res["targets"]:
        lines.append(f"  {row['target']:52} {row['value']:>10}  {row['status']}")
    return "\n".join(lines)


def bench_cnns(plan: Plan, use_torch: bool) -> list[dict]:
    """One epoch of each CNN config per implementation, round-robin, in this process."""
    x, y = load_mnist(max(plan.cnn_limit, plan.net_limit))
    limits = {"cnn": plan.cnn_limit, "net": plan.net_limit}
    runs = []
    for index in CNN_CONFIGS:
        cfg = CONFIGS[index]
        n = limits[cfg.model]
        runs.append(bench_training(cfg, x[:n], y[:n], plan.cnn_rounds, use_torch))
    return runs


def native_blas_cnns(plan: Plan, use_torch: bool) -> list[dict]:
    """``bench_cnns`` in a child whose environment lacks the variables that pin OpenBLAS.

    OpenBLAS reads ``OPENBLAS_CORETYPE`` (which kernels: e.g. Haswell's AVX2 ones on a
    machine with AVX-512) and ``OPENBLAS_L2_SIZE`` once, when it loads, so only a fresh
    process sees them unset. Nothing else in this run changes.
    """
    env = {k: v for k, v in os.environ.items() if k not in BLAS_PINS}
    fields = [str(v) for v in (plan.cnn_limit, plan.cnn_rounds, plan.net_limit)]
    done = in_child("cnn", *fields, "--torch" if use_torch else "--no-torch", env=env)
    for run in done["runs"]:
        run["blas_env"] = done["blas"]  # as the child saw them: all None
    return done["runs"]


def run(plan: Plan, use_torch: bool, quick: bool, native_blas: bool = False) -> dict:
    """Every measurement of one benchmark run, as a JSON-ready dict.

    ``native_blas`` also times the CNNs again in a child without ``BLAS_PINS`` set.
    """
    res: dict = {"quick": quick, "plan": asdict(plan), "machine": machine(use_torch)}
    res["gemm_flops"] = gemm_rate()
    x, y = load_mnist(plan.limit)
    res["training"] = [bench_training(cfg, x, y, plan.rounds, use_torch) for cfg in CONFIGS[:3]]
    del x, y
    res["training"] += bench_cnns(plan, use_torch)
    if native_blas:
        res["native_blas"] = native_blas_cnns(plan, use_torch)
    res["per_op"] = {str(s): bench_per_op(s, 200, plan.op_repeats, use_torch) for s in (64, 8)}
    res["chain"] = in_child("chain", str(plan.chain_ops))
    limit = [] if plan.mem_limit is None else ["--limit", str(plan.mem_limit)]
    res["memory"] = []
    for config in plan.mem_configs:
        for impl in ("library", "numpy", "torch") if use_torch else ("library", "numpy"):
            epochs = plan.flat_epochs if (impl, config) == ("library", 0) else 1
            res["memory"].append(in_child("train", impl, str(config), str(epochs), *limit))
    res["sequence"] = [bench_sequence(cfg, SEQ_ITERS[quick], 10, use_torch) for cfg in SEQ_CONFIGS]
    res["targets"] = evaluate(res)
    return res


def blas_env() -> dict[str, str | None]:
    """The values of the variables that pin OpenBLAS's kernels in this process (None: unset)."""
    return {name: os.environ.get(name) for name in BLAS_PINS}


def machine(use_torch: bool) -> dict:
    info = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "numpy": np.__version__}
    info["blas_env"] = blas_env()
    if use_torch:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = os.cpu_count()
    return info


def child_main(args: list[str]) -> None:
    """Entry point of the measurement subprocesses (``--child chain N`` / ``--child train``)."""
    if args[0] == "chain":
        print(json.dumps(chain_1m(int(args[1]))))
        return
    if args[0] == "cnn":  # cnn CNN_LIMIT ROUNDS NET_LIMIT --torch|--no-torch
        cnn_limit, rounds, net_limit = (int(v) for v in args[1:4])
        plan = Plan(None, 0, cnn_limit, rounds, net_limit, 0, 0, (), None, 0)
        runs = bench_cnns(plan, args[4] == "--torch")
        print(json.dumps({"runs": runs, "blas": blas_env()}))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("impl", choices=["library", "numpy", "torch"])
    parser.add_argument("config", type=int)
    parser.add_argument("epochs", type=int)
    parser.add_argument("--limit", type=int, default=None)
    a = parser.parse_args(args[1:])
    print(json.dumps(child_train(a.impl, a.config, a.epochs, a.limit)))


def main(argv: list[str] | None = None) -> dict | None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return None
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (about a minute)")
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("runs/benchmark.json"),
        help="where to write the results (default runs/benchmark.json)",
    )
    parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparisons")
    parser.add_argument(
        "--sequence",
        action="store_true",
        help="only the GPT and LSTM training steps against PyTorch",
    )
    parser.add_argument("--cnn", action="store_true", help="only the two CNNs against PyTorch")
    parser.add_argument(
        "--native-blas",
        action="store_true",
        help=f"also time the CNNs in a child process with {' and '.join(BLAS_PINS)} unset",
    )
    args = parser.parse_args(argv)
    use_torch = have_torch() and not args.no_torch
    plan = QUICK if args.quick else FULL
    if args.cnn:
        res = {"quick": args.quick, "machine": machine(use_torch)}
        res["training"] = bench_cnns(plan, use_torch)
        if args.native_blas:
            res["native_blas"] = native_blas_cnns(plan, use_torch)
        res["targets"] = training_targets(res["training"])
        res["targets"] += training_targets(res.get("native_blas", []), ", OpenBLAS unpinned")
        print("\n".join(training_lines(res["training"]) + native_blas_lines(res)))
        print("targets")
        for row in res["targets"]:
            print(f"  {row['target']:72} {row['value']:>8}  {row['status']}")
    elif args.sequence:
        runs = [bench_sequence(cfg, SEQ_ITERS[args.quick], 10, use_torch) for cfg in SEQ_CONFIGS]
        res = {
            "quick": args.quick,
            "machine": machine(use_torch),
            "sequence": runs,
            "targets": sequence_targets(runs),
        }
        print("\n".join(sequence_report(runs)))
        print("targets")
        for row in res["targets"]:
            print(f"  {row['target']:64} {row['value']:>8}  {row['status']}")
    else:
        res = run(plan, use_torch, args.quick, args.native_blas)
        print(report(res))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(res, indent=1))
    print(f"\nwrote {args.json}")
    return res


if __name__ == "__main__":
    main()
