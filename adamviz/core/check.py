"""``adamviz check``: grade a user's optimizer file against a built-in one.

The file and the built-in run from the same starts on the same minibatches, on several problems, for
enough steps that the book's ε = 1e-6 inside the root and outside it part (the gradients get small).
Where they part, the first step, parameter and values are reported, and the file's trajectory is
compared with the classic mistakes, each run as a variant of the built-in: no bias correction, t off by
one in it, ε inside the root, |g| or g where g² belongs, β₁ and β₂ swapped, the step's sign.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from adamviz.core.arrays import absolute, sqrt
from adamviz.core.engine import Engine, RunSpec
from adamviz.core.optimizer_files import OptimizerFile
from adamviz.core.optimizers import OPTIMIZERS, Optimizer, get_optimizer
from adamviz.core.problems import get_problem

PROBLEMS = (("toy2", 200, None), ("toy1", 100, (4.0, 3.0)), ("plateau", 150, None), ("rosenbrock", 300, None),
            ("airfoil", 300, None))
"""Where, how long and from where: a bowl, and another from a start where every gradient is positive
(where g in place of g² does not turn s negative at once, so it stands apart from the mistakes that
fail at step 1), a plateau of tiny gradients (where ε's place shows at once), a valley, and the
chapter's regression for its two epochs, in float32."""
TOLERANCE = {"float64": 1e-9, "float32": 2e-5}
"""Relative: two faithful implementations round differently (torch's √ against numpy's, float32 sums)."""


@dataclass(frozen=True)
class Mistake:
    name: str
    text: str
    update: Callable


@dataclass
class ProblemVerdict:
    problem: str
    steps: int
    start: tuple | None
    agree: bool | None
    """None: the file could not run on this problem (``error`` says why)."""
    max_difference: float = 0.0
    first_difference: dict | None = None
    error: str | None = None
    matches: list[str] = field(default_factory=list)
    """The mistakes whose trajectories the file's follows here."""
    matched_steps: dict[str, int] = field(default_factory=dict)
    """How many steps each of them took here (alike)."""


@dataclass
class Verdict:
    file: str
    against: str
    problems: list[ProblemVerdict]
    mistake: Mistake | None

    @property
    def agree(self) -> bool:
        ran = [p for p in self.problems if p.agree is not None]
        return bool(ran) and all(p.agree for p in ran) and not any(p.error for p in ran)

    def as_dict(self) -> dict:
        return {
            "file": self.file, "against": self.against, "agree": self.agree,
            "problems": [{"problem": p.problem, "steps": p.steps, "start": None if p.start is None else list(p.start),
                          "agree": p.agree,
                          "max_difference": p.max_difference, "first_difference": p.first_difference,
                          "error": p.error} for p in self.problems],
            "mistake": None if self.mistake is None else {"name": self.mistake.name, "text": self.mistake.text},
        }


# ---------------------------------------------------------------- the classic mistakes, as variants


def _adam_like(*, bias: bool = True, t_shift: int = 0, eps_inside: bool = False, moment: str = "square",
               swap: bool = False, sign: float = 1.0) -> Callable:
    """Adam's update with one thing done wrong (the defaults are Adam itself)."""

    def update(params, grads, state, hp, t):
        beta1, beta2 = (hp["beta2"], hp["beta1"]) if swap else (hp["beta1"], hp["beta2"])
        step = t + t_shift
        new_v, new_s = [], []
        for p, g, v, s in zip(params, grads, state.v, state.s, strict=True):
            second = g**2 if moment == "square" else absolute(g) if moment == "abs" else g
            v = beta1 * v + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * second
            v_hat = v / (1 - beta1**step) if bias else v
            s_hat = s / (1 - beta2**step) if bias else s
            denominator = sqrt(s_hat + hp["eps"]) if eps_inside else sqrt(s_hat) + hp["eps"]
            p -= sign * hp["lr"] * v_hat / denominator
            new_v.append(v)
            new_s.append(s)
        return type(state)(new_v, new_s), {"g": grads}

    return update


def _rmsprop_like(*, accumulate: bool, eps_inside: bool = True, moment: str = "square", sign: float = 1.0):
    """RMSProp's (or with ``accumulate`` AdaGrad's) update with one thing done wrong."""

    def update(params, grads, state, hp, t):
        new_s = []
        for p, g, s in zip(params, grads, state.s, strict=True):
            second = g**2 if moment == "square" else absolute(g) if moment == "abs" else g
            s = s + second if accumulate else hp["gamma"] * s + (1 - hp["gamma"]) * second
            denominator = sqrt(s + hp["eps"]) if eps_inside else sqrt(s) + hp["eps"]
            p -= sign * hp["lr"] * g / denominator
            new_s.append(s)
        return type(state)(new_s), {"g": grads}

    return update


def _opposite(optimizer: Optimizer) -> Callable:
    """Any update, stepping the other way: x ← x + Δx."""

    def update(params, grads, state, hp, t):
        before = [p * 1 for p in params]
        state, parts = optimizer.update(params, grads, state, hp, t)
        for p, old in zip(params, before, strict=True):
            p *= -1  # the update took x to x − Δx; x + Δx is 2x − (x − Δx)
            p += 2 * old
        return state, parts

    return update


def mistakes_for(reference: Optimizer) -> list[Mistake]:
    """The classic mistakes that apply to ``reference``."""
    sign = Mistake("sign", "the step's sign: x ← x + Δx, uphill", _opposite(reference))
    if reference.name == "adam":
        return [
            Mistake("no-bias-correction", "no bias correction: v and s where v̂ = v/(1−β₁ᵗ) and ŝ = s/(1−β₂ᵗ) "
                    "belong", _adam_like(bias=False)),
            Mistake("t-off-by-one", "t off by one in the bias correction: 1−βᵗ⁺¹ where 1−βᵗ belongs",
                    _adam_like(t_shift=1)),
            Mistake("t-off-by-one", "t off by one in the bias correction: 1−βᵗ⁻¹ where 1−βᵗ belongs",
                    _adam_like(t_shift=-1)),
            Mistake("eps-inside-root", "ε inside the root: √(ŝ + ε) where Adam writes √ŝ + ε",
                    _adam_like(eps_inside=True)),
            Mistake("abs-for-square", "|g| where g² belongs, in s", _adam_like(moment="abs")),
            Mistake("g-for-square", "g where g² belongs, in s", _adam_like(moment="g")),
            Mistake("betas-swapped", "β₁ and β₂ swapped", _adam_like(swap=True)),
            sign,
        ]
    if reference.name in ("rmsprop", "adagrad"):
        accumulate = reference.name == "adagrad"
        return [
            Mistake("eps-outside-root", f"ε outside the root: √s + ε where {reference.title} writes √(s + ε)",
                    _rmsprop_like(accumulate=accumulate, eps_inside=False)),
            Mistake("abs-for-square", "|g| where g² belongs, in s", _rmsprop_like(accumulate=accumulate, moment="abs")),
            Mistake("g-for-square", "g where g² belongs, in s", _rmsprop_like(accumulate=accumulate, moment="g")),
            sign,
        ]
    return [sign]


# ---------------------------------------------------------------- running


def check_file(file: OptimizerFile, against: str, problems=PROBLEMS) -> Verdict:
    """Run ``file`` (loaded) and the built-in ``against`` side by side; see the module text."""
    reference = get_optimizer(against)
    mistakes = mistakes_for(reference)
    variant_names = [f"{reference.name}~{index}" for index in range(len(mistakes))]
    for name, mistake in zip(variant_names, mistakes, strict=True):
        OPTIMIZERS[name] = replace(reference, name=name, update=mistake.update, torch_optim=None)
    try:
        verdicts = [_check_on(file, reference, variant_names, get_problem(name), steps, start)
                    for name, steps, start in problems]
    finally:
        for name in variant_names:
            OPTIMIZERS.pop(name, None)
    named = None
    ran = [v for v in verdicts if v.agree is False]
    if ran:
        common = set(ran[0].matches).intersection(*(v.matches for v in ran[1:]))
        # a name only where some problem tells it apart: two runs that both fail at step 1 say nothing
        telling = {name for v in ran for name, steps in v.matched_steps.items() if steps >= 2}
        found = [mistakes[int(name.split("~")[1])] for name in variant_names if name in common & telling]
        named = found[0] if found else None
    return Verdict(file.label, reference.name, verdicts, named)


def _check_on(file: OptimizerFile, reference: Optimizer, variants: list[str], problem, steps: int,
              start) -> ProblemVerdict:
    shared = {name: value for name, value in file.defaults.items() if name != "lr"}
    values = {**problem.hyperparams_for(reference.name), **{k: v for k, v in shared.items()
                                                         if k in {hp.name for hp in reference.hyperparams}}}
    values = reference.validate(values)
    own = get_optimizer(file.name).validate({"lr": values.get("lr", 0.01), **shared})
    specs = [RunSpec(file.name, own), RunSpec(reference.name, dict(values))] + \
        [RunSpec(name, dict(values)) for name in variants]
    engine = Engine(problem, specs, start=start)
    engine.step(steps)
    mine, theirs, *others = engine.runs
    tolerance = TOLERANCE[problem.dtype]
    if mine.stop_reason == "error" and mine.t == 0:
        return ProblemVerdict(problem.name, steps, start, None, error=mine.stop_message)
    verdict = ProblemVerdict(problem.name, steps, start, True, error=mine.stop_message)
    difference, first = _compare(mine, theirs, tolerance)
    verdict.max_difference = difference
    if first is not None or mine.t != theirs.t or mine.stop_message:
        verdict.agree = False
        step = first if first is not None else min(mine.t, theirs.t) + 1
        verdict.first_difference = _where(problem, mine, theirs, step)
        alike = [run for run in others if _compare(mine, run, tolerance)[1] is None and mine.t == run.t]
        verdict.matches = [run.spec.optimizer for run in alike]
        verdict.matched_steps = {run.spec.optimizer: run.t for run in alike}
    return verdict


def _compare(mine, theirs, tolerance: float) -> tuple[float, int | None]:
    """The largest difference of the steps both took, and the first step beyond the tolerance."""
    n = min(len(mine.points), len(theirs.points))
    a, b = mine.points[:n], theirs.points[:n]
    with np.errstate(all="ignore"):
        gap = np.abs(a - b) / (1.0 + np.abs(b))
    gap = np.where(np.isnan(gap), np.inf, gap)
    worst = gap.max(axis=1)
    beyond = np.flatnonzero(worst > tolerance)
    return float(np.abs(a - b).max()) if n else 0.0, (int(beyond[0]) if len(beyond) else None)


def _where(problem, mine, theirs, step: int) -> dict:
    """The parameter that parts most at ``step``, and both values (None where a run had stopped)."""
    a = mine.points[step] if step < len(mine.points) else None
    b = theirs.points[step] if step < len(theirs.points) else None
    if a is None or b is None:
        stopped = mine if a is None else theirs
        return {"step": step, "parameter": None, "file": None if a is None else a.tolist(),
                "reference": None if b is None else b.tolist(), "stopped": "file" if a is None else "reference",
                "stop_reason": stopped.stop_reason}
    index = int(np.argmax(np.abs(a - b)))
    return {"step": step, "parameter": problem.param_names[index], "file": float(a[index]),
            "reference": float(b[index])}


def report_text(verdict: Verdict) -> str:
    """What `adamviz check` prints."""
    lines = [f"{verdict.file} against {verdict.against}, from the same starts on the same minibatches:"]
    for p in verdict.problems:
        where_from = "" if p.start is None else " from (" + ", ".join(f"{c:g}" for c in p.start) + ")"
        head = f"  {p.problem + where_from:<20}{p.steps:>4} steps  "
        if p.agree is None:
            lines.append(head + f"not run: {p.error}")
        elif p.agree:
            lines.append(head + f"agree (largest difference {p.max_difference:.2g})")
        else:
            where = p.first_difference or {}
            if where.get("parameter") is None:
                reason = {"diverged": "diverged", "undefined": "not a number", "error": "an error"}.get(
                    where.get("stop_reason"), "stopped")
                who = verdict.file if where.get("stopped") == "file" else verdict.against
                other = verdict.against if where.get("stopped") == "file" else "the file"
                detail = f"differ from step {where.get('step')}: {who} stopped there ({reason}), {other} went on"
            else:
                detail = (f"differ from step {where['step']}: {where['parameter']} is {where['file']:.10g} in the "
                          f"file, {where['reference']:.10g} in {verdict.against}")
            lines.append(head + detail + (f" ({p.error})" if p.error and where.get("parameter") else ""))
    if verdict.agree:
        lines.append(f"{verdict.file} agrees with {verdict.against}.")
    elif verdict.mistake is not None:
        lines.append(f"{verdict.file} does what {verdict.against} does with one mistake: {verdict.mistake.text}.")
    else:
        lines.append(f"{verdict.file} differs from {verdict.against}; its steps match none of the classic mistakes.")
    return "\n".join(lines)

