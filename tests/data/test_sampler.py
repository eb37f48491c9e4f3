"""Samplers, IterableDataset, default_collate and the DataLoader's sampler arguments vs torch.

Deterministic behaviour (orders, batches, lengths, errors, collate shapes and
dtypes) is compared with ``torch.utils.data``; the random samplers get
statistical and reproducibility checks.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pytest

import autograd as ag
import data.dataloader as dataloader_module
from data import (
    BatchSampler,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    Sampler,
    SequentialSampler,
    Subset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    default_collate,
    default_convert,
)
from tests.helpers import requires_torch, torch

if torch is not None:
    import torch.utils.data as tud


def make_ds(n=10, d=3):
    return TensorDataset(np.arange(n * d, dtype=np.float32).reshape(n, d), np.arange(n))


class Items(Dataset):
    """Map-style, not array-backed: (float32 vector, int label)."""

    def __init__(self, n=7):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return np.full(2, i, dtype=np.float32), i


class Stream(IterableDataset):
    def __init__(self, n=7):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


class SizedStream(Stream):
    def __len__(self):
        return self.n


@pytest.fixture
def no_items(monkeypatch):
    def fail(self, index):
        raise AssertionError("the array fast path must not index items")

    monkeypatch.setattr(TensorDataset, "__getitem__", fail)


# ------------------------------------------------------------------ deterministic vs torch


@requires_torch
@pytest.mark.parametrize("n", [0, 1, 7])
def test_sequential_sampler_matches_torch(n):
    ours, theirs = SequentialSampler(range(n)), tud.SequentialSampler(range(n))
    assert list(ours) == list(theirs)
    assert len(ours) == len(theirs)


@requires_torch
@pytest.mark.parametrize(
    "n,bs,drop",
    [(10, 3, False), (10, 3, True), (9, 3, True), (2, 5, False), (2, 5, True), (0, 2, False)],
)
def test_batch_sampler_matches_torch(n, bs, drop):
    ours = BatchSampler(SequentialSampler(range(n)), bs, drop)
    theirs = tud.BatchSampler(tud.SequentialSampler(range(n)), bs, drop)
    assert list(ours) == list(theirs)
    assert len(ours) == len(theirs)
    assert list(BatchSampler([4, 1, 3], 2, False)) == list(tud.BatchSampler([4, 1, 3], 2, False))


@requires_torch
def test_sampler_lengths_match_torch():
    ds = list(range(9))
    assert len(RandomSampler(ds)) == len(tud.RandomSampler(ds))
    assert len(RandomSampler(ds, num_samples=20)) == len(tud.RandomSampler(ds, num_samples=20))
    assert len(RandomSampler(ds, True, 4)) == len(tud.RandomSampler(ds, True, 4))
    assert len(SubsetRandomSampler([3, 1])) == len(tud.SubsetRandomSampler([3, 1]))
    assert len(WeightedRandomSampler([1, 2], 5)) == len(tud.WeightedRandomSampler([1, 2], 5))


def _error(fn):
    try:
        fn()
    except Exception as err:  # noqa: BLE001 - we compare whatever is raised
        return type(err)
    return None


ERROR_CASES = [
    ("RandomSampler", lambda m: m.RandomSampler(range(3), replacement=1)),
    ("RandomSampler", lambda m: m.RandomSampler(range(3), num_samples=0)),
    ("RandomSampler", lambda m: m.RandomSampler(range(3), num_samples=2.5)),
    ("RandomSampler", lambda m: m.RandomSampler([])),
    ("WeightedRandomSampler", lambda m: m.WeightedRandomSampler([1.0, 2.0], 0)),
    ("WeightedRandomSampler", lambda m: m.WeightedRandomSampler([1.0, 2.0], True)),
    ("WeightedRandomSampler", lambda m: m.WeightedRandomSampler([1.0, 2.0], 3, replacement=1)),
    ("WeightedRandomSampler", lambda m: m.WeightedRandomSampler([[1.0, 2.0]], 3)),
    ("BatchSampler", lambda m: m.BatchSampler(range(3), 0, False)),
    ("BatchSampler", lambda m: m.BatchSampler(range(3), True, False)),
    ("BatchSampler", lambda m: m.BatchSampler(range(3), 2.0, False)),
    ("BatchSampler", lambda m: m.BatchSampler(range(3), 2, 1)),
]


class _Ours:
    RandomSampler = RandomSampler
    WeightedRandomSampler = WeightedRandomSampler
    BatchSampler = BatchSampler


@requires_torch
@pytest.mark.parametrize("case", range(len(ERROR_CASES)))
def test_sampler_errors_match_torch(case):
    _, build = ERROR_CASES[case]
    expected = _error(lambda: build(tud))
    assert expected is not None
    assert _error(lambda: build(_Ours)) is expected


def _loader_cases(ds_ours, ds_theirs):
    """(ours, torch) constructor thunks for invalid argument combinations."""
    combos = [
        dict(sampler=[0, 1], shuffle=True),
        dict(batch_sampler=[[0, 1]], batch_size=2),
        dict(batch_sampler=[[0, 1]], shuffle=True),
        dict(batch_sampler=[[0, 1]], sampler=[0, 1]),
        dict(batch_sampler=[[0, 1]], drop_last=True),
    ]
    return [
        (lambda kw=kw: DataLoader(ds_ours, **kw), lambda kw=kw: tud.DataLoader(ds_theirs, **kw))
        for kw in combos
    ]


@requires_torch
def test_loader_argument_errors_match_torch():
    th = tud.TensorDataset(torch.zeros(4, 2))
    for ours, theirs in _loader_cases(make_ds(4), th):
        assert _error(theirs) is ValueError
        assert _error(ours) is ValueError
    with pytest.raises(ValueError, match="mutually exclusive with shuffle"):
        DataLoader(make_ds(), sampler=[0], shuffle=True)
    with pytest.raises(ValueError, match=r"mutually exclusive with batch_size.*batch_size=2"):
        DataLoader(make_ds(), batch_sampler=[[0]], batch_size=2)


class TorchStream(tud.IterableDataset if torch is not None else object):
    def __iter__(self):
        return iter(range(7))


@requires_torch
@pytest.mark.parametrize("kw", [dict(shuffle=True), dict(sampler=[0]), dict(batch_sampler=[[0]])])
def test_iterable_dataset_option_errors_match_torch(kw):
    assert _error(lambda: tud.DataLoader(TorchStream(), **kw)) is ValueError
    with pytest.raises(ValueError, match="DataLoader with IterableDataset: expected unspecified"):
        DataLoader(Stream(), **kw)


@requires_torch
@pytest.mark.parametrize("bs,drop", [(1, False), (3, False), (3, True), (10, False)])
def test_iterable_dataset_batches_match_torch(bs, drop):
    ours = [b.tolist() for b in DataLoader(Stream(), batch_size=bs, drop_last=drop)]
    theirs = [b.tolist() for b in tud.DataLoader(TorchStream(), batch_size=bs, drop_last=drop)]
    assert ours == theirs


@requires_torch
def test_iterable_dataset_len_raises_type_error_like_torch():
    with pytest.raises(TypeError):
        len(TorchStream())
    with pytest.raises(TypeError):
        len(tud.DataLoader(TorchStream(), batch_size=2))
    with pytest.raises(TypeError, match="has no len"):
        len(Stream())
    with pytest.raises(TypeError, match="has no len"):
        len(DataLoader(Stream(), batch_size=2))
    assert len(DataLoader(SizedStream(7), batch_size=2)) == 4
    assert len(DataLoader(SizedStream(7), batch_size=2, drop_last=True)) == 3


@requires_torch
@pytest.mark.parametrize(
    "sampler", [[9, 0, 5, 5, 2], SequentialSampler(range(10)), SubsetRandomSampler([1, 3])]
)
@pytest.mark.parametrize("bs,drop", [(2, False), (2, True)])
def test_loader_with_sampler_matches_torch(sampler, bs, drop):
    if isinstance(sampler, SubsetRandomSampler):  # deterministic: a generator per call
        sampler = [int(i) for i in SubsetRandomSampler([1, 3], np.random.default_rng(0))]
    x = np.arange(30, dtype=np.float32).reshape(10, 3)
    y = np.arange(10)
    ours = DataLoader(TensorDataset(x, y), batch_size=bs, drop_last=drop, sampler=sampler)
    theirs = tud.DataLoader(
        tud.TensorDataset(torch.tensor(x), torch.tensor(y)),
        batch_size=bs,
        drop_last=drop,
        sampler=list(sampler),
    )
    assert len(ours) == len(theirs)
    got, exp = list(ours), list(theirs)
    assert len(got) == len(exp)
    for (a, b), (ta, tb) in zip(got, exp):
        np.testing.assert_array_equal(a._data, ta.numpy())
        np.testing.assert_array_equal(b._data, tb.numpy())


@requires_torch
def test_loader_with_batch_sampler_matches_torch():
    batches = [[3, 1], [0, 0, 9], [7]]
    x = np.arange(10, dtype=np.float32)
    ours = [b._data.tolist() for (b,) in DataLoader(TensorDataset(x), batch_sampler=batches)]
    theirs = [
        b.tolist()
        for (b,) in tud.DataLoader(tud.TensorDataset(torch.tensor(x)), batch_sampler=batches)
    ]
    assert ours == theirs
    assert len(DataLoader(TensorDataset(x), batch_sampler=batches)) == 3
    bs = BatchSampler(SequentialSampler(range(10)), 4, True)
    assert [b._data.tolist() for (b,) in DataLoader(TensorDataset(x), batch_sampler=bs)] == [
        b.tolist()
        for (b,) in tud.DataLoader(
            tud.TensorDataset(torch.tensor(x)), batch_sampler=tud.BatchSampler(range(10), 4, True)
        )
    ]


@requires_torch
def test_collate_fn_receives_the_list_of_items_like_torch():
    seen, seen_t = [], []
    ours = list(DataLoader(Items(5), batch_size=2, collate_fn=lambda b: seen.append(b) or len(b)))
    theirs = list(
        tud.DataLoader(Items(5), batch_size=2, collate_fn=lambda b: seen_t.append(b) or len(b))
    )
    assert ours == theirs == [2, 2, 1]
    assert all(isinstance(b, list) for b in seen)
    assert [[int(i) for _, i in b] for b in seen] == [[int(i) for _, i in b] for b in seen_t]
    # on an array-backed dataset collate_fn still sees items (Tensors), via the per-item path
    items = list(DataLoader(make_ds(4), batch_size=3, collate_fn=lambda b: b))[0]
    assert len(items) == 3 and isinstance(items[0], tuple) and isinstance(items[0][0], ag.Tensor)


def _spec(out):
    """Structure of a collated batch: shapes and dtypes of the leaves."""
    if isinstance(out, dict):
        return {k: _spec(v) for k, v in out.items()}
    if isinstance(out, (tuple, list)):
        return [_spec(v) for v in out]
    if isinstance(out, ag.Tensor):
        return (tuple(out.shape), np.dtype(out.dtype).name)
    if torch is not None and isinstance(out, torch.Tensor):
        return (tuple(out.shape), str(out.dtype).replace("torch.", ""))
    return out


Point = namedtuple("Point", "x y")

COLLATE_CASES = [
    [np.zeros((2, 3), np.float32), np.ones((2, 3), np.float32)],
    [1, 2, 3],
    [True, False],
    [np.int64(4), np.int64(5)],
    [(np.zeros(3, np.float32), 1), (np.ones(3, np.float32), 0)],
    [
        {"img": np.zeros((1, 2), np.uint8), "label": 3},
        {"img": np.ones((1, 2), np.uint8), "label": 1},
    ],
    [{"a": (np.zeros(2), [1, 2])}, {"a": (np.ones(2), [3, 4])}],
    [Point(np.zeros(2, np.float32), 1), Point(np.ones(2, np.float32), 2)],
    [["a", 1], ["b", 2]],
]


@requires_torch
@pytest.mark.parametrize("case", range(len(COLLATE_CASES)))
def test_default_collate_shapes_and_dtypes_match_torch(case):
    batch = COLLATE_CASES[case]
    ours, theirs = default_collate(batch), tud.default_collate(batch)
    assert _spec(ours) == _spec(theirs)
    if isinstance(batch[0], Point):
        assert isinstance(ours, Point)


@requires_torch
def test_default_collate_floats_are_float32_and_tensors_stack():
    ours, theirs = default_collate([1.0, 2.5]), tud.default_collate([1.0, 2.5])
    assert ours.dtype == np.float32 and theirs.dtype == torch.float64  # documented divergence
    np.testing.assert_allclose(ours._data, theirs.numpy())
    out = default_collate([ag.Tensor(np.zeros(3)), ag.Tensor(np.ones(3))])
    assert _spec(out) == _spec(tud.default_collate([torch.zeros(3, dtype=torch.float64)] * 2))
    out = default_collate([{"s": "x"}, {"s": "y"}])
    assert out == tud.default_collate([{"s": "x"}, {"s": "y"}]) == {"s": ["x", "y"]}


class Records(Dataset):
    """Map-style items with a string field and a nested tuple field: (x, name, (label, w))."""

    def __len__(self):
        return 5

    def __getitem__(self, i):
        return np.full(2, i, np.float32), f"img{i}.png", (i, np.float32(i) / 2)


def _structure(out):
    """Container types down to the leaves; leaves as (values, dtype name)."""
    if isinstance(out, (tuple, list)) and not isinstance(out, str):
        return (type(out).__name__, [_structure(v) for v in out])
    if isinstance(out, ag.Tensor):
        return (out.tolist(), np.dtype(out.dtype).name)
    if torch is not None and isinstance(out, torch.Tensor):
        return (out.tolist(), str(out.dtype).replace("torch.", ""))
    return out


@requires_torch
def test_loader_collates_string_and_nested_tuple_fields_like_torch():
    ours = list(DataLoader(Records(), batch_size=2))
    theirs = list(tud.DataLoader(Records(), batch_size=2))
    assert len(ours) == len(theirs) == 3
    for batch, tbatch in zip(ours, theirs):
        assert isinstance(batch, tuple)  # the loader's own container; torch yields a list
        assert _structure(list(batch)) == _structure(tbatch)
    assert ours[0][1] == ("img0.png", "img1.png")
    # default_collate, the documented default, gives the same fields
    items = [Records()[i] for i in range(2)]
    assert _structure(default_collate(items)) == _structure(tuple(ours[0]))


@requires_torch
def test_loader_collates_plain_string_items_like_torch():
    class Names(Dataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return f"s{i}"

    ours = list(DataLoader(Names(), batch_size=2))
    assert ours == list(tud.DataLoader(Names(), batch_size=2)) == [["s0", "s1"], ["s2"]]


def test_loader_keeps_the_array_path_for_array_fields_beside_strings(monkeypatch):
    calls = []
    original = dataloader_module._collate_any

    def spy(values, where):
        calls.append(where)
        return original(values, where)

    monkeypatch.setattr(dataloader_module, "_collate_any", spy)
    x, names, (labels, _) = next(iter(DataLoader(Records(), batch_size=4)))
    assert x.shape == (4, 2) and names == ("img0.png", "img1.png", "img2.png", "img3.png")
    assert labels.tolist() == [0, 1, 2, 3]
    assert "field 0" not in calls and calls[0] == "field 1"


@requires_torch
def test_default_collate_nested_types_match_torch():
    batch = [
        (np.zeros(2), ("a", (1, np.float32(2.5))), ["p", 3]),
        (np.ones(2), ("b", (2, np.float32(0.5))), ["q", 4]),
    ]
    ours, theirs = default_collate(batch), tud.default_collate(batch)
    # the top level is a tuple, as the DataLoader yields (torch: a list); below it, torch's
    # containers: strings stay the tuple zip gives, plain tuples and lists become lists
    assert isinstance(ours, tuple) and isinstance(theirs, list)
    assert _structure(list(ours)) == _structure(theirs)
    assert ours[1][0] == ("a", "b") and ours[2][0] == ("p", "q")


def test_default_collate_errors_name_the_field():
    with pytest.raises(ValueError, match=r"cannot stack batch\[0\].*\(2,\), \(3,\)"):
        default_collate([(np.zeros(2),), (np.zeros(3),)])
    with pytest.raises(ValueError, match="different numbers of fields"):
        default_collate([(1, 2), (1,)])
    with pytest.raises(TypeError, match=r"cannot batch batch\['k'\] of type object"):
        default_collate([{"k": object()}])
    with pytest.raises(TypeError, match="non-empty list"):
        default_collate([])


def test_loader_collates_dict_items():
    class Dicts(Dataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return {"x": np.full(2, i, np.float32), "y": i}

    (b,) = list(DataLoader(Dicts(), batch_size=3))
    assert b["x"].shape == (3, 2) and b["y"].tolist() == [0, 1, 2]


# ---------------------------------------------------------- fast path and reproducibility


def test_sampler_keeps_the_array_fast_path(no_items):
    ds = make_ds()
    batches = [y.tolist() for _, y in DataLoader(ds, batch_size=4, sampler=RandomSampler(ds))]
    assert sorted(sum(batches, [])) == list(range(10))
    sub = Subset(ds, [9, 8, 7, 6])
    got = [y.tolist() for _, y in DataLoader(sub, batch_size=3, sampler=[3, 0, 1])]
    assert got == [[6, 9, 8]]
    got = [y.tolist() for _, y in DataLoader(sub, batch_sampler=[[1], [2, 2]])]
    assert got == [[8], [7, 7]]
    wrs = WeightedRandomSampler(np.ones(10), 5)
    assert [len(y) for _, y in DataLoader(ds, batch_size=2, sampler=wrs)] == [2, 2, 1]


def test_transform_applies_with_a_sampler():
    ds = make_ds(4)
    ((x, y),) = list(DataLoader(ds, batch_size=4, sampler=[3, 2, 1, 0], transform=lambda a: a * 0))
    assert y.tolist() == [3, 2, 1, 0] and not x._data.any()
    with pytest.raises(ValueError, match="either transform or collate_fn"):
        DataLoader(ds, transform=lambda a: a, collate_fn=lambda b: b)


def test_per_item_path_with_samplers():
    got = [y.tolist() for _, y in DataLoader(Items(7), batch_size=3, sampler=[6, 5, 0, 1])]
    assert got == [[6, 5, 0], [1]]
    got = [y.tolist() for _, y in DataLoader(Items(7), batch_sampler=[[2, 2], [4]])]
    assert got == [[2, 2], [4]]


def test_custom_sampler_subclass():
    class Reverse(Sampler):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n - 1, -1, -1))

        def __len__(self):
            return self.n

    loader = DataLoader(make_ds(5), batch_size=2, sampler=Reverse(5))
    assert len(loader) == 3
    assert [y.tolist() for _, y in loader] == [[4, 3], [2, 1], [0]]
    with pytest.raises(NotImplementedError, match="must implement __iter__"):
        iter(Sampler())


def _epochs(loader, k=3):
    return [[y.tolist() for _, y in loader] for _ in range(k)]


def test_random_sampler_reproducible_from_loader_seed_and_manual_seed():
    ds = make_ds(20)
    a = _epochs(DataLoader(ds, batch_size=6, sampler=RandomSampler(ds), seed=3))
    b = _epochs(DataLoader(ds, batch_size=6, sampler=RandomSampler(ds), seed=3))
    assert a == b and a[0] != a[1]  # successive epochs differ
    ag.manual_seed(7)
    c = _epochs(DataLoader(ds, batch_size=6, sampler=RandomSampler(ds)))
    ag.manual_seed(7)
    d = _epochs(DataLoader(ds, batch_size=6, sampler=RandomSampler(ds)))
    assert c == d
    own = RandomSampler(ds, generator=np.random.default_rng(0))
    again = RandomSampler(ds, generator=np.random.default_rng(0))
    assert list(own) == list(again)
    for s in (SubsetRandomSampler(range(5)), WeightedRandomSampler(np.arange(1, 6), 8)):
        ag.manual_seed(1)
        first = list(s)
        ag.manual_seed(1)
        assert list(s) == first


def test_batch_sampler_over_random_sampler_uses_the_loader_seed():
    ds = make_ds(20)

    def run():
        bs = BatchSampler(RandomSampler(ds), 6, drop_last=False)
        return _epochs(DataLoader(ds, batch_sampler=bs, seed=5))

    assert run() == run()
    assert [len(b) for b in run()[0]] == [6, 6, 6, 2]


def test_random_sampler_is_a_uniform_permutation():
    ds = list(range(5))
    s = RandomSampler(ds, generator=np.random.default_rng(0))
    counts = np.zeros((5, 5))
    for _ in range(4000):
        order = list(s)
        assert sorted(order) == ds
        counts[np.arange(5), order] += 1
    np.testing.assert_allclose(counts / 4000, 0.2, atol=0.03)  # each value equally at each slot


def test_random_sampler_num_samples_without_replacement_concatenates_permutations():
    s = RandomSampler(range(4), num_samples=10, generator=np.random.default_rng(0))
    out = list(s)
    assert len(out) == 10 and sorted(out[:4]) == sorted(out[4:8]) == [0, 1, 2, 3]
    assert len(set(out[8:])) == 2


def test_random_sampler_with_replacement_is_uniform():
    s = RandomSampler(
        range(4), replacement=True, num_samples=40000, generator=np.random.default_rng(0)
    )
    freq = np.bincount(list(s), minlength=4) / 40000
    np.testing.assert_allclose(freq, 0.25, atol=0.01)


def test_subset_random_sampler_permutes_the_indices():
    s = SubsetRandomSampler(np.array([10, 20, 30, 40]), generator=np.random.default_rng(0))
    orders = {tuple(s) for _ in range(200)}
    assert all(sorted(o) == [10, 20, 30, 40] for o in orders)
    assert len(orders) > 12  # most of the 24 permutations show up
    with pytest.raises(TypeError, match="1-D sequence of ints"):
        SubsetRandomSampler([0.5])


def test_weighted_sampler_frequencies_follow_the_weights():
    w = np.array([1.0, 2.0, 0.0, 5.0])
    s = WeightedRandomSampler(w, 80000, generator=np.random.default_rng(0))
    freq = np.bincount(list(s), minlength=4) / 80000
    np.testing.assert_allclose(freq, w / w.sum(), atol=0.01)
    s = WeightedRandomSampler(w, 3, replacement=False, generator=np.random.default_rng(0))
    for _ in range(50):
        out = list(s)
        assert sorted(out) == [0, 1, 3]
    with pytest.raises(ValueError, match="num_samples=4 without replacement from 3 non-zero"):
        WeightedRandomSampler(w, 4, replacement=False)
    with pytest.raises(ValueError, match="non-negative"):
        WeightedRandomSampler([1.0, -1.0], 2)
    with pytest.raises(ValueError, match="not all zero"):
        WeightedRandomSampler([0.0, 0.0], 2)


def test_loader_repr_names_the_sampler():
    ds = make_ds()
    assert "sampler=RandomSampler" in repr(DataLoader(ds, sampler=RandomSampler(ds)))


def _plain(value):
    """A loader's output as comparable Python values, with container types kept."""
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "numpy"):
        return ("tensor", value.numpy().tolist(), str(value.dtype).replace("torch.", ""))
    return value


class _Items(Dataset):
    def __len__(self):
        return 3

    def __getitem__(self, i):
        return np.full(2, i, np.float32), i, f"item{i}", {"w": np.float64(i) / 2}


@requires_torch
def test_batch_size_none_yields_converted_items_like_torch():
    for dataset in (_Items(), make_ds(4)):
        ours = [_plain(x) for x in DataLoader(dataset, batch_size=None)]
        theirs = [_plain(x) for x in tud.DataLoader(dataset, batch_size=None)]
        assert ours == theirs
    assert (
        len(DataLoader(make_ds(7), batch_size=None))
        == len(tud.DataLoader(make_ds(7), batch_size=None))
        == 7
    )
    ours = DataLoader(make_ds(4), batch_size=None, collate_fn=lambda item: item[1] * 10)
    assert list(ours) == [0, 10, 20, 30]
    shuffled = [int(y) for _, y in DataLoader(make_ds(6), batch_size=None, shuffle=True, seed=0)]
    assert sorted(shuffled) == list(range(6))
    with pytest.raises(ValueError):
        tud.DataLoader(make_ds(), batch_size=None, drop_last=True)
    with pytest.raises(ValueError, match="drop_last must be False"):
        DataLoader(make_ds(), batch_size=None, drop_last=True)


@requires_torch
def test_default_convert_matches_torch():
    Point = namedtuple("Point", "x y")
    for item in [
        np.arange(3),
        np.float32(2.5),
        (np.ones(2), 1, "s"),
        [np.zeros(1), 2.0],
        {"a": np.int64(4), "b": "t"},
        Point(np.ones(1), 3),
        np.array(["u", "v"]),
    ]:
        ours, theirs = _plain(default_convert(item)), _plain(tud.default_convert(item))
        if isinstance(item, np.ndarray) and item.dtype.kind == "U":
            assert default_convert(item) is item and tud.default_convert(item) is item
            continue
        assert ours == theirs, item
