"""A network run's protocol: phases, the plane's coordinates, accuracy, edits, divergence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn.utils import parameters_to_vector

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.config import RunConfig
from tests.engine.networks.plain_training import plain_data


def run_of(**changes: object) -> NetworkRun:
    base: dict[str, object] = dict(problem="mlp", optimizer="SGD", lr=0.5, epochs=5)
    base.update(changes)
    return NetworkRun(RunConfig(**base))  # type: ignore[arg-type]


def test_phases_are_the_tutorials_order():
    run = run_of(clip_grad_norm=1.0)
    names = [run.step_phase() for _ in range(5)]
    assert names == ["forward", "zero_grad", "backward", "clip", "step"]
    assert run.steps == 1 and run.epoch == 1


def test_default_plane_is_the_first_two_weights_moved_from_the_start():
    run = run_of(batch_size=40).run()
    rows = run.path.rows()
    assert np.array_equal(run.history.params, (rows[1:, :2] - rows[0, :2]).astype(np.float64))
    assert run.history.start.tolist() == [0.0, 0.0]
    assert run.params().tolist() == run.history.params[-1].tolist()


@dataclass(frozen=True)
class Plane:
    anchor: torch.Tensor
    d1: torch.Tensor
    d2: torch.Tensor


def test_set_plane_reprojects_every_row_by_least_squares():
    run = run_of(epochs=6, batch_size=50).run()
    rows = run.path.rows().astype(np.float64)
    size = rows.shape[1]
    generator = torch.Generator().manual_seed(0)
    plane = Plane(
        torch.from_numpy(rows[-1]).float(),
        torch.randn(size, generator=generator),
        torch.randn(size, generator=generator),
    )
    losses, epoch_loss = run.history.loss.copy(), run.history.epoch_loss.copy()
    run.set_plane(plane)
    basis = np.stack([plane.d1.double().numpy(), plane.d2.double().numpy()], axis=1)
    expected = np.linalg.lstsq(basis, (rows - plane.anchor.double().numpy()).T, rcond=None)[0].T
    assert np.allclose(run.history.trajectory(), expected, atol=1e-9)
    assert np.allclose(run.history.trajectory()[-1], 0.0, atol=1e-9)  # the anchor is the end
    assert np.array_equal(run.history.loss, losses)
    assert np.array_equal(run.history.epoch_loss, epoch_loss)
    run.set_epochs(7)
    run.run()  # new steps land on the same plane
    last = np.linalg.lstsq(basis, run.path.latest() - plane.anchor.double().numpy(), rcond=None)
    assert np.allclose(run.history.params[-1], last[0], atol=1e-9)


def test_accuracy_equals_a_direct_computation():
    spec = NetworkSpec(dataset="gauss", hidden=(5,))
    run = run_of(network=spec, epochs=3, optimizer="Adam", lr=0.05, batch_size=64).run()
    with torch.no_grad():
        train = (run.model(run.split.train_x).argmax(1) == run.split.train_y).sum().item()
        test = (run.model(run.split.test_x).argmax(1) == run.split.test_y).sum().item()
        test_loss = nn.CrossEntropyLoss()(run.model(run.split.test_x), run.split.test_y)
    assert run.accuracy.train[-1] == train / 160
    assert run.accuracy.test[-1] == test / 40
    assert run.metrics.test_loss[-1] == float(test_loss)
    assert len(run.accuracy.train) == 3 and 0 < run.accuracy.test[0] <= 1


def test_binary_accuracy_reads_logits_above_zero():
    run = run_of(epochs=2).run()
    x, y, tx, ty = plain_data("circles", 200, labels="binary")
    assert torch.equal(run.split.train_x, x) and torch.equal(run.split.train_y, y)
    assert torch.equal(run.split.test_x, tx) and torch.equal(run.split.test_y, ty)
    with torch.no_grad():
        right = ((run.model(tx)[:, 0] > 0).float() == ty[:, 0]).sum().item()
    assert run.accuracy.test[-1] == right / 40


def test_forgetting_zero_grad_accumulates_as_pytorch_does():
    run = run_of(zero_grad=False, lr=0.05, epochs=3).run()
    x, y, _, _ = plain_data("circles", 200, labels="binary")
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(3):
        loss = nn.BCEWithLogitsLoss()(model(x), y)
        loss.backward()  # no zero_grad: the gradients add up
        optimizer.step()
        losses.append(loss.item())
    assert run.history.loss.tolist() == losses
    assert torch.equal(run.flat_params(), parameters_to_vector(model.parameters()).detach())


def test_clipping_covers_every_parameter():
    run = run_of(clip_grad_norm=0.01, epochs=1).run()
    norms = run.layer_grad_norms()  # torch scales by 0.01 / (norm + 1e-6): all layers at once
    assert sum(n**2 for n in norms.values()) ** 0.5 == pytest.approx(0.01, rel=1e-4)
    grad = run.flat_grad().double().numpy()
    assert np.allclose(run.history.grad[0], grad[:2])  # the default plane's gradient


def test_set_hyper_and_set_epochs():
    run = run_of(optimizer="SGD", hyper={"momentum": 0.9}, epochs=2).run()
    assert run.done
    run.set_epochs(4)
    run.set_hyper("momentum", 0.5)
    run.set_hyper("lr", 0.1)
    assert run.optimizer.param_groups[0]["momentum"] == 0.5
    run.run()
    assert run.epoch == 4 and run.history.lr.tolist() == [0.5, 0.5, 0.1, 0.1]


def test_divergence_stops_with_finite_parameters():
    spec = NetworkSpec(dataset="sine", hidden=(4,))
    run = run_of(network=spec, lr=1000.0, hyper={"momentum": 0.99}, epochs=200).run()
    assert run.status == "diverged" and run.diverged_at is not None
    assert run.steps < 20 and run.diverged_at == run.steps + 1
    assert run.divergence_reason in ("the loss is inf", "the loss is nan")
    assert torch.isfinite(run.flat_params()).all()
    assert len(run.path) == run.steps + 1


def test_iterating_yields_epochs_and_records_per_step_losses():
    run = run_of(batch_size=32, epochs=3)
    assert list(run) == [1, 2, 3]
    assert run.steps == 15 and len(run.history.epoch_loss) == 3
    losses = run.history.loss
    assert run.history.epoch_loss[0] == sum(losses[:5].tolist()) / 5


def torch_optimizers() -> list[str]:
    from optiviz.engine.catalogue.optimizers import optimizer_catalogue

    return sorted(optimizer_catalogue())


@pytest.mark.parametrize("name", torch_optimizers())
def test_every_torch_optimizer_trains_a_network_or_is_refused_clearly(name):
    config = RunConfig(problem="mlp", optimizer=name, lr=0.01, epochs=1, batch_size=80)
    try:
        run = NetworkRun(config)
    except ConfigError as err:  # Muon's 2-D parameters, SparseAdam's sparse gradients
        assert err.field == ("optimizer",) and name in str(err)
        return
    before = run.flat_params()
    run.run()
    assert run.status == "finished" and run.steps == 2
    assert not torch.equal(before, run.flat_params())
