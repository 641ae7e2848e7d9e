"""Reliability at the edges: nothing a user can set crashes the engine or lets NaN/Infinity out.

* divergence anywhere in the declared ranges, on every problem: the run is marked at the step
  that left the finite world, its trajectory ends at its last finite point, and the JSON and CSV
  built from it are strict;
* edge values with a defined behaviour: ε = 0 where the gradient is 0 (stop at step 1,
  "undefined"), β₁/β₂ at the ends of their ranges and just below 1, a start at the minimum, a
  start far outside the view, no optimizer, 1 step, 200,000 steps (the million is in
  benchmarks/soak.py, ~15 s here);
* a missing or corrupted airfoil data file: a one-line exit 2 on the command line.
"""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from adamviz.cli import main
from adamviz.core.engine import DIVERGED, LOSS_BOUND, PARAM_BOUND, UNDEFINED, Engine, RunSpec
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.problems import CUSTOM, PROBLEMS, DataError, get_problem
from adamviz.core.report import csv_rows, trace_json
from adamviz.core.scenario import RunSetup, Scenario

BUILT_IN = list(PROBLEMS)
PLANAR = [name for name in BUILT_IN if get_problem(name).planar]
TOY_COEFFS = {"toy1": (1.0, 2.0), "toy2": (0.1, 2.0)}
WITH_EPS = [name for name, opt in OPTIMIZERS.items() if any(hp.name == "eps" for hp in opt.hyperparams)]


def twin(name: str) -> bool:
    """Whether ``name`` has a torch.optim twin to run beside it (Yogi and Lion have none)."""
    return OPTIMIZERS[name].torch_optim is not None


def strict(name):
    raise ValueError(f"non-finite number {name} in the JSON")


def has_eps(optimizer: str) -> bool:
    return optimizer in WITH_EPS


def scenario_for(problem: str, setups: list[RunSetup], steps: int, start=None) -> Scenario:
    return Scenario(problem, setups, steps=steps, start=start).validated()


def assert_clean_records(engine: Engine, scenario: Scenario) -> None:
    """Every recorded number finite, markers consistent, JSON strict, CSV free of nan/inf."""
    problem = engine.problem
    for run in engine.runs:
        points, losses = run.points, run.losses
        assert len(points) == len(losses) == run.t + 1 >= 1
        assert np.isfinite(points).all() and np.isfinite(losses).all()
        # no point beyond the bounds was kept: the trajectory ends at its last good point
        assert (np.abs(points) <= run.param_bound).all()
        assert (np.abs(losses) <= run.loss_bound).all()
        np.testing.assert_array_equal(losses, problem.loss(points))
        if run.diverged_at is None:
            assert run.stop_reason is None
            assert run.t == engine.t
        else:
            assert run.stop_reason in (DIVERGED, UNDEFINED)
            assert 1 <= run.diverged_at <= engine.t
            assert len(points) == run.diverged_at  # the step that stopped it is not recorded
    text = trace_json(scenario, engine)
    data = json.loads(text, parse_constant=strict)
    for record, run in zip(data["runs"], engine.runs, strict=True):
        assert record["diverged_at"] == run.diverged_at
        assert record["stop_reason"] == run.stop_reason
        assert len(record["points"]) == len(run.points)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(engine))
    lowered = buffer.getvalue().lower()
    assert "nan" not in lowered and "inf" not in lowered


# ---------------------------------------------------------------- strategies


def value_in_range(hp):
    """A value of ``hp`` from its declared range, with its ends, its slider's ends and just-below-1 favoured."""
    ends = [hp.slider_range[0], hp.slider_range[1]]
    if not hp.low_open:
        ends.append(hp.low)
    if hp.high_open:
        ends += [math.nextafter(hp.high, hp.low), hp.high - 1e-7]
    else:
        ends.append(hp.high)
    inside = st.floats(min_value=hp.low, max_value=hp.high, exclude_min=hp.low_open, exclude_max=hp.high_open,
                       allow_nan=False, allow_infinity=False)
    return st.one_of(st.sampled_from(ends), inside)


@st.composite
def run_setups(draw):
    count = draw(st.integers(min_value=1, max_value=2))
    names = draw(st.lists(st.sampled_from(list(OPTIMIZERS)), min_size=count, max_size=count, unique=True))
    setups = []
    for name in names:
        values = {hp.name: draw(value_in_range(hp)) for hp in get_optimizer(name).hyperparams}
        setups.append(RunSetup(name, values, concise=twin(name) and draw(st.booleans())))
    return setups


coordinate = st.one_of(
    st.sampled_from([0.0, -0.0, 1e6, -1e6, 1e5, -1e5, 5e-324]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def cases(draw):
    problem = draw(st.sampled_from(BUILT_IN))
    setups = draw(run_setups())
    start = None
    if get_problem(problem).planar:
        start = draw(st.one_of(st.none(), st.just("minimum"), st.tuples(coordinate, coordinate)))
        if start == "minimum":
            start = tuple(float(v) for v in get_problem(problem).minimum)
    steps = draw(st.sampled_from([1, 2, 63, 64, 65, 150]))
    return problem, setups, start, steps


# ---------------------------------------------------------------- divergence anywhere


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_any_settings_on_any_problem_leave_finite_marked_records(case):
    problem, setups, start, steps = case
    scenario = scenario_for(problem, setups, steps, start)
    engine = scenario.run()
    assert engine.t == steps
    assert_clean_records(engine, scenario)
    for run in engine.runs:
        if run.stop_reason == UNDEFINED:
            # on the built-in problems NaN without a blow-up only comes from 0/0, which needs ε = 0
            assert has_eps(run.spec.optimizer) and run.hyperparams["eps"] == 0.0, run.spec


@st.composite
def toy_cases(draw):
    problem = draw(st.sampled_from(list(TOY_COEFFS)))
    # the chapter's six, whose rules the reference (conftest.NumpyOptimizer) writes out
    name = draw(st.sampled_from([name for name, optimizer in OPTIMIZERS.items() if optimizer.chapter]))
    values = {hp.name: draw(value_in_range(hp)) for hp in get_optimizer(name).hyperparams}
    start = draw(st.one_of(st.just((-5.0, -2.0)), st.tuples(coordinate, coordinate)))
    steps = draw(st.sampled_from([1, 20, 64, 65, 200]))
    return problem, name, values, start, steps


@settings(max_examples=80, deadline=None)
@given(case=toy_cases())
@example(case=("toy1", "adam", {"lr": 1.0, "beta1": 0.3125, "beta2": 0.25, "eps": 1e-10}, (-5.0, -2.0), 64))
def test_the_marker_is_where_the_books_rule_first_leaves_the_bounds(case, ref):
    """Independent check of "marked at its step": each recorded step is the notes' rule in float64 numpy
    applied to the recorded point before it, every recorded point is within the bounds, and the rule's
    next step from the last one is not.

    The rule is re-applied from the engine's own points (its moments fed the same gradients) rather than
    run on its own: with η = 1 and small β the toy runs are chaotic, and an independent trajectory parts
    from the engine's by rounding alone (2.6e-9 relative after 54 steps in one case hypothesis found).
    """
    problem, name, values, start, steps = case
    engine = Engine(get_problem(problem), [RunSpec(name, dict(values))], start=start)
    engine.step(steps)
    (run,) = engine.runs
    coeffs = np.asarray(TOY_COEFFS[problem])
    start = np.asarray(start, dtype=np.float64)
    scale = max(1.0, float(np.abs(start).max()))
    start_loss = max(1.0, abs(float((coeffs * start * start).sum())))

    def good(x: np.ndarray) -> bool:
        with np.errstate(all="ignore"):
            loss = float((coeffs * x * x).sum())
        return bool(np.isfinite(x).all() and np.isfinite(loss) and (np.abs(x) <= PARAM_BOUND * scale).all()
                    and abs(loss) <= LOSS_BOUND * start_loss)

    rule = ref.NumpyOptimizer(name, run.hyperparams, [(2,)])
    points = run.points
    np.testing.assert_array_equal(points[0], start)
    following = None
    for k, point in enumerate(points):
        assert good(point), f"recorded point {k} is out of bounds: {point}"
        with np.errstate(all="ignore"):
            (following,) = rule.step([point], [2 * coeffs * point])
        if k + 1 < len(points):
            tolerance = 1e-9 * (np.abs(following) + np.abs(rule.deltas[0])) + 1e-300
            assert (np.abs(points[k + 1] - following) <= tolerance).all(), (k + 1, points[k + 1], following)
    if run.diverged_at is None:
        assert len(points) == steps + 1
    else:
        k = run.diverged_at
        assert len(points) == k, "a diverged run ends at its last good point, the one before the marker"
        assert not good(following), f"marked at {k} but the rule's point there is {following}"
        nan_first = np.isnan(following).any() and not np.isinf(following).any()
        assert run.stop_reason == (UNDEFINED if nan_first else DIVERGED)


@pytest.mark.parametrize("problem", PLANAR)
@pytest.mark.parametrize("start", [(1e6, -1e6), (-1e5, 1e5)])
def test_a_start_far_outside_the_view_is_fine_on_every_2d_problem(problem, start):
    setups = [RunSetup(name, {}, concise=name in ("adam", "rmsprop")) for name in OPTIMIZERS]
    scenario = scenario_for(problem, setups, 130, start)
    engine = scenario.run()
    np.testing.assert_array_equal(engine.start_point, start)
    assert_clean_records(engine, scenario)
    for run in engine.runs:
        np.testing.assert_array_equal(run.points[0], start)


def test_every_optimizer_at_its_largest_learning_rate_on_airfoil():
    setups = [RunSetup(name, {hp.name: hp.high for hp in get_optimizer(name).hyperparams if hp.name == "lr"},
                       concise=twin(name)) for name in OPTIMIZERS]
    scenario = scenario_for("airfoil", setups, 300)
    engine = scenario.run()
    assert_clean_records(engine, scenario)
    stopped = {(run.spec.optimizer, run.spec.concise) for run in engine.runs if run.diverged_at is not None}
    assert ("sgd", False) in stopped and ("momentum", False) in stopped  # η = 10 blows plain steps up


# ---------------------------------------------------------------- ε = 0 where the gradient vanishes


@pytest.mark.parametrize("problem", PLANAR)
def test_eps_zero_at_the_minimum_stops_at_step_1_as_undefined(problem):
    minimum = tuple(float(v) for v in get_problem(problem).minimum)
    setups = [RunSetup(name, {"eps": 0.0} if has_eps(name) else {}, concise=twin(name)) for name in OPTIMIZERS]
    scenario = scenario_for(problem, setups, 10, minimum)
    engine = scenario.run()
    assert_clean_records(engine, scenario)
    for run in engine.runs:
        if has_eps(run.spec.optimizer):
            # RAdam's first five steps are η·v̂ = 0 with no division; its sixth divides 0 by √0 + 0
            first = 6 if run.spec.optimizer == "radam" else 1
            assert (run.diverged_at, run.stop_reason) == (first, UNDEFINED), run.spec
            assert run.points.tolist() == [list(minimum)] * first
            assert np.isfinite(run.losses).all() and len(run.losses) == first
        else:  # GD, momentum, Nesterov and Lion have no ε: the gradient is 0 (Lion's sign(0) = 0), they stay put
            assert run.diverged_at is None and run.t == 10
            assert (run.points == minimum).all()


@pytest.mark.parametrize("problem", PLANAR)
def test_eps_above_zero_at_the_minimum_simply_stays_put(problem):
    minimum = tuple(float(v) for v in get_problem(problem).minimum)
    setups = [RunSetup(name, {}, concise=twin(name)) for name in OPTIMIZERS]
    scenario = scenario_for(problem, setups, 70, minimum)
    engine = scenario.run()
    assert_clean_records(engine, scenario)
    for run in engine.runs:
        assert run.diverged_at is None and run.stop_reason is None and run.t == 70
        if run.hyperparams.get("weight_decay", 0) > 0 and any(minimum):
            # AdamW's decay pulls the weights towards 0, away from a minimum elsewhere: its first step
            # is η·λ·x exactly, as the gradient there is 0
            step = run.points[1] - run.points[0]
            np.testing.assert_allclose(step, -run.hyperparams["lr"] * run.hyperparams["weight_decay"]
                                       * np.array(minimum), rtol=1e-12)
            continue
        assert (run.points == minimum).all(), run.spec
        assert (run.losses == run.losses[0]).all()


@pytest.mark.parametrize("optimizer", ["adagrad", "rmsprop", "adam"])
def test_eps_zero_at_the_minimum_of_toy2_through_trace(capsys, optimizer):
    code = main(["trace", "--problem", "toy2", "--optimizer", optimizer, f"--set={optimizer}.eps=0",
                 "--start=0,0", "--steps", "5"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    (run,) = json.loads(out, parse_constant=strict)["runs"]
    assert run["diverged_at"] == 1 and run["stop_reason"] == "undefined"
    assert run["points"] == [[0.0, 0.0]] and run["losses"] == [0.0]


def test_eps_zero_where_one_coordinate_of_the_gradient_is_zero():
    # x2 = 0 on toy2: ∂f/∂x2 = 0, so AdaGrad's x2 update is 0/√0 at step 1
    engine = Engine(get_problem("toy2"), [RunSpec("adagrad", {"lr": 0.4, "eps": 0.0}),
                                          RunSpec("adagrad", {"lr": 0.4, "eps": 1e-6}, concise=True)],
                    start=(-5.0, 0.0))
    engine.step(20)
    undefined, fine = engine.runs
    assert (undefined.diverged_at, undefined.stop_reason) == (1, UNDEFINED)
    assert undefined.points.tolist() == [[-5.0, 0.0]]
    assert fine.diverged_at is None and (fine.points[:, 1] == 0.0).all() and fine.points[-1, 0] > -5.0


# ---------------------------------------------------------------- β₁ and β₂ at the ends of their ranges


BETA1 = [0.0, 0.5, 0.99, 0.9999999, math.nextafter(1.0, 0.0)]
BETA2 = [0.0, 0.99, 0.999999, 0.9999999, math.nextafter(1.0, 0.0)]


@pytest.mark.parametrize("beta1", BETA1)
@pytest.mark.parametrize("beta2", BETA2)
def test_adam_at_the_ends_of_its_beta_ranges_follows_the_rule(beta1, beta2, ref):
    hp = {"lr": 0.3, "beta1": beta1, "beta2": beta2, "eps": 1e-6}
    scenario = scenario_for("toy2", [RunSetup("adam", hp, concise=True)], 200)
    engine = scenario.run()
    assert_clean_records(engine, scenario)
    scratch = engine.runs[0]
    with np.errstate(all="ignore"):
        expected = ref.numpy_toy_run("adam", hp, TOY_COEFFS["toy2"], (-5.0, -2.0), 200)
    np.testing.assert_allclose(scratch.points, expected[: len(scratch.points)], rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("name,value", [("gamma", 0.0), ("gamma", 0.99), ("gamma", 0.9999999),
                                        ("gamma", math.nextafter(1.0, 0.0))])
def test_rmsprop_gamma_at_its_ends_follows_the_rule(name, value, ref):
    hp = {"lr": 0.4, "gamma": value, "eps": 1e-6}
    scenario = scenario_for("toy2", [RunSetup("rmsprop", hp, concise=True)], 100)
    engine = scenario.run()
    assert_clean_records(engine, scenario)
    expected = ref.numpy_toy_run("rmsprop", hp, TOY_COEFFS["toy2"], (-5.0, -2.0), 100)
    np.testing.assert_allclose(engine.runs[0].points, expected[: len(engine.runs[0].points)], rtol=1e-9)


@pytest.mark.parametrize("text,ok", [("0", True), ("0.99", True), ("0.999999", True), ("0.9999999", True),
                                     ("0.9999999999999999", True), ("1", False), ("1.0000001", False),
                                     ("-0.0000001", False), ("0.99999999999999999", False)])
def test_beta2_values_just_below_1_are_accepted_on_the_command_line(capsys, text, ok):
    code = main(["trace", "--optimizer", "adam", f"--set=adam.beta2={text}", "--steps", "3"])
    out, err = capsys.readouterr()
    if ok:
        assert code == 0 and err == ""
        (run,) = json.loads(out, parse_constant=strict)["runs"]
        assert run["hyperparams"]["beta2"] == float(text)
        assert run["diverged_at"] is None and len(run["points"]) == 4
    else:  # 0.99999999999999999 rounds to 1.0, outside [0, 1)
        assert code == 2 and out == ""
        assert len(err.splitlines()) == 1 and "beta2" in err and "Traceback" not in err


# ---------------------------------------------------------------- no optimizer, 1 step, many steps


def test_an_engine_with_no_runs_steps_resets_and_moves_its_start():
    engine = Engine(get_problem("toy2"), [])
    engine.step(1)
    engine.step(25)
    assert engine.t == 26 and engine.runs == [] and not engine.lagging()
    assert engine.sync()
    engine.set_start((1.0, 2.0))
    engine.reset()
    assert engine.t == 0
    engine.set_runs([RunSpec("adam")])
    engine.step(3)
    assert engine.runs[0].t == 3


def test_a_scenario_with_every_optimizer_switched_off_runs_and_reports():
    scenario = scenario_for("toy2", [RunSetup(name, {}, enabled=False) for name in OPTIMIZERS], 7)
    engine = scenario.run()
    assert engine.t == 7 and engine.runs == []
    data = json.loads(trace_json(scenario, engine), parse_constant=strict)
    assert data["runs"] == [] and data["steps"] == 7
    assert list(csv_rows(engine))[1:] == []


@pytest.mark.parametrize("problem", BUILT_IN)
def test_one_step_on_every_problem(problem):
    setups = [RunSetup(name, {}, concise=twin(name)) for name in OPTIMIZERS]
    scenario = scenario_for(problem, setups, 1)
    engine = scenario.run()
    assert_clean_records(engine, scenario)
    assert all(run.t == 1 and len(run.points) == 2 for run in engine.runs)


def test_one_step_through_trace(capsys):
    assert main(["trace", "--problem", "airfoil", "--optimizer", "adam", "--steps", "1"]) == 0
    out, err = capsys.readouterr()
    (run,) = json.loads(out, parse_constant=strict)["runs"]
    assert err == "" and len(run["points"]) == 2 and len(run["points"][0]) == 6


LONG = 200_000
"""CI takes 200,000 steps (~3 s); the million (~15 s here) is in benchmarks/soak.py."""


def test_a_long_run_records_every_step_in_the_memory_it_should():
    engine = Engine(get_problem("toy2"), [RunSpec("sgd", {"lr": 0.1})])
    engine.step(LONG - 1000)
    for _ in range(10):  # then in the window's small slices
        engine.step(100)
    (run,) = engine.runs
    assert run.t == LONG and run.diverged_at is None
    assert run.points.shape == (LONG + 1, 2) and run.losses.shape == (LONG + 1,)
    assert np.isfinite(run.points).all() and np.isfinite(run.losses).all()
    # float64, 2 coordinates + 1 loss per step; grown by doubling at most
    row_bytes = 3 * 8
    allocated = run.trace.points.nbytes + run.trace.losses.nbytes
    assert (LONG + 1) * row_bytes <= allocated <= 2 * (LONG + 1) * row_bytes
    # x ← (1 − 0.1·0.2)·x on x1: exactly the geometric sequence, not drifting
    np.testing.assert_allclose(run.points[:2000, 0], -5.0 * 0.98 ** np.arange(2000), rtol=1e-12)
    assert (np.diff(run.losses) <= 0).all()


# ---------------------------------------------------------------- the airfoil data file


@pytest.mark.parametrize("kind,reason", [("missing", "missing"), ("corrupted", "corrupted"),
                                         ("directory", "cannot read")])
def test_an_unusable_data_file_is_a_data_error_naming_the_reason(broken_airfoil, kind, reason):
    path = broken_airfoil(kind)
    with pytest.raises(DataError, match=reason) as caught:
        get_problem("airfoil")
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("kind,reason", [("missing", "missing"), ("corrupted", "corrupted")])
@pytest.mark.parametrize("argv", [
    ["trace", "--problem", "airfoil", "--steps", "1"],
    ["trace", "--preset", "airfoil-compare"],
    ["--problem", "airfoil", "--screenshot", "{tmp}/shot.png"],
    ["export", "--problem", "airfoil", "--steps", "1", "--out", "{tmp}/runs.csv"],
], ids=["trace", "trace-preset", "screenshot", "export"])
def test_an_unusable_data_file_on_the_command_line_is_exit_2_and_one_line(
        broken_airfoil, capsys, tmp_path, kind, reason, argv):
    broken_airfoil(kind)
    code = main([arg.replace("{tmp}", str(tmp_path)) for arg in argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and reason in err and "Traceback" not in err
    assert not any(p.name in ("shot.png", "runs.csv") for p in tmp_path.iterdir())


# ---------------------------------------------------------------- a loss that is not finite at the start


@pytest.mark.parametrize("function,start", [("exp(x1)", "1000,0"), ("log(x1**2 + x2**2)", "0,0"),
                                            ("sqrt(x1)", "-1,0")])
def test_a_start_where_ones_own_loss_is_not_finite_is_no_traceback(capsys, function, start):
    """The custom problem is a problem too: a start where f is inf or nan must not reach the JSON."""
    code = main(["trace", "--function", function, f"--start={start}", "--optimizer", "sgd", "--steps", "2"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 0:
        (run,) = json.loads(out, parse_constant=strict)["runs"]
        assert all(math.isfinite(v) for point in run["points"] for v in point)
    else:
        assert code == 2 and len(err.splitlines()) == 1 and out == ""


@pytest.mark.parametrize("function,start", [("exp(x1)", (1000.0, 0.0)), ("log(x1**2 + x2**2)", (0.0, 0.0))])
def test_an_engine_started_where_the_loss_is_not_finite_refuses_or_records_only_finite(function, start):
    scenario = Scenario(CUSTOM, [RunSetup("adam", {})], steps=3, start=start, function=function)
    try:
        engine = scenario.validated().run()
    except ValueError:
        return  # a clear refusal is fine
    assert_clean_records(engine, scenario)


# ---------------------------------------------------------------- a new setup at a step count below the engine's


def _settle(host, rounds=2000):
    for _ in range(rounds):
        delay = host.tick()
        host.acknowledge()
        host.acknowledge()
        if delay is None:
            return
        host._last_emit = 0.0


def _with_sgd(scenario):
    from dataclasses import replace

    runs = [replace(s, enabled=True) if s.optimizer == "sgd" else s for s in scenario.runs]
    return replace(scenario, runs=runs)


@pytest.mark.parametrize("change", ["the same preset again", "a row switched on a frame late"])
def test_a_load_below_the_engines_step_brings_every_run_to_that_step(change):
    """The window sends Load with its own step count; runs the engine keeps must not stay ahead of it.

    "the same preset again": at step 60, choosing toy2-compare (20 steps) again. "a row switched on a
    frame late": while playing the window's step lags the engine's by a frame, and switching a row on
    sends Load with the window's (smaller) step count.
    """
    from adamviz.core.host import EngineHost
    from adamviz.core.messages import Load, StepBy
    from adamviz.core.scenario import PRESETS

    host = EngineHost(lambda message: None)
    scenario = PRESETS["toy2-compare"].scenario()
    host.handle(Load(1, scenario, 20))
    host.handle(StepBy(40))
    _settle(host)
    assert [run.t for run in host.engine.runs] == [60, 60, 60]
    if change == "the same preset again":
        host.handle(Load(2, PRESETS["toy2-compare"].scenario(), 20))
        target = 20
    else:
        host.handle(Load(2, _with_sgd(scenario), 59))
        target = 59
    _settle(host)
    assert host.engine.target == target
    assert [run.t for run in host.engine.runs] == [target] * len(host.engine.runs)
