"""The engine's phase explanations (English, no Qt) shown in Chinese through the .ts's
"engine" context: each sentence the engine writes for a real run is translated, its numbers
kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from optiviz.app.language import install_language
from optiviz.app.teaching.engine_text import translate_engine
from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run

#: What may stay in Latin letters inside a translated explanation: code, names and numbers.
CODE = re.compile(
    r"[\w.]*\([^()]*\)|params\.grad|optimizer\.state|torch\.optim\.\w+|set_to_none=True|"
    r"[a-z]+(?:_[a-z]+)+|None|lr|torch|SGD|Adam|LBFGS|clip_grad_\w+|zero_grad|forward|loss|backward|"
    r"∂loss/∂\w|y_p|[wbxy]|\d[\d.e+-]*|inf|nan"
)


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    assert install_language("zh_CN")
    yield
    install_language("en")


def _explanations(config: RunConfig, phases: int) -> list[str]:
    stepper = PhaseStepper(Run(config))
    out = []
    for _ in range(phases):
        record = stepper.next()
        assert record is not None
        out.append(record.explanation)
    return out


def _english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", CODE.sub(" ", text))


@pytest.mark.parametrize(
    "config",
    [
        RunConfig(epochs=3),
        RunConfig(epochs=3, batch_size=4, scheduler="StepLR", sched={"step_size": 1, "gamma": 0.5}),
        RunConfig(epochs=3, clip_grad_norm=1.0),
        RunConfig(epochs=3, clip_grad_value=0.5, zero_grad=False),
        RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.1, epochs=3),
        RunConfig(problem="rosenbrock", optimizer="LBFGS", lr=0.1, epochs=3, grad_noise=0.1),
    ],
    ids=["sgd", "batches-scheduler", "clip-norm", "clip-value-no-zero-grad", "adam", "lbfgs"],
)
def test_every_phase_explanation_is_translated_with_its_numbers(chinese, config):
    for english in _explanations(config, 12):
        chinese_text = translate_engine(english)
        assert re.search(r"[\u4e00-\u9fff]", chinese_text), english
        assert _english_words(chinese_text) == [], (english, chinese_text)
        numbers = re.findall(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?", english)
        assert sorted(numbers) == sorted(
            re.findall(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?", chinese_text)
        ), (english, chinese_text)


def test_the_loss_phase_reads_as_written(chinese):
    english = _explanations(RunConfig(epochs=3), 2)[1]
    loss = re.search(r"the loss is (\S+)\. ", english)
    assert loss is not None
    assert translate_engine(english) == (
        f"loss_fn 对所有数据点的差的平方 (y_p − y)² 求平均：损失为 {loss.group(1)}。"
        "backward() 求导的就是这一个数。"
    )


def test_english_explanations_are_left_as_they_are(qapp):
    install_language("en")
    for english in _explanations(RunConfig(epochs=3), 6):
        assert translate_engine(english) == english
