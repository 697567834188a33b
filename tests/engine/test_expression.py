"""Typed formulas: torch's numbers, a safe parser, and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.expression import compile_expression, expression_problem
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.run import Run

F = torch.nn.functional

# The formula as typed, and the same formula written directly in torch.
FORMULAS = [
    ("(1 - x)**2 + 100*(y - x**2)**2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    (
        "sin(x)*cos(y) + exp(-x**2/2)",
        lambda x, y: torch.sin(x) * torch.cos(y) + torch.exp(-(x**2) / 2),
    ),
    (
        "softplus(x) + relu(y) + sigmoid(x*y) - tanh(x)",
        lambda x, y: F.softplus(x) + torch.relu(y) + torch.sigmoid(x * y) - torch.tanh(x),
    ),
    (
        "minimum(x, 1) + maximum(0.5, y) + atan2(y, 2) + hypot(x, y)",
        lambda x, y: (
            torch.minimum(x, torch.tensor(1.0, dtype=x.dtype))
            + torch.maximum(torch.tensor(0.5, dtype=y.dtype), y)
            + torch.atan2(y, torch.tensor(2.0, dtype=y.dtype))
            + torch.hypot(x, y)
        ),
    ),
    (
        "torch.sqrt(x**2 + y**2 + 1) + log(1 + x**2) + abs(y) + pi*e*x",
        lambda x, y: (
            torch.sqrt(x**2 + y**2 + 1) + torch.log(1 + x**2) + torch.abs(y) + math.pi * math.e * x
        ),
    ),
    ("-x + +y / 3 - 2**-1 * x*y", lambda x, y: -x + y / 3 - 0.5 * x * y),
]


@pytest.mark.parametrize(("text", "reference"), FORMULAS, ids=[f[0] for f in FORMULAS])
def test_values_and_gradients_equal_torchs(text, reference):
    function = compile_expression(text)
    rng = np.random.default_rng(3)
    a = torch.from_numpy(rng.uniform(-3, 3, (9, 11)))
    b = torch.from_numpy(rng.uniform(-3, 3, (9, 11)))
    torch.testing.assert_close(function(a, b), reference(a, b), rtol=0, atol=0)
    for point in [(-2.0, 2.0), (0.3, -1.7)]:
        theta = torch.tensor(point, requires_grad=True)  # float32, as a run holds it
        ours = function(theta[0], theta[1])
        (ours_grad,) = torch.autograd.grad(ours, theta)
        theirs = reference(theta[0], theta[1])
        (their_grad,) = torch.autograd.grad(theirs, theta)
        assert ours.dtype == torch.float32
        assert ours.item() == theirs.item()
        assert torch.equal(ours_grad, their_grad)


def test_a_run_on_the_typed_rosenbrock_equals_the_built_in_one():
    settings = {"optimizer": "Adam", "lr": 0.05, "epochs": 200}
    typed = Run(
        RunConfig(
            problem="expression",
            expression="(1 - x)**2 + 100*(y - x**2)**2",
            start=(-2.0, 2.0),
            **settings,
        )
    ).run()
    built_in = Run(RunConfig(problem="rosenbrock", **settings)).run()
    np.testing.assert_array_equal(typed.history.loss, built_in.history.loss)
    np.testing.assert_array_equal(typed.history.params, built_in.history.params)
    assert typed.problem.name == "expression" and typed.problem.param_names == ("x", "y")


def test_problem_defaults_and_an_approximate_minimum():
    problem = expression_problem("(x - 1)**2 + 2*(y + 0.5)**2", None)
    assert problem.domain == ((-3.0, 3.0), (-3.0, 3.0))
    assert problem.start == (-2.0, 2.0)
    assert problem.minima_approximate
    (minimum,) = problem.minima
    assert minimum == pytest.approx((1.0, -0.5), abs=1e-4)
    assert problem.log_surface
    assert problem.value(1.0, -0.5) == 0.0
    assert expression_problem("x**2 + y", (0.5, 1.0)).start == (0.5, 1.0)


def test_no_minimum_on_the_border_and_no_log_surface_below_zero():
    slope = expression_problem("x + y", None)
    assert slope.minima == ()  # the lowest grid point is a corner: a slope, not a minimum
    assert not slope.log_surface
    assert not expression_problem("x**2 + y**2 - 1", None).log_surface


def test_a_domain_argument_moves_the_default_start_inside():
    problem = expression_problem("(x - 5)**2 + (y - 5)**2", None, domain=((3, 9), (3, 9)))
    assert problem.domain == ((3.0, 9.0), (3.0, 9.0))
    (x0, x1), (y0, y1) = problem.domain
    assert x0 <= problem.start[0] <= x1 and y0 <= problem.start[1] <= y1
    assert problem.minima[0] == pytest.approx((5.0, 5.0), abs=1e-4)
    with pytest.raises(ConfigError, match="domain"):
        expression_problem("x", None, domain=((1, 0), (0, 1)))


HOSTILE = [
    ("__import__('os')", "unknown function '__import__' at column 1"),
    ("x.__class__", "attribute access is not allowed at column 1"),
    ("torch.load('f')", "'torch.load' is not an allowed function"),
    ("(lambda: 1)() + x", "is not an allowed function"),
    ("[x for x in y]", "a comprehension is not allowed"),
    ("x if y else 1", "'if ... else' is not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("x + z", "unknown name 'z' at column 5: use numbers, x, y, pi, e"),
    ("9**9**9", "9**9**9 is too large a number"),
    ("x**9**9**9", "too large a number at column 4"),
    ("10**100000 + x", "too large"),
    ("x ^ 2", "'^' (use ** for powers) is not allowed at column 3"),
    ("x + 'a'", "not a real number"),
    ("1/0 + x", "divides by zero"),
    ("2x", "write 2*x"),
    ("x +", "ends too early"),
    ("sin(x, y)", "sin() takes 1 argument, got 2"),
    ("sin", "sin is a function"),
    ("3", "must use x or y"),
    ("", "type a formula"),
    ("x" + "+x" * 300, "at most 500"),
    ("-" * 300 + "x", "too long a formula"),
    ("(" * 240 + "x" + ")" * 240, "too many nested parentheses"),
    ("log(x)", "choose a start where the formula is defined"),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("text", "message"), HOSTILE, ids=[h[0][:20] for h in HOSTILE])
def test_hostile_or_wrong_input_is_refused_with_one_line(text, message):
    with pytest.raises(ConfigError) as caught:
        expression_problem(text, None)
    err = caught.value
    assert err.field == ("expression",)
    assert message in str(err)
    assert "\n" not in str(err)


def test_validate_reports_the_expression_field():
    with pytest.raises(ConfigError, match=r"^expression: unknown name 'q'"):
        validate(RunConfig(problem="expression", expression="q*x"))
