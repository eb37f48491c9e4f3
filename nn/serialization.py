"""``nn.save`` / ``nn.load``: checkpoints as plain NumPy ``.npz`` files, never pickle.

The format (its layout, its checks and the atomic write) is :mod:`autograd.checkpoint_format`;
``autograd.save`` / ``autograd.load`` are the same functions under torch's signatures.

Example:
    >>> import os, tempfile
    >>> import nn
    >>> path = os.path.join(tempfile.mkdtemp(), "model.npz")
    >>> nn.save(nn.Linear(3, 2).state_dict(), path)
    >>> sorted(nn.load(path))
    ['bias', 'weight']
"""

from autograd.checkpoint_format import MANIFEST_KEY, CheckpointError, load, save

__all__ = ["MANIFEST_KEY", "CheckpointError", "load", "save"]
