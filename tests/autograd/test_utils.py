"""``autograd.utils``: torch's ``torch.utils`` spellings."""

import autograd as ag
import data


def test_torch_utils_data_spelling_leads_to_the_data_package():
    """``import autograd as torch`` keeps ``torch.utils.data.DataLoader`` working."""
    assert ag.utils.data.DataLoader is data.DataLoader
    assert ag.utils.data.TensorDataset is data.TensorDataset
    assert set(data.__all__) <= set(dir(ag.utils.data))


def test_torch_nn_and_optim_spellings_lead_to_the_packages():
    """``fc = torch.nn.Linear(3, 1)`` in a script's body runs after ``import autograd as torch``."""
    import nn
    import optim

    assert ag.nn is nn and ag.nn.Linear is nn.Linear and ag.nn.functional is nn.functional
    assert ag.optim is optim and ag.optim.lr_scheduler.StepLR is optim.lr_scheduler.StepLR
    try:
        ag.no_such_name  # noqa: B018
    except AttributeError as e:
        assert "no_such_name" in str(e)
    else:
        raise AssertionError("ag.no_such_name did not raise AttributeError")
