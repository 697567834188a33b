"""The worker's per-run stepping time: published with each run, exact across seeks."""

from __future__ import annotations

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.commands import Seek
from optiviz.engine.worker.session import Session
from optiviz.engine.worker.updates import apply_update


def test_session_publishes_each_runs_stepping_time_and_seek_takes_it_back():
    configs = [
        RunConfig(optimizer="SGD", lr=0.01, epochs=400),
        RunConfig(optimizer="LBFGS", lr=0.5, epochs=400),  # several loss evaluations a step
    ]
    session = Session(configs)
    state = apply_update(None, session.update())
    assert [r.wall_time for r in state.runs] == [0.0, 0.0]
    for _ in range(100):
        session.tick()
    state = apply_update(state, session.update())
    at_100 = [r.wall_time for r in state.runs]
    assert all(t > 0 for t in at_100)
    for _ in range(200):
        session.tick()
    state = apply_update(state, session.update())
    at_300 = [r.wall_time for r in state.runs]
    assert all(later > earlier for later, earlier in zip(at_300, at_100, strict=True))
    session.handle(Seek(100))
    state = apply_update(state, session.update())
    assert [r.wall_time for r in state.runs] == at_100  # the time it took to get there
    session.tick()
    state = apply_update(state, session.update())
    assert all(t > a for t, a in zip((r.wall_time for r in state.runs), at_100, strict=True))
    session.remove(0)
    state = apply_update(state, session.update())
    assert len(state.runs) == 1 and state.runs[0].wall_time > at_100[1]
