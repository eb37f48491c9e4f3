"""Image transforms with torchvision's names, signatures and arithmetic.

An image is what :mod:`data.datasets` items hold: a uint8 NumPy array of shape
``(H, W)`` or ``(H, W, C)``, standing in for torchvision's PIL image.
:class:`ToTensor` turns it into a float32 :class:`~autograd.Tensor` of shape
``(C, H, W)`` in [0, 1]; :class:`Normalize` works on such Tensors. :class:`Pad`,
:class:`RandomCrop` and :class:`RandomHorizontalFlip` take either form and
return the same form. Random transforms draw from the library's generator
(``ag.manual_seed``), so augmentations are reproducible.

A :class:`~data.DataLoader` over a dataset whose transform is built only of
the deterministic :class:`ToTensor`, :class:`Normalize` and :class:`Pad` does
not call it per item: the same arithmetic is applied to whole batches of
images at once (see :func:`batch_plan`), with bit-for-bit the same result.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd import random as _random

__all__ = [
    "Compose",
    "Lambda",
    "Normalize",
    "Pad",
    "RandomCrop",
    "RandomHorizontalFlip",
    "ToTensor",
    "batch_plan",
]

_PAD_MODES = ("constant", "edge", "reflect", "symmetric")


class Compose:
    """Apply several transforms one after the other.

    Args:
        transforms: the transforms, in the order they are applied.

    Example:
        >>> import numpy as np
        >>> from data import transforms
        >>> t = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
        >>> t(np.array([[0, 255]], np.uint8)).tolist()
        [[[-1.0, 1.0]]]
        >>> print(t)
        Compose(
            ToTensor()
            Normalize(mean=(0.5,), std=(0.5,))
        )
    """

    def __init__(self, transforms: Sequence[Callable[[Any], Any]]) -> None:
        if isinstance(transforms, (str, bytes)) or not isinstance(transforms, Sequence):
            raise TypeError(
                f"Compose: transforms must be a list of callables, got {type(transforms).__name__}"
            )
        for k, t in enumerate(transforms):
            if not callable(t):
                raise TypeError(f"Compose: transforms[{k}] is not callable: {t!r}")
        self.transforms = list(transforms)

    def __call__(self, img: Any) -> Any:
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self) -> str:
        body = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({body}\n)"


class ToTensor:
    """Convert an image array to a Tensor: ``(H, W)`` or ``(H, W, C)`` -> ``(C, H, W)``.

    A uint8 image becomes float32 divided by 255, so in [0, 1]; an image of any
    other dtype keeps its dtype and values, as torchvision's ``ToTensor``.

    Raises:
        TypeError: the input is not a NumPy array.
        ValueError: the array is not 2- or 3-dimensional.

    Example:
        >>> import numpy as np
        >>> from data.transforms import ToTensor
        >>> x = ToTensor()(np.full((28, 28), 255, np.uint8))
        >>> x.shape, x.dtype, x.max().item()
        ((1, 28, 28), dtype('float32'), 1.0)
    """

    def __call__(self, pic: np.ndarray) -> Tensor:
        if not isinstance(pic, np.ndarray):
            raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
        if pic.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        return Tensor._make(_to_chw(pic[None])[0])

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _to_chw(batch: np.ndarray) -> np.ndarray:
    """A batch of images ``(N, H, W[, C])`` as a C-contiguous ``(N, C, H, W)`` array."""
    chw = batch[:, None] if batch.ndim == 3 else batch.transpose(0, 3, 1, 2)
    if batch.dtype == np.uint8:
        out = chw.astype(np.float32, order="C")
        out /= np.float32(255)
        return out
    return np.ascontiguousarray(chw)


class Normalize:
    """Standardize a float Tensor image ``(..., C, H, W)`` per channel: ``(x - mean) / std``.

    The arithmetic is in the Tensor's dtype, as torchvision's, so
    ``ToTensor()`` then ``Normalize((0.1307,), (0.3081,))`` give its numbers
    exactly.

    Args:
        mean: one mean per channel (a sequence, or a number for every channel).
        std: one standard deviation per channel, none of them zero.
        inplace: change the input Tensor's values instead of making a new Tensor.

    Raises:
        TypeError: the input is not a float Tensor.
        ValueError: the input has fewer than 3 dimensions, or ``std`` has a zero.

    Example:
        >>> import autograd as ag
        >>> from data.transforms import Normalize
        >>> Normalize((0.5, 0.0), (0.5, 2.0))(ag.ones(2, 1, 2)).tolist()
        [[[1.0, 1.0]], [[0.5, 0.5]]]
    """

    def __init__(
        self, mean: Sequence[float] | float, std: Sequence[float] | float, inplace: bool = False
    ) -> None:
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def _stats(self, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
        mean = np.asarray(self.mean, dtype=dtype)
        std = np.asarray(self.std, dtype=dtype)
        if (std == 0).any():
            raise ValueError(
                f"std evaluated to zero after conversion to {dtype}, leading to division by zero."
            )
        if mean.ndim == 1:
            mean = mean[:, None, None]
        if std.ndim == 1:
            std = std[:, None, None]
        return mean, std

    def _apply(self, x: np.ndarray, out: np.ndarray | None) -> np.ndarray:
        mean, std = self._stats(x.dtype)
        try:
            out = np.subtract(x, mean, out=out)
        except ValueError:
            raise ValueError(
                f"Normalize: mean of {np.size(self.mean)} values does not match "
                f"the {x.shape[-3]} channels of an image of shape "
                f"{tuple(x.shape)}"
            ) from None
        try:
            return np.divide(out, std, out=out)
        except ValueError:
            raise ValueError(
                f"Normalize: std of {np.size(self.std)} values does not match "
                f"the {x.shape[-3]} channels of an image of shape "
                f"{tuple(x.shape)}"
            ) from None

    def __call__(self, tensor: Tensor) -> Tensor:
        if not isinstance(tensor, Tensor):
            raise TypeError(f"Input tensor should be a torch tensor. Got {type(tensor)}.")
        x = tensor._data
        if x.dtype.kind != "f":
            raise TypeError(f"Input tensor should be a float tensor. Got {x.dtype}.")
        if x.ndim < 3:
            raise ValueError(
                f"Expected tensor to be a tensor image of size (..., C, H, W). Got "
                f"tensor.size() = {tuple(x.shape)}."
            )
        if self.inplace:
            self._apply(x, x)
            return tensor
        return Tensor._make(self._apply(x, None))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Apply a user function as a transform.

    A DataLoader cannot batch an arbitrary function, so a dataset whose
    transform holds a ``Lambda`` is transformed item by item.

    Args:
        lambd: the function, called with the image.

    Example:
        >>> from data.transforms import Lambda
        >>> Lambda(lambda x: x + 1)(1)
        2
    """

    def __init__(self, lambd: Callable[[Any], Any]) -> None:
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {type(lambd).__name__!r}")
        self.lambd = lambd

    def __call__(self, img: Any) -> Any:
        return self.lambd(img)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _pad_widths(padding: Any, name: str) -> tuple[int, int, int, int]:
    """``padding`` as torchvision reads it: ``(left, top, right, bottom)``."""
    if isinstance(padding, bool) or not isinstance(padding, (numbers.Integral, Sequence)):
        raise TypeError(
            f"{name}: Got inappropriate padding arg {padding!r}: expected an int "
            f"or a sequence of 1, 2 or 4 ints"
        )
    if isinstance(padding, numbers.Integral):
        p = [int(padding)]
    else:
        p = list(padding)
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in p):
            raise TypeError(f"{name}: Got inappropriate padding arg {padding!r}: expected ints")
        if len(p) not in (1, 2, 4):
            raise ValueError(
                f"Padding must be an int or a 1, 2, or 4 element tuple, not a "
                f"{len(p)} element tuple"
            )
    if any(v < 0 for v in p):
        raise ValueError(f"{name}: padding must be non-negative, got {padding!r}")
    if len(p) == 1:
        return p[0], p[0], p[0], p[0]
    if len(p) == 2:
        return p[0], p[1], p[0], p[1]
    return p[0], p[1], p[2], p[3]


def _check_pad_args(fill: Any, padding_mode: str) -> None:
    if not isinstance(fill, (numbers.Number, tuple)) or isinstance(fill, bool):
        raise TypeError(f"Got inappropriate fill arg {fill!r}: expected a number or a tuple")
    if padding_mode not in _PAD_MODES:
        raise ValueError(
            f"Padding mode should be either constant, edge, reflect or symmetric, "
            f"got padding_mode={padding_mode!r}"
        )


def _pad(
    x: np.ndarray, ltrb: tuple[int, int, int, int], fill: Any, mode: str, chw: bool
) -> np.ndarray:
    """Pad the H and W axes of ``x``: the last two when ``chw`` (Tensor layout), else the
    two after the leading batch axis (image layout ``(N, H, W[, C])``)."""
    left, top, right, bottom = ltrb
    h_axis = x.ndim - 2 if chw else 1
    widths = [(0, 0)] * x.ndim
    widths[h_axis], widths[h_axis + 1] = (top, bottom), (left, right)
    if mode != "constant":
        if mode == "reflect" and (
            max(top, bottom) >= x.shape[h_axis] or max(left, right) >= x.shape[h_axis + 1]
        ):
            raise ValueError(
                f"Pad: reflect padding {ltrb} needs each padding smaller than the "
                f"image size {x.shape[h_axis : h_axis + 2]}"
            )
        return np.pad(x, widths, mode=mode)  # type: ignore[call-overload]
    out = np.empty([s + a + b for s, (a, b) in zip(x.shape, widths)], x.dtype)
    if isinstance(fill, tuple):
        channels = x.shape[x.ndim - 3] if chw else (x.shape[-1] if x.ndim == 4 else 1)
        if len(fill) != channels:
            raise ValueError(
                f"Pad: fill {fill!r} has {len(fill)} values for an image with {channels} channels"
            )
        values = np.asarray(fill, x.dtype)
        out[...] = values[:, None, None] if chw else values
    else:
        out.fill(np.asarray(fill, x.dtype))
    out[tuple(slice(a, a + s) for s, (a, _) in zip(x.shape, widths))] = x
    return out


def _image_or_tensor(img: Any, name: str) -> tuple[np.ndarray, bool]:
    """The pixels of ``img`` with a leading batch axis of 1, and whether it is a Tensor."""
    if isinstance(img, Tensor):
        if img.ndim < 2:
            raise ValueError(
                f"{name}: expected a Tensor image (..., H, W), got shape {tuple(img.shape)}"
            )
        return img._data[None], True
    if isinstance(img, np.ndarray):
        if img.ndim not in (2, 3):
            raise ValueError(
                f"{name}: expected an image array (H, W) or (H, W, C), got shape {img.shape}"
            )
        return img[None], False
    raise TypeError(f"{name}: img should be an image array or a Tensor. Got {type(img)}")


def _same_kind(x: np.ndarray, tensor: bool) -> Any:
    return Tensor._make(x) if tensor else x


class Pad:
    """Pad the sides of an image by ``padding`` pixels.

    Args:
        padding: an int for every side, ``(left/right, top/bottom)``, or
            ``(left, top, right, bottom)``.
        fill: the value of the new pixels for ``padding_mode="constant"`` (a
            tuple gives one value per channel).
        padding_mode: ``"constant"``, ``"edge"`` (repeat the border pixel),
            ``"reflect"`` (mirror without repeating the border) or
            ``"symmetric"`` (mirror, repeating it).

    Example:
        >>> import numpy as np
        >>> from data.transforms import Pad
        >>> Pad((1, 0))(np.array([[5, 6]], np.uint8)).tolist()
        [[0, 5, 6, 0]]
        >>> Pad(1, padding_mode="edge")(np.array([[5]], np.uint8)).tolist()
        [[5, 5, 5], [5, 5, 5], [5, 5, 5]]
    """

    def __init__(
        self, padding: int | Sequence[int], fill: float | tuple = 0, padding_mode: str = "constant"
    ) -> None:
        self._ltrb = _pad_widths(padding, "Pad")
        _check_pad_args(fill, padding_mode)
        self.padding = padding
        self.fill = fill
        self.padding_mode = padding_mode

    def __call__(self, img: Any) -> Any:
        x, tensor = _image_or_tensor(img, "Pad")
        return _same_kind(_pad(x, self._ltrb, self.fill, self.padding_mode, tensor)[0], tensor)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(padding={self.padding}, fill={self.fill}, "
            f"padding_mode={self.padding_mode})"
        )


def _size_pair(size: Any, name: str) -> tuple[int, int]:
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        return int(size), int(size)
    if isinstance(size, Sequence) and len(size) == 1:
        return _size_pair(size[0], name)
    if (
        isinstance(size, Sequence)
        and len(size) == 2
        and all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in size)
    ):
        return int(size[0]), int(size[1])
    raise ValueError(f"{name}: Please provide only two dimensions (h, w) for size, got {size!r}")


class RandomCrop:
    """Crop a random ``size`` window out of the image (after optional padding).

    The window's top-left corner is drawn uniformly from the library's
    generator (``ag.manual_seed``).

    Args:
        size: the output ``(h, w)``, or an int for a square.
        padding: padding applied first, as for :class:`Pad`.
        pad_if_needed: pad an image smaller than ``size`` up to it.
        fill, padding_mode: as for :class:`Pad`.

    Raises:
        ValueError: the (padded) image is smaller than ``size``.

    Example:
        >>> import numpy as np
        >>> import autograd as ag
        >>> from data.transforms import RandomCrop
        >>> _ = ag.manual_seed(0)
        >>> RandomCrop(28, padding=4)(np.zeros((28, 28), np.uint8)).shape
        (28, 28)
    """

    def __init__(
        self,
        size: int | Sequence[int],
        padding: int | Sequence[int] | None = None,
        pad_if_needed: bool = False,
        fill: float | tuple = 0,
        padding_mode: str = "constant",
    ) -> None:
        self.size = _size_pair(size, "RandomCrop")
        self._ltrb = None if padding is None else _pad_widths(padding, "RandomCrop")
        _check_pad_args(fill, padding_mode)
        self.padding = padding
        self.pad_if_needed = pad_if_needed
        self.fill = fill
        self.padding_mode = padding_mode

    @staticmethod
    def get_params(img: Any, output_size: tuple[int, int]) -> tuple[int, int, int, int]:
        """``(top, left, height, width)`` of a random crop of ``output_size`` from ``img``.

        Example:
            >>> import numpy as np
            >>> from data.transforms import RandomCrop
            >>> RandomCrop.get_params(np.zeros((4, 4), np.uint8), (4, 4))
            (0, 0, 4, 4)
        """
        x, tensor = _image_or_tensor(img, "RandomCrop")
        h, w = x.shape[-2:] if tensor else x.shape[1:3]
        th, tw = output_size
        if h < th or w < tw:
            raise ValueError(
                f"Required crop size {(th, tw)} is larger than input image size {(h, w)}"
            )
        if h == th and w == tw:
            return 0, 0, h, w
        gen = _random.generator()
        i = int(gen.integers(0, h - th + 1))
        j = int(gen.integers(0, w - tw + 1))
        return i, j, th, tw

    def __call__(self, img: Any) -> Any:
        x, tensor = _image_or_tensor(img, "RandomCrop")
        if self._ltrb is not None:
            x = _pad(x, self._ltrb, self.fill, self.padding_mode, tensor)
        th, tw = self.size
        if self.pad_if_needed:
            h, w = x.shape[-2:] if tensor else x.shape[1:3]
            if w < tw:
                x = _pad(x, (tw - w, 0, tw - w, 0), self.fill, self.padding_mode, tensor)
            if h < th:
                x = _pad(x, (0, th - h, 0, th - h), self.fill, self.padding_mode, tensor)
        i, j, h, w = self.get_params(_same_kind(x[0], tensor), self.size)
        out = x[0][..., i : i + h, j : j + w] if tensor else x[0][i : i + h, j : j + w]
        return _same_kind(np.ascontiguousarray(out), tensor)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(size={self.size}, padding={self.padding})"


class RandomHorizontalFlip:
    """Flip the image left to right with probability ``p``.

    The coin is drawn from the library's generator (``ag.manual_seed``).

    Example:
        >>> import numpy as np
        >>> from data.transforms import RandomHorizontalFlip
        >>> RandomHorizontalFlip(p=1.0)(np.array([[1, 2, 3]], np.uint8)).tolist()
        [[3, 2, 1]]
    """

    def __init__(self, p: float = 0.5) -> None:
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
            raise ValueError(f"probability should be a number in [0, 1], got p={p!r}")
        self.p: float = p

    def __call__(self, img: Any) -> Any:
        x, tensor = _image_or_tensor(img, "RandomHorizontalFlip")
        if _random.generator().random() >= self.p:
            return img
        out = x[0][..., ::-1] if tensor else x[0][:, ::-1]
        return _same_kind(np.ascontiguousarray(out), tensor)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(p={self.p})"


# ---------------------------------------------------------------------------------------
# Whole-batch application


def _steps(transform: Any) -> list[Any] | None:
    """The flat list of transforms in ``transform``, or None if one cannot be batched."""
    pending, steps = [transform], []
    while pending:
        t = pending.pop(0)
        if type(t) is Compose:
            pending[:0] = t.transforms
        elif type(t) in (ToTensor, Normalize, Pad):
            steps.append(t)
        else:
            return None
    return steps


def batch_plan(
    transform: Callable[[Any], Any] | None, images: np.ndarray
) -> Callable[[np.ndarray], np.ndarray] | None:
    """A function applying ``transform`` to a whole batch of ``images``' rows at once.

    ``images`` is a dataset's array of images ``(N, H, W)`` or ``(N, H, W, C)``.
    When ``transform`` is None, or built (with :class:`Compose`) only of
    :class:`ToTensor`, :class:`Normalize` and :class:`Pad`, the returned
    function maps a batch ``images[rows]`` to the array the per-item
    transform would give, stacked, bit for bit (the same float32 operations,
    element by element); otherwise it returns None.

    Example:
        >>> import numpy as np
        >>> from data import transforms as T
        >>> images = np.arange(8, dtype=np.uint8).reshape(2, 2, 2)
        >>> t = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.25,))])
        >>> plan = T.batch_plan(t, images)
        >>> bool((plan(images)[1] == t(images[1])._data).all())
        True
        >>> T.batch_plan(T.RandomHorizontalFlip(), images) is None
        True
    """
    if transform is None:
        return lambda batch: batch
    steps = _steps(transform)
    if steps is None or images.ndim not in (3, 4):
        return None
    chw, dtype = False, images.dtype  # follow the layout and dtype through the steps
    for step in steps:
        if isinstance(step, ToTensor):
            if chw:
                return None
            chw, dtype = True, (np.dtype(np.float32) if dtype == np.uint8 else dtype)
        elif isinstance(step, Normalize) and (not chw or dtype.kind != "f"):
            return None

    def apply(batch: np.ndarray) -> np.ndarray:
        chw, given = False, batch
        for step in steps:
            if isinstance(step, ToTensor):
                batch, chw = _to_chw(batch), True
            elif isinstance(step, Normalize):
                fresh = not np.may_share_memory(batch, given)
                batch = step._apply(batch, batch if fresh else None)
            else:
                batch = _pad(batch, step._ltrb, step.fill, step.padding_mode, chw)
        return batch

    return apply
