"""The expression parser: what it computes, what it refuses, and that refusing never runs anything."""

from __future__ import annotations

import ast
import builtins
import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

from adamviz.core.engine import Engine, RunSpec
from adamviz.core.expression import MAX_LENGTH, ExpressionError, parse_expression
from adamviz.core.problems import ViewWindow, get_problem
from adamviz.core.problems.custom import CustomProblem
from adamviz.core.scenario import default_scenario

REPO = Path(__file__).resolve().parents[2]
POINTS = np.random.default_rng(0).uniform(-2.5, 2.5, size=(25, 2))

# text, and the same function written here in Python for one point
CASES = [
    ("x1**2 + 3*x2**2", lambda a, b: a**2 + 3 * b**2),
    ("-x1**2", lambda a, b: -(a**2)),
    ("2**3**2 * x1", lambda a, b: 512 * a),
    ("x1 - x2 - 1", lambda a, b: (a - b) - 1),
    ("1/2*x1", lambda a, b: 0.5 * a),
    ("x1/x2/4", lambda a, b: (a / b) / 4),
    ("(x1 + 1)*(x2 - 2)", lambda a, b: (a + 1) * (b - 2)),
    ("+x1 - -x2", lambda a, b: a + b),
    ("sin(x1)*cos(x2)", lambda a, b: math.sin(a) * math.cos(b)),
    ("exp(-x1**2 - x2**2)", lambda a, b: math.exp(-(a**2) - b**2)),
    ("log(1 + x1**2) + sqrt(abs(x2))", lambda a, b: math.log(1 + a**2) + math.sqrt(abs(b))),
    ("tanh(3*x1) + pi*x2 - e", lambda a, b: math.tanh(3 * a) + math.pi * b - math.e),
    ("π*x1 − x2", lambda a, b: math.pi * a - b),
    ("1.5e-1*x1 + 0.25*x2 + 1_000", lambda a, b: 0.15 * a + 0.25 * b + 1000),
    ("(x1**2 + x2 - 11)**2 + (x1 + x2**2 - 7)**2", lambda a, b: (a * a + b - 11) ** 2 + (a + b * b - 7) ** 2),
    ("x1\n + x2", lambda a, b: a + b),
]


@pytest.mark.parametrize("text,reference", CASES)
def test_evaluates_like_python_floats(text, reference):
    expression = parse_expression(text)
    expected = np.array([reference(a, b) for a, b in POINTS])
    values = expression(POINTS)
    assert values.dtype == np.float64 and values.shape == (25,)
    np.testing.assert_allclose(values, expected, rtol=1e-14, atol=1e-14)
    # on coordinate grids too, of any shape
    xx, yy = np.meshgrid(POINTS[:5, 0], POINTS[:4, 1])
    grid = expression.numpy(xx, yy)
    assert grid.shape == (4, 5)
    assert grid[2, 3] == pytest.approx(reference(xx[2, 3], yy[2, 3]), rel=1e-14, abs=1e-14)


@pytest.mark.parametrize("text,reference", CASES)
def test_torch_evaluation_equals_numpy_and_autograd_is_the_derivative(text, reference):
    expression = parse_expression(text)
    x = torch.from_numpy(POINTS.copy()).requires_grad_(True)
    value = expression.torch(x[:, 0], x[:, 1])
    np.testing.assert_allclose(value.detach().numpy(), expression(POINTS), rtol=1e-14, atol=1e-14)
    value.sum().backward()
    h = 1e-6
    for (a, b), grad in zip(POINTS[:6], x.grad.numpy()[:6], strict=True):
        fd = [(reference(a + h, b) - reference(a - h, b)) / (2 * h),
              (reference(a, b + h) - reference(a, b - h)) / (2 * h)]
        np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-5)


def test_constants_and_shapes():
    assert parse_expression("e").constant and not parse_expression("x2").constant
    assert parse_expression("x1 + 1").variables == {"x1"}
    np.testing.assert_array_equal(parse_expression("2*pi").numpy(np.zeros((3, 2)), 0.0), np.full((3, 2), 2 * np.pi))
    t = parse_expression("x2 + 1").torch(torch.zeros(4, dtype=torch.float64), torch.ones(4, dtype=torch.float64))
    assert t.shape == (4,) and torch.equal(t, torch.full((4,), 2.0, dtype=torch.float64))


def test_non_finite_values_are_allowed_and_quiet():
    expression = parse_expression("log(x1) + sqrt(x2) + 1/x1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = expression(np.array([[0.0, 1.0], [1.0, -1.0], [-1.0, 4.0], [1e-320, 1.0], [1.0, 4.0]]))
    assert np.isnan(values[0])  # −inf + inf
    assert np.isnan(values[1]) and np.isnan(values[2]) and values[3] == np.inf
    assert values[4] == 3.0
    assert parse_expression("exp(x1)")(np.array([1000.0, 0.0])) == np.inf


# ---------------------------------------------------------------- refusals

HOSTILE = [
    ("__import__('os').system('echo hi')", "attribute access `__import__('os').system` is not allowed (column 1)"),
    ("__import__('os')", "`__import__` is not allowed (column 1): allowed names are x1, x2, pi, e and the functions"),
    ("x1 + __builtins__", "`__builtins__` is not allowed (column 6)"),
    ("().__class__.__bases__[0]", "is not allowed (column 1)"),
    ("x1.real", "attribute access `x1.real` is not allowed (column 1)"),
    ("x1[0]", "indexing `x1[0]` is not allowed (column 1)"),
    ("open('/etc/passwd')", "`open` is not allowed (column 1)"),
    ("eval('1')", "`eval` is not allowed (column 1)"),
    ("exec", "`exec` is not allowed"),
    ("sin(x=1)", "keyword argument `x=1` is not allowed (column 5)"),
    ("sin(x1, x2)", "`sin` takes exactly one argument"),
    ("sin(*[x1])", "unpacking with *"),
    ("(lambda: 1)()", "a lambda `lambda: 1` is not allowed (column 2)"),
    ("[x1 for x1 in (1, 2)]", "a comprehension"),
    ("sum(x1 for x1 in (1, 2))", "`sum` is not allowed"),
    ("{x1: 1}", "a dict"),
    ("x1 < x2", "a comparison `x1 < x2` is not allowed (column 1)"),
    ("x1 and x2", "and/or `x1 and x2` is not allowed"),
    ("not x1", "`not` is not allowed"),
    ("~x1", "`~` is not allowed"),
    ("x1 if x2 else 1", "if/else"),
    ("f'{x1}'", "an f-string"),
    ("(y := 2) + x1", "assignment (:=) `y := 2` is not allowed (column 2)"),
    ("'abc'", "the string `'abc'` is not allowed"),
    ("b'abc'", "the string `b'abc'` is not allowed"),
    ("2j * x1", "the complex number `2j` is not allowed"),
    ("True + x1", "`True` is not allowed"),
    ("None", "`None` is not allowed"),
    ("...", "`...` is not allowed"),
    ("x1 ^ 2", "`^` is not allowed (column 4): write powers as x1**2"),
    ("x1 % 2", "`%` is not allowed (column 4)"),
    ("x1 // 2", "`//` is not allowed (column 4)"),
    ("x1 @ x2", "`@` is not allowed (column 4)"),
    ("x1 << 2", "`<<` is not allowed"),
    ("x", "`x` is not allowed (column 1): allowed names are x1, x2, pi, e and the functions sin, cos, exp, log, "
          "sqrt, abs, tanh (did you mean x1?)"),
    ("sin", "`sin` without an argument is not allowed (column 1): write it as sin(...)"),
    ("x1(x2)", "`x1` is not a function (column 1): products need a *"),
    ("sin(x1)(x2)", "calling `sin(x1)` is not allowed"),
    ("import os", "syntax error at column 1"),
    ("x1 = 2", "syntax error at column 4"),
    ("x1 +", "syntax error at the end"),
    ("2x1", "syntax error at column 1: invalid decimal literal (products need a *"),
    ("x1 x2", "syntax error at column 4: invalid syntax (products need a *"),
    ("", "the expression is empty"),
    ("   ", "the expression is empty"),
    ("x1 + \x00", "NUL"),
    ("1e400 * x1", "the number `1e400` is not allowed (column 1): it is too large for a float"),
    ("9" * 400 + " * x1", "too large for a float"),
    ("9**9**9", "the exponent `9**9` is too large (column 4): |exponent| must be at most 1000"),
    ("x1**(10**4)", "the exponent `10**4` is too large"),
    ("2**-1001 + x1", "the exponent `-1001` is too large"),
    ("x1 + " * 120 + "x1", "is too long" if len("x1 + " * 120 + "x1") > MAX_LENGTH else "nested too deeply"),
    ("+".join(["x1"] * 110), "nested too deeply"),
    ("-" * 150 + "x1", "nested too deeply"),
    ("x1*" * 150 + "x1", "nested too deeply (more than 100 levels)"),
    ("(" * 210 + "x1" + ")" * 210, "syntax error at column 201: too many nested parentheses"),
    ("+".join(["x1*x2"] * 83), "the expression is too large (more than 250 parts)"),
]


@pytest.mark.parametrize("text,message", HOSTILE)
def test_refuses_with_a_message_that_points_at_the_problem(text, message):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


def test_error_columns_are_characters_of_the_text_as_typed():
    with pytest.raises(ExpressionError) as info:
        parse_expression("π*x1 + é")  # ast counts UTF-8 bytes: π is two
    assert info.value.column == 8 and "`é` is not allowed (column 8)" in str(info.value)
    for text, column in [("   foo + x1", 4), ("  x1 ^ 2", 6), ("\t x1 +* 2", 7), ("  x1\n + y", 9)]:
        with pytest.raises(ExpressionError) as info:
            parse_expression(text)
        assert info.value.column == column and f"column {column}" in str(info.value)
    assert parse_expression("  x1 + 1  ")([2.0, 0.0]) == 3.0


def test_limits_on_size():
    assert parse_expression("+".join(["x1"] * 90))(np.array([1.0, 0.0])) == 90.0
    with pytest.raises(ExpressionError, match="too long"):
        parse_expression("x1" + " " * MAX_LENGTH)
    # parentheses alone add no depth
    assert parse_expression("(" * 150 + "x1" + ")" * 150)(np.array([2.0, 0.0])) == 2.0
    assert parse_expression("+".join(["x1*x2"] * 60))(np.array([1.0, 2.0])) == 120.0


def test_refusing_hostile_text_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    attempts = [
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w')",
        f"(lambda: __import__('os').system('touch {marker}'))()",
        f"[__import__('os').system('touch {marker}') for _ in (1,)]",
        f"().__class__.__base__.__subclasses__()[0]('touch {marker}')",
        f"exec(\"open('{marker}', 'w')\")",
        f"eval(\"__import__('os').system('touch {marker}')\")",
        f"getattr(__import__('os'), 'system')('touch {marker}')",
        f"x1 + (__import__('os').system('touch {marker}') or 0)",
        f"sin(__import__('os').system('touch {marker}'))",
    ]
    for text in attempts:
        with pytest.raises(ExpressionError):
            parse_expression(text)
        with pytest.raises(ExpressionError):
            CustomProblem(text)
    assert not marker.exists()


def test_parsing_never_compiles_code_or_calls_eval(monkeypatch):
    """The parser may ask Python for a syntax tree and nothing more: no eval, no exec, no code objects."""
    real_compile = builtins.compile
    calls = []

    def tree_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        calls.append(flags)
        assert flags & ast.PyCF_ONLY_AST, "source compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "compile", tree_only_compile)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    expression = parse_expression("sin(x1)**2 + exp(-x2) / (1 + abs(x1))")
    for text, _ in HOSTILE[:20]:
        with pytest.raises(ExpressionError):
            parse_expression(text)
    values = expression(POINTS)
    monkeypatch.undo()
    assert calls and np.isfinite(values).all()


def test_huge_powers_never_hang():
    """Python ints would take forever on these; the parser refuses or computes them in floats at once.

    Run in a subprocess with a timeout, so a regression shows as a failure, not a hung test run.
    """
    program = (
        "from adamviz.core.expression import parse_expression, ExpressionError\n"
        "for text in ['9**9**9', '9**9**9**9', '(9**9)**(9**9)', '10**1000', '(10**300)**1000*x1',\n"
        "             '2**1000**1000', '1e300**1000 + x1', '999999999**999', 'x1**1000**1000',\n"
        "             '(x1**1000)**1000**0.5']:\n"
        "    try:\n"
        "        e = parse_expression(text)\n"
        "        print(text, 'value', e([[2.0, 1.0]])[0])\n"
        "    except ExpressionError as error:\n"
        "        print(text, 'refused', error)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["9**9**9"].startswith("refused") and "9**9" in lines["9**9**9"]
    assert lines["9**9**9**9"].startswith("refused")
    assert lines["10**1000"].startswith("value inf")  # a float overflow, not a 1001-digit integer
    assert lines["(10**300)**1000*x1"].startswith("value inf")
    assert lines["999999999**999"].startswith("value inf")


def test_nothing_here_imports_torch_until_a_gradient_is_asked_for():
    program = (
        "import sys\n"
        "from adamviz.core.problems.custom import CustomProblem\n"
        "from adamviz.core.problems import get_problem\n"
        "from adamviz.core.surface import planar_surface\n"
        "p = CustomProblem('sin(x1) + x2**2')\n"
        "for problem in [p, get_problem('rosenbrock'), get_problem('saddle'), get_problem('plateau')]:\n"
        "    planar_surface(problem, problem.view.x, problem.view.y, n=50)\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "p.gradient_fn()\n"
        "assert 'torch' in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


# ---------------------------------------------------------------- CustomProblem


def test_custom_problem_estimates_its_minimum_on_the_view():
    problem = CustomProblem("(x1 - 0.123)**2 + 2*(x2 + 0.456)**2 + 1")
    assert problem.planar and problem.name == "custom" and "0.123" in problem.title
    assert problem.view == ViewWindow((-3.0, 3.0), (-3.0, 3.0))
    spacing = 6 / 600
    assert np.abs(problem.minimum - [0.123, -0.456]).max() <= spacing / 2 + 1e-12
    assert 1.0 <= problem.floor <= 1.0 + 3 * (spacing / 2) ** 2
    assert problem.floor == problem.loss(problem.minimum)
    np.testing.assert_array_equal(problem.minima, [problem.minimum])
    assert problem.log_loss
    np.testing.assert_array_equal(problem.initial_point(), [-2.0, 2.0])
    np.testing.assert_array_equal(problem.initial_point(0, (0.5, 0.5)), [0.5, 0.5])


def test_custom_problem_view_start_and_linear_axis():
    problem = CustomProblem("sin(x1)*cos(x2)", view=((0, 6), (-1, 1)), start=(0.5, 0.25))
    assert problem.view == ViewWindow((0.0, 6.0), (-1.0, 1.0))
    np.testing.assert_array_equal(problem.initial_point(), [0.5, 0.25])
    assert not problem.log_loss and problem.floor == pytest.approx(-1.0, abs=1e-4)
    np.testing.assert_allclose(problem.minimum, [3 * np.pi / 2, 0.0], atol=6 / 600)
    # where the default start has no value, the nearest point well inside where f has one: log(x1) is
    # defined for x1 > 0, and a start at the very edge (x1 = 0.01) would leave it at the first step
    log_problem = CustomProblem("log(x1) + x2**2")
    x1, x2 = log_problem.initial_point()
    assert 0.29 <= x1 <= 0.32 and x2 == 2.0 and np.isfinite(log_problem.loss([x1, x2]))
    engine = default_scenario("custom", ("adam",), 5, function="log(x1) + x2**2").run()
    assert engine.runs[0].diverged_at is None  # Adam takes its first steps in the domain


def test_custom_problem_gradient_is_autograd_and_batch_capable():
    problem = CustomProblem("x1**2*x2 + sin(x2)")
    gradient = problem.gradient_fn()
    theta = torch.from_numpy(POINTS.reshape(5, 5, 2).copy())
    g = gradient(theta, 1)
    assert g.shape == (5, 5, 2) and not theta.requires_grad
    a, b = POINTS[:, 0], POINTS[:, 1]
    np.testing.assert_allclose(g.reshape(-1, 2).numpy(), np.stack([2 * a * b, a**2 + np.cos(b)], -1), rtol=1e-14)
    # the engine's torch.optim runs call it under no_grad
    with torch.no_grad():
        np.testing.assert_array_equal(gradient(theta[0, 0], 2).numpy(), g[0, 0].numpy())


def test_custom_problem_runs_like_the_built_in_bowl():
    """x1**2 + 2*x2**2 is toy1: autograd's gradient must take the analytic one's steps (both in torch)."""
    toy1 = get_problem("toy1")
    custom = CustomProblem("x1**2 + 2*x2**2", view=toy1.view)
    for spec in [RunSpec("sgd", {"lr": 0.1}), RunSpec("adam", {"lr": 0.3}), RunSpec("momentum", {"lr": 0.1}),
                 RunSpec("adam", {"lr": 0.3}, concise=True)]:
        a = Engine(toy1, [spec], start=(-5.0, -2.0), arrays="torch")
        b = Engine(custom, [RunSpec(spec.optimizer, dict(spec.hyperparams), spec.concise)], start=(-5.0, -2.0))
        a.step(40)
        b.step(40)
        np.testing.assert_array_equal(a.runs[0].points, b.runs[0].points)
        np.testing.assert_allclose(a.runs[0].losses, b.runs[0].losses, rtol=1e-15)


def test_custom_problem_refuses_what_it_cannot_use():
    with pytest.raises(ExpressionError, match="is a constant"):
        CustomProblem("2*pi + 1")
    with pytest.raises(ExpressionError, match=r"constant .* over the view"):
        CustomProblem("x1 - x1 + 3")
    with pytest.raises(ExpressionError, match="not finite anywhere in the view"):
        CustomProblem("log(-1 - x1**2)")
    with pytest.raises(ExpressionError, match="not finite anywhere"):
        CustomProblem("sqrt(x1)", view=((-3, -1), (-1, 1)))
    with pytest.raises(ValueError, match="view"):
        CustomProblem("x1**2", view=((1, 0), (0, 1)))
    with pytest.raises(ValueError, match="start"):
        CustomProblem("x1**2", start=(float("nan"), 0))
    with pytest.raises(ExpressionError, match="syntax"):
        CustomProblem("x1 +")


def test_custom_problem_default_hyperparameters_are_valid_and_scale_with_the_view():
    from adamviz.core.optimizers import OPTIMIZERS

    small = CustomProblem("x1**2 + x2**2", view=((-1, 1), (-1, 1)))
    large = CustomProblem("x1**2 + x2**2", view=((-10, 10), (-10, 10)))
    for problem in (small, large):
        for name, optimizer in OPTIMIZERS.items():
            optimizer.validate(problem.hyperparams_for(name))
    assert large.hyperparams_for("adam")["lr"] == pytest.approx(10 * small.hyperparams_for("adam")["lr"])
    # GD's η follows the slope: on this bowl the slopes grow with the view as fast as the view does
    assert large.hyperparams_for("sgd")["lr"] == pytest.approx(small.hyperparams_for("sgd")["lr"], rel=0.1)
    engine = Engine(small, [RunSpec(o, small.hyperparams_for(o)) for o in OPTIMIZERS])
    engine.step(small.default_steps)
    assert all(run.diverged_at is None and run.losses[-1] < run.losses[0] for run in engine.runs)
