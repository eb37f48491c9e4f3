"""Shared pytest configuration: every test starts from the same random seed, and a test
skips only for the reasons ``tests/skip_policy.py`` allows."""

import numpy as np
import pytest

import autograd as ag

pytest_plugins = ["tests.skip_policy"]


@pytest.fixture(autouse=True)
def _seed():
    ag.manual_seed(0)
    np.random.seed(0)
