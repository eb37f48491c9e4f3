"""examples/benchmark.py: its pieces run on tiny inputs and measure the same work three ways.

No timing is asserted here (the machine is shared); what is asserted is that
the implementations being timed do identical work, and that the MET / NOT MET
verdicts follow the issue's targets.
"""

import benchmark
import mnist
import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch


@pytest.fixture(scope="module")
def mnist_slice():
    return benchmark.load_mnist(192)


def test_configs_are_the_issue_s_four():
    sizes = [c.sizes for c in benchmark.CONFIGS]
    assert sizes == [(784, 128, 10), (784, 256, 128, 10), (784, 512, 256, 10), None]
    assert [(c.optimizer, c.lr, c.batch_size) for c in benchmark.CONFIGS] == [
        ("sgd", 0.1, 64),
        ("adam", 1e-3, 128),
        ("sgd", 0.1, 256),
        ("adam", 1e-3, 128),
    ]


def test_data_is_float32_and_identical_for_every_run(mnist_slice):
    x, y = mnist_slice
    again_x, again_y = benchmark.load_mnist(192)
    assert x.shape == (192, 784) and x.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_array_equal(x, again_x)
    np.testing.assert_array_equal(y, again_y)


@pytest.mark.parametrize("config", [0, 1])
def test_the_implementations_train_identically(mnist_slice, config):
    x, y = mnist_slice
    run = benchmark.bench_training(
        benchmark.CONFIGS[config], x, y, rounds=2, use_torch=torch is not None
    )
    results = run["results"]
    assert set(results) >= {"library", "numpy"}
    expected = np.array(results["numpy"]["losses"])
    assert expected[1] < expected[0]  # the second epoch starts from trained weights
    for name, r in results.items():
        assert len(r["times_s"]) == 2 and r["median_s"] > 0
        np.testing.assert_allclose(r["losses"], expected, rtol=1e-4, err_msg=name)


@requires_torch
def test_cnn_twin_is_the_mnist_example_architecture(mnist_slice):
    cfg = benchmark.CONFIGS[3]
    ag.manual_seed(0)
    ours = mnist.build_model("cnn")
    twin = benchmark.torch_model(cfg, ours.state_dict())
    x = mnist_slice[0][:4].reshape(4, 1, 28, 28)
    with ag.no_grad(), torch.no_grad():
        np.testing.assert_allclose(
            ours(ag.tensor(x))._data, twin(torch.from_numpy(x)).numpy(), rtol=1e-4, atol=1e-5
        )
    run = benchmark.bench_training(cfg, *(a[:64] for a in mnist_slice), rounds=1, use_torch=True)
    lib, th = run["results"]["library"]["losses"], run["results"]["torch"]["losses"]
    np.testing.assert_allclose(lib, th, rtol=1e-4)


def test_per_op_chain_reports_microseconds_per_op():
    result = benchmark.bench_per_op(8, n_ops=9, repeats=2, use_torch=torch is not None)
    assert {"library", "numpy forward"} <= set(result)
    assert all(v > 0 for v in result.values())


def test_long_chain_backpropagates_and_measures_memory():
    result = benchmark.chain_1m(2000)
    assert result["grad"] == 1.0  # d/dx of x * 1.0 * ... * 1.0
    assert result["ops"] == 2000 and result["backward_s"] > 0
    assert result["peak_bytes_per_node"] >= 0


def test_training_child_reports_rss_per_epoch():
    result = benchmark.in_child("train", "numpy", "0", "2", "--limit", "128")
    assert result["impl"] == "numpy" and len(result["rss_per_epoch"]) == 2
    assert result["peak_rss"] >= max(result["rss_per_epoch"]) > 10 * benchmark.MB


def test_child_failure_is_reported_with_its_stderr():
    with pytest.raises(RuntimeError, match="benchmark child train nope 0 1 failed"):
        benchmark.in_child("train", "nope", "0", "1")


def _fake_results(lib, numpy_s, torch_s, op64, op8, chain_s, per_node, rss_lib, rss_np, flat):
    mb = benchmark.MB
    training = [
        {
            "config": {"name": "mlp"},
            "results": {
                "library": {"median_s": lib},
                "numpy": {"median_s": numpy_s},
                "torch": {"median_s": torch_s},
            },
        },
        {
            "config": {"name": "cnn"},
            "results": {"library": {"median_s": lib}, "torch": {"median_s": torch_s}},
        },
    ]
    return {
        "training": training,
        "per_op": {"64": {"library": op64, "torch": 1.0}, "8": {"library": op8, "torch": 1.0}},
        # the target is forward + backward; half each, so a 12 s chain fails on the sum alone
        "chain": {
            "ops": 1_000_000,
            "forward_s": chain_s / 2,
            "backward_s": chain_s / 2,
            "peak_bytes_per_node": per_node,
        },
        "memory": [
            {
                "impl": "library",
                "config": 0,
                "peak_rss": rss_lib * mb,
                "rss_per_epoch": [v * mb for v in flat],
            },
            {"impl": "numpy", "config": 0, "peak_rss": rss_np * mb, "rss_per_epoch": [rss_np * mb]},
        ],
    }


def _statuses(res):
    return [row["status"] for row in benchmark.evaluate(res)]


def test_targets_all_met():
    res = _fake_results(1.1, 1.0, 1.2, 0.9, 1.4, 3.0, 900, 300, 260, [290, 299, 300, 301])
    assert _statuses(res) == ["MET"] * 9


def test_targets_each_missed():
    res = _fake_results(1.2, 1.0, 0.7, 1.1, 1.6, 12.0, 2000, 320, 260, [290, 299, 320, 330])
    assert _statuses(res) == ["NOT MET"] * 9


def test_targets_without_torch_are_skipped():
    res = _fake_results(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1, 1, 1, [1, 1])
    for run in res["training"]:
        del run["results"]["torch"]
    for op in res["per_op"].values():
        del op["torch"]
    rows = benchmark.evaluate(res)
    skipped = [r["target"] for r in rows if r["status"] == "SKIPPED"]
    assert len(skipped) == 4 and all("PyTorch" in s for s in skipped)


def test_report_lists_every_target():
    res = _fake_results(1.1, 1.0, 1.2, 0.9, 1.4, 3.0, 900, 300, 260, [290, 299, 300, 301])
    for run in res["training"]:
        run["images"] = 100
        for r in run["results"].values():
            r["losses"] = [0.5]
    res["chain"].update(graph_bytes_per_node=800)
    res["machine"] = {"cpus": 2}
    res["gemm_flops"] = 100e9
    res["targets"] = benchmark.evaluate(res)
    text = benchmark.report(res)
    assert text.count(" MET") == 9 and "NOT MET" not in text
    assert "100 GFLOP/s" in text and f"{0.245:8.3f} s" in text  # 24.5 GFLOP for config 1


def test_floor_counts_the_products_the_reference_computes():
    # forward and weight gradient for both layers, input gradient for the second only
    per_image = 2 * 784 * 128 * 2 + 2 * 128 * 10 * 3
    assert benchmark.mlp_flops((784, 128, 10), 60_000) == per_image * 60_000
    assert benchmark.gemm_rate(n=64, repeats=3) > 0


@requires_torch
@pytest.mark.parametrize("model", ["gpt", "lstm"])
def test_sequence_models_train_identically_in_both_libraries(model):
    cfg = benchmark.SeqConfig(f"tiny {model}", model, 2, 2, 16, 8, 3)
    run = benchmark.bench_sequence(cfg, iters=6, chunk=2, use_torch=True, eval_batches=2)
    r = run["results"]
    assert set(r) == {"library", "torch"} and run["iters"] == 6
    np.testing.assert_allclose(r["library"]["losses"], r["torch"]["losses"], rtol=2e-4)
    assert abs(r["library"]["val_loss"] - r["torch"]["val_loss"]) < 1e-3
    assert all(v["s_per_iter"] > 0 for v in r.values())
    rows = benchmark.sequence_targets([run])
    assert [row["status"] for row in rows][1] == "MET"
    assert "tiny " + model in "\n".join(benchmark.sequence_report([run]))
