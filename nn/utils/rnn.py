"""Batching variable-length sequences, as ``torch.nn.utils.rnn``."""

from __future__ import annotations

from collections.abc import Sequence

import autograd as ag
from autograd import Tensor

__all__ = ["pad_sequence"]


def pad_sequence(
    sequences: Tensor | Sequence[Tensor],
    batch_first: bool = False,
    padding_value: float = 0.0,
    padding_side: str = "right",
) -> Tensor:
    """Stack sequences of different lengths, padding each to the longest.

    Each sequence has shape ``(L_i, *)`` with the same trailing dims ``*``. The
    result is ``(L_max, B, *)``, or ``(B, L_max, *)`` with ``batch_first``. The
    padding (``padding_value``) goes after each sequence, or before it with
    ``padding_side="left"``. Gradients flow back to every sequence.

    Example:
        >>> import autograd as ag
        >>> from nn.utils.rnn import pad_sequence
        >>> pad_sequence([ag.tensor([1, 2, 3]), ag.tensor([4])], batch_first=True)
        tensor([[1, 2, 3],
                [4, 0, 0]])
    """
    if padding_side not in ("left", "right"):
        raise ValueError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    seqs = list(sequences.unbind(0) if isinstance(sequences, Tensor) else sequences)
    if not seqs:
        raise RuntimeError("received an empty list of sequences")
    seqs = [s if isinstance(s, Tensor) else ag.tensor(s) for s in seqs]
    trailing = seqs[0].shape[1:]
    for i, s in enumerate(seqs):
        if s.ndim == 0 or s.shape[1:] != trailing:
            raise RuntimeError(
                f"pad_sequence: sequence {i} has shape {s.shape}, but every "
                f"sequence must be (length, *{trailing}) like sequence 0 "
                f"{seqs[0].shape}"
            )
    longest = max(s.shape[0] for s in seqs)
    padded = []
    for s in seqs:
        gap = longest - s.shape[0]
        if gap:
            fill = ag.full((gap, *trailing), padding_value, dtype=s.dtype)
            s = ag.cat([s, fill] if padding_side == "right" else [fill, s])
        padded.append(s)
    return ag.stack(padded, dim=0 if batch_first else 1)  # (B, L_max, *) or (L_max, B, *)
