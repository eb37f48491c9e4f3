"""TensorDataset, Subset, ConcatDataset and random_split."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
from data import ConcatDataset, Dataset, Subset, TensorDataset, random_split
from data.dataset import array_source
from tests.helpers import requires_torch, torch


def test_tensor_dataset_items_are_rows_of_each_array():
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    y = np.array([3, 1, 4, 1])
    ds = TensorDataset(x, y)
    assert len(ds) == 4
    xi, yi = ds[2]
    np.testing.assert_array_equal(xi, x[2])
    assert yi == 4
    assert ds[-1][1] == 1
    assert ds.arrays[0] is x and ds.arrays[1] is y


def test_tensor_dataset_accepts_tensors_and_lists():
    t = ag.tensor([[1.0, 2.0], [3.0, 4.0]])
    ds = TensorDataset(t, [0, 1])
    assert np.shares_memory(ds.arrays[0], t._data)  # stored, not copied
    assert ds.arrays[0].dtype == np.float32
    assert ds.arrays[1].dtype == np.int64  # Python ints follow ag.tensor's rules
    assert TensorDataset([0.5, 1.5]).arrays[0].dtype == np.float32


def test_tensor_dataset_size_mismatch_names_the_sizes():
    with pytest.raises(ValueError, match=r"size mismatch.*\[5, 4\]"):
        TensorDataset(np.zeros((5, 2)), np.zeros(4))


def test_tensor_dataset_needs_arrays_with_a_first_dim():
    with pytest.raises(ValueError, match="at least one array"):
        TensorDataset()
    with pytest.raises(ValueError, match="array 1 is 0-dimensional"):
        TensorDataset(np.zeros(3), np.float32(2.0))


def test_subset_picks_items_in_order_and_allows_negative_indices():
    ds = TensorDataset(np.arange(10) * 10)
    sub = Subset(ds, [7, -1, 0])
    assert len(sub) == 3
    assert [int(sub[k][0]) for k in range(3)] == [70, 90, 0]
    assert sub.indices.tolist() == [7, 9, 0]
    np.testing.assert_array_equal(sub.arrays[0], [70, 90, 0])


def test_subset_rejects_bad_indices():
    ds = TensorDataset(np.arange(5))
    with pytest.raises(IndexError, match="index 5 is out of range for a dataset of size 5"):
        Subset(ds, [0, 5])
    with pytest.raises(TypeError, match="1-D sequence of ints"):
        Subset(ds, [0.5, 1.0])
    assert len(Subset(ds, [])) == 0


def test_array_source_composes_nested_subsets():
    x = np.arange(20) * 3
    inner = Subset(TensorDataset(x), [19, 4, 8, 15, 16])
    outer = Subset(inner, [3, 0, 2])
    arrays, index = array_source(outer)
    assert arrays[0] is x
    assert index.tolist() == [15, 19, 8]
    assert [int(outer[k][0]) for k in range(3)] == [45, 57, 24]


def test_plain_dataset_is_not_array_backed():
    class Items(Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return i

    assert array_source(Items()) is None
    assert array_source(Subset(Items(), [1])) is None
    assert Subset(Items(), [1]).arrays is None


def test_dataset_base_methods_must_be_implemented():
    with pytest.raises(NotImplementedError, match="__getitem__"):
        Dataset()[0]
    with pytest.raises(NotImplementedError, match="__len__"):
        len(Dataset())


def test_concat_dataset_via_plus():
    a = TensorDataset(np.arange(3))
    b = TensorDataset(np.arange(10, 14))
    ds = a + b
    assert isinstance(ds, ConcatDataset)
    assert len(ds) == 7
    assert [int(ds[k][0]) for k in range(7)] == [0, 1, 2, 10, 11, 12, 13]
    assert int(ds[-1][0]) == 13
    with pytest.raises(IndexError, match="index 7 is out of range for a dataset of size 7"):
        ds[7]


def test_random_split_with_lengths_partitions_the_dataset():
    ds = TensorDataset(np.arange(10))
    parts = random_split(ds, [6, 3, 1], seed=0)
    assert [len(p) for p in parts] == [6, 3, 1]
    allidx = np.concatenate([p.indices for p in parts])
    assert sorted(allidx.tolist()) == list(range(10))
    assert allidx.tolist() != list(range(10))  # shuffled, not sliced


@requires_torch
@pytest.mark.filterwarnings("ignore:Length of split", "ignore:random_split. split")
@pytest.mark.parametrize(
    "n, fractions",
    [
        (11, [0.5, 0.3, 0.2]),
        (10, [0.33, 0.33, 0.34]),
        (7, [0.25, 0.25, 0.25, 0.25]),
        (5, [1.0, 0.0]),
    ],
)
def test_random_split_fractions_match_torch(n, fractions):
    ours = [len(p) for p in random_split(TensorDataset(np.arange(n)), fractions, seed=0)]
    theirs = [len(p) for p in torch.utils.data.random_split(range(n), fractions)]
    assert ours == theirs


def test_random_split_seed_is_reproducible_and_seeds_differ():
    ds = TensorDataset(np.arange(50))
    a = random_split(ds, [25, 25], seed=3)
    b = random_split(ds, [25, 25], seed=3)
    c = random_split(ds, [25, 25], seed=4)
    assert a[0].indices.tolist() == b[0].indices.tolist()
    assert a[0].indices.tolist() != c[0].indices.tolist()


def test_random_split_without_seed_follows_manual_seed():
    ds = TensorDataset(np.arange(50))
    ag.manual_seed(7)
    a = random_split(ds, [0.5, 0.5])
    b = random_split(ds, [0.5, 0.5])
    ag.manual_seed(7)
    c = random_split(ds, [0.5, 0.5])
    assert a[0].indices.tolist() == c[0].indices.tolist()
    assert a[0].indices.tolist() != b[0].indices.tolist()


def test_random_split_errors_name_lengths_and_size():
    ds = TensorDataset(np.arange(10))
    with pytest.raises(ValueError, match=r"lengths \[6, 3\] sum to 9, but the dataset has 10"):
        random_split(ds, [6, 3])
    with pytest.raises(ValueError, match=r"fractions \[0.5, 0.4\].*sum to 0.9.*10 items"):
        random_split(ds, [0.5, 0.4])
    with pytest.raises(ValueError, match="non-negative"):
        random_split(ds, [11, -1])
    with pytest.raises(ValueError, match=r"\[1.5, -0.5\]"):
        random_split(ds, [1.5, -0.5])
    with pytest.raises(TypeError, match="ints or floats"):
        random_split(ds, ["5", 5])


@requires_torch
def test_tensor_dataset_items_are_tensors_as_in_torch():
    x, y = np.arange(15.0, dtype=np.float32).reshape(5, 3), np.arange(5)
    ours = TensorDataset(x, y)[2]
    theirs = torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y))[2]
    assert all(isinstance(t, ag.Tensor) for t in ours)
    for a, b in zip(ours, theirs):
        assert a.shape == tuple(b.shape) and a.dtype == b.numpy().dtype
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@requires_torch
@pytest.mark.parametrize(
    "n, fractions", [(3, [0.7, 0.3]), (3, [0.25, 0.25, 0.25, 0.25]), (10, [0.05, 0.05, 0.9])]
)
def test_random_split_warns_about_empty_fraction_splits_like_torch(n, fractions):
    with pytest.warns(UserWarning, match=r"random_split: split \d+ is empty") as ours:
        random_split(TensorDataset(np.arange(n)), fractions, seed=0)
    with pytest.warns(UserWarning) as theirs:
        torch.utils.data.random_split(range(n), fractions)
    # the same splits are reported empty (torch words it "split at index k")
    assert [re.search(r"split (\d+)", str(w.message)).group(1) for w in ours] == [
        re.search(r"index (\d+)", str(w.message)).group(1) for w in theirs
    ]
