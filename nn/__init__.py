"""nn: layers, losses, initialisation and checkpoints on top of :mod:`autograd`.

Names follow ``torch.nn``: ``nn.Module``, ``nn.Linear``, ``nn.CrossEntropyLoss``,
``nn.functional`` (imported as ``F``), ``nn.init``, ``nn.utils.clip_grad_norm_``,
plus ``nn.save`` / ``nn.load`` for ``.npz`` checkpoints.

Example:
    >>> import autograd as ag
    >>> import nn
    >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    >>> loss = nn.CrossEntropyLoss()(model(ag.randn(5, 4)), ag.tensor([0, 1, 2, 0, 1]))
    >>> loss.backward()
    >>> model[0].weight.grad.shape
    (8, 4)
"""

from . import functional, init, utils
from .modules import (
    ELU,
    GELU,
    MLP,
    AdaptiveAvgPool2d,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    BCELoss,
    BCEWithLogitsLoss,
    Conv2d,
    CrossEntropyLoss,
    Dropout,
    Embedding,
    Flatten,
    Hardtanh,
    HuberLoss,
    Identity,
    IncompatibleKeys,
    KLDivLoss,
    L1Loss,
    LayerNorm,
    LeakyReLU,
    Linear,
    LogSigmoid,
    LogSoftmax,
    MaxPool2d,
    Mish,
    Module,
    ModuleDict,
    ModuleList,
    MSELoss,
    NLLLoss,
    ParameterList,
    ReLU,
    ReLU6,
    Sequential,
    Sigmoid,
    SiLU,
    SmoothL1Loss,
    Softmax,
    Softmin,
    Softplus,
    Softsign,
    Tanh,
    Unflatten,
)
from .parameter import Parameter
from .serialization import CheckpointError, load, save
