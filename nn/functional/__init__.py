"""Stateless layer functions, as ``torch.nn.functional`` (imported as ``F``).

One file per family, mirroring :mod:`nn.modules`: ``activation``, ``attention``, ``conv``,
``distance``, ``dropout``, ``embedding``, ``linear``, ``loss``, ``normalization``,
``padding``, ``pixelshuffle`` and ``pooling``. Every name is importable from here.

Fused kernels (linear, softmax, cross-entropy, GELU in :mod:`autograd.ops.nn`;
convolution and pooling in :mod:`autograd.ops.conv`) are re-exported; everything
else is composed from autograd ops and defines no backward of its own. Functions validate
their arguments and name the offending shapes and values.

Example:
    >>> import autograd as ag
    >>> import nn.functional as F
    >>> F.mse_loss(F.relu(ag.tensor([-1.0, 2.0])), ag.tensor([0.0, 1.0]))
    tensor(0.5000)
"""

from .activation import (
    celu,
    elu,
    gelu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    log_softmax,
    logsigmoid,
    mish,
    prelu,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softmin,
    softplus,
    softshrink,
    softsign,
    tanh,
    tanhshrink,
    threshold,
)
from .attention import (
    scaled_dot_product_attention,
)
from .conv import (
    conv2d,
)
from .distance import (
    cosine_similarity,
    pairwise_distance,
)
from .dropout import (
    dropout,
    dropout2d,
)
from .embedding import (
    embedding,
    one_hot,
)
from .linear import (
    linear,
)
from .loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    cross_entropy,
    gaussian_nll_loss,
    hinge_embedding_loss,
    huber_loss,
    kl_div,
    l1_loss,
    margin_ranking_loss,
    mse_loss,
    nll_loss,
    poisson_nll_loss,
    smooth_l1_loss,
    triplet_margin_loss,
)
from .normalization import (
    batch_norm,
    group_norm,
    instance_norm,
    layer_norm,
)
from .padding import (
    pad,
)
from .pixelshuffle import (
    pixel_shuffle,
    pixel_unshuffle,
)
from .pooling import (
    adaptive_avg_pool2d,
    avg_pool2d,
    max_pool2d,
)

__all__ = [
    "adaptive_avg_pool2d",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "conv2d",
    "cosine_embedding_loss",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "dropout2d",
    "elu",
    "embedding",
    "gaussian_nll_loss",
    "gelu",
    "glu",
    "group_norm",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hinge_embedding_loss",
    "huber_loss",
    "instance_norm",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "margin_ranking_loss",
    "max_pool2d",
    "mish",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "pad",
    "pairwise_distance",
    "pixel_shuffle",
    "pixel_unshuffle",
    "poisson_nll_loss",
    "prelu",
    "relu",
    "relu6",
    "scaled_dot_product_attention",
    "selu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "triplet_margin_loss",
]
