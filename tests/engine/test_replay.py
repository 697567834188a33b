"""Replay (a restarted worker catching up), configs sent only when changed, coalesced seeks."""

from __future__ import annotations

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.commands import Replay
from optiviz.engine.worker.resume import Resume
from optiviz.engine.worker.session import (
    PLAY,
    STEP,
    Session,
    apply_update,
    cmd_seek,
    cmd_set,
    cmd_speed,
)

CONFIGS = [
    RunConfig(optimizer="Adam", lr=0.3, epochs=500, scheduler="StepLR", sched={"step_size": 50}),
    RunConfig(optimizer="SGD", lr=0.01, hyper={"momentum": 0.9}, epochs=500),
]


def test_replay_steps_each_run_to_its_epoch_and_pauses():
    session = Session(CONFIGS)
    state = apply_update(None, session.update())
    session.handle(Replay((120, 75)))
    assert session.replaying and not session.playing
    for _ in range(10_000):
        if not session.replaying:
            break
        session.catch_up(0.002)
    assert not session.replaying
    assert [r.epoch for r in session.runs] == [120, 75]
    state = apply_update(state, session.update())
    for run, config, epochs in zip(state.runs, CONFIGS, (120, 75), strict=True):
        np.testing.assert_array_equal(run.history.params, Run(config).run(epochs).history.params)
        assert run.status == "paused"


def test_any_command_but_speed_stops_a_replay_where_it_is():
    session = Session(CONFIGS)
    session.handle(Replay((400, 400)))
    session.handle(cmd_speed(50.0))
    assert session.replaying
    session.catch_up(0.001)
    session.handle(STEP)
    assert not session.replaying
    epochs = [r.epoch for r in session.runs]
    session.catch_up(0.05)
    assert [r.epoch for r in session.runs] == epochs


def test_a_replay_of_the_wrong_length_is_refused_with_its_field():
    session = Session(CONFIGS)
    session.handle(Replay((3,)))
    update = session.update()
    assert not session.replaying and update.error_field == ("epoch",)


def test_updates_carry_a_config_only_when_it_changed():
    session = Session(CONFIGS)
    state = apply_update(None, session.update())
    session.handle(STEP)
    assert all(u.config is None for u in session.update().runs)
    session.handle(cmd_set(1, "lr", 0.02))
    update = session.update()
    assert update.runs[0].config is None and update.runs[1].config is not None
    state = apply_update(state, update)
    assert state.runs[1].config.lr == 0.02 and state.runs[0].config == CONFIGS[0]


def test_two_seeks_in_one_update_leave_the_mirror_equal_to_the_run():
    session = Session([CONFIGS[1]])
    state = apply_update(None, session.update())
    for _ in range(20):
        session.handle(STEP)
    state = apply_update(state, session.update())
    session.handle(cmd_seek(10))
    session.handle(cmd_set(0, "lr", 0.05))  # the epochs after 10 differ from the mirror's
    for _ in range(5):
        session.handle(STEP)
    session.handle(cmd_seek(12))
    state = apply_update(state, session.update())
    np.testing.assert_array_equal(state.runs[0].history.params, session.runs[0].history.params)
    assert state.runs[0].epoch == 12


def test_resume_knows_an_exact_replay_from_a_different_one():
    session = Session([CONFIGS[1]])
    mirror = apply_update(None, session.update())
    session.handle(PLAY)
    while session.runs[0].epoch < 60:
        session.advance(0.01)
    session.handle(STEP)
    mirror = apply_update(mirror, session.update())
    mirror.runs[0].label = "mine"
    same, edited = Session([CONFIGS[1]]), Session([CONFIGS[1].copy(lr=0.02)])
    for new in (same, edited):
        resume = Resume(mirror, deadline=0.0)
        resume.replayed = apply_update(None, new.update())
        new.handle(Replay(resume.targets))
        while new.replaying:
            new.catch_up(0.01)
        resume.replayed = apply_update(resume.replayed, new.update())
        assert resume.reached() and resume.progress() == mirror.runs[0].epoch
        if new is same:
            assert resume.exact() and resume.carry_on() is mirror
        else:
            assert not resume.exact()
            assert resume.replace().runs[0].label == "mine"


def test_an_edit_sends_the_config_back_without_its_data_set():
    import pickle

    from tests.app.test_worker_flood import big_dataset

    data = big_dataset(20_000)
    session = Session([RunConfig(optimizer="Adam", lr=0.1, epochs=100, dataset=data)])
    first = session.update()
    state = apply_update(None, first)
    session.handle(cmd_set(0, "lr", 0.2))
    update = session.update()
    assert update.runs[0].same_data and update.runs[0].config.dataset is None
    assert len(pickle.dumps(update)) < len(pickle.dumps(first)) / 50
    state = apply_update(state, update)
    assert state.runs[0].config == session.runs[0].config
    assert state.runs[0].config.lr == 0.2 and state.runs[0].config.dataset == data
