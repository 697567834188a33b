"""Removing one run of a session: the others go on exactly as if it had never been there."""

from __future__ import annotations

import pickle

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.history import History
from optiviz.engine.runs.run import Run
from optiviz.engine.worker import commands
from optiviz.engine.worker.session import (
    PHASE,
    PLAY,
    STEP,
    Session,
    apply_update,
    cmd_remove,
    cmd_vectors,
)

CONFIGS = [
    RunConfig(optimizer="SGD", lr=1e-2, hyper={"momentum": 0.9}, epochs=120),
    RunConfig(optimizer="RMSprop", lr=0.1, epochs=120),
    RunConfig(optimizer="Adam", lr=0.3, scheduler="StepLR", sched={"step_size": 30}, epochs=120),
]


def assert_same_history(ours: History, theirs: History) -> None:
    assert len(ours) == len(theirs)
    np.testing.assert_array_equal(ours.loss, theirs.loss)
    np.testing.assert_array_equal(ours.params, theirs.params)
    np.testing.assert_array_equal(ours.grad, theirs.grad)
    np.testing.assert_array_equal(ours.lr, theirs.lr)
    assert set(ours.state) == set(theirs.state)
    for key, values in theirs.state.items():
        np.testing.assert_array_equal(ours.state[key], values)


def _copy(history: History) -> History:
    copy = History(history.start)
    copy.extend(history.chunk(0))
    return copy


def test_removing_a_run_keeps_the_others_and_they_go_on_as_if_alone() -> None:
    session = Session(CONFIGS)
    state = apply_update(None, session.update())
    for _ in range(50):
        session.handle(STEP)
        state = apply_update(state, session.update())
    kept = [session.runs[0], session.runs[2]]
    before = [_copy(state.runs[0].history), _copy(state.runs[2].history)]
    generation = session.generation

    session.handle(cmd_remove(1))
    update = session.update()
    assert update.removed == (1,) and not update.reset and update.error is None
    new_state = apply_update(state, update)

    assert session.runs == kept and session.generation == generation  # no restart
    assert new_state is not state  # the window rebuilds its panes on a new state object
    assert [r.id for r in new_state.runs] == [0, 1]
    assert [r.config.optimizer for r in new_state.runs] == ["SGD", "Adam"]
    for run_state, history in zip(new_state.runs, before, strict=True):
        assert run_state.epoch == 50
        assert_same_history(run_state.history, history)

    session.handle(PLAY)
    while session.playing:
        session.advance(0.01)
        new_state = apply_update(new_state, session.update())
    for run_state, config in zip(new_state.runs, (CONFIGS[0], CONFIGS[2]), strict=True):
        assert run_state.status == "finished"
        assert_same_history(run_state.history, Run(config).run().history)


def test_several_removals_between_two_updates_are_replayed_in_order() -> None:
    session = Session(CONFIGS)
    state = apply_update(None, session.update())
    for _ in range(5):
        session.handle(STEP)
    session.handle(cmd_remove(0))
    session.handle(cmd_remove(0))
    update = session.update()
    assert update.removed == (0, 0)
    state = apply_update(state, update)
    assert [(r.id, r.config.optimizer, r.epoch) for r in state.runs] == [(0, "Adam", 5)]
    alone = Run(CONFIGS[2]).run(5)
    assert_same_history(state.runs[0].history, alone.history)


def test_the_last_run_or_a_missing_one_cannot_be_removed() -> None:
    session = Session(CONFIGS[:1])
    session.handle(cmd_remove(0))
    update = session.update()
    assert update.error_field == ("runs",) and "last run" in (update.error or "")
    assert len(session.runs) == 1 and update.removed == ()
    session = Session(CONFIGS)
    session.handle(cmd_remove(3))
    update = session.update()
    assert update.error == "runs: there is no run 4" and len(update.runs) == 3


def test_a_removal_keeps_each_remaining_runs_phase_in_progress() -> None:
    session = Session(CONFIGS)
    state = apply_update(None, session.update())
    for _ in range(2):  # forward and loss of epoch 1, every run
        session.handle(PHASE)
        state = apply_update(state, session.update())
    session.handle(cmd_remove(0))
    session.handle(PHASE)  # zero_grad: each remaining run goes on with its own stepper
    state = apply_update(state, session.update())
    assert [r.phase.phase for r in state.runs if r.phase] == ["zero_grad", "zero_grad"]
    for _ in range(2):
        session.handle(PHASE)
    state = apply_update(state, session.update())
    for run_state, config in zip(state.runs, CONFIGS[1:], strict=True):
        assert run_state.epoch == 1
        assert_same_history(run_state.history, Run(config).run(1).history)


def test_commands_and_updates_cross_a_pipe() -> None:
    every = [
        commands.Reset(tuple(CONFIGS)),
        commands.SetHyper(None, "lr", 0.5),
        commands.SetEpochs(10),
        commands.SetSpeed(None),
        commands.Seek(3),
        commands.ShowVectors(True),
        commands.RemoveRun(1),
        commands.Play(),
        commands.Pause(),
        commands.Step(),
        commands.Phase(),
        commands.Quit(),
    ]
    assert [pickle.loads(pickle.dumps(c)) for c in every] == every
    session = Session(CONFIGS)
    session.handle(cmd_vectors(True))
    session.handle(PHASE)
    session.handle(cmd_remove(2))
    update = session.update()
    again = pickle.loads(pickle.dumps(update))
    assert again.removed == (2,) and len(again.runs) == 2
    assert again.runs[0].phase is not None and again.runs[0].phase.phase == "forward"
    assert set(again.runs[1].vectors or {}) == set(update.runs[1].vectors or {})


def test_a_command_that_is_not_one_is_refused() -> None:
    session = Session(CONFIGS[:1])
    assert session.handle(("play",)) is True  # type: ignore[arg-type]
    update = session.update()
    assert update.error_field == ("command",) and not update.playing
