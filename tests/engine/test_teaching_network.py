"""Step by step on a network: each phase's per-layer norms are torch's, stepping phase by
phase trains exactly as NetworkRun.step() does, and the vectors are projections onto the
run's plane."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.explain.vectors import optimizer_vectors
from optiviz.engine.landscape.directions import random_plane
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.config import RunConfig


def config(**changes: object) -> RunConfig:
    base: dict[str, object] = dict(
        problem="mlp",
        optimizer="Adam",
        lr=0.05,
        epochs=4,
        network=NetworkSpec(dataset="circles", hidden=(8,), samples=60),
    )
    base.update(changes)
    return RunConfig(**base)  # type: ignore[arg-type]


def grad_norms(run: NetworkRun) -> dict[str, float | None]:
    return {
        n: None if p.grad is None else float(torch.linalg.vector_norm(p.grad))
        for n, p in run.model.named_parameters()
    }


@pytest.mark.parametrize(
    "changes", [{}, {"batch_size": 16}, {"optimizer": "SGD", "hyper": {"momentum": 0.9}}]
)
def test_phase_by_phase_trains_as_step_does_bit_for_bit(changes):
    stepped = NetworkRun(config(**changes))
    phased = NetworkRun(config(**changes))
    stepper = PhaseStepper(phased)
    for _ in range(3 * stepped.steps_per_epoch):
        stepped.step()
        phases = []
        while True:
            record = stepper.next()
            assert record is not None
            phases.append(record.phase)
            if record.phase == "step":
                break
        assert phases == ["forward", "zero_grad", "backward", "step"]
        assert torch.equal(stepped.flat_params(), phased.flat_params())
        assert torch.equal(stepped.flat_grad(), phased.flat_grad())


def test_each_record_holds_torchs_norms_of_every_layer():
    run = NetworkRun(config())
    stepper = PhaseStepper(run)
    for _ in range(8):  # two steps, four phases each
        record = stepper.next()
        assert record is not None and record.layers is not None
        names = [name for name, _ in run.model.named_parameters()]
        assert [row.name for row in record.layers] == names
        expected = grad_norms(run)
        for row, (name, p) in zip(record.layers, run.model.named_parameters(), strict=True):
            assert row.shape == tuple(p.shape)
            assert row.param_norm == float(torch.linalg.vector_norm(p.detach()))
            assert row.grad_norm == expected[name]
        assert record.loss == pytest.approx(float(run.current_loss.item()))
        if record.phase == "zero_grad":
            assert all(row.grad_norm is None for row in record.layers)
        if record.phase == "backward":
            assert all(row.grad_changed and not row.param_changed for row in record.layers)
            assert all(row.grad_norm > 0 for row in record.layers)
        if record.phase == "step":
            assert all(row.param_changed and not row.grad_changed for row in record.layers)
    assert record.layers[0].name == "0.weight" and record.layers[0].shape == (8, 2)


def test_the_second_zero_grad_clears_the_first_backward():
    stepper = PhaseStepper(NetworkRun(config()))
    records = [stepper.next() for _ in range(6)]
    zero = records[5]
    assert zero is not None and zero.phase == "zero_grad" and zero.layers is not None
    assert all(r.grad_norm_before > 0 and r.grad_norm is None for r in zero.layers)


def test_without_zero_grad_the_gradients_add_up():
    run = NetworkRun(config(zero_grad=False, optimizer="SGD", lr=0.0))
    stepper = PhaseStepper(run)
    records = [stepper.next() for _ in range(7)]  # lr 0: both backward passes at one point
    first, zero, second = records[2], records[5], records[6]
    assert zero is not None and zero.zero_grad_skipped and zero.layers is not None
    assert all(not row.grad_changed for row in zero.layers)
    assert first is not None and second is not None
    assert first.layers is not None and second.layers is not None
    # the same gradient added to itself: exactly twice its norm, layer by layer
    for a, b in zip(first.layers, second.layers, strict=True):
        assert b.grad_norm == pytest.approx(2 * a.grad_norm, rel=1e-6)
        assert b.grad_norm_before == a.grad_norm
    single = NetworkRun(config(optimizer="SGD", lr=0.0))
    single.step()
    twice = 2 * single.flat_grad()
    torch.testing.assert_close(run.flat_grad(), twice)


def test_the_step_record_projects_the_update_and_gradient_on_the_plane():
    run = NetworkRun(config())
    run.step()
    run.set_plane(random_plane(run.model, torch.Generator().manual_seed(3)))
    stepper = PhaseStepper(run)
    before = run.flat_params().numpy().astype(np.float64)
    for _ in range(4):
        record = stepper.next()
    assert record is not None and record.phase == "step"
    after = run.flat_params().numpy().astype(np.float64)
    projector = run.projector
    np.testing.assert_allclose(record.update, projector.vectors((after - before)[None])[0])
    np.testing.assert_allclose(record.grad, projector.vectors(run.flat_grad().numpy()[None])[0])
    np.testing.assert_allclose(record.params, projector.points(after[None])[0])
    assert record.plane == "random" and not record.plane_changed
    run.set_plane(random_plane(run.model, torch.Generator().manual_seed(4)))
    record = stepper.next()
    assert record is not None and record.phase == "forward" and record.plane_changed


def test_network_vectors_are_the_projected_flat_vectors():
    run = NetworkRun(config(optimizer="SGD", hyper={"momentum": 0.9}))
    run.run(epochs=2)
    run.set_plane(random_plane(run.model, torch.Generator().manual_seed(1)))
    vectors = optimizer_vectors(run)
    assert set(vectors) == {"neg_grad", "update", "momentum"}
    projector = run.projector
    flat = run.flat_grad().numpy()
    np.testing.assert_allclose(vectors["neg_grad"].components, -projector.vectors(flat[None])[0])
    delta = run.path.latest().astype(np.float64) - run.path.at(1).astype(np.float64)
    np.testing.assert_allclose(vectors["update"].components, projector.vectors(delta[None])[0])
    state = run.optimizer.state
    buffers = [state[p]["momentum_buffer"].reshape(-1) for p in run.model.parameters()]
    momentum = torch.cat(buffers).numpy()
    np.testing.assert_allclose(
        vectors["momentum"].components, -projector.vectors(momentum[None])[0]
    )
    adam = NetworkRun(config())
    adam.step()
    assert set(optimizer_vectors(adam)) == {"neg_grad", "update", "first_moment"}
    assert set(optimizer_vectors(NetworkRun(config()))) == set()
