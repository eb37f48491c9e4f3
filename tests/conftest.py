"""Shared pytest configuration: every test starts from the same random seed."""

import numpy as np
import pytest

import autograd as ag


@pytest.fixture(autouse=True)
def _seed():
    ag.manual_seed(0)
    np.random.seed(0)
