"""Normalisation modules against torch.nn: BatchNorm running statistics, LayerNorm,
GroupNorm and InstanceNorm2d, their errors and checkpoint loading."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch
from tests.nn._compare import compare, copy_to_torch, tol

DTYPES = [np.float64, np.float32]


tnn = torch.nn if torch is not None else None


def randn(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


TF = torch.nn.functional if torch is not None else None


@requires_torch
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


@requires_torch
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


@requires_torch
def test_layernorm_shape_error_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"normalized_shape=\[4\].*\(2, 3\)"):
        nn.LayerNorm(4)(ag.zeros(2, 3))


@requires_torch
@pytest.mark.parametrize(
    "shape,groups", [((2, 6, 5), 3), ((3, 4, 2, 3), 2), ((2, 4), 2), ((2, 6, 3, 2), 1)]
)
def test_group_norm_module_matches_torch(shape, groups):
    ours, theirs = nn.GroupNorm(groups, shape[1]), tnn.GroupNorm(groups, shape[1])
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.weight._data[...] = np.linspace(0.5, 1.5, shape[1])
    ours.bias._data[...] = np.linspace(-1, 1, shape[1])
    compare(ours, theirs, make_inputs([shape])[0])
    if np.prod(shape[1:]) // groups >= 4:  # tiny groups: float32 roundoff dominates
        compare(ours, theirs, make_inputs([shape])[0], dtype=np.float32)


@requires_torch
def test_group_norm_no_affine_repr_and_functional_gradcheck():
    ours, theirs = nn.GroupNorm(2, 4, eps=1e-3, affine=False), tnn.GroupNorm(2, 4, 1e-3, False)
    assert repr(ours) == repr(theirs) and list(ours.state_dict()) == []
    compare(ours, theirs, make_inputs([(2, 4, 3)])[0])
    check_op(
        lambda x, w, b: F.group_norm(x, 2, w, b, 1e-3),
        lambda x, w, b: TF.group_norm(x, 2, w, b, 1e-3),
        shapes=[(2, 4, 3), (4,), (4,)],
    )


@requires_torch
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"affine": True},
        {"track_running_stats": True},
        {"affine": True, "track_running_stats": True, "momentum": 0.3},
    ],
)
def test_instance_norm2d_matches_torch(kwargs):
    ours, theirs = nn.InstanceNorm2d(3, **kwargs), tnn.InstanceNorm2d(3, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    if ours.weight is not None:
        ours.weight._data[...] = [0.5, 1.0, 2.0]
        ours.bias._data[...] = [-1.0, 0.0, 1.0]
    for seed in range(2):  # training: running stats updated twice
        x = make_inputs([(2, 3, 4, 5)], rng=np.random.default_rng(seed))[0]
        compare(ours, theirs, x)
    ours.eval()
    theirs.eval()
    compare(ours, theirs, make_inputs([(2, 3, 4, 5)])[0])
    compare(ours, theirs, make_inputs([(3, 4, 5)])[0])  # unbatched


@requires_torch
def test_batchnorm_loads_a_checkpoint_without_num_batches_tracked_like_torch():
    # Older checkpoints lack the key; torch fills it in for a plain dict (no version
    # metadata), keeping the module's count, and reports nothing missing.
    ours = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
    ours.train()
    ours(ag.ones(4, 2))  # num_batches_tracked becomes 1
    state = {k: v for k, v in ours.state_dict().items() if k != "1.num_batches_tracked"}
    result = ours.load_state_dict(state)
    expected = theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    assert (
        (result.missing_keys, result.unexpected_keys)
        == (expected.missing_keys, expected.unexpected_keys)
        == ([], [])
    )
    assert int(ours[1].num_batches_tracked.item()) == 1
    with pytest.raises(RuntimeError, match='Missing key.*"1.running_var"'):
        ours.load_state_dict({k: v for k, v in state.items() if k != "1.running_var"})
