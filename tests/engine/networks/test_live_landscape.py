"""The worker's landscape of network runs: the plane, the re-projected paths, the budget, and
training that is the same with the landscape on and off."""

from __future__ import annotations

import time

import numpy as np
import torch

from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.commands import SetDirections
from optiviz.engine.worker.live_landscape import BUDGET, LiveLandscape
from optiviz.engine.worker.session import PLAY, Session, apply_update, cmd_seek


def config(**changes: object) -> RunConfig:
    base = RunConfig(
        problem=NETWORK_PROBLEM,
        network=NetworkSpec(samples=120),
        optimizer="Adam",
        lr=0.02,
        epochs=60,
    )
    return base.copy(**changes)


def play(session: Session, state=None):
    state = apply_update(state, session.update())
    session.handle(PLAY)
    while session.playing:
        session.advance(0.005)
        if session.dirty:
            state = apply_update(state, session.update())
    return settle(session, state)


def settle(session: Session, state):
    """Publish until the landscape shows where the runs stopped (once its budget allows)."""
    while session.dirty or (
        session.landscape is not None and session.landscape.stale(session.runs)
    ):
        if session.dirty:
            state = apply_update(state, session.update())
        else:
            time.sleep(0.005)
    return state


def test_training_is_bit_identical_with_the_landscape_on_and_off():
    configs = [config(batch_size=16), config(optimizer="SGD", lr=0.3, hyper={"momentum": 0.9})]
    session = Session(configs)
    play(session)
    assert session.landscape is not None and session.landscape.version >= 2
    for run, cfg in zip(session.runs, configs, strict=True):
        alone = NetworkRun(cfg).run()
        assert isinstance(run, NetworkRun)
        assert torch.equal(run.flat_params(), alone.flat_params())
        np.testing.assert_array_equal(run.history.loss, alone.history.loss)
        np.testing.assert_array_equal(run.metrics.rows(), alone.metrics.rows())
    # the global generator is where training alone leaves it: the landscape drew nothing
    fresh = NetworkRun(config())  # building a run seeds the generator, as the plain script does
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    LiveLandscape("random").refresh([fresh])
    assert torch.equal(torch.rand(3), expected)


def test_the_mirror_draws_every_path_on_the_published_plane():
    session = Session([config(), config(optimizer="RMSprop", lr=0.01)])
    state = play(session)
    view = state.landscape
    assert view is not None and view.kind == "pca"
    assert view.explained is not None and 0.5 < sum(view.explained) <= 1.0 + 1e-9
    assert view.loss.shape == (len(view.alpha), len(view.beta)) == (41, 41)
    plane = session.runs[0].plane
    assert plane is not None
    for run, mirrored in zip(session.runs, state.runs, strict=True):
        assert isinstance(run, NetworkRun)
        coords = mirrored.history.trajectory()
        assert len(coords) == run.steps + 1
        np.testing.assert_array_equal(coords[0], [0.0, 0.0])  # the plane goes through the start
        # each published point is the least-squares projection of the parameters there
        basis = torch.stack([plane.d1, plane.d2], dim=1).double()
        rows = torch.from_numpy(run.path.rows()).double() - plane.anchor.double()
        expected = torch.linalg.lstsq(basis, rows.T).solution.T.numpy()
        np.testing.assert_allclose(coords, expected, rtol=1e-6, atol=1e-7)
        # and the grid covers every path
        assert view.alpha[0] <= coords[:, 0].min() and coords[:, 0].max() <= view.alpha[-1]
        assert view.beta[0] <= coords[:, 1].min() and coords[:, 1].max() <= view.beta[-1]
    # the grid's value at the start is the start's loss on the training points
    first = session.runs[0]
    assert isinstance(first, NetworkRun)
    i = int(np.argmin(np.abs(view.alpha)))
    j = int(np.argmin(np.abs(view.beta)))
    theta = plane.point(float(view.alpha[i]), float(view.beta[j]))
    model = NetworkRun(config()).model
    torch.nn.utils.vector_to_parameters(theta, list(model.parameters()))
    with torch.no_grad():
        loss = float(first.loss_fn(model(first.split.train_x), first.split.train_y))
    assert abs(float(view.loss[i, j]) - loss) <= 1e-5 * max(1.0, loss)
    # the line runs from the start (t = 0) to the current point (t = 1)
    t0 = int(np.argmin(np.abs(view.line_t)))
    assert abs(view.line_t[t0]) < 1e-12
    assert abs(float(view.line_loss[t0]) - first.history.loss[0]) <= 1e-5


def test_the_landscape_keeps_within_its_share_of_the_worker():
    landscape = LiveLandscape("pca")
    runs = [NetworkRun(config(epochs=400))]
    landscape.refresh(runs)
    runs[0].run(5)
    # due for growth, but not before the budget allows: four grids' time after the last
    seconds = landscape.view.seconds if landscape.view else 0.0
    ended = landscape._ready_at - seconds * (1 / BUDGET - 1)
    assert not landscape.due(runs, playing=True, now=ended + 0.5 * seconds)
    assert landscape.due(runs, playing=True, now=ended + (1 / BUDGET - 1) * seconds + 1e-6)
    # nothing new: never due, playing or not
    landscape.refresh(runs)
    assert not landscape.due(runs, playing=False, now=1e12)


def test_random_directions_are_drawn_once_and_a_bad_kind_is_refused():
    session = Session([config()])
    session.handle(SetDirections("random"))
    state = play(session)
    assert state.landscape is not None and state.landscape.kind == "random"
    assert state.landscape.alpha[0] <= -1.0 and state.landscape.alpha[-1] >= 1.0
    update = None
    session.handle(SetDirections("sideways"))
    update = session.update()
    assert update.error is not None and "pca" in update.error
    assert update.error_field == ("directions",)


def test_a_seek_cuts_the_mirrored_metrics_and_the_data_view_follows():
    session = Session([config(epochs=30)])
    state = play(session)
    assert state.runs[0].metrics.shape == (30, 4)
    session.handle(cmd_seek(10))
    state = settle(session, state)
    run = session.runs[0]
    assert isinstance(run, NetworkRun)
    np.testing.assert_array_equal(state.runs[0].metrics, run.metrics.rows())
    assert state.runs[0].metrics.shape == (10, 4)
    view = state.runs[0].data_view
    assert view is not None and view.step == 10
    assert view.probabilities is not None and view.probabilities.shape == (80, 80)
    # the regions are the model's own probabilities at its current parameters
    x = torch.tensor([[float(view.extent[0][0]), float(view.extent[1][0])]])
    with torch.no_grad():
        p = float(torch.sigmoid(run.model(x)))
    assert abs(p - float(view.probabilities[0, 0])) < 1e-6


def test_a_two_parameter_session_has_no_landscape():
    session = Session([RunConfig(epochs=5)])
    state = play(session)
    assert session.landscape is None and state.landscape is None
    assert state.runs[0].data_view is None and state.runs[0].metrics.shape == (0, 4)
