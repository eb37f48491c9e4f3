"""data.transforms: torchvision's transforms, their arithmetic checked against torch's."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor
from data import transforms as T
from tests.helpers import TORCH_MISSING

torch = pytest.importorskip("torch", reason=TORCH_MISSING)
F = torch.nn.functional


def uint8_images(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def torch_to_tensor(pic: np.ndarray) -> torch.Tensor:
    """What torchvision's ToTensor computes for an ndarray, written with torch ops."""
    if pic.ndim == 2:
        pic = pic[:, :, None]
    img = torch.from_numpy(pic.transpose(2, 0, 1).copy()).contiguous()
    return img.to(torch.float32).div(255) if img.dtype == torch.uint8 else img


def torch_normalize(t: torch.Tensor, mean, std) -> torch.Tensor:
    m = torch.as_tensor(mean, dtype=t.dtype).view(-1, 1, 1)
    s = torch.as_tensor(std, dtype=t.dtype).view(-1, 1, 1)
    return t.clone().sub_(m).div_(s)


# -- ToTensor -----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(28, 28), (32, 32, 3), (5, 7, 4)])
def test_to_tensor_matches_torch(shape):
    pic = uint8_images(shape)
    out = T.ToTensor()(pic)
    assert isinstance(out, Tensor) and out.dtype == np.float32
    expected = torch_to_tensor(pic).numpy()
    assert out.shape == expected.shape
    np.testing.assert_array_equal(out.numpy(), expected)
    assert out.numpy().min() >= 0 and out.numpy().max() <= 1


def test_to_tensor_keeps_other_dtypes_and_values():
    pic = np.arange(12, dtype=np.float64).reshape(2, 2, 3)
    out = T.ToTensor()(pic)
    assert out.dtype == np.float64 and out.shape == (3, 2, 2)
    np.testing.assert_array_equal(out.numpy(), pic.transpose(2, 0, 1))


def test_to_tensor_rejects_bad_input():
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray"):
        T.ToTensor()([[1, 2]])
    with pytest.raises(ValueError, match="pic should be 2/3 dimensional. Got 1 dimensions"):
        T.ToTensor()(np.zeros(3, np.uint8))


# -- Normalize ----------------------------------------------------------------------------


def test_to_tensor_then_normalize_gives_torchvisions_exact_numbers():
    pics = uint8_images((20, 28, 28), seed=3)
    t = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])
    for pic in pics:
        got = t(pic).numpy()
        expected = torch_normalize(torch_to_tensor(pic), (0.1307,), (0.3081,)).numpy()
        np.testing.assert_array_equal(got, expected)  # bit for bit


def test_normalize_per_channel_matches_torch():
    x = torch_to_tensor(uint8_images((8, 9, 3)))
    mean, std = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
    got = T.Normalize(mean, std)(ag.tensor(x.numpy()))
    np.testing.assert_array_equal(got.numpy(), torch_normalize(x, mean, std).numpy())


def test_normalize_of_a_batch_of_images_and_in_place():
    x = ag.tensor(np.random.default_rng(0).random((4, 2, 3, 3)).astype(np.float32))
    before = x.numpy().copy()
    out = T.Normalize((0.5, 0.25), (2.0, 0.5))(x)
    expected = (before - np.float32([0.5, 0.25])[:, None, None]) / np.float32([2, 0.5])[
        :, None, None
    ]
    np.testing.assert_array_equal(out.numpy(), expected)
    np.testing.assert_array_equal(x.numpy(), before)  # not in place by default
    same = T.Normalize((0.5, 0.25), (2.0, 0.5), inplace=True)(x)
    assert same is x
    np.testing.assert_array_equal(x.numpy(), expected)


def test_normalize_errors_as_torchvision():
    with pytest.raises(TypeError, match="Input tensor should be a torch tensor"):
        T.Normalize((0.5,), (0.5,))(np.zeros((1, 2, 2), np.float32))
    with pytest.raises(TypeError, match="Input tensor should be a float tensor. Got uint8"):
        T.Normalize((0.5,), (0.5,))(ag.tensor(np.zeros((1, 2, 2), np.uint8)))
    with pytest.raises(
        ValueError,
        match=r"tensor image of size \(..., C, H, W\). Got "
        r"tensor.size\(\) = \(2, 2\)",
    ):
        T.Normalize((0.5,), (0.5,))(ag.zeros(2, 2))
    with pytest.raises(ValueError, match="std evaluated to zero after conversion to float32"):
        T.Normalize((0.5, 0.5), (1.0, 0.0))(ag.zeros(2, 2, 2))
    with pytest.raises(ValueError, match="mean of 2 values does not match the 3 channels"):
        T.Normalize((0.5, 0.5), (1.0, 1.0))(ag.zeros(3, 2, 2))


# -- Compose, Lambda ----------------------------------------------------------------------


def test_compose_applies_in_order_and_prints_as_torchvision():
    t = T.Compose([T.Lambda(lambda x: x * 2), T.Lambda(lambda x: x + 1)])
    assert t(3) == 7
    assert repr(T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])) == (
        "Compose(\n    ToTensor()\n    Normalize(mean=(0.1307,), std=(0.3081,))\n)"
    )
    assert repr(T.Lambda(abs)) == "Lambda()"
    with pytest.raises(TypeError, match="Argument lambd should be callable, got 'int'"):
        T.Lambda(3)
    with pytest.raises(TypeError, match=r"transforms\[1\] is not callable"):
        T.Compose([T.ToTensor(), 5])


# -- Pad ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "padding, ltrb",
    [(2, (2, 2, 2, 2)), ((1, 3), (1, 3, 1, 3)), ((1, 2, 3, 4), (1, 2, 3, 4)), ([2], (2, 2, 2, 2))],
)
@pytest.mark.parametrize(
    "mode, torch_mode", [("constant", "constant"), ("edge", "replicate"), ("reflect", "reflect")]
)
def test_pad_matches_torch_on_tensors_and_images(padding, ltrb, mode, torch_mode):
    pic = uint8_images((6, 7, 3))
    x = torch_to_tensor(pic)
    left, top, right, bottom = ltrb
    lrtb = (left, right, top, bottom)  # torch's F.pad order
    kwargs = {"value": 0.5} if mode == "constant" else {}
    expected = F.pad(x[None], lrtb, mode=torch_mode, **kwargs)[0].numpy()
    fill = 0.5 if mode == "constant" else 0
    got = T.Pad(padding, fill=fill, padding_mode=mode)(ag.tensor(x.numpy()))
    np.testing.assert_array_equal(got.numpy(), expected)
    # on the image (H, W, C) the same pixels, in the image layout
    img_fill = 9 if mode == "constant" else 0
    img = T.Pad(padding, fill=img_fill, padding_mode=mode)(pic)
    assert isinstance(img, np.ndarray) and img.dtype == np.uint8
    expected_img = F.pad(
        torch.from_numpy(pic.transpose(2, 0, 1).copy())[None].float(),
        lrtb,
        mode=torch_mode,
        **({"value": 9.0} if mode == "constant" else {}),
    )
    np.testing.assert_array_equal(img, expected_img[0].numpy().transpose(1, 2, 0))


def test_pad_symmetric_repeats_the_border_pixel():
    img = np.array([[1, 2, 3]], np.uint8)
    assert T.Pad((2, 0), padding_mode="symmetric")(img).tolist() == [[2, 1, 1, 2, 3, 3, 2]]
    assert T.Pad((2, 0), padding_mode="reflect")(img).tolist() == [[3, 2, 1, 2, 3, 2, 1]]


def test_pad_fill_per_channel():
    img = np.zeros((1, 1, 3), np.uint8)
    out = T.Pad(1, fill=(10, 20, 30))(img)
    assert out.shape == (3, 3, 3)
    assert out[0, 0].tolist() == [10, 20, 30] and out[1, 1].tolist() == [0, 0, 0]
    t = T.Pad(1, fill=(1.0, 2.0))(ag.zeros(2, 1, 1))
    assert t.numpy()[:, 0, 0].tolist() == [1.0, 2.0] and t.numpy()[:, 1, 1].tolist() == [0, 0]


def test_pad_rejects_bad_arguments():
    with pytest.raises(ValueError, match="1, 2, or 4 element tuple, not a 3 element tuple"):
        T.Pad((1, 2, 3))
    with pytest.raises(TypeError, match="inappropriate padding arg"):
        T.Pad(1.5)
    with pytest.raises(ValueError, match="Padding mode should be either constant, edge, reflect"):
        T.Pad(1, padding_mode="wrap")
    with pytest.raises(TypeError, match="inappropriate fill arg"):
        T.Pad(1, fill="red")
    assert repr(T.Pad(2)) == "Pad(padding=2, fill=0, padding_mode=constant)"


# -- RandomCrop, RandomHorizontalFlip -----------------------------------------------------


def test_random_crop_is_a_window_of_the_padded_image_and_follows_manual_seed():
    pic = uint8_images((28, 28))
    padded = np.pad(pic, 4)
    ag.manual_seed(5)
    crops = [T.RandomCrop(28, padding=4)(pic) for _ in range(20)]
    ag.manual_seed(5)
    again = [T.RandomCrop(28, padding=4)(pic) for _ in range(20)]
    offsets = set()
    for crop, other in zip(crops, again):
        np.testing.assert_array_equal(crop, other)
        assert crop.shape == (28, 28)
        found = [
            (i, j)
            for i in range(9)
            for j in range(9)
            if np.array_equal(padded[i : i + 28, j : j + 28], crop)
        ]
        assert found
        offsets.add(found[0])
    assert len(offsets) > 5  # the corner really is random


def test_random_crop_of_a_tensor_and_rectangular_size():
    x = ag.tensor(np.arange(2 * 5 * 6, dtype=np.float32).reshape(2, 5, 6))
    out = T.RandomCrop((3, 4))(x)
    assert isinstance(out, Tensor) and out.shape == (2, 3, 4)
    i, j = divmod(int(out.numpy()[0, 0, 0]), 6)
    np.testing.assert_array_equal(out.numpy(), x.numpy()[:, i : i + 3, j : j + 4])


def test_random_crop_pad_if_needed_and_too_large():
    small = uint8_images((3, 2))
    assert T.RandomCrop((4, 5), pad_if_needed=True)(small).shape == (4, 5)
    with pytest.raises(
        ValueError,
        match=r"Required crop size \(4, 5\) is larger than input "
        r"image size \(3, 2\)",
    ):
        T.RandomCrop((4, 5))(small)
    assert T.RandomCrop.get_params(small, (3, 2)) == (0, 0, 3, 2)
    assert repr(T.RandomCrop(28, padding=4)) == "RandomCrop(size=(28, 28), padding=4)"


def test_random_horizontal_flip():
    img = uint8_images((4, 5, 3))
    np.testing.assert_array_equal(T.RandomHorizontalFlip(p=1.0)(img), img[:, ::-1])
    assert T.RandomHorizontalFlip(p=0.0)(img) is img
    x = ag.tensor(img.astype(np.float32).transpose(2, 0, 1))
    np.testing.assert_array_equal(T.RandomHorizontalFlip(p=1.0)(x).numpy(), x.numpy()[..., ::-1])
    ag.manual_seed(0)
    flips = sum(T.RandomHorizontalFlip()(img) is not img for _ in range(400))
    assert 150 < flips < 250
    with pytest.raises(ValueError, match="probability should be a number in"):
        T.RandomHorizontalFlip(p=2)
    assert repr(T.RandomHorizontalFlip()) == "RandomHorizontalFlip(p=0.5)"


# -- whole batches ------------------------------------------------------------------------


BATCHABLE = [
    T.ToTensor(),
    T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))]),
    T.Compose([T.Pad(2), T.ToTensor(), T.Normalize((0.5,), (0.25,))]),
    T.Compose(
        [
            T.ToTensor(),
            T.Pad((1, 2, 3, 4), fill=1.0, padding_mode="constant"),
            T.Compose([T.Normalize(0.5, 0.5)]),
        ]
    ),
    T.Compose([T.ToTensor(), T.Pad(1, padding_mode="reflect")]),
    T.Pad(3, padding_mode="edge"),
]


@pytest.mark.parametrize("transform", BATCHABLE, ids=lambda t: repr(t).replace("\n", ""))
def test_batch_plan_equals_the_per_item_transform_bit_for_bit(transform):
    images = uint8_images((6, 9, 8))
    plan = T.batch_plan(transform, images)
    assert plan is not None
    out = plan(images[[4, 0, 2]])
    for row, k in zip(out, [4, 0, 2]):
        item = transform(images[k])
        np.testing.assert_array_equal(row, item.numpy() if isinstance(item, Tensor) else item)


def test_batch_plan_of_colour_images_normalized_per_channel():
    images = uint8_images((4, 5, 6, 3))
    t = T.Compose([T.ToTensor(), T.Normalize((0.4914, 0.4822, 0.4465), (0.247, 0.2435, 0.2616))])
    out = T.batch_plan(t, images)(images)
    assert out.shape == (4, 3, 5, 6) and out.flags.c_contiguous
    for row, img in zip(out, images):
        np.testing.assert_array_equal(row, t(img).numpy())


@pytest.mark.parametrize(
    "transform",
    [
        T.RandomHorizontalFlip(),
        T.Lambda(lambda x: x),
        T.Compose([T.ToTensor(), T.RandomCrop(3)]),
        T.Normalize((0.5,), (0.5,)),  # on the uint8 image it would fail per item
        T.Compose([T.ToTensor(), T.ToTensor()]),
    ],
)
def test_batch_plan_refuses_what_it_cannot_batch(transform):
    assert T.batch_plan(transform, uint8_images((2, 4, 4))) is None


def test_batch_plan_never_writes_into_the_images():
    images = np.arange(16, dtype=np.float32).reshape(1, 4, 4)
    before = images.copy()
    out = T.batch_plan(T.Compose([T.ToTensor(), T.Normalize(1.0, 2.0)]), images)(images)
    np.testing.assert_array_equal(images, before)
    np.testing.assert_array_equal(out[0], (before - 1) / 2)
