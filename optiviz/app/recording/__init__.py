"""The window's Record action: the runs recorded to MP4, GIF or PNG frames, in the background."""

from optiviz.app.recording.install import RecordingController, install_recording

__all__ = ["RecordingController", "install_recording"]
