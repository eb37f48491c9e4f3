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
    CELU,
    ELU,
    GELU,
    GLU,
    MLP,
    SELU,
    AdaptiveAvgPool2d,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    BCELoss,
    BCEWithLogitsLoss,
    ConstantPad2d,
    Conv2d,
    CosineEmbeddingLoss,
    CosineSimilarity,
    CrossEntropyLoss,
    Dropout,
    Dropout2d,
    Embedding,
    Flatten,
    GaussianNLLLoss,
    GroupNorm,
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    HingeEmbeddingLoss,
    HuberLoss,
    Identity,
    IncompatibleKeys,
    InstanceNorm2d,
    KLDivLoss,
    L1Loss,
    LayerNorm,
    LeakyReLU,
    Linear,
    LogSigmoid,
    LogSoftmax,
    MarginRankingLoss,
    MaxPool2d,
    Mish,
    Module,
    ModuleDict,
    ModuleList,
    MSELoss,
    NLLLoss,
    PairwiseDistance,
    ParameterDict,
    ParameterList,
    PixelShuffle,
    PixelUnshuffle,
    PoissonNLLLoss,
    PReLU,
    ReLU,
    ReLU6,
    Sequential,
    Sigmoid,
    SiLU,
    SmoothL1Loss,
    Softmax,
    Softmin,
    Softplus,
    Softshrink,
    Softsign,
    Tanh,
    Tanhshrink,
    Threshold,
    TripletMarginLoss,
    Unflatten,
    ZeroPad2d,
)
from .parameter import Parameter
from .serialization import CheckpointError, load, save
