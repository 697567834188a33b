"""A loss landscape's files: ``.npz`` with everything, CSV with the surface.

The ``.npz`` holds ``alpha`` (na,), ``beta`` (nb,), ``loss`` (na, nb) with ``loss[i, j]`` at
``(alpha[i], beta[j])``, the plane (``theta0``, ``d1``, ``d2``, each (P,)), ``path`` (k, 2): the
run's steps in plane coordinates, ``kind`` ("axes", "random", "pca") and ``explained`` (the
pca fractions, NaN otherwise); ``np.load`` reads it without optiviz.

The CSV is what a spreadsheet or ``pandas.read_csv(path, comment="#")`` expects: long form, one
``alpha,beta,loss`` row per grid point (alpha outer, beta inner), after ``#`` comment lines
naming the kind, the variance explained, the grid's shape and the parameter count. The
directions and the path, P and k numbers long, are in the ``.npz`` only.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import numpy as np

from optiviz.engine.formats.files import (
    atomic_open,
    discard,
    partial_path,
    publish_file,
    resolve_target,
    write_new_file,
)
from optiviz.engine.landscape.plane import Plane


@dataclass(frozen=True, eq=False)
class Landscape:
    """A surface over a plane, and the path drawn on it."""

    alpha: np.ndarray  # (na,) float64
    beta: np.ndarray  # (nb,) float64
    loss: np.ndarray  # (na, nb) float32
    theta0: np.ndarray  # (P,) float32
    d1: np.ndarray  # (P,) float32
    d2: np.ndarray  # (P,) float32
    path: np.ndarray  # (k, 2) plane coordinates
    kind: str
    explained: tuple[float, float] | None = None

    @classmethod
    def of(
        cls, plane: Plane, alpha: np.ndarray, beta: np.ndarray, loss: np.ndarray, path: np.ndarray
    ) -> Landscape:
        """The landscape of ``plane``'s grid ``loss`` and the projected ``path``."""
        return cls(
            alpha=np.asarray(alpha, dtype=np.float64),
            beta=np.asarray(beta, dtype=np.float64),
            loss=np.asarray(loss, dtype=np.float32),
            theta0=plane.anchor.detach().cpu().numpy().astype(np.float32),
            d1=plane.d1.detach().cpu().numpy().astype(np.float32),
            d2=plane.d2.detach().cpu().numpy().astype(np.float32),
            path=np.asarray(path, dtype=np.float64).reshape(-1, 2),
            kind=plane.kind,
            explained=plane.explained,
        )


def write_npz(landscape: Landscape, path: str | os.PathLike[str]) -> None:
    """Write the whole landscape to ``path`` (a ``.npz``), whole or not at all."""
    explained = np.full(2, np.nan) if landscape.explained is None else landscape.explained
    buffer = io.BytesIO()
    np.savez(
        buffer,
        alpha=landscape.alpha,
        beta=landscape.beta,
        loss=landscape.loss,
        theta0=landscape.theta0,
        d1=landscape.d1,
        d2=landscape.d2,
        path=landscape.path,
        kind=np.array(landscape.kind),
        explained=np.asarray(explained, dtype=np.float64),
    )
    data = buffer.getvalue()
    target = resolve_target(path)
    temp = partial_path(target)
    try:
        write_new_file(temp, data)
        publish_file(temp, target, len(data))
    except BaseException:
        discard(temp)
        raise


def read_npz(path: str | os.PathLike[str]) -> Landscape:
    """The landscape a ``.npz`` of :func:`write_npz` holds."""
    with np.load(path, allow_pickle=False) as data:
        explained = data["explained"]
        return Landscape(
            alpha=data["alpha"],
            beta=data["beta"],
            loss=data["loss"],
            theta0=data["theta0"],
            d1=data["d1"],
            d2=data["d2"],
            path=data["path"],
            kind=str(data["kind"]),
            explained=None
            if np.isnan(explained).all()
            else (float(explained[0]), float(explained[1])),
        )


def write_csv(landscape: Landscape, path: str | os.PathLike[str]) -> None:
    """Write the surface in long form (see the module's docstring), whole or not at all."""
    explained = (
        "none"
        if landscape.explained is None
        else f"{landscape.explained[0]:.6g}, {landscape.explained[1]:.6g}"
    )
    na, nb = landscape.loss.shape
    with atomic_open(path) as out:
        out.write("# optiviz loss landscape: theta(alpha, beta) = theta0 + alpha*d1 + beta*d2\n")
        out.write(f"# kind: {landscape.kind}\n")
        out.write(f"# explained: {explained}\n")
        out.write(f"# grid: {na} x {nb}\n")
        out.write(f"# parameters: {landscape.theta0.size}\n")
        out.write("alpha,beta,loss\n")
        for i, a in enumerate(landscape.alpha):
            a_text = format(float(a), ".17g")
            out.writelines(
                f"{a_text},{float(b):.17g},{float(v):.9g}\n"
                for b, v in zip(landscape.beta, landscape.loss[i], strict=True)
            )


def read_csv(
    path: str | os.PathLike[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, str]]:
    """(alpha, beta, loss (na, nb), header) of a CSV of :func:`write_csv`."""
    header: dict[str, str] = {}
    rows: list[tuple[float, float, float]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                header[key.strip()] = value.strip()
            elif line.strip() and not line.startswith("alpha"):
                a, b, v = line.split(",")
                rows.append((float(a), float(b), float(v)))
    table = np.array(rows, dtype=np.float64).reshape(-1, 3)
    na, _, nb = header["grid"].partition(" x ")
    grid = table.reshape(int(na), int(nb), 3)
    alpha, beta = grid[:, 0, 0], grid[0, :, 1]
    loss = grid[:, :, 2].astype(np.float32)
    return alpha, beta, loss, header
