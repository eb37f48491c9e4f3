"""``autograd.utils``: torch's ``torch.utils`` spellings."""

import autograd as ag
import data


def test_torch_utils_data_spelling_leads_to_the_data_package():
    """``import autograd as torch`` keeps ``torch.utils.data.DataLoader`` working."""
    assert ag.utils.data.DataLoader is data.DataLoader
    assert ag.utils.data.TensorDataset is data.TensorDataset
    assert set(data.__all__) <= set(dir(ag.utils.data))
