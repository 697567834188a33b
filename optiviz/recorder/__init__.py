"""Recordings (MP4, GIF, PNG frames) drawn by the window's own panes, offscreen."""

from optiviz.recorder.options import RecordOptions
from optiviz.recorder.recorder import Progress, Recorder, record

__all__ = ["Progress", "RecordOptions", "Recorder", "record"]
