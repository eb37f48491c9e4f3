"""ag.multinomial: torch's shapes, dtype, errors and sampling distribution."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import TORCH_MISSING

torch = pytest.importorskip("torch", reason=TORCH_MISSING)


@pytest.mark.parametrize("replacement", [True, False])
@pytest.mark.parametrize("shape", [(5,), (3, 5)])
def test_shape_and_dtype_as_torch(replacement, shape):
    w = np.random.default_rng(0).random(shape) + 0.1
    ours = ag.multinomial(ag.tensor(w), 4, replacement)
    theirs = torch.multinomial(torch.tensor(w), 4, replacement)
    assert ours.shape == tuple(theirs.shape) and ours.dtype == np.int64
    assert ours.requires_grad is False


def test_frequencies_follow_the_weights_with_replacement():
    ag.manual_seed(0)
    w = np.array([1.0, 2.0, 0.0, 7.0])
    draws = ag.multinomial(ag.tensor(w), 40_000, replacement=True).numpy()
    freq = np.bincount(draws, minlength=4) / draws.size
    np.testing.assert_allclose(freq, w / w.sum(), atol=0.01)
    assert freq[2] == 0.0


def test_without_replacement_draws_distinct_categories_in_sequence():
    ag.manual_seed(1)
    w = ag.tensor([[1.0, 2.0, 7.0]] * 6000)
    draws = ag.multinomial(w, 2).numpy()
    assert (draws[:, 0] != draws[:, 1]).all()
    # first draw ~ w; second, given first = 2 (p 0.7): 1 with probability 2/3
    np.testing.assert_allclose(np.bincount(draws[:, 0]) / 6000, [0.1, 0.2, 0.7], atol=0.02)
    second = draws[draws[:, 0] == 2, 1]
    assert abs((second == 1).mean() - 2 / 3) < 0.03
    assert sorted(ag.multinomial(ag.tensor([0.0, 1.0, 3.0]), 2).tolist()) == [1, 2]
    # as torch: zero-weight categories are drawn once the others are exhausted
    assert (
        ag.multinomial(ag.tensor([1.0, 0.0, 0.0]), 2).tolist()
        == torch.multinomial(torch.tensor([1.0, 0.0, 0.0]), 2).tolist()
    )


def test_seeded_draws_repeat():
    ag.manual_seed(5)
    a = ag.multinomial(ag.tensor([0.2, 0.3, 0.5]), 10, True).tolist()
    ag.manual_seed(5)
    assert ag.multinomial(ag.tensor([0.2, 0.3, 0.5]), 10, True).tolist() == a


@pytest.mark.parametrize(
    ("weights", "n", "replacement", "message"),
    [
        (np.ones((2, 2, 2)), 1, True, "prob_dist must be 1 or 2 dim"),
        (np.array([1.0, -1.0]), 1, True, "element < 0"),
        (np.array([1.0, np.nan]), 1, True, "`inf`, `nan`"),
        (np.zeros(3), 1, True, r"sum of probabilities <= 0"),
        (np.ones(3), 4, False, "cannot sample n_sample > prob_dist.size"),
        (np.ones(3), 0, True, "cannot sample n_sample <= 0"),
        (np.array([1, 2]), 1, True, "floating-point dtypes"),
    ],
)
def test_errors_as_torch(weights, n, replacement, message):
    with pytest.raises(RuntimeError, match=message):
        ag.multinomial(ag.tensor(weights), n, replacement)
    if "floating" not in message:  # torch raises the same kind of error
        with pytest.raises(RuntimeError):
            torch.multinomial(torch.tensor(weights), n, replacement)
