"""``optiviz.animate(...)``: ``optiviz record`` in a notebook, shown inline.

The recording is drawn offscreen by the recorder (the window's own panes) into a temporary
file, which lives as long as the :class:`Animation`; Jupyter shows it through
:meth:`Animation._repr_html_` as an HTML5 ``<video>`` (an MP4) or an ``<img>`` (a GIF), the
bytes embedded in base64, so the notebook file plays it without the temporary file.
"""

from __future__ import annotations

import base64
import math
import os
import shutil
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Any

from optiviz.api.arguments import Parsed, config_from, parse
from optiviz.api.errors import UsageError
from optiviz.cli.parsing import scenario_from_args
from optiviz.engine.runs.config import RunConfig

PROG = "optiviz record"
#: Formats that a browser shows inline (PNG frames are a folder: use ``optiviz record``).
INLINE = {"mp4": "video/mp4", "gif": "image/gif"}
#: Without ``epochs_per_frame``, frames are spaced so a clip has at most this many (10 s at
#: 30 frames/s): 1001 frames of 1280x720 embedded in a notebook would be many megabytes.
AUTO_FRAMES = 300


class Animation:
    """A recording in a temporary file: shown inline by Jupyter, kept with :meth:`save`."""

    def __init__(
        self, path: Path, frames: int, size: tuple[int, int], fps: float, notes: list[str]
    ) -> None:
        self.path = path
        self.kind = path.suffix[1:].lower()
        self.frames = frames
        self.size = size
        self.fps = fps
        #: What the recorder adjusted (an odd MP4 size rounded down), as ``optiviz record``
        #: prints it.
        self.notes = notes
        self._cleanup = weakref.finalize(self, shutil.rmtree, path.parent, True)

    @property
    def data(self) -> bytes:
        """The encoded file's bytes."""
        return self.path.read_bytes()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Copy the recording to ``path``, which must end like it (``.mp4`` or ``.gif``)."""
        from optiviz.engine.formats.files import check_writable

        target = check_writable(path, "path", suffixes=(self.path.suffix,))
        shutil.copyfile(self.path, target)
        return target

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.data).decode("ascii")
        source = f"data:{INLINE[self.kind]};base64,{encoded}"
        width, height = self.size
        if self.kind == "gif":
            return f'<img src="{source}" width="{width}" height="{height}" alt="optiviz"/>'
        return (
            f'<video controls autoplay loop muted playsinline width="{width}" height="{height}">'
            f'<source src="{source}" type="video/mp4"></video>'
        )

    def ipython(self) -> Any:
        """The same recording as IPython's own ``Video`` or ``Image`` (embedded)."""
        from IPython.display import Image, Video

        if self.kind == "gif":
            return Image(data=self.data, format="gif")
        return Video(
            str(self.path),
            embed=True,
            mimetype="video/mp4",
            html_attributes="controls autoplay loop muted",
        )

    def __repr__(self) -> str:
        width, height = self.size
        kind, rate = self.kind.upper(), f"{self.fps:g} frames/s"
        return f"<Animation {kind} {self.frames} frames {width}x{height} at {rate}>"


def _offscreen_unless_running() -> None:
    """Draw offscreen, with or without a display, unless the process already runs Qt.

    A notebook's kernel has no window; an application it already made (``%gui qt``) is used as
    it is.
    """
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _runs(parsed: Parsed) -> tuple[list[RunConfig], dict[str, list[Any]], str]:
    """The runs to record, how a scenario shows them, and its theme; each run is checked
    against torch here, before Qt is loaded."""
    from optiviz.engine.runs.config import validate

    if not parsed.args.scenario:
        config = config_from(parsed)
        validate(config)
        return [config], {}, "dark"
    scenario = scenario_from_args(parsed.parser, parsed.args)
    shown: dict[str, list[Any]] = {
        "labels": [spec.label for spec in scenario.runs],
        "colors": [spec.color for spec in scenario.runs],
        "visible": [spec.visible for spec in scenario.runs],
    }
    return scenario.configs(), shown, scenario.view.theme


def _size_text(size: str | tuple[int, int]) -> str:
    return size if isinstance(size, str) else "x".join(str(v) for v in size)


def animate(
    *,
    size: str | tuple[int, int] = "640x360",
    fps: float = 30,
    epochs_per_frame: int | None = None,
    format: str = "mp4",
    theme: str | None = None,
    caption: bool = True,
    **kwargs: Any,
) -> Animation:
    """Record a run (or a scenario's race) and return it for Jupyter to show.

    The run is given as to :func:`optiviz.run` (``optimizer="Adam", lr=0.1``...); ``size``,
    ``fps``, ``epochs_per_frame``, ``theme`` and ``caption`` are ``optiviz record``'s
    ``--size``, ``--fps``, ``--epochs-per-frame``, ``--theme`` and ``--no-caption``, and
    ``format`` is ``"mp4"`` or ``"gif"``. Without ``epochs_per_frame`` the frames are spaced
    so the clip has at most :data:`AUTO_FRAMES` of them.
    """
    kind = str(format).lower().lstrip(".")
    if kind not in INLINE:
        raise UsageError(f"argument format: {format!r} is not one of: {', '.join(INLINE)}")
    configs, shown, scenario_theme = _runs(parse(PROG, kwargs))  # checked before Qt loads
    from optiviz.recorder.options import parse_epochs_per_frame, parse_fps, parse_size

    if epochs_per_frame is None:
        longest = max(config.epochs for config in configs)
        epochs_per_frame = max(1, math.ceil(longest / (AUTO_FRAMES - 1)))
    folder = Path(tempfile.mkdtemp(prefix="optiviz-"))
    try:
        return _record(
            configs,
            shown,
            folder / f"optiviz.{kind}",
            fps=parse_fps(fps),
            epochs_per_frame=parse_epochs_per_frame(epochs_per_frame),
            size=parse_size(_size_text(size)),
            theme=theme or scenario_theme,
            caption=caption,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _record(
    configs: list[RunConfig], shown: dict[str, list[Any]], out: Path, **options: Any
) -> Animation:
    _offscreen_unless_running()
    from optiviz.recorder import Recorder, RecordOptions

    recorder = Recorder(configs, RecordOptions(out=out, **options), **shown)
    try:
        for _ in recorder.frames():
            pass
    finally:
        recorder.cancel()  # a no-op once done; removes a partial file otherwise
    return Animation(
        recorder.path, recorder.total, recorder.size, recorder.options.fps, recorder.notes
    )
