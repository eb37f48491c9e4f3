"""A table of bad inputs across the public API, each run against torch.

Every row is evaluated twice, once with our packages and once with torch's, through the
same names (``lib`` is ``autograd`` or ``torch``, ``z`` makes zeros, ``t`` a tensor, ``P``
a parameter). Where torch raises we raise the same exception type (or a subclass), from our
own code rather than from inside NumPy, with a message naming the values in ``needles``;
where torch accepts the input, so do we. ``DELIBERATE`` lists the few rows where we raise
another type on purpose, and why.
"""

from __future__ import annotations

import traceback
import warnings

import pytest

import autograd as ag
import data as our_data
import nn as our_nn
import nn.functional as our_F
import optim as our_optim
from tests.helpers import requires_torch, torch


def S(*dims: int) -> str:
    """A needle for a shape, matched as ``(2, 3)``, ``[2, 3]`` or ``2x3``."""
    return "SHAPE:" + ",".join(map(str, dims))


# (id, source, torch source when it differs, values our message must name)
CASES = [
    # binary ops, shapes
    ("add shapes", "z(2,3) + z(4)", None, [S(2, 3), S(4)]),
    ("sub shapes", "lib.sub(z(2,3), z(3,2))", None, [S(2, 3), S(3, 2)]),
    ("mul shapes", "z(5) * z(4)", None, [S(5), S(4)]),
    ("div shapes", "z(2,3) / z(2,2)", None, [S(2, 3), S(2, 2)]),
    ("pow shapes", "z(3) ** z(2)", None, [S(3), S(2)]),
    ("maximum shapes", "lib.maximum(z(3), z(2))", None, [S(3), S(2)]),
    ("where shapes", "lib.where(z(3) > 0, z(3), z(2))", None, [S(3), S(2)]),
    ("atan2 shapes", "lib.atan2(z(3), z(4))", None, [S(3), S(4)]),
    ("inplace add broadcast to smaller", "z(3).add_(z(2, 3))", None, [S(3), S(2, 3)]),
    ("eq shapes", "z(3) == z(4)", None, [S(3), S(4)]),
    # matmul family
    ("matmul 2d", "z(2,3) @ z(4,5)", None, [S(2, 3), S(4, 5)]),
    ("matmul 1d", "lib.matmul(z(3), z(4))", None, ["3", "4"]),
    ("matmul 0d", "lib.matmul(t(1.0), z(3))", None, ["()", S(3)]),
    ("mm 3d", "lib.mm(z(2,3,4), z(4,2))", None, ["2"]),
    ("bmm 2d", "lib.bmm(z(2,3), z(3,2))", None, ["3"]),
    ("bmm batch", "lib.bmm(z(2,3,4), z(3,4,5))", None, ["2", "3"]),
    ("dot sizes", "lib.dot(z(3), z(4))", None, ["3", "4"]),
    ("dot 2d", "lib.dot(z(2,2), z(2,2))", None, ["2"]),
    ("outer 2d", "lib.outer(z(2,2), z(2))", None, ["2"]),
    ("matmul int float", "lib.matmul(t([[1, 2]]), z(2, 2))", None, []),
    # factories
    ("linspace negative steps", "lib.linspace(0, 1, -1)", None, ["-1"]),
    ("randint empty range", "lib.randint(5, 5, (2,))", None, ["5"]),
    # reductions, dims
    ("sum dim out of range", "z(2,3).sum(dim=2)", None, ["2"]),
    ("sum dim negative out of range", "z(2,3).sum(dim=-3)", None, ["-3"]),
    ("sum repeated dim", "z(2,3).sum(dim=(0, 0))", None, ["0"]),
    ("mean int", "t([1, 2]).mean()", None, ["int64"]),
    ("mean dim out of range", "z(2).mean(1)", None, ["1"]),
    ("max dim out of range", "z(2,3).max(dim=5)", None, ["5"]),
    ("max empty", "z(0).max()", None, []),
    ("argmax dim out of range", "z(2,3).argmax(dim=2)", None, ["2"]),
    ("var dim out of range", "z(2,3).var(dim=3)", None, ["3"]),
    ("std int", "t([1, 2]).std()", None, []),
    ("prod dim out of range", "z(3).prod(1)", None, ["1"]),
    ("cumsum dim out of range", "z(3).cumsum(1)", None, ["1"]),
    ("logsumexp dim out of range", "lib.logsumexp(z(3), 1)", None, ["1"]),
    ("norm bad p", "z(3).norm(p='nuc2')", None, ["nuc2"]),
    ("softmax dim out of range", "z(2,3).softmax(2)", None, ["2"]),
    ("log_softmax dim out of range", "z(2,3).log_softmax(-3)", None, ["-3"]),
    ("topk k too large", "z(3).topk(5)", None, ["5"]),
    ("sort dim out of range", "z(3).sort(dim=1)", None, ["1"]),
    ("all dim out of range", "(z(3) > 0).all(dim=1)", None, ["1"]),
    ("count_nonzero dim", "lib.count_nonzero(z(3), dim=2)", None, ["2"]),
    # shape ops
    ("reshape bad size", "z(2,3).reshape(4, 2)", None, ["4, 2", "6"]),
    ("reshape two -1", "z(6).reshape(-1, -1)", None, ["-1"]),
    ("reshape negative", "z(6).reshape(-2, 3)", None, ["-2"]),
    ("view bad size", "z(6).view(4)", None, ["4", "6"]),
    ("permute wrong count", "z(2,3).permute(0)", None, ["(0,)", S(2, 3)]),
    ("permute repeated", "z(2,3).permute(0, 0)", None, ["0"]),
    ("transpose dim out of range", "z(2,3).transpose(0, 2)", None, ["2"]),
    ("squeeze dim out of range", "z(2,1).squeeze(2)", None, ["2"]),
    ("unsqueeze dim out of range", "z(2).unsqueeze(3)", None, ["3"]),
    ("flatten start after end", "z(2,3,4).flatten(2, 1)", None, ["2", "1"]),
    ("expand smaller", "z(3).expand(2)", None, ["3", "2"]),
    ("expand non-singleton", "z(2,3).expand(4, 3)", None, ["2", "4"]),
    ("expand fewer dims", "z(2,3).expand(3)", None, [S(3), S(2, 3)]),
    ("cat shapes", "lib.cat([z(2,3), z(2,4)])", None, ["3", "4"]),
    ("cat dim out of range", "lib.cat([z(2), z(2)], dim=1)", None, ["1"]),
    ("cat empty list", "lib.cat([])", None, []),
    ("cat ranks", "lib.cat([z(2,3), z(3)])", None, []),
    ("stack shapes", "lib.stack([z(2), z(3)])", None, [S(2), S(3)]),
    ("stack empty", "lib.stack([])", None, []),
    ("stack dim out of range", "lib.stack([z(2), z(2)], dim=3)", None, ["3"]),
    ("split bad size", "z(4).split(0)", None, ["0"]),
    ("chunk zero", "z(4).chunk(0)", None, ["0"]),
    ("narrow out of range", "z(4).narrow(0, 2, 5)", None, ["2", "5", "4"]),
    ("narrow dim", "z(4).narrow(1, 0, 1)", None, ["1"]),
    ("select out of range", "z(4).select(0, 4)", None, ["4"]),
    ("roll dims mismatch", "z(4).roll((1, 2), (0,))", None, []),
    ("flip dim out of range", "z(4).flip(1)", None, ["1"]),
    ("repeat fewer dims", "z(2,3).repeat(2)", None, ["2"]),
    ("repeat negative", "z(2).repeat(-1)", None, ["-1"]),
    ("movedim out of range", "lib.movedim(z(2,3), 0, 2)", None, ["2"]),
    ("diag 3d", "lib.diag(z(2,2,2))", None, ["3"]),
    ("trace 1d", "lib.trace(z(3))", None, []),
    ("tril 1d", "lib.tril(z(3))", None, []),
    # indexing
    ("index out of range", "z(3)[3]", None, ["3"]),
    ("index negative out of range", "z(3)[-4]", None, ["-4"]),
    ("too many indices", "z(3)[0, 0]", None, []),
    ("bool mask shape", "z(3)[t([True, False])]", None, ["2", "3"]),
    ("index tensor out of range", "z(3)[t([0, 5])]", None, ["5"]),
    ("index float tensor", "z(3)[t([0.0, 1.0])]", None, []),
    ("gather dim out of range", "lib.gather(z(3), 1, t([0]))", None, ["1"]),
    ("gather index out of range", "lib.gather(z(3), 0, t([5]))", None, ["5"]),
    ("gather index float", "lib.gather(z(3), 0, t([0.0]))", None, []),
    ("index_select out of range", "lib.index_select(z(3), 0, t([3]))", None, ["3"]),
    ("index_select 2d index", "lib.index_select(z(3), 0, t([[0]]))", None, []),
    ("masked_fill mask shape", "z(3).masked_fill(t([True, False]), 1.0)", None, [S(3), S(2)]),
    ("masked_fill float mask", "z(3).masked_fill(z(3), 1.0)", None, []),
    ("setitem shape", "set_item(z(3), slice(None), z(2))", None, [S(3), S(2)]),
    # dtypes
    ("bitwise float", "lib.bitwise_and(z(2), z(2))", None, []),
    ("invert float", "~z(2)", None, []),
    ("requires_grad int", "t([1, 2], requires_grad=True)", None, []),
    (
        "requires_grad_ on non-leaf",
        "(t([1.0], requires_grad=True) * 2).requires_grad_(False)",
        None,
        [],
    ),
    ("backward non-scalar", "(t([1.0, 2.0], requires_grad=True) * 2).backward()", None, []),
    ("backward no grad", "z(2).sum().backward()", None, []),
    (
        "backward grad shape",
        "(t([1.0, 2.0], requires_grad=True) * 2).backward(z(3))",
        None,
        [S(3), S(2)],
    ),
    ("item of many", "z(3).item()", None, ["3"]),
    ("int of many", "int(z(3))", None, []),
    ("bool of many", "bool(z(3))", None, []),
    ("numpy of requires_grad", "t([1.0], requires_grad=True).numpy()", None, []),
    ("grad assign float", "setattr(t([1.0], requires_grad=True), 'grad', 0.5)", None, []),
    (
        "grad assign shape",
        "setattr(t([1.0], requires_grad=True), 'grad', z(2))",
        None,
        ["[2]", "[1]"],
    ),
    ("zeros negative", "lib.zeros(-1)", None, ["-1"]),
    ("ones negative", "lib.ones(2, -3)", None, ["-3"]),
    ("eye negative", "lib.eye(-2)", None, ["-2"]),
    ("arange zero step", "lib.arange(0, 5, 0)", None, []),
    ("arange wrong sign", "lib.arange(0, 5, -1)", None, []),
    ("randn negative", "lib.randn(-1)", None, ["-1"]),
    ("clamp min tensor shape", "z(3).clamp(min=z(2))", None, [S(3), S(2)]),
    ("one_hot negative", "F.one_hot(t([-1]))", None, []),
    ("one_hot too small", "F.one_hot(t([3]), 2)", None, ["3", "2"]),
    # nn layers
    ("linear in mismatch", "nn.Linear(3, 2)(z(4, 5))", None, ["5", "3"]),
    ("linear negative", "nn.Linear(-1, 2)", None, ["-1"]),
    ("conv2d channels", "nn.Conv2d(3, 4, 3)(z(1, 2, 5, 5))", None, ["3", "2"]),
    ("conv2d groups", "nn.Conv2d(4, 6, 3, groups=4)", None, ["4", "6"]),
    ("conv2d zero stride", "nn.Conv2d(1, 1, 3, stride=0)", None, []),
    ("conv2d kernel too large", "nn.Conv2d(1, 1, 5)(z(1, 1, 3, 3))", None, ["5", "3"]),
    ("conv2d 2d input", "nn.Conv2d(1, 1, 3)(z(5, 5))", None, []),
    ("conv2d padding mode", "nn.Conv2d(1, 1, 3, padding_mode='mirror')", None, ["mirror"]),
    ("maxpool kernel too large", "nn.MaxPool2d(4)(z(1, 1, 3, 3))", None, []),
    ("maxpool pad too large", "nn.MaxPool2d(2, padding=2)(z(1, 1, 4, 4))", None, []),
    ("avgpool zero kernel", "nn.AvgPool2d(0)(z(1, 1, 4, 4))", None, []),
    ("batchnorm features", "nn.BatchNorm1d(3)(z(4, 5))", None, ["3", "5"]),
    ("batchnorm one sample", "nn.BatchNorm1d(3)(z(1, 3))", None, []),
    ("batchnorm2d 3d", "nn.BatchNorm2d(3)(z(3, 4, 4))", None, []),
    ("layernorm shape", "nn.LayerNorm(4)(z(2, 3))", None, ["4", "3"]),
    ("groupnorm divisibility", "nn.GroupNorm(3, 4)", None, ["3", "4"]),
    ("embedding index out of range", "nn.Embedding(3, 2)(t([3]))", None, ["3"]),
    ("embedding float index", "nn.Embedding(3, 2)(t([0.0]))", None, []),
    ("embedding padding_idx", "nn.Embedding(3, 2, padding_idx=5)", None, []),
    ("dropout p", "nn.Dropout(1.5)", None, ["1.5"]),
    ("dropout p negative", "F.dropout(z(2), -0.1)", None, ["-0.1"]),
    ("flatten dims", "nn.Flatten(3)(z(2, 3))", None, ["3"]),
    ("unflatten size", "nn.Unflatten(1, (2, 2))(z(2, 3))", None, []),
    ("pixel_shuffle channels", "nn.PixelShuffle(2)(z(1, 3, 2, 2))", None, ["3", "4"]),
    ("pad odd list", "F.pad(z(2, 2), (1,))", None, []),
    ("pad mode", "F.pad(z(1, 2, 2), (1, 1), mode='wrap2')", None, ["wrap2"]),
    ("prelu channels", "nn.PReLU(3)(z(2, 4))", None, ["3", "4"]),
    ("glu odd", "F.glu(z(2, 3))", None, ["3"]),
    ("softmax module dim", "nn.Softmax(dim=3)(z(2, 3))", None, ["3"]),
    ("sequential bad index", "nn.Sequential(nn.ReLU())[3]", None, ["3"]),
    ("modulelist bad index", "nn.ModuleList([nn.ReLU()])[2]", None, ["2"]),
    ("add_module bad name", "nn.Module().add_module('a.b', nn.ReLU())", None, ["a.b"]),
    ("setattr param non-param", "set_param(nn.Linear(2, 2))", None, ["weight"]),
    (
        "load_state_dict missing",
        "nn.Linear(2, 2).load_state_dict({'weight': lib.zeros(2, 2)})",
        None,
        ["bias"],
    ),
    (
        "load_state_dict shape",
        "nn.Linear(2, 2).load_state_dict({'weight': lib.zeros(3, 2), 'bias': lib.zeros(2)})",
        None,
        ["weight", "3, 2", "2, 2"],
    ),
    # losses
    ("mse shapes", "F.mse_loss(z(3), z(2))", None, []),
    ("cross_entropy target range", "F.cross_entropy(z(2, 3), t([0, 3]))", None, ["3"]),
    ("cross_entropy target float shape", "F.cross_entropy(z(2, 3), z(2))", None, []),
    ("cross_entropy batch", "F.cross_entropy(z(2, 3), t([0, 1, 2]))", None, ["2", "3"]),
    (
        "cross_entropy reduction",
        "F.cross_entropy(z(2, 3), t([0, 1]), reduction='avg')",
        None,
        ["avg"],
    ),
    ("nll target negative", "F.nll_loss(z(2, 3), t([0, -2]))", None, ["-2"]),
    ("bce range", "F.binary_cross_entropy(t([1.5]), t([1.0]))", None, []),
    ("bce shapes", "F.binary_cross_entropy(t([0.5, 0.5]), t([1.0]))", None, []),
    ("bce logits shapes", "F.binary_cross_entropy_with_logits(z(2), z(3))", None, [S(3), S(2)]),
    ("l1 reduction", "F.l1_loss(z(2), z(2), reduction='median')", None, ["median"]),
    ("huber delta", "F.huber_loss(z(2), z(2), delta=-1.0)", None, []),
    ("kl_div reduction", "F.kl_div(z(2), z(2), reduction='foo')", None, ["foo"]),
    (
        "cross_entropy weight size",
        "F.cross_entropy(z(2, 3), t([0, 1]), weight=lib.ones(2))",
        None,
        [],
    ),
    (
        "label smoothing range",
        "F.cross_entropy(z(2, 3), t([0, 1]), label_smoothing=1.5)",
        None,
        ["1.5"],
    ),
    # optimizers
    ("sgd lr negative", "optim.SGD([P()], lr=-0.1)", None, ["-0.1"]),
    ("sgd momentum negative", "optim.SGD([P()], lr=0.1, momentum=-1)", None, ["-1"]),
    ("sgd nesterov", "optim.SGD([P()], lr=0.1, nesterov=True)", None, []),
    ("adam betas", "optim.Adam([P()], betas=(1.0, 0.9))", None, ["1.0"]),
    ("adam eps", "optim.Adam([P()], eps=-1e-8)", None, ["-1e-08"]),
    ("adamw weight decay", "optim.AdamW([P()], weight_decay=-0.1)", None, ["-0.1"]),
    ("rmsprop alpha", "optim.RMSprop([P()], alpha=-0.5)", None, ["-0.5"]),
    ("adagrad lr_decay", "optim.Adagrad([P()], lr_decay=-1.0)", None, ["-1.0"]),
    ("adadelta rho", "optim.Adadelta([P()], rho=1.5)", None, ["1.5"]),
    ("optimizer empty", "optim.SGD([], lr=0.1)", None, []),
    ("optimizer tensor not iterable", "optim.SGD(P(), lr=0.1)", None, []),
    ("optimizer set", "optim.SGD({P()}, lr=0.1)", None, []),
    ("optimizer duplicate", "dup_params(optim.SGD)", None, []),
    ("optimizer non-leaf", "optim.SGD([P() * 2], lr=0.1)", None, []),
    ("load_state_dict groups", "load_groups(optim.SGD)", None, ["2", "1"]),
    # schedulers
    ("steplr gamma", "optim.lr_scheduler.StepLR(optim.SGD([P()], lr=0.1), step_size=0)", None, []),
    (
        "multistep unsorted",
        "optim.lr_scheduler.MultiStepLR(optim.SGD([P()], lr=0.1), [3, 1])",
        None,
        [],
    ),
    (
        "linearlr start",
        "optim.lr_scheduler.LinearLR(optim.SGD([P()], lr=0.1), start_factor=0)",
        None,
        [],
    ),
    (
        "constantlr factor",
        "optim.lr_scheduler.ConstantLR(optim.SGD([P()], lr=0.1), factor=2)",
        None,
        [],
    ),
    (
        "onecycle total",
        "optim.lr_scheduler.OneCycleLR(optim.SGD([P()], lr=0.1), max_lr=1.0)",
        None,
        [],
    ),
    (
        "cosine warm T_0",
        "optim.lr_scheduler.CosineAnnealingWarmRestarts(optim.SGD([P()], lr=0.1), T_0=0)",
        None,
        ["0"],
    ),
    (
        "plateau mode",
        "optim.lr_scheduler.ReduceLROnPlateau(optim.SGD([P()], lr=0.1), mode='mid')",
        None,
        ["mid"],
    ),
    (
        "plateau factor",
        "optim.lr_scheduler.ReduceLROnPlateau(optim.SGD([P()], lr=0.1), factor=1.0)",
        None,
        [],
    ),
    (
        "lambdalr count",
        "optim.lr_scheduler.LambdaLR(optim.SGD([P()], lr=0.1), [lambda e: 1, lambda e: 1])",
        None,
        ["2", "1"],
    ),
    ("scheduler non-optimizer", "optim.lr_scheduler.StepLR(P(), 1)", None, []),
    # data
    ("dataloader batch_size 0", "data.DataLoader(list(range(4)), batch_size=0)", None, ["0"]),
    (
        "dataloader batch_size negative",
        "data.DataLoader(list(range(4)), batch_size=-2)",
        None,
        ["-2"],
    ),
    (
        "dataloader shuffle and sampler",
        "data.DataLoader(list(range(4)), shuffle=True, sampler=data.SequentialSampler(range(4)))",
        None,
        [],
    ),
    (
        "dataloader batch_sampler with batch_size",
        "data.DataLoader(list(range(4)), batch_size=2, batch_sampler=[[0, 1]], shuffle=False)",
        None,
        [],
    ),
    ("tensordataset sizes", "data.TensorDataset(z(3), z(4))", None, []),
    ("random_split lengths", "data.random_split(list(range(4)), [2, 3])", None, []),
    ("subset index", "data.Subset(list(range(4)), [5])[0]", None, []),
    (
        "batchsampler size",
        "data.BatchSampler(range(4), batch_size=0, drop_last=False)",
        None,
        ["0"],
    ),
    ("weighted sampler negative", "data.WeightedRandomSampler([0.5, -1.0], 2)", None, []),
    ("random sampler num_samples", "data.RandomSampler(range(4), num_samples=0)", None, ["0"]),
    # argument types
    ("sum float dim", "z(3).sum(dim=1.5)", None, []),
    ("zeros float size", "lib.zeros(2.5)", None, []),
    ("index with float", "z(3)[1.5]", None, []),
    ("linear float features", "nn.Linear(2.5, 2)", None, ["2.5"]),
    ("unsqueeze float dim", "z(3).unsqueeze(1.0)", None, []),
    ("sgd lr string", "optim.SGD([P()], lr='a')", None, []),
    ("view string size", "z(6).view(2, 'a')", None, ["'a'"]),
    ("view float size", "z(6).view(2.7, 3)", None, ["2.7"]),
    ("diag float diagonal", "lib.diag(z(3), 1.5)", None, ["1.5"]),
    ("softmax string dim", "F.softmax(z(3), dim='a')", None, []),
    # functional arguments
    ("cross_entropy 1d target for 3d", "F.cross_entropy(z(2, 3, 4), t([0, 1]))", None, []),
    ("conv2d weight 3d", "F.conv2d(z(1, 1, 4, 4), z(1, 3, 3))", None, []),
    ("max_pool2d 1d input", "F.max_pool2d(z(4), 2)", None, []),
    ("layer_norm weight shape", "F.layer_norm(z(2, 3), (3,), weight=lib.ones(2))", None, []),
    ("embedding 1d weight", "F.embedding(t([0]), z(3))", None, ["2-D"]),
    ("mse reduction", "F.mse_loss(z(2), z(2), reduction='avg')", None, ["avg"]),
    ("topk negative", "z(3).topk(-1)", None, ["-1"]),
    ("split sizes sum", "z(4).split([1, 2])", None, []),
    ("gather ndim", "lib.gather(z(2, 2), 0, t([0]))", None, []),
    ("masked_select shape", "lib.masked_select(z(3), t([True, False]))", None, []),
    ("nll_loss weight shape", "F.nll_loss(z(2, 3), t([0, 1]), weight=lib.ones(4))", None, []),
    ("batch_norm running shape", "F.batch_norm(z(2, 3), lib.zeros(2), lib.ones(2))", None, []),
    ("dropout2d p", "nn.Dropout2d(-0.5)", None, ["-0.5"]),
    ("clip_grad_norm norm_type", "nn.utils.clip_grad_norm_([P()], 1.0, norm_type='x')", None, []),
    ("pow int tensor negative", "t([2]) ** t([-1])", None, []),
    (
        "steplr last_epoch without initial_lr",
        "optim.lr_scheduler.StepLR(optim.SGD([P()], lr=0.1), 1, last_epoch=3)",
        None,
        [],
    ),
]

# Rows where our type differs from torch's on purpose: (our type, why).
DELIBERATE = {
    "linear negative": (
        ValueError,
        "a bad constructor argument is a ValueError; torch's "
        "RuntimeError comes from allocating the weight",
    ),
    "avgpool zero kernel": (
        ValueError,
        "checked at construction, as the other pooling arguments; torch fails later, in the kernel",
    ),
    "embedding padding_idx": (ValueError, "torch asserts; user input never meets an assert"),
    "tensordataset sizes": (ValueError, "torch asserts; user input never meets an assert"),
    "conv2d zero stride": (ValueError, "torch accepts it and fails at the first forward"),
    "weighted sampler negative": (ValueError, "torch accepts it and fails when sampling"),
}


def _names(lib: str) -> dict:
    if lib == "torch":
        import torch.utils.data as tdata

        names = dict(
            lib=torch,
            t=torch.tensor,
            z=lambda *s: torch.zeros(*s),
            nn=torch.nn,
            F=torch.nn.functional,
            optim=torch.optim,
            data=tdata,
            P=lambda: torch.nn.Parameter(torch.ones(2)),
        )
    else:
        names = dict(
            lib=ag,
            t=ag.tensor,
            z=lambda *s: ag.zeros(*s),
            nn=our_nn,
            F=our_F,
            optim=our_optim,
            data=our_data,
            P=lambda: our_nn.Parameter(ag.ones(2)),
        )

    def set_item(x, index, value):
        x[index] = value

    def set_param(module):
        module.weight = names["lib"].ones(2, 2)

    def dup_params(cls):
        p = names["P"]()
        return cls([p, p], lr=0.1)

    def load_groups(cls):
        opt = cls([names["P"]()], lr=0.1)
        two = cls([{"params": [names["P"]()]}, {"params": [names["P"]()]}], lr=0.1)
        opt.load_state_dict(two.state_dict())

    names.update(
        set_item=set_item, set_param=set_param, dup_params=dup_params, load_groups=load_groups
    )
    return names


def _outcome(source: str, names: dict):
    """(exception type, message, raised inside NumPy) or (None, None, False)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eval(source, names)  # noqa: S307 - the sources are the literal table above
    except Exception as exc:  # noqa: BLE001 - any exception is an outcome to compare
        frames = traceback.extract_tb(exc.__traceback__)
        in_numpy = bool(frames) and "site-packages/numpy" in frames[-1].filename.replace("\\", "/")
        return type(exc), str(exc), in_numpy
    return None, None, False


def _named(needle: str, message: str) -> bool:
    if needle.startswith("SHAPE:"):
        dims = needle[6:].split(",")
        tail = "," if len(dims) == 1 else ""
        return any(
            form in message
            for form in (
                "(" + ", ".join(dims) + tail + ")",
                "[" + ", ".join(dims) + "]",
                "x".join(dims),
            )
        )
    return needle in message


def test_the_table_is_large_and_its_ids_unique():
    ids = [case[0] for case in CASES]
    assert len(ids) >= 100 and len(set(ids)) == len(ids)
    assert set(DELIBERATE) <= set(ids)


@requires_torch
@pytest.mark.parametrize(
    "case_id, source, torch_source, needles", CASES, ids=[case[0] for case in CASES]
)
def test_bad_input_is_answered_as_torch(case_id, source, torch_source, needles):
    theirs, their_message, _ = _outcome(torch_source or source, _names("torch"))
    ours, message, in_numpy = _outcome(source, _names("ours"))
    expected = DELIBERATE.get(case_id, (theirs, None))[0]
    if expected is None:
        assert ours is None, f"torch accepts this; we raised {ours.__name__}: {message}"
        return
    assert ours is not None, f"torch raises {theirs.__name__} ({their_message}); we accepted"
    assert not in_numpy, f"the error comes from inside NumPy: {message}"
    assert issubclass(ours, expected) or issubclass(expected, ours), (
        f"we raise {ours.__name__} ({message}); torch raises {theirs.__name__} ({their_message})"
    )
    missing = [n for n in needles if not _named(n, message)]
    assert not missing, f"{message!r} does not name {missing}"
