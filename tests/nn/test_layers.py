"""Every layer vs torch.nn with identical weights: forward, backward, float64 and float32."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, requires_torch, torch
from tests.nn._compare import compare, copy_to_torch, run_both, tol

pytestmark = requires_torch
DTYPES = [np.float64, np.float32]
tnn = torch.nn if torch is not None else None


def randn(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


# (our constructor, torch constructor, input shape)
ELEMENTWISE = [
    (lambda: nn.Linear(5, 3), lambda: tnn.Linear(5, 3), (4, 5)),
    (lambda: nn.Linear(5, 3), lambda: tnn.Linear(5, 3), (2, 4, 5)),
    (lambda: nn.Linear(5, 3, bias=False), lambda: tnn.Linear(5, 3, bias=False), (4, 5)),
    (lambda: nn.Identity(), lambda: tnn.Identity(), (3, 2)),
    (lambda: nn.Flatten(), lambda: tnn.Flatten(), (2, 3, 4, 5)),
    (lambda: nn.Flatten(0, 2), lambda: tnn.Flatten(0, 2), (2, 3, 4, 5)),
    (lambda: nn.Flatten(-2), lambda: tnn.Flatten(-2), (2, 3, 4)),
    (lambda: nn.ReLU(), lambda: tnn.ReLU(), (4, 6)),
    (lambda: nn.LeakyReLU(), lambda: tnn.LeakyReLU(), (4, 6)),
    (lambda: nn.LeakyReLU(0.2), lambda: tnn.LeakyReLU(0.2), (4, 6)),
    (lambda: nn.Tanh(), lambda: tnn.Tanh(), (4, 6)),
    (lambda: nn.Sigmoid(), lambda: tnn.Sigmoid(), (4, 6)),
    (lambda: nn.GELU(), lambda: tnn.GELU(), (4, 6)),
    (lambda: nn.GELU("tanh"), lambda: tnn.GELU("tanh"), (4, 6)),
    (lambda: nn.Softmax(dim=1), lambda: tnn.Softmax(dim=1), (4, 6)),
    (lambda: nn.Softmax(dim=0), lambda: tnn.Softmax(dim=0), (4, 6)),
    (lambda: nn.LogSoftmax(dim=-1), lambda: tnn.LogSoftmax(dim=-1), (2, 3, 6)),
    (lambda: nn.LayerNorm(6), lambda: tnn.LayerNorm(6), (4, 6)),
    (lambda: nn.LayerNorm((3, 6)), lambda: tnn.LayerNorm((3, 6)), (2, 3, 6)),
    (
        lambda: nn.LayerNorm(6, elementwise_affine=False),
        lambda: tnn.LayerNorm(6, elementwise_affine=False),
        (4, 6),
    ),
    (lambda: nn.LayerNorm(6, bias=False), lambda: tnn.LayerNorm(6, bias=False), (4, 6)),
    (lambda: nn.BatchNorm1d(6), lambda: tnn.BatchNorm1d(6), (8, 6)),
    (lambda: nn.BatchNorm1d(3), lambda: tnn.BatchNorm1d(3), (4, 3, 5)),
    (lambda: nn.BatchNorm2d(3), lambda: tnn.BatchNorm2d(3), (4, 3, 5, 5)),
    (lambda: nn.BatchNorm1d(6, affine=False), lambda: tnn.BatchNorm1d(6, affine=False), (8, 6)),
    (lambda: nn.BatchNorm1d(6, momentum=None), lambda: tnn.BatchNorm1d(6, momentum=None), (8, 6)),
    (
        lambda: nn.BatchNorm2d(3, track_running_stats=False),
        lambda: tnn.BatchNorm2d(3, track_running_stats=False),
        (4, 3, 2, 2),
    ),
    (lambda: nn.Dropout(0.0), lambda: tnn.Dropout(0.0), (4, 6)),
    (
        lambda: nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 2)),
        lambda: tnn.Sequential(tnn.Linear(5, 8), tnn.ReLU(), tnn.Linear(8, 2)),
        (4, 5),
    ),
    (
        lambda: nn.MLP([5, 8, 7, 2], activation=nn.Tanh),
        lambda: tnn.Sequential(
            tnn.Linear(5, 8), tnn.Tanh(), tnn.Linear(8, 7), tnn.Tanh(), tnn.Linear(7, 2)
        ),
        (4, 5),
    ),
]


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize(
    "make,make_torch,shape", ELEMENTWISE, ids=[f"{i}" for i in range(len(ELEMENTWISE))]
)
def test_layer_matches_torch_in_training_mode(make, make_torch, shape, dtype):
    ours, theirs = make(), make_torch()
    assert repr(ours).replace("MLP(", "Sequential(", 1) == repr(theirs)
    compare(ours, theirs, randn(*shape) * 2, dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize(
    "make,make_torch,shape",
    [
        (lambda: nn.BatchNorm1d(6), lambda: tnn.BatchNorm1d(6), (8, 6)),
        (lambda: nn.BatchNorm2d(3), lambda: tnn.BatchNorm2d(3), (4, 3, 5, 5)),
        (lambda: nn.Dropout(0.5), lambda: tnn.Dropout(0.5), (4, 6)),
        (
            lambda: nn.MLP([5, 8, 2], dropout=0.3),
            lambda: tnn.Sequential(
                tnn.Linear(5, 8), tnn.ReLU(), tnn.Dropout(0.3), tnn.Linear(8, 2)
            ),
            (4, 5),
        ),
    ],
)
def test_layer_matches_torch_in_eval_mode(make, make_torch, shape, dtype):
    ours, theirs = make().eval(), make_torch().eval()
    if isinstance(ours, nn.BatchNorm1d | nn.BatchNorm2d):  # non-trivial running statistics
        ours.running_mean._data[...] = np.arange(ours.num_features) * 0.1
        ours.running_var._data[...] = 1 + np.arange(ours.num_features) * 0.5
    compare(ours, theirs, randn(*shape), dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("momentum", [0.1, 0.5, None])
def test_batchnorm_running_stats_follow_torch_over_several_steps(dtype, momentum):
    ours, theirs = nn.BatchNorm2d(3, momentum=momentum), tnn.BatchNorm2d(3, momentum=momentum)
    ours.to(dtype)
    theirs.to(getattr(torch, np.dtype(dtype).name))
    copy_to_torch(ours, theirs)
    for step in range(4):
        x = randn(5, 3, 4, 4, seed=step) * (step + 1) + step
        out = ours(ag.Tensor(x.astype(dtype)))
        tout = theirs(torch.tensor(x.astype(dtype)))
        assert_close(out, tout, **tol(dtype))
    for name in ("running_mean", "running_var"):
        assert_close(getattr(ours, name), getattr(theirs, name), what=name, **tol(dtype))
        assert getattr(ours, name).dtype == dtype
    assert int(ours.num_batches_tracked.item()) == int(theirs.num_batches_tracked) == 4
    ours.eval()
    theirs.eval()
    x = randn(2, 3, 4, 4, seed=9)
    assert_close(
        ours(ag.Tensor(x.astype(dtype))), theirs(torch.tensor(x.astype(dtype))), **tol(dtype)
    )


def test_batchnorm_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D"):
        nn.BatchNorm1d(3)(ag.zeros(2, 3, 4, 4))
    with pytest.raises(ValueError, match=r"expected 4D input \(got 2D"):
        nn.BatchNorm2d(3)(ag.zeros(2, 3))
    with pytest.raises(RuntimeError, match=r"BatchNorm1d\(3\).*\(4, 5\).*5 channels"):
        nn.BatchNorm1d(3)(ag.zeros(4, 5))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(ag.zeros(1, 3))
    nn.BatchNorm1d(3).eval()(ag.zeros(1, 3))  # a single sample is fine in eval mode


def test_layernorm_shape_error_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"normalized_shape=\[4\].*\(2, 3\)"):
        nn.LayerNorm(4)(ag.zeros(2, 3))


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("padding_idx", [None, 1, -1])
def test_embedding_matches_torch_with_repeated_indices(dtype, padding_idx):
    ours = nn.Embedding(6, 4, padding_idx=padding_idx)
    theirs = tnn.Embedding(6, 4, padding_idx=padding_idx)
    assert repr(ours) == repr(theirs)
    idx = np.array([[1, 2, 1], [5, 1, 0]], dtype=np.int64)
    xa, xt, out, tout = run_both(ours, theirs, idx, dtype)
    assert_close(out, tout, **tol(dtype))
    assert_close(ours.weight.grad, theirs.weight.grad, **tol(dtype))
    if padding_idx is not None:
        assert not ours.weight.grad._data[padding_idx % 6].any()
        assert not ours.weight._data[padding_idx % 6].any()  # zeroed at init, as torch


def test_embedding_errors_and_from_pretrained():
    emb = nn.Embedding(5, 2)
    with pytest.raises(IndexError, match=r"index 5 is out of range.*5 rows"):
        emb(ag.tensor([0, 5]))
    with pytest.raises(IndexError, match=r"index -1 is out of range"):
        emb(ag.tensor([-1]))
    with pytest.raises(RuntimeError, match="integer tensor.*float32"):  # torch's type too
        emb(ag.tensor([0.0]))
    assert emb(ag.tensor(np.array([1, 4], np.int32))).shape == (2, 2)  # int32, as torch
    pre = nn.Embedding.from_pretrained([[1.0, 2.0], [3.0, 4.0]])
    assert not pre.weight.requires_grad
    assert pre(ag.tensor([1])).tolist() == [[3.0, 4.0]]


def test_embedding_default_init_is_standard_normal():
    w = nn.Embedding(1000, 100).weight._data
    assert w.dtype == np.float32
    assert abs(w.mean()) < 0.01 and abs(w.std() - 1) < 0.01


# -- dropout ---------------------------------------------------------------------------


def test_dropout_training_zeroes_and_rescales():
    drop = nn.Dropout(0.3)
    x = ag.ones(200, 500, requires_grad=True)
    y = drop(x)
    kept = y._data != 0
    assert abs(1 - kept.mean() - 0.3) < 0.01
    np.testing.assert_allclose(y._data[kept], 1 / 0.7, rtol=1e-6)
    assert y.dtype == np.float32
    y.sum().backward()
    np.testing.assert_allclose(x.grad._data, kept / 0.7, rtol=1e-6)


def test_dropout_is_reproducible_with_manual_seed_and_identity_in_eval():
    ag.manual_seed(3)
    a = nn.Dropout(0.5)(ag.ones(100))._data
    ag.manual_seed(3)
    b = nn.Dropout(0.5)(ag.ones(100))._data
    np.testing.assert_array_equal(a, b)
    x = ag.randn(5, 5)
    assert nn.Dropout(0.9).eval()(x) is x
    assert not F.dropout(ag.ones(4), p=1.0)._data.any()


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_dropout_rejects_bad_probability(p):
    with pytest.raises(ValueError, match=f"between 0 and 1, but got {p}"):
        nn.Dropout(p)
    with pytest.raises(ValueError, match=f"between 0 and 1, but got {p}"):
        F.dropout(ag.ones(2), p)


# -- linear ----------------------------------------------------------------------------


def test_linear_with_wrong_feature_count_names_both():
    with pytest.raises(RuntimeError, match=r"in_features=784.*got 100"):
        nn.Linear(784, 10)(ag.zeros(32, 100))


def test_linear_default_init_matches_torch_bounds():
    lin = nn.Linear(400, 300)
    bound = 1 / np.sqrt(400)
    for p in (lin.weight._data, lin.bias._data):
        assert p.dtype == np.float32
        assert np.abs(p).max() <= bound
        assert np.abs(p).max() > 0.95 * bound  # really spread over U(-bound, bound)
    # U(-b, b) has std b / sqrt(3)
    assert abs(lin.weight._data.std() - bound / np.sqrt(3)) < 0.01 * bound


# -- gradcheck of composite layers in float64 -----------------------------------------


def test_gradcheck_layer_norm():
    x, w, b = (
        ag.Tensor(randn(*s, seed=i), requires_grad=True) for i, s in enumerate([(3, 4), (4,), (4,)])
    )
    assert ag.gradcheck(lambda x, w, b: F.layer_norm(x, 4, w, b), [x, w, b])


def test_gradcheck_batch_norm_training():
    x, w, b = (
        ag.Tensor(randn(*s, seed=i), requires_grad=True)
        for i, s in enumerate([(5, 3, 2), (3,), (3,)])
    )
    assert ag.gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [x, w, b])


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gradcheck_gelu(approximate):
    x = ag.Tensor(randn(4, 5) * 3, requires_grad=True)
    assert ag.gradcheck(lambda t: F.gelu(t, approximate=approximate), [x])


def test_gradcheck_leaky_relu_and_logsigmoid():
    x = ag.Tensor(randn(4, 5) * 3, requires_grad=True)
    assert ag.gradcheck(lambda t: F.leaky_relu(t, 0.1), [x])
    assert ag.gradcheck(F.logsigmoid, [x])


def test_functional_batch_norm_updates_given_running_stats():
    rm, rv = ag.zeros(3), ag.ones(3)
    x = randn(6, 3)
    F.batch_norm(ag.Tensor(x), rm, rv, training=True, momentum=0.1)
    trm, trv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    torch.nn.functional.batch_norm(torch.tensor(x), trm, trv, training=True, momentum=0.1)
    assert_close(rm, trm, rtol=1e-6)
    assert_close(rv, trv, rtol=1e-6)


@requires_torch
@pytest.mark.parametrize(
    "training,given",
    [(True, "mean"), (True, "var"), (False, "mean"), (False, "var"), (False, "none")],
)
def test_functional_batch_norm_missing_running_stats_raise_like_torch(training, given):
    x = np.random.default_rng(0).standard_normal((4, 3))
    stats = {"mean": (np.zeros(3), None), "var": (None, np.ones(3)), "none": (None, None)}[given]
    with pytest.raises(Exception) as theirs:
        torch.nn.functional.batch_norm(
            torch.tensor(x),
            *[None if s is None else torch.tensor(s) for s in stats],
            training=training,
        )
    with pytest.raises(theirs.type):
        F.batch_norm(
            ag.Tensor(x), *[None if s is None else ag.Tensor(s) for s in stats], training=training
        )


@requires_torch
def test_functional_activations_accept_torchs_inplace_keyword():
    x = np.random.default_rng(0).standard_normal((3, 4))
    xa = ag.Tensor(x, requires_grad=True)
    out = F.relu(xa, inplace=True) + F.leaky_relu(xa, 0.2, inplace=True)
    tx = torch.tensor(x, requires_grad=True)
    expected = torch.nn.functional.relu(tx.clone(), inplace=True) + torch.nn.functional.leaky_relu(
        tx.clone(), 0.2, inplace=True
    )
    assert_close(out, expected)
    out.sum().backward()
    expected.sum().backward()
    assert_close(xa.grad, tx.grad)
    assert_close(xa, x)  # "in place" still leaves the input alone here


@requires_torch
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_functional_softmax_dim_none_and_dtype_as_torch(name):
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    ours, theirs = getattr(F, name), getattr(torch.nn.functional, name)
    with pytest.warns(UserWarning, match="implicit choice of dim"):
        out = ours(ag.Tensor(x))
    with pytest.warns(UserWarning):
        expected = theirs(torch.tensor(x))
    assert_close(out, expected)
    xa = ag.Tensor(x.astype(np.float32), requires_grad=True)
    out = ours(xa, dim=-1, dtype=np.float64)
    tx = torch.tensor(x.astype(np.float32), requires_grad=True)
    expected = theirs(tx, dim=-1, dtype=torch.float64)
    assert out.dtype == np.float64
    assert_close(out, expected, rtol=1e-6)
    up = np.random.default_rng(1).standard_normal(out.shape)
    out.backward(ag.Tensor(up))
    expected.backward(torch.tensor(up))
    assert xa.grad.dtype == np.float32
    assert_close(xa.grad, tx.grad, rtol=1e-5, atol=1e-6)


@requires_torch
def test_dropout_in_eval_is_the_identity_for_any_dtype_and_refuses_integers_in_training():
    for lib_dropout, values in (
        (nn.Dropout(0.5), ag.tensor([1, 2])),
        (torch.nn.Dropout(0.5), torch.tensor([1, 2])),
    ):
        out = lib_dropout.eval()(values)
        assert str(out.dtype).replace("torch.", "") == "int64"
        assert out.tolist() == [1, 2]
        with pytest.raises(RuntimeError):
            lib_dropout.train()(values)
