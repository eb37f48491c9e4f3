"""autograd: a reverse-mode automatic differentiation engine over NumPy.

Example:
    >>> import autograd as ag
    >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x ** 2).sum()
    >>> y.backward()
    >>> x.grad
    tensor([2., 4.])
"""

from importlib import import_module as _import_module
from types import ModuleType as _ModuleType

from . import _methods, accelerator, backends, cuda, function, utils, viz
from .anomaly import detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .devices import (
    DeviceUnavailableError,
    channels_last,
    contiguous_format,
    device,
    get_default_device,
    layout,
    memory_format,
    preserve_format,
    set_default_device,
    strided,
)
from .dtypes import to_dtype
from .engine import grad
from .factories import (
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    tensor,
    zeros,
    zeros_like,
)
from .function import Function, once_differentiable
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .gradcheck import GradcheckError, gradcheck
from .hooks import RemovableHandle
from .ops import *  # noqa: F403  (the op functions: the table is autograd/ops/__init__.py)
from .random import manual_seed
from .serialization import load, save
from .tensor import Tensor

float16 = to_dtype("float16")
float32 = to_dtype("float32")
float64 = to_dtype("float64")
uint8 = to_dtype("uint8")
int8 = to_dtype("int8")
int16 = to_dtype("int16")
int32 = to_dtype("int32")
int64 = to_dtype("int64")
bool_ = to_dtype("bool")

__all__ = [name for name in dir() if not name.startswith("_")]


def __getattr__(name: str) -> _ModuleType:
    """``torch.nn.Linear`` and ``torch.optim.SGD``, spelled through ``import autograd as torch``.

    PyTorch programs reach layers and optimizers through the ``torch`` name in their
    bodies as well as through their imports; these lead to the library's :mod:`nn` and
    :mod:`optim` packages, loaded on first use. Those packages import ``autograd``; it
    refers to them only here, and only when asked (as with :mod:`autograd.utils`).
    """
    if name in ("nn", "optim"):
        return _import_module(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# torch's other names for the same dtypes (ag.long, ag.float, ...). They stay out of
# __all__, so ``from autograd import *`` does not shadow the builtins float, int and bool.
half, float, double = float16, float32, float64
short, int, long = int16, int32, int64
bool = bool_
