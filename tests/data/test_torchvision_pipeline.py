"""A torchvision MNIST data pipeline, written as PyTorch example scripts write it.

Only the imports differ from a torch script: ``datasets`` and ``transforms``
come from ``data``, ``DataLoader`` from ``data`` too. The batches must be
what torch computes from the same uint8 images.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import data
from data import datasets, transforms
from tests.helpers import TORCH_MISSING

torch = pytest.importorskip("torch", reason=TORCH_MISSING)


def torch_reference(images: np.ndarray) -> torch.Tensor:
    """torchvision's ToTensor then Normalize((0.1307,), (0.3081,)), in torch ops, batched."""
    x = torch.from_numpy(images.copy()).to(torch.float32).div(255).unsqueeze(1)
    return x.sub_(torch.tensor([0.1307]).view(-1, 1, 1)).div_(torch.tensor([0.3081]).view(-1, 1, 1))


def test_mnist_example_pipeline(tmp_path):
    ag.manual_seed(1)
    train_kwargs = {"batch_size": 64}
    test_kwargs = {"batch_size": 1000}
    accel_kwargs = {
        "num_workers": 1,
        "persistent_workers": True,
        "pin_memory": True,
        "shuffle": True,
    }
    train_kwargs.update(accel_kwargs)
    test_kwargs.update(accel_kwargs)
    transform = transforms.Compose(
        [
            transforms.ToTensor(),
            transforms.Normalize((0.1307,), (0.3081,)),
        ]
    )
    dataset1 = datasets.MNIST(
        str(tmp_path / "data"), train=True, download=True, transform=transform
    )
    dataset2 = datasets.MNIST(str(tmp_path / "data"), train=False, transform=transform)
    train_loader = data.DataLoader(dataset1, **train_kwargs)
    test_loader = data.DataLoader(dataset2, **test_kwargs)
    assert len(train_loader.dataset) == 60000 and len(train_loader) == 938
    assert len(test_loader) == 10

    # torch's numbers for every image, keyed by the image's bytes, to find each batch row
    reference = torch_reference(dataset1.data.numpy()).numpy()
    rows = {reference[k].tobytes(): k for k in range(len(reference))}
    targets = dataset1.targets.numpy()
    seen = []
    for batch_idx, (x, target) in enumerate(train_loader):
        assert x.dtype == np.float32 and target.dtype == np.int64
        assert x.shape == ((64, 1, 28, 28) if batch_idx < 937 else (32, 1, 28, 28))
        if batch_idx % 50 == 0 or batch_idx == 937:
            xs = x.numpy()
            found = [rows.get(r.tobytes()) for r in xs]
            assert None not in found  # every row is bit for bit one of torch's images
            np.testing.assert_array_equal(xs, reference[found])
            seen += found
            # duplicate images exist in MNIST; their labels agree with the batch's
            np.testing.assert_array_equal(targets[found], target.numpy())
    assert len(set(seen)) > 0.99 * len(seen)
    assert seen[:64] != list(range(64))  # shuffled

    x, target = next(iter(test_loader))
    assert x.shape == (1000, 1, 28, 28) and target.shape == (1000,)
    assert abs(float(x.numpy().mean())) < 0.1  # normalized once, not twice
    assert abs(float(x.numpy().std()) - 1.0) < 0.1
