"""Property-based tests of the command line's parsing: anything typed gives a clean run or one line and exit 2.

Driven through ``adamviz.cli.main`` (``trace --steps 1`` keeps each example fast) for --set and
--start, and through the argument type functions directly for --size (plus a few main() calls).
"""

from __future__ import annotations

import argparse
import json
import math

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from adamviz.cli import main
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.options import export_size, positive_int, window_size

EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = list(OPTIMIZERS)
ALL_HYPERPARAMS = sorted({hp.name for opt in OPTIMIZERS.values() for hp in opt.hyperparams})
# any text a user could type; lone surrogates cannot come from a real command line's decoding
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def strict(name):
    raise ValueError(f"non-finite number {name} in the JSON")


def run(capsys, argv):
    """(exit code, stdout, stderr) of main(argv); main must return, never raise."""
    capsys.readouterr()  # drop what an earlier example left
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_usage_error(code, out, err, prog="adamviz trace"):
    assert code == 2, (code, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), repr(err)
    assert lines[0].startswith(f"{prog}: error: ")


def trace(capsys, *flags, optimizers=("sgd",)):
    argv = ["trace", "--steps", "1", *(a for name in optimizers for a in ("--optimizer", name)), *flags]
    return run(capsys, argv)


def in_range(hp, value: float) -> bool:
    if not math.isfinite(value):
        return False
    low_ok = value > hp.low if hp.low_open else value >= hp.low
    high_ok = value < hp.high if hp.high_open else value <= hp.high
    return low_ok and high_ok


# ---------------------------------------------------------------- --set OPTIMIZER.NAME=VALUE


@st.composite
def set_texts(draw):
    """Mostly near-valid OPTIMIZER.NAME=VALUE, sometimes anything at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(TEXT)
    optimizer = draw(st.one_of(st.sampled_from(NAMES), st.from_regex(r"[A-Za-z_]\w{0,8}", fullmatch=True)))
    name = draw(st.one_of(st.sampled_from(ALL_HYPERPARAMS), st.from_regex(r"[A-Za-z_]\w{0,6}", fullmatch=True)))
    value = draw(st.one_of(st.floats().map(repr), st.floats().map(lambda v: f"{v:.3e}"), TEXT))
    equals = draw(st.sampled_from(["=", " = ", "=  ", "=="]))
    return f"{optimizer}.{name}{equals}{value}"


@EXAMPLES
@given(text=set_texts(), running=st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
@example(text="adam.lr=1e-400", running=["adam"])
@example(text="adam.beta2=0.99999999999999999", running=["adam"])
@example(text="adam.eps=-0.0", running=["adam"])
@example(text="adam.lr=0.1\nrm -rf", running=["adam"])
@example(text="adam.lr=\x0b1", running=["adam"])
@example(text="adam.lr=1\u2028", running=["adam"])
@example(text="momentum.lr=0.1", running=["adam"])
def test_any_set_text_is_a_clean_run_or_one_line(capsys, text, running):
    code, out, err = trace(capsys, f"--set={text}", optimizers=running)
    if code != 0:
        assert_usage_error(code, out, err)
        return
    assert err == ""
    data = json.loads(out, parse_constant=strict)
    for record in data["runs"]:
        optimizer = get_optimizer(record["optimizer"])
        assert set(record["hyperparams"]) == {hp.name for hp in optimizer.hyperparams}
        for hp in optimizer.hyperparams:
            assert in_range(hp, record["hyperparams"][hp.name]), (hp.name, record["hyperparams"])


@st.composite
def valid_settings(draw):
    optimizer = draw(st.sampled_from(NAMES))
    hp = draw(st.sampled_from(get_optimizer(optimizer).hyperparams))
    value = draw(st.floats(min_value=hp.low, max_value=hp.high, exclude_min=hp.low_open, exclude_max=hp.high_open))
    return optimizer, hp.name, value


@EXAMPLES
@given(setting=valid_settings(), spelling=st.sampled_from(["{!r}", "{:.17g}", " {!r} ", "{:.17e}"]))
def test_valid_floats_in_range_round_trip_exactly(capsys, setting, spelling):
    optimizer, name, value = setting
    code, out, err = trace(capsys, f"--set={optimizer}.{name}={spelling.format(value)}", optimizers=[optimizer])
    assert (code, err) == (0, "")
    (record,) = json.loads(out, parse_constant=strict)["runs"]
    assert record["hyperparams"][name] == value
    assert math.copysign(1.0, record["hyperparams"][name]) == math.copysign(1.0, value)


@EXAMPLES
@given(optimizer=st.sampled_from(NAMES), data=st.data(),
       value=st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_is_accepted_exactly_when_it_is_in_the_declared_range(capsys, optimizer, data, value):
    hp = data.draw(st.sampled_from(get_optimizer(optimizer).hyperparams))
    code, out, err = trace(capsys, f"--set={optimizer}.{hp.name}={value!r}", optimizers=[optimizer])
    if in_range(hp, value):
        assert (code, err) == (0, "")
        (record,) = json.loads(out, parse_constant=strict)["runs"]
        assert record["hyperparams"][hp.name] == value
    else:
        assert_usage_error(code, out, err)
        assert hp.name in err


@EXAMPLES
@given(optimizer=st.sampled_from(NAMES), name=st.from_regex(r"[A-Za-z_]\w{0,8}", fullmatch=True))
def test_a_name_the_optimizer_does_not_have_is_one_line_naming_what_it_has(capsys, optimizer, name):
    declared = [hp.name for hp in get_optimizer(optimizer).hyperparams]
    assume(name not in declared)
    code, out, err = trace(capsys, f"--set={optimizer}.{name}=0.5", optimizers=[optimizer])
    assert_usage_error(code, out, err)
    assert all(known in err for known in declared)


# ---------------------------------------------------------------- --start x1,x2


@EXAMPLES
@given(x1=st.floats(), x2=st.floats())
@example(x1=1e6, x2=-1e6)
@example(x1=math.nextafter(1e6, math.inf), x2=0.0)
@example(x1=-0.0, x2=5e-324)
@example(x1=math.nan, x2=0.0)
@example(x1=0.0, x2=-math.inf)
@example(x1=1e308, x2=1.0)
def test_a_start_is_accepted_exactly_when_finite_and_within_1e6(capsys, x1, x2):
    code, out, err = trace(capsys, f"--start={x1!r},{x2!r}")
    if math.isfinite(x1) and math.isfinite(x2) and max(abs(x1), abs(x2)) <= 1e6:
        assert (code, err) == (0, "")
        data = json.loads(out, parse_constant=strict)
        assert data["start"] == [x1, x2]
        assert data["runs"][0]["points"][0] == [x1, x2]
    else:
        assert_usage_error(code, out, err)


@EXAMPLES
@given(text=st.one_of(TEXT, st.lists(st.one_of(TEXT, st.floats().map(repr)), max_size=4).map(",".join)))
@example(text="1e999,0")
@example(text="1" * 400 + ",0")
@example(text=" 1 , 2 ")
@example(text="1_000,2")
@example(text="٣,2")
@example(text="-5,-2,")
def test_any_start_text_is_a_clean_run_or_one_line(capsys, text):
    code, out, err = trace(capsys, f"--start={text}")
    if code != 0:
        assert_usage_error(code, out, err)
        return
    start = json.loads(out, parse_constant=strict)["start"]
    assert len(start) == 2 and all(math.isfinite(v) and abs(v) <= 1e6 for v in start)


# ---------------------------------------------------------------- --size WxH (and --steps)


SEPARATORS = st.sampled_from(["x", "X", "×", " x ", "x "])


@settings(max_examples=400, deadline=None)
@given(width=st.one_of(st.integers(200, 4000), st.integers(0, 99_999)),
       height=st.one_of(st.integers(150, 2300), st.integers(0, 99_999)), separator=SEPARATORS,
       pad=st.sampled_from(["", " ", "0"]))
@example(width=320, height=240, separator="x", pad="")
@example(width=319, height=240, separator="x", pad="")
@example(width=3840, height=2160, separator="x", pad="")
@example(width=3840, height=2161, separator="x", pad="")
@example(width=3841, height=2160, separator="x", pad="")
@example(width=320, height=239, separator="x", pad="")
def test_window_size_is_accepted_exactly_within_320x240_to_3840x2160(width, height, separator, pad):
    text = f"{pad}{width}{separator}{height}"  # a leading 0 makes a 5-digit width 6 digits: not a size
    ok = 320 <= width <= 3840 and 240 <= height <= 2160
    try:
        parsed = window_size(text)
    except argparse.ArgumentTypeError as exc:
        assert not ok, text
        assert "\n" not in str(exc)
    else:
        assert ok and parsed == (width, height), text


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
@example(text="1600x1000\n")
@example(text="٣٢٠x٢٤٠")
@example(text="100000x100000")
@example(text="-320x240")
def test_any_size_text_is_a_size_in_range_or_a_one_line_type_error(text):
    for parse, (low, high) in ((window_size, ((320, 240), (3840, 2160))), (export_size, ((160, 120), (3840, 2160)))):
        try:
            width, height = parse(text)
        except argparse.ArgumentTypeError as exc:
            assert len(str(exc).splitlines()) == 1
        else:
            assert low[0] <= width <= high[0] and low[1] <= height <= high[1]


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, st.integers(-10, 200_000_000).map(str)))
def test_a_step_count_is_a_whole_number_from_1_to_100_million(text):
    try:
        expected = int(text)
    except ValueError:
        expected = None
    try:
        value = positive_int(text)
    except argparse.ArgumentTypeError as exc:
        assert expected is None or not 1 <= expected <= 100_000_000
        assert len(str(exc).splitlines()) == 1
    else:
        assert value == expected and 1 <= value <= 100_000_000


def test_size_through_main(capsys, tmp_path):
    for size in ("319x240", "320x239", "3841x2160", "3840x2161", "0x0", "big", "1600x1000x2"):
        code, out, err = run(capsys, [f"--size={size}", "--list-presets"])
        assert_usage_error(code, out, err, prog="adamviz")
        assert "--size" in err
    for size in ("320x240", "3840x2160", "1600×1000"):
        code, out, err = run(capsys, [f"--size={size}", "--list-presets"])
        assert (code, err) == (0, "") and "toy2-compare" in out
    code, out, err = run(capsys, ["export", "--preset", "gd-toy1", "--size=100x100", "--out", str(tmp_path / "a.png")])
    assert_usage_error(code, out, err, prog="adamviz export")
    assert list(tmp_path.iterdir()) == []


def test_steps_through_main(capsys):
    for steps in ("0", "-1", "1.5", "", "100000001", "ten"):
        code, out, err = run(capsys, ["trace", f"--steps={steps}"])
        assert_usage_error(code, out, err)
    code, out, err = run(capsys, ["trace", "--steps=1", "--optimizer", "adam"])
    assert code == 0 and len(json.loads(out, parse_constant=strict)["runs"][0]["points"]) == 2
