"""DataLoader: batching, shuffling, the array fast path, the collate fallback, transforms."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from data import DataLoader, Dataset, Subset, TensorDataset
from data.dataset import array_source
from tests.helpers import requires_torch


def make_ds(n=10, d=3):
    x = np.arange(n * d, dtype=np.float32).reshape(n, d)
    return TensorDataset(x, np.arange(n))


@pytest.fixture
def no_items(monkeypatch):
    """Indexing a TensorDataset item fails: proves the loader never loops over samples."""

    def fail(self, index):
        raise AssertionError("the array fast path must not index items")

    monkeypatch.setattr(TensorDataset, "__getitem__", fail)


class Pairs(Dataset):
    """A plain (not array-backed) dataset of (float32 vector, int label) items."""

    def __init__(self, n=7):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return np.full(2, i, dtype=np.float32), i % 3


def labels_of(loader):
    return np.concatenate([y.numpy() for _, y in loader]).tolist()


def test_batches_are_tensors_with_expected_shapes_and_dtypes():
    loader = DataLoader(make_ds(), batch_size=4)
    batches = list(loader)
    assert [tuple(x.shape) for x, _ in batches] == [(4, 3), (4, 3), (2, 3)]
    assert [tuple(y.shape) for _, y in batches] == [(4,), (4,), (2,)]
    x, y = batches[0]
    assert isinstance(x, ag.Tensor) and isinstance(y, ag.Tensor)
    assert x.dtype == np.float32 and y.dtype == np.int64
    assert not x.requires_grad
    np.testing.assert_array_equal(batches[-1][0].numpy(), make_ds().arrays[0][8:])


@pytest.mark.parametrize(
    "n, bs, drop_last, expected",
    [
        (10, 4, False, 3),
        (10, 4, True, 2),
        (8, 4, False, 2),
        (8, 4, True, 2),
        (3, 5, False, 1),
        (3, 5, True, 0),
        (0, 2, False, 0),
    ],
)
def test_len_is_the_number_of_batches(n, bs, drop_last, expected):
    ds = TensorDataset(np.zeros((n, 1), np.float32), np.zeros(n, np.int64))
    loader = DataLoader(ds, batch_size=bs, drop_last=drop_last)
    assert len(loader) == expected
    assert len(list(loader)) == expected
    for shuffled in (
        DataLoader(ds, batch_size=bs, drop_last=drop_last, shuffle=True),
        DataLoader(Pairs(n), batch_size=bs, drop_last=drop_last),
    ):
        assert len(list(shuffled)) == expected


def test_drop_last_drops_only_the_partial_batch():
    loader = DataLoader(make_ds(10), batch_size=4, drop_last=True)
    assert labels_of(loader) == list(range(8))


def test_without_shuffle_the_order_is_the_dataset_order():
    assert labels_of(DataLoader(make_ds(10), batch_size=3)) == list(range(10))


def test_seeded_shuffle_is_a_permutation_reproducible_and_new_each_epoch():
    ds = make_ds(50)
    a = DataLoader(ds, batch_size=8, shuffle=True, seed=123)
    b = DataLoader(ds, batch_size=8, shuffle=True, seed=123)
    a1, a2 = labels_of(a), labels_of(a)
    b1, b2 = labels_of(b), labels_of(b)
    assert sorted(a1) == list(range(50)) and sorted(a2) == list(range(50))
    assert a1 != list(range(50))
    assert a1 != a2  # successive epochs differ
    assert (a1, a2) == (b1, b2)  # same seed, same sequence of epochs
    assert labels_of(DataLoader(ds, batch_size=8, shuffle=True, seed=124)) != a1


def test_seeded_shuffle_draws_one_permutation_per_epoch_from_default_rng():
    ds = make_ds(20)
    loader = DataLoader(ds, batch_size=6, shuffle=True, seed=5)
    rng = np.random.default_rng(5)
    for _ in range(2):
        assert labels_of(loader) == rng.permutation(20).tolist()


def test_unseeded_shuffle_follows_manual_seed():
    ds = make_ds(30)
    loader = DataLoader(ds, batch_size=7, shuffle=True)
    ag.manual_seed(11)
    first, second = labels_of(loader), labels_of(loader)
    ag.manual_seed(11)
    assert labels_of(loader) == first
    assert first != second
    assert sorted(first) == list(range(30))


def test_fast_path_gathers_rows_without_indexing_items(no_items):
    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    ds = TensorDataset(x, np.arange(20))
    loader = DataLoader(ds, batch_size=6, shuffle=True, seed=0)
    for xb, yb in loader:
        np.testing.assert_array_equal(xb.numpy(), x[yb.numpy()])


def test_fast_path_through_nested_subsets(no_items):
    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    sub = Subset(Subset(TensorDataset(x, np.arange(20)), list(range(19, -1, -2))), [0, 3, 4, 9])
    assert labels_of(DataLoader(sub, batch_size=3)) == [19, 13, 11, 1]
    shuffled = labels_of(DataLoader(sub, batch_size=3, shuffle=True, seed=1))
    assert sorted(shuffled) == [1, 11, 13, 19]


def test_subclass_redefining_getitem_is_indexed_per_item():
    class Doubled(TensorDataset):
        def __getitem__(self, index):
            x, y = super().__getitem__(index)
            return x * 2, int(y)

    ds = Doubled(np.ones((5, 2), np.float32), np.arange(5))
    x, y = next(iter(DataLoader(Subset(ds, [4, 1]), batch_size=2)))
    assert x.tolist() == [[2.0, 2.0], [2.0, 2.0]] and y.tolist() == [4, 1]

    class Renamed(TensorDataset):  # no new __getitem__: still the fast path
        pass

    assert array_source(Renamed(np.ones(3))) is not None


@pytest.mark.parametrize("shuffle", [False, True])
def test_batches_do_not_alias_the_dataset(shuffle):
    ds = make_ds(6)
    before = ds.arrays[0].copy()
    for x, _ in DataLoader(ds, batch_size=4, shuffle=shuffle):
        x._data += 100
    np.testing.assert_array_equal(ds.arrays[0], before)


def test_fallback_collate_for_a_plain_dataset():
    loader = DataLoader(Pairs(7), batch_size=3)
    batches = list(loader)
    x, y = batches[0]
    assert x.shape == (3, 2) and x.dtype == np.float32
    assert y.dtype == np.int64
    assert y.tolist() == [0, 1, 2]
    assert batches[-1][0].numpy().tolist() == [[6.0, 6.0]]
    shuffled = DataLoader(Pairs(7), batch_size=3, shuffle=True, seed=2)
    order = np.concatenate([x.numpy()[:, 0] for x, _ in shuffled]).astype(int).tolist()
    assert order == np.random.default_rng(2).permutation(7).tolist()


class Items(Dataset):
    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def test_collate_numbers_tensors_and_single_fields():
    batch = next(iter(DataLoader(Items([(1.5, True), (2.5, False)]), batch_size=2)))
    assert batch[0].dtype == np.float32 and batch[1].dtype == np.bool_
    x = next(iter(DataLoader(Items([ag.tensor([1.0, 2.0]), ag.tensor([3.0, 4.0])]), batch_size=2)))
    assert isinstance(x, ag.Tensor) and x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    mixed = next(iter(DataLoader(Items([1, 2.5]), batch_size=2)))
    assert mixed.dtype == np.float32 and mixed.tolist() == [1.0, 2.5]
    ints = next(iter(DataLoader(Items([3, 4]), batch_size=2)))
    assert ints.dtype == np.int64


def test_concatenated_array_datasets_use_the_collate_path():
    ds = make_ds(3) + make_ds(2)
    x, y = next(iter(DataLoader(ds, batch_size=5)))
    assert x.shape == (5, 3) and x.dtype == np.float32
    assert y.dtype == np.int64 and y.tolist() == [0, 1, 2, 0, 1]


def test_collate_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"field 0.*shapes \[\(2,\), \(3,\)\]"):
        list(DataLoader(Items([(np.zeros(2), 0), (np.zeros(3), 1)]), batch_size=2))
    with pytest.raises(TypeError, match="cannot batch field 1 of type object"):
        list(DataLoader(Items([(1.0, object()), (2.0, object())]), batch_size=2))
    with pytest.raises(TypeError, match=r"cannot batch field 1\[0\] of type object"):
        list(DataLoader(Items([(1.0, (object(),)), (2.0, (object(),))]), batch_size=2))
    with pytest.raises(ValueError, match=r"different numbers of fields \(2 and 3\)"):
        list(DataLoader(Items([(1.0, 2), (1.0, 2, 3)]), batch_size=2))
    with pytest.raises(TypeError, match=r"mixes item types \['int', 'str'\]"):
        list(DataLoader(Items([1, "x"]), batch_size=2))


def test_transform_applies_to_the_x_batch_only():
    seen = []

    def transform(x):
        seen.append(x.shape)
        return x * 2

    ds = make_ds(5)
    batches = list(DataLoader(ds, batch_size=2, transform=transform))
    assert seen == [(2, 3), (2, 3), (1, 3)]
    np.testing.assert_array_equal(batches[0][0].numpy(), ds.arrays[0][:2] * 2)
    assert batches[0][1].tolist() == [0, 1]
    x, y = next(iter(DataLoader(Pairs(3), batch_size=3, transform=lambda a: a + 1)))
    assert x.numpy()[:, 0].tolist() == [1.0, 2.0, 3.0] and y.tolist() == [0, 1, 2]
    t = next(iter(DataLoader(ds, batch_size=2, transform=lambda a: ag.tensor(a[:, :1]))))[0]
    assert t.shape == (2, 1)


def test_transform_needs_an_array_first_field():
    items = Items([("a.png", 0), ("b.png", 1)])
    with pytest.raises(TypeError, match="first field.*batches into a tuple"):
        list(DataLoader(items, batch_size=2, transform=lambda x: x))


def test_transform_must_return_an_array():
    with pytest.raises(TypeError, match="transform must return an np.ndarray or Tensor, got list"):
        list(DataLoader(make_ds(), batch_size=2, transform=lambda x: x.tolist()))
    with pytest.raises(TypeError, match="transform must be callable"):
        DataLoader(make_ds(), transform=3)


@pytest.mark.parametrize("bs", [0, -1, 2.5, True, "4"])  # None: no batching, as torch
def test_batch_size_must_be_a_positive_int(bs):
    with pytest.raises(
        ValueError,
        match=rf"batch_size should be a positive integer or None, "
        rf"got batch_size={bs!r}",
    ):
        DataLoader(make_ds(), batch_size=bs)


def test_dataset_must_be_indexable():
    with pytest.raises(TypeError, match="dataset must define __len__ and __getitem__, got int"):
        DataLoader(3)


def test_seed_must_be_an_int():
    with pytest.raises(TypeError, match="seed must be an int or None, got 1.5"):
        DataLoader(make_ds(), seed=1.5)


def test_repr_names_the_settings():
    r = repr(DataLoader(make_ds(), batch_size=4, shuffle=True))
    assert r == "DataLoader(dataset=TensorDataset, batch_size=4, shuffle=True, drop_last=False)"


# -- torch's arguments --------------------------------------------------------------------


@requires_torch
def test_parameters_are_torchs_in_torchs_order():
    import inspect

    import torch.utils.data

    ours = list(inspect.signature(DataLoader).parameters)
    theirs = list(inspect.signature(torch.utils.data.DataLoader).parameters)
    assert ours[: len(theirs)] == theirs
    assert ours[len(theirs) :] == ["seed", "transform"]  # the library's own, keyword-only
    kinds = {name: p.kind for name, p in inspect.signature(DataLoader).parameters.items()}
    assert kinds["prefetch_factor"] is kinds["seed"] is inspect.Parameter.KEYWORD_ONLY


TORCH_ERRORS = [
    {"num_workers": -1},
    {"timeout": -1},
    {"prefetch_factor": 2},
    {"num_workers": 1, "prefetch_factor": -1},
    {"persistent_workers": True},
    {"multiprocessing_context": "spawn"},
    {"num_workers": 1, "multiprocessing_context": "nonsense"},
    {"num_workers": 1, "multiprocessing_context": 3},
    {"sampler": [0, 1], "shuffle": True},
    {"batch_sampler": [[0, 1]], "batch_size": 2},
    {"batch_sampler": [[0, 1]], "shuffle": True},
    {"batch_sampler": [[0, 1]], "drop_last": True},
]


@requires_torch
@pytest.mark.parametrize("kwargs", TORCH_ERRORS, ids=lambda kw: ",".join(kw))
def test_invalid_arguments_fail_as_in_torch(kwargs):
    import torch.utils.data

    with pytest.raises(Exception) as theirs:
        torch.utils.data.DataLoader(list(range(4)), **kwargs)
    with pytest.raises(type(theirs.value)) as ours:
        DataLoader(make_ds(4), **kwargs)
    assert type(ours.value) is type(theirs.value)
    if "sampler" not in str(kwargs):  # ours also names the values given
        assert str(ours.value) == str(theirs.value)


def test_torch_style_arguments_are_accepted():
    ds = make_ds(10)
    loader = DataLoader(
        ds,
        batch_size=4,
        shuffle=True,
        num_workers=1,
        pin_memory=True,
        drop_last=True,
        timeout=5,
        worker_init_fn=print,
        multiprocessing_context="fork",
        generator=np.random.default_rng(0),
        prefetch_factor=3,
        persistent_workers=True,
        pin_memory_device="",
        in_order=False,
    )
    assert [tuple(x.shape) for x, _ in loader] == [(4, 3), (4, 3)]
    assert loader.num_workers == 1 and loader.pin_memory and loader.prefetch_factor == 3
    assert DataLoader(ds, num_workers=2).prefetch_factor == 2  # torch's default with workers
    assert DataLoader(ds).prefetch_factor is None
    assert DataLoader(ds, shuffle=None).shuffle is False


def test_generator_orders_the_epochs_as_a_seed_does():
    ds = make_ds(20)
    a = DataLoader(ds, batch_size=20, shuffle=True, generator=np.random.default_rng(7))
    b = DataLoader(ds, batch_size=20, shuffle=True, seed=7)
    assert [y.tolist() for _, y in a] == [y.tolist() for _, y in b]
    assert [y.tolist() for _, y in a] == [y.tolist() for _, y in b]  # second epoch too
    with pytest.raises(ValueError, match="either seed or generator, not both"):
        DataLoader(ds, seed=1, generator=np.random.default_rng(1))
    with pytest.raises(
        TypeError, match="generator must be an np.random.Generator or None, got int"
    ):
        DataLoader(ds, generator=3)
