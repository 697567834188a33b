"""The worker's session: commands in, updates out, mirrored exactly."""

from __future__ import annotations

import multiprocessing
import threading

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import (
    PAUSE,
    PLAY,
    QUIT,
    STEP,
    Session,
    apply_update,
    cmd_epochs,
    cmd_reset,
    cmd_seek,
    cmd_set,
    serve,
)


def _mirror_equals(state_run, run: Run) -> None:
    np.testing.assert_array_equal(state_run.history.loss, run.history.loss)
    np.testing.assert_array_equal(state_run.history.params, run.history.params)
    np.testing.assert_array_equal(state_run.history.lr, run.history.lr)
    for key, values in run.history.state.items():
        np.testing.assert_array_equal(state_run.history.state[key], values)


def test_playing_session_mirrors_a_plain_run_bit_for_bit():
    config = RunConfig(optimizer="Adam", lr=0.3, epochs=250)
    session = Session([config])
    state = apply_update(None, session.update())
    session.handle(PLAY)
    while session.playing:
        session.advance(0.001)
        state = apply_update(state, session.update())  # many small chunks
    assert state.runs[0].status == "finished"
    _mirror_equals(state.runs[0], Run(config).run())


def test_race_runs_step_in_lockstep_and_each_equals_its_run_alone():
    configs = [
        RunConfig(optimizer="SGD", lr=1e-2, hyper={"momentum": 0.9}, epochs=80),
        RunConfig(optimizer="RMSprop", lr=0.1, epochs=80),
    ]
    session = Session(configs)
    state = apply_update(None, session.update())
    for _ in range(30):
        session.handle(STEP)
    state = apply_update(state, session.update())
    assert [r.epoch for r in state.runs] == [30, 30]
    session.handle(PLAY)
    while session.playing:
        session.advance(0.01)
    state = apply_update(state, session.update())
    for run_state, config in zip(state.runs, configs, strict=True):
        _mirror_equals(run_state, Run(config).run())


def test_lr_edit_applies_from_the_next_epoch_without_reset():
    session = Session([RunConfig(epochs=100)])
    for _ in range(10):
        session.handle(STEP)
    session.handle(cmd_set(None, "lr", 0.02))
    for _ in range(5):
        session.handle(STEP)
    state = apply_update(None, session.update())
    lr = state.runs[0].history.lr
    assert list(lr[:10]) == [0.01] * 10 and list(lr[10:]) == [0.02] * 5
    assert state.generation == 1  # no reset happened

    expected = Run(RunConfig(epochs=100))
    expected.run(10)
    expected.set_hyper("lr", 0.02)
    expected.run(5)
    _mirror_equals(state.runs[0], expected)


def test_refused_edit_is_reported_with_its_field_and_the_run_is_kept():
    session = Session([RunConfig(epochs=100)])
    session.handle(STEP)
    session.handle(cmd_set(0, "nesterov", True))  # SGD without momentum refuses nesterov
    update = session.update()
    assert update.error_field == ("hyper", "nesterov")
    assert update.error.startswith("--param nesterov: ")
    assert "Nesterov" in update.error
    assert session.runs[0].epoch == 1 and session.runs[0].config.hyper.get("nesterov") is not True


def test_seek_truncates_the_mirror_and_play_continues_exactly():
    config = RunConfig(optimizer="SGD", lr=1e-2, hyper={"momentum": 0.8}, epochs=120)
    session = Session([config])
    state = apply_update(None, session.update())
    for _ in range(90):
        session.handle(STEP)
    state = apply_update(state, session.update())
    session.handle(cmd_seek(40))
    state = apply_update(state, session.update())
    assert state.runs[0].epoch == 40
    session.handle(PLAY)
    while session.playing:
        session.advance(0.01)
    state = apply_update(state, session.update())
    _mirror_equals(state.runs[0], Run(config).run())


def test_reset_starts_a_new_generation_and_epochs_edit_extends_a_finished_run():
    session = Session([RunConfig(epochs=5)])
    session.handle(PLAY)
    session.advance(1.0)
    state = apply_update(None, session.update())
    assert state.runs[0].status == "finished"
    session.handle(cmd_epochs(8))
    session.handle(PLAY)
    session.advance(1.0)
    state = apply_update(state, session.update())
    assert state.runs[0].epoch == 8
    session.handle(cmd_reset([RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.05)]))
    new_state = apply_update(state, session.update())
    assert new_state is not state and new_state.problem.name == "rosenbrock"
    assert new_state.runs[0].epoch == 0


def test_serve_loop_over_a_pipe_plays_pauses_and_quits():
    ours, theirs = multiprocessing.Pipe()
    worker = threading.Thread(target=serve, args=(theirs, [RunConfig(epochs=1_000_000)]))
    worker.start()
    state = apply_update(None, ours.recv())
    ours.send(PLAY)
    while state.max_epoch < 50:
        state = apply_update(state, ours.recv())
    ours.send(PAUSE)
    update = ours.recv()
    while update.playing:
        state = apply_update(state, update)
        update = ours.recv()
    state = apply_update(state, update)
    paused_at = state.max_epoch
    assert state.runs[0].status == "paused"
    assert not ours.poll(0.2)  # nothing more arrives while paused
    ours.send(QUIT)
    worker.join(5)
    assert not worker.is_alive()
    expected = Run(RunConfig(epochs=1_000_000)).run(paused_at)
    _mirror_equals(state.runs[0], expected)


def test_phase_commands_publish_records_in_the_tutorials_order():
    from optiviz.engine.worker.session import PHASE, cmd_vectors

    session = Session([RunConfig(optimizer="SGD", lr=1e-2, hyper={"momentum": 0.9}, epochs=10)])
    state = apply_update(None, session.update())
    phases = []
    for _ in range(5):
        session.handle(PHASE)
        state = apply_update(state, session.update())
        phases.append(state.runs[0].phase.phase)
    assert phases == ["forward", "loss", "zero_grad", "backward", "step"]
    assert state.runs[0].epoch == 1
    session.handle(cmd_vectors(True))
    session.handle(STEP)
    state = apply_update(state, session.update())
    vectors = state.runs[0].vectors
    buffer = session.runs[0].optimizer.state[session.runs[0].leaf]["momentum_buffer"].numpy()
    # drawn with a minus sign so that it points where the parameters move
    np.testing.assert_array_equal(vectors["momentum"].components, -buffer.astype(np.float64))


def test_bad_speed_and_a_fixed_length_schedule_are_refused_with_their_field():
    from optiviz.engine.worker.session import cmd_speed

    session = Session([RunConfig(epochs=5, scheduler="OneCycleLR", sched={"max_lr": 0.1})])
    session.handle(PLAY)
    session.advance(1.0)
    session.handle(cmd_epochs(8))  # OneCycleLR was built for 5 steps
    update = session.update()
    assert update.error_field == ("epochs",) and "OneCycleLR" in update.error
    assert session.runs[0].config.epochs == 5
    for bad in (0, -3, float("nan"), float("inf"), "fast"):
        session.handle(cmd_speed(bad))
        assert session.update().error_field == ("speed",)
    assert session.speed is None
    session.handle(cmd_speed(250))
    assert session.update().error is None and session.speed == 250.0
