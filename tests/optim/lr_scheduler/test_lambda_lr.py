"""LambdaLR and MultiplicativeLR: state dicts leave functions out and keep callable objects,
and the lambdas must be callable."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import optim
from optim import lr_scheduler
from tests.optim.lr_scheduler._schedulers import _make, _opt


def _params():
    return [ag.Tensor(np.ones(2, np.float32), requires_grad=True) for _ in range(2)]


def _build(name, kwargs):
    p, q = _params()
    opt = optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)
    return opt, getattr(lr_scheduler, name)(opt, **kwargs)


def test_lambda_state_dict_omits_functions_but_keeps_callable_objects():
    class Warmup:
        def __init__(self):
            self.scale = 2.0

        def __call__(self, epoch):
            return self.scale * min(1.0, (epoch + 1) / 3)

    warm = Warmup()
    opt, sched = _build("LambdaLR", {"lr_lambda": [lambda e: 0.5**e, warm]})
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"scale": 2.0}]
    warm.scale = 5.0
    sched.load_state_dict(sd)
    assert warm.scale == 2.0
    assert sd["lr_lambdas"] == [None, {"scale": 2.0}]  # loading does not consume the dict


def test_multiplicative_state_dict_keeps_callable_objects():
    opt = _opt(optim)
    sched = _make(optim, "MultiplicativeLR-list", opt)
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"factor": 0.97}]
    sd["lr_lambdas"][1]["factor"] = 0.5
    sched.load_state_dict(sd)
    assert sched.lr_lambdas[1].factor == 0.5


def test_multiplicative_lambda_must_be_callable():
    with pytest.raises(TypeError, match="lr_lambda should be a function, but got int"):
        lr_scheduler.MultiplicativeLR(_opt(optim), [lambda e: 1.0, 3])
