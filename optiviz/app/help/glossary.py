"""The glossary: the words and signs the panes and controls use, one short entry each.

Entries are data, written through Qt's translations (context ``Glossary``) when asked for, so
a translated interface gets a translated glossary. Each has an anchor (``kappa``,
``clipping``) by which a pane or the guide opens the glossary at it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

CONTEXT = ""  # lupdate files bare tr() calls under the empty context


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class Entry:
    anchor: str  # stable, untranslated: what links use
    term: str  # the heading, translated
    text: str  # the explanation (HTML), translated

    def matches(self, words: str) -> bool:
        """True when every word of ``words`` is in the term or the text (any case)."""
        haystack = f"{self.term} {self.text} {self.anchor}".casefold()
        return all(word in haystack for word in words.casefold().split())

    def html(self) -> str:
        return f'<h3><a name="{self.anchor}"></a>{html.escape(self.term)}</h3><p>{self.text}</p>'


def entries() -> list[Entry]:
    """Every entry, in reading order: the surface's geometry, the optimizers' state, the
    loop's variations (mini-batches, noise, clipping, accumulation)."""
    return [
        Entry(
            "loss",
            tr("Loss"),
            tr(
                "The number the optimizer makes small. On the linear fit it is the mean squared "
                "error of the line y = w·x + b over the data; on the test functions it is the "
                "function's value at the two parameters."
            ),
        ),
        Entry(
            "gradient",
            tr("Gradient"),
            tr(
                "The slope of the loss at the current parameters, one number per parameter, as "
                "<code>loss.backward()</code> leaves it in <code>.grad</code>. It points uphill; "
                "an optimizer steps against it."
            ),
        ),
        Entry(
            "learning-rate",
            tr("Learning rate (lr)"),
            tr(
                "How far one step goes: plain SGD moves by −lr × gradient. Too small and the run "
                "crawls; above the stability limit it oscillates and diverges."
            ),
        ),
        Entry(
            "least-squares",
            tr("Least-squares minimum"),
            tr(
                "The line with the smallest mean squared error, which the normal equations give "
                "in closed form: the ★ on the linear fit's surface. A run that ends elsewhere "
                "has not converged, or its settings hold it back (see weight decay)."
            ),
        ),
        Entry(
            "colour-scale",
            tr("Colour scale: log₁₀(loss − min)"),
            tr(
                "The surface is coloured by the loss above the lowest value on the grid, in "
                "powers of ten: −2 means 0.01 above the minimum, 3 means 1000 above it. The "
                "logarithm keeps a narrow valley's floor and the wide slopes around it readable "
                "at once. Problems whose loss can be negative, or that ripple around a level, "
                "are coloured by the loss itself; the colour bar's label says which."
            ),
        ),
        Entry(
            "loss-axis",
            tr("Log loss axis"),
            tr(
                "The loss pane's vertical axis is logarithmic on problems coloured in log₁₀: "
                "each labelled decade is ten times the one below. A straight falling line is a "
                "loss shrinking by the same factor every step (linear convergence); a line that "
                "bends flat has stalled."
            ),
        ),
        Entry(
            "hessian",
            tr("Hessian"),
            tr(
                "The loss's second derivatives: how the slope itself changes. On a quadratic "
                "loss it is the same everywhere, and its eigenvalues and eigenvectors describe "
                "the whole bowl."
            ),
        ),
        Entry(
            "lambda",
            tr("λ (eigenvalue)"),
            tr(
                "λ₁ ≤ λ₂ are the Hessian's eigenvalues: the curvature along the two eigen-axes. "
                "A large λ is a steep, narrow direction; a negative λ curves downwards, as at a "
                "saddle."
            ),
        ),
        Entry(
            "eigen-axes",
            tr("Eigen-axes"),
            tr(
                "The two lines through the minimum along the Hessian's eigenvectors, drawn on "
                "the surface in the teaching mode and labelled with their λ. Along each one, "
                "plain gradient descent multiplies the distance to the minimum by (1 − lr·λ) "
                "every step, independently of the other."
            ),
        ),
        Entry(
            "kappa",
            tr("κ (condition number)"),
            tr(
                "κ = λ₂ / λ₁, the ratio of the steepest to the flattest curvature. With κ = 1 "
                "the contours are circles and gradient descent walks straight to the minimum; "
                "with κ = 100 they are long thin ellipses: an lr small enough for the steep axis "
                "crawls along the flat one, and the path zig-zags across the valley."
            ),
        ),
        Entry(
            "stability-limit",
            tr("Stability limit"),
            tr(
                "Plain gradient descent on a quadratic converges only while |1 − lr·λ| &lt; 1 on "
                "both axes, that is lr &lt; 2 / λ₂. Heavy-ball momentum β widens it to "
                "2(1 + β) / λ₂. Above the limit the distance grows every step: the run diverges."
            ),
        ),
        Entry(
            "delta",
            tr("Δ (the update)"),
            tr(
                "Δ = parameters after the step − parameters before it: the move the optimizer "
                "actually made, drawn as an arrow on the surface. For plain SGD it is −lr × "
                "gradient; momentum, Adam and the others turn the same gradient into a "
                "different Δ."
            ),
        ),
        Entry(
            "momentum",
            tr("Momentum"),
            tr(
                "A running sum of past gradients (SGD's <code>momentum</code>, the buffer "
                "<code>momentum_buffer</code>): buf = β·buf + gradient, and the step follows buf. "
                "Consistent directions build up speed, alternating ones cancel, so the zig-zag "
                "of an ill-conditioned valley is damped."
            ),
        ),
        Entry(
            "first-moment",
            tr("First moment (exp_avg, m)"),
            tr(
                "Adam's running average of the gradient: m = β₁·m + (1 − β₁)·gradient, with "
                "β₁ = 0.9 by default. It is the direction Adam steps in, like momentum."
            ),
        ),
        Entry(
            "second-moment",
            tr("Second moment (exp_avg_sq, v)"),
            tr(
                "Adam's running average of the squared gradient: v = β₂·v + (1 − β₂)·gradient², "
                "with β₂ = 0.999. Adam divides each coordinate's step by √v, so every parameter "
                "moves about lr per step whatever the scale of its gradient."
            ),
        ),
        Entry(
            "weight-decay",
            tr("Weight decay"),
            tr(
                "A pull of the parameters towards zero. Decoupled weight decay (AdamW, Muon) "
                "multiplies them by (1 − lr·wd) every step; where that pull equals the update's "
                "length the run stops, short of a minimum far from zero. Muon's default "
                "weight_decay = 0.1 does this on the linear fit."
            ),
        ),
        Entry(
            "scheduler",
            tr("Learning-rate scheduler"),
            tr(
                "Changes the lr as the epochs pass (step decay, cosine, one-cycle…); it steps "
                "once per epoch, after the optimizer. The learning-rate pane shows the lr each "
                "epoch used."
            ),
        ),
        Entry(
            "epoch-step",
            tr("Epoch and step"),
            tr(
                "A step is one <code>optimizer.step()</code>; an epoch is one pass over the "
                "data. With the whole data in one batch they are the same; with mini-batches "
                "an epoch has as many steps as batches."
            ),
        ),
        Entry(
            "batch",
            tr("Batch (mini-batch)"),
            tr(
                "The points one step sees: a DataLoader with a batch size splits the data into "
                "batches, shuffled every epoch with the seed. The batch loss varies from batch "
                "to batch; the epoch loss is their mean."
            ),
        ),
        Entry(
            "stochastic-gradient",
            tr("Stochastic gradient"),
            tr(
                "The gradient of one batch's loss: a noisy estimate of the full-data gradient. "
                "Its angle to the full-data gradient shows how noisy; the noise shrinks as the "
                "batch grows."
            ),
        ),
        Entry(
            "gradient-noise",
            tr("Added gradient noise"),
            tr(
                "On the test functions, which have no data to sample, Gaussian noise of a given "
                "standard deviation is added to each gradient: a stand-in for a batch's noise, "
                "seeded so a run replays exactly."
            ),
        ),
        Entry(
            "clipping",
            tr("Gradient clipping"),
            tr(
                "Between <code>backward()</code> and <code>step()</code>: "
                "<code>clip_grad_norm_</code> scales the gradient down to a maximum length, "
                "<code>clip_grad_value_</code> caps each coordinate. It tames the huge gradients "
                "that would throw a run off a steep wall."
            ),
        ),
        Entry(
            "accumulation",
            tr("Gradient accumulation (forgetting zero_grad)"),
            tr(
                "<code>backward()</code> adds to <code>.grad</code>; only "
                "<code>optimizer.zero_grad()</code> clears it. Without it each step uses the sum "
                "of every gradient so far: the steps grow and the run overshoots. Done on "
                "purpose over a few batches, the same sum makes a larger batch."
            ),
        ),
    ]


def glossary_html(shown: list[Entry]) -> str:
    """The entries as one HTML page with an anchor each."""
    if not shown:
        return f"<p><i>{html.escape(tr('No entry matches.'))}</i></p>"
    return "".join(entry.html() for entry in shown)
