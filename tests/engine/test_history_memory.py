"""Long runs stay small: compact histories read back every value exactly, and snapshots
thin out as a run grows while seeks stay exact."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.runs.columns import Column, RunLengthColumn
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.history import History, HistoryChunk
from optiviz.engine.runs.run import SNAPSHOT_LIMIT, Run
from optiviz.engine.worker.session import PLAY, Session, apply_update, cmd_seek

MB = 1 << 20


def _assert_same_reads(ours: History, reference: History) -> None:
    """Every read of ``ours`` equals the reference's, in float64, bit for bit."""
    assert len(ours) == len(reference)
    for name in ("loss", "params", "grad", "lr", "epochs", "epoch_loss", "full_grad"):
        got, want = getattr(ours, name), getattr(reference, name)
        if want is None:
            assert got is None
            continue
        assert got.dtype == want.dtype
        assert name == "epochs" or got.dtype == np.float64
        np.testing.assert_array_equal(got, want, err_msg=name, strict=True)
    assert ours.state.keys() == reference.state.keys()
    for key, values in reference.state.items():
        np.testing.assert_array_equal(ours.state[key], values, err_msg=key, strict=True)
    np.testing.assert_array_equal(ours.trajectory(), reference.trajectory())
    for step in (1, len(reference) // 2, len(reference)):
        assert ours.params_at(step).tobytes() == reference.params_at(step).tobytes()
        got, want = ours.record(step), reference.record(step)
        assert (got.loss, got.lr) == (want.loss, want.lr)
        np.testing.assert_array_equal(got.grad, want.grad)
        assert got.state.keys() == want.state.keys()


def _float32_rows(n: int, seed: int = 0) -> HistoryChunk:
    """``n`` rows of float32 values (loss, params, grad, a momentum buffer), lr 0.01."""
    rng = np.random.default_rng(seed)

    def values(*shape: int) -> np.ndarray:
        return rng.standard_normal(shape).astype(np.float32).astype(np.float64)

    return HistoryChunk(
        begin=0,
        loss=values(n),
        params=values(n, 2),
        grad=values(n, 2),
        lr=np.full(n, 0.01),
        state={"momentum_buffer": values(n, 2)},
    )


def test_a_million_rows_take_under_45_mb_compact_against_67_mb_before():
    chunk = _float32_rows(1_000_000)
    plain = History((0.0, 0.0))
    plain.extend(chunk)
    compact = History((0.0, 0.0), compact=True)
    for begin in range(0, 1_000_000, 250_000):  # in pieces, as a mirror receives them
        piece = HistoryChunk(
            begin=begin,
            loss=chunk.loss[begin : begin + 250_000],
            params=chunk.params[begin : begin + 250_000],
            grad=chunk.grad[begin : begin + 250_000],
            lr=chunk.lr[begin : begin + 250_000],
            state={k: v[begin : begin + 250_000] for k, v in chunk.state.items()},
        )
        compact.extend(piece)
    # before: float64 columns doubled to 2**20 rows, 64 bytes a row
    assert plain.nbytes < 2**20 * 64
    assert compact.nbytes < 45 * MB
    assert compact.nbytes < 0.55 * plain.nbytes
    _assert_same_reads(compact, plain)


def test_compact_columns_round_trip_and_turn_float64_at_the_first_inexact_value():
    column = Column(2, 16, compact=True)
    exact = np.float32([[1.5, -3.25], [np.nan, np.inf]]).astype(np.float64)
    column.write(0, exact)
    assert column.dtype == np.float32
    np.testing.assert_array_equal(column.read(0, 2), exact)
    column.write_row(2, np.array([0.1, 2.0]))  # 0.1 is no float32
    assert column.dtype == np.float64
    np.testing.assert_array_equal(column.read(0, 2), exact)
    assert column.read(2, 3).tolist() == [[0.1, 2.0]]
    lr = RunLengthColumn()
    lr.write(0, np.array([0.01, 0.01, 0.01, 0.005, 0.005]))
    lr.write(5, np.array([0.005, 0.01]))
    assert lr.runs == 3
    assert lr.read(0, 7)[:, 0].tolist() == [0.01] * 3 + [0.005] * 3 + [0.01]
    assert lr.read(4, 6)[:, 0].tolist() == [0.005, 0.005]
    lr.clear_from(4)
    lr.write(4, np.array([0.2]))
    assert lr.read(0, 5)[:, 0].tolist() == [0.01] * 3 + [0.005, 0.2]


@pytest.mark.parametrize(
    "config",
    [
        RunConfig(optimizer="SGD", lr=0.01, hyper={"momentum": 0.9}, epochs=3000),
        RunConfig(
            optimizer="Adam", lr=0.05, epochs=6000, scheduler="ExponentialLR", sched={"gamma": 0.9}
        ),
        RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.01, epochs=3000),
        RunConfig(problem="expression", expression="x**2 + 3*y**2", lr=0.01, epochs=3000),
        RunConfig(optimizer="SGD", lr=0.01, epochs=500, batch_size=4),
        RunConfig(problem="rosenbrock", lr=0.001, epochs=2000, grad_noise=0.1),
    ],
    ids=["sgd-momentum", "adam-scheduler", "rosenbrock", "expression", "minibatch", "noise"],
)
def test_a_compact_run_records_what_a_plain_run_does(config: RunConfig):
    plain = Run(config).run()
    compact = Run(config, compact_history=True).run()
    _assert_same_reads(compact.history, plain.history)
    # the premise: a float32 problem's loss, params and grads are float32 values exactly
    for values in (plain.history.loss, plain.history.params, plain.history.grad):
        assert (values.astype(np.float32).astype(np.float64) == values).all()
    assert compact.history._loss.dtype == compact.history._params.dtype == np.float32
    assert compact.history.nbytes < 0.6 * plain.history.nbytes


def test_the_mirror_after_20_000_steps_equals_the_workers_history():
    config = RunConfig(optimizer="SGD", lr=0.01, hyper={"momentum": 0.9}, epochs=20_000)
    session = Session([config])
    state = apply_update(None, session.update())
    session.handle(PLAY)
    while session.playing:
        session.advance(0.05)
        state = apply_update(state, session.update())
    worker = session.runs[0].history
    mirror = state.runs[0].history
    assert len(mirror) == 20_000
    _assert_same_reads(mirror, worker)
    assert mirror.nbytes < 20_000 * 28 * 1.5  # loss, params, grad, momentum: float32


def _snapshot_steps(run: Run) -> list[int]:
    return [s.step for s in run._snapshots]


def test_snapshots_stay_bounded_and_a_far_seek_replays_exactly():
    config = RunConfig(optimizer="Adam", lr=0.01, epochs=10_000)
    run = Run(config, snapshot_every=2)
    run.run(3)
    run.set_hyper("lr", 0.02)  # an edit's snapshot is kept: replays never cross it
    run.run()
    steps = _snapshot_steps(run)
    # 5000 would be due every 2 epochs; thinned to a spacing of 16
    assert SNAPSHOT_LIMIT // 2 <= len(steps) <= SNAPSHOT_LIMIT + 2
    assert 0 in steps and 3 in steps
    assert run._snapshot_every == 16
    gaps = np.diff([s for s in steps if s > 3])
    assert (gaps == 16).all()

    reference = Run(config)
    reference.run(3)
    reference.set_hyper("lr", 0.02)
    reference.run(4000 - 3 + 7)  # the step a seek to 4007 goes back to
    run.seek(4007)  # from the snapshot at 4000: 7 steps replayed
    assert run.leaf.detach().tolist() == reference.leaf.detach().tolist()
    _assert_same_reads(run.history, reference.history)
    run.run(500)
    reference.run(500)
    _assert_same_reads(run.history, reference.history)
    for key, value in reference.optimizer.state[reference.leaf].items():
        assert run.optimizer.state[run.leaf][key].tolist() == value.tolist()


def test_a_seek_in_the_session_after_thinning_matches_a_fresh_run():
    config = RunConfig(optimizer="SGD", lr=0.01, hyper={"momentum": 0.9}, epochs=6000)
    session = Session([config])
    session.runs[0]._snapshot_every = 2  # thin early: 3000 snapshots would be due
    state = apply_update(None, session.update())
    session.handle(PLAY)
    while session.playing:
        session.advance(0.05)
        state = apply_update(state, session.update())
    assert len(session.runs[0]._snapshots) <= SNAPSHOT_LIMIT + 1
    session.handle(cmd_seek(1234))
    state = apply_update(state, session.update())
    fresh = Run(config).run(1234)
    _assert_same_reads(state.runs[0].history, fresh.history)


def test_a_column_turns_float64_quietly_over_any_unwritten_bits():
    from optiviz.engine.runs.columns import Column, round_trips

    column = Column(1, 8, compact=True)
    # the unwritten rows as np.empty may leave them: a signalling NaN's bit pattern
    column._data.view(np.uint32)[:] = 0x7FA00000
    column.write(0, np.array([0.5, 1e-201]))  # 1e-201 is no float32: the column widens
    assert column.dtype == np.float64
    assert column.read(0, 2)[:, 0].tolist() == [0.5, 1e-201]
    assert not round_trips(np.array([1e300]))  # past float32's range, without a warning


def test_a_compact_history_sends_float32_rows_that_its_mirror_reads_back_exactly():
    chunk = _float32_rows(5_000, seed=3)
    worker = History((0.5, -0.5), compact=True)
    worker.extend(chunk)
    sent = worker.chunk(1_000)
    assert sent.loss.dtype == sent.params.dtype == sent.grad.dtype == np.float32
    assert sent.state["momentum_buffer"].dtype == np.float32
    assert sent.lr.dtype == np.float64  # one Python float a row, run-length encoded
    assert worker.loss_stored.dtype == np.float32
    np.testing.assert_array_equal(worker.loss_stored, worker.loss, strict=False)
    window = History((0.5, -0.5), compact=True)
    window.extend(worker.chunk(0))
    _assert_same_reads(window, worker)
    # a float64 history (an inexact value) sends float64, and the mirror follows it
    inexact = History((0.5, -0.5), compact=True)
    inexact.extend(chunk)
    inexact.extend(
        HistoryChunk(
            begin=5_000,
            loss=np.array([0.1]),
            params=np.array([[0.1, 0.2]]),
            grad=np.array([[0.3, 0.4]]),
            lr=np.array([0.01]),
            state={"momentum_buffer": np.array([[0.5, 0.6]])},
        )
    )
    assert inexact.chunk(0).loss.dtype == np.float64
    mirror = History((0.5, -0.5), compact=True)
    mirror.extend(inexact.chunk(0))
    _assert_same_reads(mirror, inexact)
