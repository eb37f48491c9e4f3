"""The public surface the SPEC promises for ``autograd``, name by name."""

from __future__ import annotations

import inspect

import pytest

import autograd as ag

FUNCTIONS = [
    "tensor",
    "zeros",
    "ones",
    "full",
    "randn",
    "rand",
    "arange",
    "zeros_like",
    "ones_like",
    "eye",
    "manual_seed",
    "cat",
    "stack",
    "where",
    "maximum",
    "minimum",
    "matmul",
    "exp",
    "log",
    "sqrt",
    "abs",
    "pow",
    "tanh",
    "sigmoid",
    "relu",
    "clamp",
    "clip",
    "reshape",
    "view",
    "transpose",
    "permute",
    "flatten",
    "squeeze",
    "unsqueeze",
    "expand",
    "softmax",
    "log_softmax",
    "sum",
    "mean",
    "var",
    "std",
    "max",
    "min",
    "argmax",
    "argmin",
    "no_grad",
    "enable_grad",
    "is_grad_enabled",
    "set_grad_enabled",
    "grad",
    "gradcheck",
    "detect_anomaly",
    "Tensor",
    "Function",
    "once_differentiable",
]

METHODS = [
    "size",
    "numpy",
    "item",
    "tolist",
    "detach",
    "astype",
    "float",
    "double",
    "long",
    "backward",
    "retain_grad",
    "register_hook",
    "requires_grad_",
    "zero_",
    "sum",
    "mean",
    "var",
    "std",
    "max",
    "min",
    "argmax",
    "argmin",
    "exp",
    "log",
    "sqrt",
    "abs",
    "pow",
    "tanh",
    "sigmoid",
    "relu",
    "clamp",
    "clip",
    "reshape",
    "view",
    "transpose",
    "permute",
    "flatten",
    "squeeze",
    "unsqueeze",
    "expand",
    "softmax",
    "log_softmax",
    "__getitem__",
    "__len__",
    "__iter__",
    "__repr__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__pow__",
    "__rpow__",
    "__matmul__",
    "__rmatmul__",
    "__neg__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__itruediv__",
]

ATTRIBUTES = ["data", "grad", "requires_grad", "grad_fn", "is_leaf", "shape", "ndim", "dtype", "T"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_module_exports(name):
    obj = getattr(ag, name)
    assert callable(obj) and inspect.getdoc(obj), name


@pytest.mark.parametrize("name", METHODS)
def test_tensor_methods(name):
    assert callable(getattr(ag.Tensor, name))


@pytest.mark.parametrize("name", ATTRIBUTES)
def test_tensor_attributes(name):
    t = ag.ones(2, 3, requires_grad=True)
    getattr(t, name)


def test_signatures_keep_pytorch_argument_names():
    assert list(inspect.signature(ag.grad).parameters) == [
        "outputs",
        "inputs",
        "grad_outputs",
        "retain_graph",
        "create_graph",
        "allow_unused",
        "materialize_grads",
    ]
    assert inspect.signature(ag.grad).parameters["allow_unused"].default is False  # SPEC
    params = inspect.signature(ag.gradcheck).parameters
    assert [params[k].default for k in ("eps", "atol", "rtol")] == [1e-6, 1e-5, 1e-3]
    assert list(inspect.signature(ag.Tensor.backward).parameters)[:4] == [
        "self",
        "gradient",
        "retain_graph",
        "create_graph",
    ]
    assert list(inspect.signature(ag.Tensor.flatten).parameters) == ["self", "start_dim", "end_dim"]
    assert list(inspect.signature(ag.cat).parameters) == ["tensors", "dim"]
    for fn in (ag.Tensor.sum, ag.Tensor.mean, ag.Tensor.max, ag.Tensor.min):
        names = set(inspect.signature(fn).parameters)
        assert {"dim", "keepdim", "axis", "keepdims"} <= names, fn
    for fn in (ag.Tensor.var, ag.Tensor.std):
        assert {"dim", "unbiased", "keepdim", "correction"} <= set(inspect.signature(fn).parameters)
