"""The LR range test stops on request: between steps, and inside LBFGS's step between loss
evaluations, returning what it swept so far."""

from __future__ import annotations

import threading
import time

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import lr_find

#: An LBFGS whose one step runs 1000 iterations (about 1,250 loss evaluations): seconds a step.
SLOW_LBFGS = RunConfig(
    optimizer="LBFGS", hyper={"max_iter": 1000, "tolerance_grad": 0.0, "tolerance_change": 0.0}
)


def after_calls(n: int):
    """A stop flag that turns True on its (n + 1)-th question."""
    asked = [0]

    def stop() -> bool:
        asked[0] += 1
        return asked[0] > n

    return stop


def test_a_stop_between_steps_keeps_the_steps_done_exactly():
    full = lr_find(RunConfig(hyper={"momentum": 0.9}), steps=60)
    part = lr_find(RunConfig(hyper={"momentum": 0.9}), steps=60, stop=after_calls(12))
    assert part.stopped and part.stopped_early and part.reason == "stopped on request"
    assert len(part.lr) == 12
    assert part.lr == full.lr[:12] and part.loss == full.loss[:12]
    assert part.smoothed == full.smoothed[:12]
    assert not full.stopped


def test_a_flag_never_set_changes_nothing_for_lbfgs_whose_closure_it_guards():
    config = RunConfig(optimizer="LBFGS", hyper={"max_iter": 7})
    plain = lr_find(config, steps=25, max_lr=1.0)
    guarded = lr_find(config, steps=25, max_lr=1.0, stop=lambda: False)
    assert guarded.lr == plain.lr and guarded.loss == plain.loss
    assert guarded.suggestion == plain.suggestion and not guarded.stopped


def test_lbfgs_is_stopped_inside_its_step():
    evaluations = [0]
    # Step 1 asks once before the step, then (LBFGS's first evaluation reuses the epoch's
    # loss) once per further evaluation; 40 questions end the sweep inside its first step.
    stop = after_calls(40)

    def counting() -> bool:
        evaluations[0] += 1
        return stop()

    result = lr_find(SLOW_LBFGS, steps=10, stop=counting)
    assert result.stopped and result.lr == [] and result.loss == []
    assert evaluations[0] == 41  # not one more question after the stop


def sweep_and_stop_after(wait: float) -> tuple[float, object]:
    """Sweep SLOW_LBFGS in a thread, set its flag after ``wait`` s; (seconds to end, result)."""
    flag = threading.Event()
    ended: list[float] = []
    results = []

    def work() -> None:
        results.append(lr_find(SLOW_LBFGS, stop=flag.is_set))
        ended.append(time.perf_counter())

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    time.sleep(wait)
    asked = time.perf_counter()
    flag.set()
    thread.join(5.0)
    assert not thread.is_alive()
    return ended[0] - asked, results[0]


def test_a_slow_lbfgs_sweep_in_a_thread_ends_within_100_ms_of_the_flag():
    for wait in (0.3, 0.7):
        took, result = sweep_and_stop_after(wait)
        assert took < 0.1, f"{took * 1000:.0f} ms"
        assert result.stopped and len(result.lr) < 100
