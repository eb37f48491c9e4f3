"""Train a character-level GPT (or LSTM) on tiny Shakespeare, then write some Shakespeare.

Run ``python examples/shakespeare.py`` for the default CPU-sized GPT: 4 pre-LayerNorm
blocks of causal self-attention and an MLP, 4 heads, width 128, a context of 64
characters, batches of 12, the output layer tied to the token embedding. It trains
with AdamW (weight decay on the matrices only), a cosine learning-rate schedule
after a linear warm-up, and gradient clipping at norm 1. ``--model lstm`` trains a
character LSTM on the same text instead.

Every ``--eval-interval`` iterations it prints the train and validation loss (the
mean over ``--eval-iters`` batches), writes the checkpoint ``OUT/ckpt.npz`` (model,
optimizer, iteration, losses) and, with matplotlib, the plot ``OUT/loss.png``;
``--resume`` continues from that checkpoint. At the end it samples ``--num-chars``
characters after ``--prompt`` (``--temperature``, ``--top-k``); ``--max-iters 0
--resume`` only samples. The text ships with the library in
``data/shakespeare/tinyshakespeare.txt`` and is checked against its SHA-256 first.
The progress bar uses tqdm when installed. The same ``--seed`` gives the same numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import autograd as ag
import nn
import nn.functional as F
import optim

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "data" / "shakespeare" / "tinyshakespeare.txt"
TEXT_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"


# -- the text -------------------------------------------------------------------------


def load_text(path: Path = TEXT, sha256: str = TEXT_SHA256) -> str:
    """The text of ``path``, after checking its SHA-256 (a damaged copy raises)."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise ValueError(
            f"{path}: SHA-256 {digest} differs from the expected {sha256}; the "
            "file is damaged or was replaced, restore it from the source named "
            "in data/shakespeare/README.md"
        )
    return raw.decode("utf-8")


class Vocab:
    """The characters of a text, sorted, and their integer codes."""

    def __init__(self, text: str) -> None:
        self.chars = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        unknown = sorted(set(text) - set(self.index))
        if unknown:
            raise ValueError(f"characters {unknown!r} are not in the vocabulary")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, codes: list[int]) -> str:
        return "".join(self.chars[i] for i in codes)


def get_batch(data: ag.Tensor, batch_size: int, block_size: int) -> tuple[ag.Tensor, ag.Tensor]:
    """``batch_size`` random windows of ``block_size`` characters and the next characters."""
    starts = ag.randint(0, len(data) - block_size, (batch_size,))  # (B,)
    idx = starts.reshape(-1, 1) + ag.arange(block_size)  # (B, T)
    return data[idx], data[idx + 1]


# -- the models ---------------------------------------------------------------------


@dataclass
class GPTConfig:
    vocab_size: int = 65
    block_size: int = 64
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        if cfg.n_embd % cfg.n_head:
            raise ValueError(f"n_embd={cfg.n_embd} is not divisible by n_head={cfg.n_head}")
        self.n_head = cfg.n_head
        self.dropout = cfg.dropout
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.resid_dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: ag.Tensor) -> ag.Tensor:
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)  # 3 x (B, T, C)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(
            q, k, v, is_causal=True, dropout_p=self.dropout if self.training else 0.0
        )
        y = y.transpose(1, 2).reshape(B, T, C)  # (B, T, C)
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: ag.Tensor) -> ag.Tensor:
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.mlp = MLP(cfg)

    def forward(self, x: ag.Tensor) -> ag.Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    """A decoder-only Transformer over characters."""

    def __init__(self, cfg: GPTConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight  # weight tying: one matrix in and out
        self.apply(self._init_weights)
        for name, p in self.named_parameters():  # residual projections: scaled by depth
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(
        self, idx: ag.Tensor, targets: ag.Tensor | None = None
    ) -> tuple[ag.Tensor, ag.Tensor | None]:
        B, T = idx.shape
        if self.cfg.block_size < T:
            raise ValueError(f"a sequence of {T} exceeds the context of {self.cfg.block_size}")
        x = self.drop(self.wte(idx) + self.wpe(ag.arange(T)))  # (B, T, C)
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))  # (B, T, vocab)
        if targets is None:
            return logits, None
        return logits, F.cross_entropy(logits.transpose(1, 2), targets)  # over (B, vocab, T)


class CharLSTM(nn.Module):
    """Embedding, a multi-layer LSTM and a linear read-out of each step's hidden state."""

    def __init__(self, vocab_size: int, n_embd: int, n_layer: int, dropout: float) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, n_embd)
        self.lstm = nn.LSTM(n_embd, n_embd, num_layers=n_layer, batch_first=True, dropout=dropout)
        self.head = nn.Linear(n_embd, vocab_size)

    def forward(
        self, idx: ag.Tensor, targets: ag.Tensor | None = None, state: tuple | None = None
    ) -> tuple[ag.Tensor, ag.Tensor | None]:
        out, self.last_state = self.lstm(self.embed(idx), state)  # (B, T, C)
        logits = self.head(out)  # (B, T, vocab)
        if targets is None:
            return logits, None
        return logits, F.cross_entropy(logits.transpose(1, 2), targets)


# -- training ----------------------------------------------------------------------


def lr_at(it: int, lr: float, warmup: int, max_iters: int, min_lr: float) -> float:
    """Linear warm-up to ``lr``, then a cosine decay to ``min_lr`` at ``max_iters``."""
    if it < warmup:
        return lr * (it + 1) / (warmup + 1)
    if it >= max_iters:
        return min_lr
    progress = (it - warmup) / max(1, max_iters - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (lr - min_lr)


def make_optimizer(model: nn.Module, lr: float, weight_decay: float) -> optim.AdamW:
    """AdamW that decays matrices (weights, embeddings) but not biases and LayerNorm gains."""
    params = list(model.parameters())
    decay = [p for p in params if p.ndim >= 2]
    rest = [p for p in params if p.ndim < 2]
    groups = [
        {"params": decay, "weight_decay": weight_decay},
        {"params": rest, "weight_decay": 0.0},
    ]
    return optim.AdamW(groups, lr=lr, betas=(0.9, 0.99))


@ag.no_grad()
def estimate_loss(
    model: nn.Module, splits: dict[str, ag.Tensor], args: argparse.Namespace
) -> dict[str, float]:
    """Mean loss over ``args.eval_iters`` random batches of each split."""
    model.eval()
    out = {}
    for name, data in splits.items():
        losses = [
            model(*get_batch(data, args.batch_size, args.block_size))[1].item()
            for _ in range(args.eval_iters)
        ]
        out[name] = float(np.mean(losses))
    model.train()
    return out


@ag.no_grad()
def sample(
    model: nn.Module,
    vocab: Vocab,
    prompt: str,
    num_chars: int,
    temperature: float,
    top_k: int | None,
    block_size: int,
) -> str:
    """``prompt`` followed by ``num_chars`` characters drawn from the model."""
    if temperature <= 0:
        raise ValueError(f"--temperature must be positive, got {temperature}")
    model.eval()
    codes = list(vocab.encode(prompt or "\n"))
    lstm = isinstance(model, CharLSTM)
    state = None
    feed = codes
    for _ in range(num_chars):
        if lstm:  # the recurrent state carries the whole past: feed only what is new
            logits, _ = model(ag.tensor([feed]), state=state)
            state = model.last_state
        else:
            logits, _ = model(ag.tensor([codes[-block_size:]]))
        logits = logits[0, -1] / temperature  # (vocab,)
        if top_k is not None:
            kth = logits.topk(min(top_k, len(vocab))).values[-1]
            logits = logits.masked_fill(logits < kth, float("-inf"))
        nxt = ag.multinomial(F.softmax(logits, dim=-1), 1).item()
        codes.append(nxt)
        feed = [nxt]
    model.train()
    return vocab.decode(codes)


def build_model(args: argparse.Namespace, vocab_size: int) -> nn.Module:
    if args.model == "gpt":
        return GPT(
            GPTConfig(
                vocab_size, args.block_size, args.n_layer, args.n_head, args.n_embd, args.dropout
            )
        )
    return CharLSTM(vocab_size, args.n_embd, args.n_layer, args.dropout)


def plot_losses(history: list[tuple[int, float, float]], path: Path, title: str) -> bool:
    """Train and validation loss against the iteration; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    its, train, val = zip(*history)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(its, train, marker="o", label="train")
    ax.plot(its, val, marker="o", label="validation")
    ax.set_xlabel("iteration")
    ax.set_ylabel("cross-entropy (nats per character)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def progress(total: int, initial: int):
    """A tqdm bar when tqdm is installed, else None (the losses are printed anyway)."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, initial=initial, unit="it", file=sys.stdout, dynamic_ncols=True)


# what a checkpoint must agree on with the run that resumes it
ARCHITECTURE = ("model", "n_layer", "n_head", "n_embd", "block_size")


def train(args: argparse.Namespace) -> dict[str, float]:
    """Train (or resume), checkpoint, plot and sample; returns the last losses."""
    ag.manual_seed(args.seed)
    text = load_text()
    vocab = Vocab(text)
    data = ag.tensor(vocab.encode(text))
    n = int(0.9 * len(data))
    splits = {"train": data[:n], "val": data[n:]}
    model = build_model(args, len(vocab))
    opt = make_optimizer(model, args.lr, args.weight_decay)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ckpt_path = out / "ckpt.npz"
    start, history = 0, []
    if args.resume:
        if not ckpt_path.exists():
            raise FileNotFoundError(f"--resume: no checkpoint at {ckpt_path}")
        ckpt = nn.load(ckpt_path)
        for key in ARCHITECTURE:
            if ckpt["args"][key] != getattr(args, key):
                raise SystemExit(
                    f"--resume: {ckpt_path} holds a model with {key}="
                    f"{ckpt['args'][key]!r}, this run asks for "
                    f"{getattr(args, key)!r}; pass the same value or another --out"
                )
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        start, history = int(ckpt["iter"]), [tuple(h) for h in ckpt["history"]]
        print(f"resumed from {ckpt_path} at iteration {start}")
    print(f"{args.model}: {model.num_parameters():,} parameters, vocabulary of {len(vocab)}")
    losses = {"train": history[-1][1], "val": history[-1][2]} if history else {}
    bar = progress(args.max_iters, start) if start < args.max_iters else None
    t0 = time.perf_counter()
    for it in range(start, args.max_iters + 1):
        if it % args.eval_interval == 0 or it == args.max_iters:
            if not (args.resume and it == start):  # a resumed run has this point already
                losses = estimate_loss(model, splits, args)
                history.append((it, losses["train"], losses["val"]))
                msg = (
                    f"iter {it}: train loss {losses['train']:.4f}, val loss "
                    f"{losses['val']:.4f} ({time.perf_counter() - t0:.1f} s)"
                )
                (bar.write if bar else print)(msg)
                nn.save(
                    {
                        "model": model.state_dict(),
                        "optimizer": opt.state_dict(),
                        "iter": it,
                        "history": [list(h) for h in history],
                        "args": vars(args),
                    },
                    ckpt_path,
                )
                plot_losses(
                    history,
                    out / "loss.png",
                    f"character-level {args.model.upper()}, tiny Shakespeare",
                )
            ag.manual_seed(args.seed * 1_000_003 + it)  # batches from here on: same on resume
        if it == args.max_iters:
            break
        for group in opt.param_groups:
            group["lr"] = lr_at(
                it, args.lr, args.warmup, args.lr_decay_iters or args.max_iters, args.lr / 10
            )
        x, y = get_batch(splits["train"], args.batch_size, args.block_size)
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
        opt.step()
        if bar:
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}")
    if bar:
        bar.close()
    if args.num_chars > 0:
        print(
            sample(
                model,
                vocab,
                args.prompt,
                args.num_chars,
                args.temperature,
                args.top_k,
                args.block_size,
            )
        )
    return losses


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=["gpt", "lstm"], default="gpt")
    p.add_argument("--max-iters", type=int, default=2000)
    p.add_argument("--eval-interval", type=int, default=250)
    p.add_argument("--eval-iters", type=int, default=20, help="batches per loss estimate")
    p.add_argument("--batch-size", type=int, default=12)
    p.add_argument("--block-size", type=int, default=64, help="context length in characters")
    p.add_argument("--n-layer", type=int, default=4)
    p.add_argument("--n-head", type=int, default=4)
    p.add_argument("--n-embd", type=int, default=128)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--lr", type=float, default=1e-3, help="peak learning rate")
    p.add_argument("--warmup", type=int, default=100, help="warm-up iterations")
    p.add_argument(
        "--lr-decay-iters",
        type=int,
        default=None,
        help="end of the cosine decay (default: --max-iters)",
    )
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--grad-clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--out", default="runs/shakespeare", help="checkpoint and plot directory")
    p.add_argument("--resume", action="store_true", help="continue from OUT/ckpt.npz")
    p.add_argument("--prompt", default="\n")
    p.add_argument("--num-chars", type=int, default=500)
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--top-k", type=int, default=None)
    args = p.parse_args(argv)
    for name in (
        "max_iters",
        "eval_interval",
        "batch_size",
        "block_size",
        "n_layer",
        "n_head",
        "n_embd",
        "eval_iters",
    ):
        if getattr(args, name) < (0 if name == "max_iters" else 1):
            p.error(f"--{name.replace('_', '-')} must be positive, got {getattr(args, name)}")
    return args


def main(argv: list[str] | None = None) -> dict[str, float]:
    return train(parse_args(argv))


if __name__ == "__main__":
    main()
