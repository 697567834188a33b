"""Frames redraw only what changed: the runs' dots and clip markers keep one rendered symbol
however many frames are drawn."""

from __future__ import annotations

from optiviz.engine.runs.config import RunConfig
from optiviz.recorder import Recorder, RecordOptions

SIZE = (640, 360)


def test_dots_and_clip_markers_render_their_symbol_once(qapp, tmp_path):
    """pyqtgraph caches a symbol by brush object: a brush made anew each frame (from a colour
    name) drew the symbol again and grew the cache by one symbol a frame."""
    configs = [
        RunConfig(epochs=40),
        RunConfig(optimizer="Adam", lr=0.5, epochs=40),
        RunConfig(lr=1.0, epochs=40),  # diverges: its curve is clipped with a marker
    ]
    recorder = Recorder(configs, RecordOptions(out=tmp_path / "a.mp4", size=SIZE))
    for index in range(recorder.total):
        recorder.frame_at(index)
    assert recorder.total == 41
    pane = recorder.widget.loss_pane
    assert pane.clips[2].isVisible()
    for run_id in pane.dots:
        assert len(pane.dots[run_id].scatter.fragmentAtlas) == 1, run_id
        assert len(pane.clips[run_id].scatter.fragmentAtlas) <= 1, run_id
    recorder.cancel()
