"""Recording speed: optiviz's recorder against matplotlib's FuncAnimation, in one process.

Both draw the same three panes of the tutorial's SGD run (the loss curve, the data with the
fitted line, the trajectory over a filled contour of the loss) at the same size and frame
count, to MP4 and to GIF, and both step the same engine runs. Prints frames per second of
each and the ratio (target: optiviz >= 20x matplotlib, stretch 30x). optiviz's recording
takes about a second, matplotlib's twenty: optiviz's is the median of three recordings, so
one pause of a shared machine does not decide the ratio (all three are printed). matplotlib is not a
dependency of optiviz: ``pip install optiviz[bench]`` (``make bench`` does) to run this.
``--profile`` also splits optiviz's frame time (stepping, panes, painting, encoding).

    python benchmarks/record_vs_matplotlib.py [--frames 100] [--size 1200x400] [--profile]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np

from optiviz.engine.problems.surface import surface_grid
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.recorder import Recorder, RecordOptions
from optiviz.recorder.frames import advance, frame_epoch
from optiviz.recorder.pipeline import EncoderThread
from optiviz.recorder.recorder import ensure_app
from optiviz.recorder.writers import open_writer

#: optiviz's recordings per format, of which the median is compared.
REPEATS = 3


def matplotlib_fps(path: Path, frames: int, step: int, size: tuple[int, int]) -> float:
    """FuncAnimation saving the three panes; returns frames per second."""
    import imageio_ffmpeg
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import animation

    plt.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
    begin = time.perf_counter()
    run = Run(RunConfig(epochs=frames * step))
    problem, history = run.problem, run.history
    dataset = problem.dataset
    dpi = 100
    fig, (ax_loss, ax_fit, ax_surf) = plt.subplots(
        1, 3, figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi
    )
    ax_loss.set(title="Loss per epoch", xlabel="epoch", ylabel="loss", yscale="log")
    (loss_line,) = ax_loss.plot([], [], color="tab:red")
    ax_fit.set(title="Data and fitted line", xlabel="x", ylabel="y")
    x = np.asarray(dataset.x, dtype=float)
    ax_fit.scatter(x, dataset.y, color="0.3", s=12)
    xs = np.array([x.min() - 1, x.max() + 1])
    (fit_line,) = ax_fit.plot([], [], color="tab:red")
    ax_fit.set_xlim(*xs)
    ax_fit.set_ylim(min(dataset.y) - 10, max(dataset.y) + 10)
    grid = surface_grid(problem, resolution=160)
    ax_surf.contourf(grid.a, grid.b, grid.z_display, levels=20, cmap="viridis")
    ax_surf.set(title=problem.title, xlabel="w", ylabel="b")
    (path_line,) = ax_surf.plot([], [], color="tab:red")
    (point,) = ax_surf.plot([], [], "o", color="tab:red")
    fig.tight_layout()

    def update(index: int):
        advance([run], frame_epoch(index, step))
        n = len(history)
        if n:
            loss_line.set_data(np.arange(1, n + 1), history.loss)
            ax_loss.relim()
            ax_loss.autoscale_view()
        w, c = dataset.raw_coefficients(*history.params_at(n))
        fit_line.set_data(xs, w * xs + c)
        trajectory = history.trajectory()
        path_line.set_data(trajectory[:, 0], trajectory[:, 1])
        point.set_data(trajectory[-1:, 0], trajectory[-1:, 1])
        return loss_line, fit_line, path_line, point

    anim = animation.FuncAnimation(fig, update, frames=frames, blit=False)
    writer = (
        animation.PillowWriter(fps=15)
        if path.suffix == ".gif"
        else animation.FFMpegWriter(fps=30, codec="libx264")
    )
    anim.save(str(path), writer=writer, dpi=dpi)
    plt.close(fig)
    return frames / (time.perf_counter() - begin)


def optiviz_fps(path: Path, frames: int, step: int, size: tuple[int, int]) -> float:
    begin = time.perf_counter()
    fps = 15 if path.suffix == ".gif" else 30
    options = RecordOptions(out=path, fps=fps, epochs_per_frame=step, size=size)
    recorder = Recorder([RunConfig(epochs=(frames - 1) * step)], options)
    for _ in recorder.frames():
        pass
    return recorder.total / (time.perf_counter() - begin)


def frame_split(recorder: Recorder) -> dict[str, float]:
    """Record ``recorder`` as :meth:`Recorder.frames` does, timing each part of a frame.

    Milliseconds per frame: stepping the runs, feeding the panes (refresh), painting them with
    the caption, grabbing the frame (the conversion to RGBA), waiting for room in the encoder's
    queue, and the encoder thread's own time writing into ffmpeg's pipe (which overlaps the
    rest); then the whole frame and the time ffmpeg takes to finish after the last frame.
    The parts are the CPU time of the thread that does them (``time.thread_time``), so other
    programs on a busy machine do not add to them; the queue, the frame and the finish are
    wall time.
    """
    writer = open_writer(
        recorder.kind, recorder.path, recorder.size, recorder.options.fps_fraction, recorder.total
    )
    parts = dict.fromkeys(("step", "refresh", "paint", "grab", "queue", "encode"), 0.0)
    write = writer.write

    def timed_write(frame: np.ndarray) -> None:
        began = time.thread_time()
        write(frame)
        parts["encode"] += time.thread_time() - began

    writer.write = timed_write  # type: ignore[method-assign]
    encoder = EncoderThread(writer)
    step = recorder.options.epochs_per_frame
    began = time.perf_counter()
    try:
        for index in range(recorder.total):
            t0 = time.thread_time()
            advance(recorder.runs, frame_epoch(index, step))
            t1 = time.thread_time()
            recorder.refresh()
            t2 = time.thread_time()
            image = recorder.paint()
            t3 = time.thread_time()
            frame = recorder.grab(image)
            t4 = time.thread_time()
            waited = time.perf_counter()
            encoder.put(frame, recorder._rgba)
            parts["queue"] += time.perf_counter() - waited
            for key, (a, b) in zip(parts, ((t0, t1), (t1, t2), (t2, t3), (t3, t4)), strict=False):
                parts[key] += b - a
        encoder.close()
        drawn = time.perf_counter()
        for _ in writer.finish():
            pass
        finished = time.perf_counter()
    finally:
        encoder.stop()
        writer.abort()
        recorder.cancel()
    per_frame = {key: 1000 * value / recorder.total for key, value in parts.items()}
    per_frame["frame"] = 1000 * (drawn - began) / recorder.total
    per_frame["finish"] = 1000 * (finished - drawn)
    return per_frame


def print_split(label: str, split: dict[str, float]) -> None:
    finish = split.pop("finish")
    print(
        f"{label}: per frame "
        + ", ".join(f"{key} {value:.2f} ms" for key, value in split.items())
        + f"; ffmpeg finishing: {finish:.0f} ms"
    )


def profile(frames: int, step: int, size: tuple[int, int]) -> None:
    """Where a frame's time goes (see :func:`frame_split`)."""
    with tempfile.TemporaryDirectory() as folder:
        options = RecordOptions(out=Path(folder) / "p.mp4", epochs_per_frame=step, size=size)
        recorder = Recorder([RunConfig(epochs=(frames - 1) * step)], options)
        print_split("MP4", frame_split(recorder))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--epochs-per-frame", type=int, default=10)
    parser.add_argument("--size", default="1200x400")
    parser.add_argument("--profile", action="store_true", help="also split optiviz's frame time")
    args = parser.parse_args()
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("this benchmark compares with matplotlib: pip install matplotlib", file=sys.stderr)
        return 1
    size = tuple(int(v) for v in args.size.split("x"))
    frames, step = args.frames, args.epochs_per_frame
    print(f"{frames} frames at {size[0]}x{size[1]}, {step} epochs per frame")
    ensure_app()  # once per process, like importing matplotlib: not part of either time
    with tempfile.TemporaryDirectory() as folder:
        optiviz_fps(Path(folder) / "warm.mp4", 3, step, size)  # first-use costs of both
        matplotlib_fps(Path(folder) / "warm.mp4", 3, step, size)
        for suffix in (".mp4", ".gif"):
            runs = [
                optiviz_fps(Path(folder) / f"optiviz{i}{suffix}", frames, step, size)
                for i in range(REPEATS)
            ]
            ours = statistics.median(runs)
            theirs = matplotlib_fps(Path(folder) / f"matplotlib{suffix}", frames, step, size)
            print(
                f"{suffix[1:].upper():>4}: optiviz {ours:6.1f} frames/s "
                f"({', '.join(f'{fps:.0f}' for fps in runs)}), "
                f"matplotlib {theirs:5.1f} frames/s, ratio {ours / theirs:5.1f}x"
            )
    if args.profile:
        profile(frames, step, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
