"""A scenario: everything that determines what the engine computes.

Problem, start, seed, which optimizers run with which hyperparameters, and how
many steps. The window, the command line, sessions and exports all describe
their state as a Scenario, and the same Scenario always gives the same numbers.
The chapter's experiments are presets: named scenarios.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from adamviz.core.engine import TORCH_DEFAULTS, Engine, RunSpec, checked_start
from adamviz.core.optimizers import OPTIMIZERS, get_optimizer
from adamviz.core.problems import DataError, resolve_problem
from adamviz.core.schedules import schedule_text

DEFAULT_OPTIMIZERS = ("momentum", "rmsprop", "adam")


@dataclass
class RunSetup:
    """One optimizer row: on or off, its hyperparameters, and whether torch.optim's version runs beside it."""

    optimizer: str
    hyperparams: dict[str, float] = field(default_factory=dict)
    enabled: bool = True
    concise: bool = False
    schedule: str = ""
    concise_defaults: bool = False
    """torch.optim's version also at torch's own ε, as the chapter's concise cells call it."""
    """η's schedule (adamviz.core.schedules: "cosine:100", …), "" for a constant η."""


@dataclass
class Scenario:
    problem: str
    runs: list[RunSetup]
    steps: int = 0
    seed: int = 0
    start: tuple[float, float] | None = None
    title: str = ""
    function: str | None = None
    """f(x1, x2) when ``problem`` is "custom"."""
    optimizer_files: tuple = ()
    """FileRefs (adamviz.core.optimizer_files) of the users' files among the runs: what a process that
    receives this scenario loads before it steps them."""
    noise: float = 0.0
    """σ of the N(0, σ²) added to each coordinate of every gradient (2-D problems; problems.noisy)."""
    rng: str = "adamviz"
    """Whose random numbers the airfoil draws its start and minibatches with: "adamviz" or "book" (the
    book's notebook after np.random.seed(S); torch.manual_seed(S))."""
    batch_size: int | None = None
    """The airfoil's minibatch size, 1 … 1500 (None: the chapter's 10)."""

    def problem_object(self):
        """The Problem this scenario runs on (built once per name or function text, batch size and noise)."""
        problem = resolve_problem(self.problem, self.function)
        if self.rng == "book" and hasattr(problem, "book_numbers"):
            problem = problem.book_numbers()
        if self.batch_size is not None and hasattr(problem, "with_batch_size"):
            problem = problem.with_batch_size(self.batch_size)
        if self.noise:
            from adamviz.core.problems.noisy import noisy

            return noisy(problem, float(self.noise))
        return problem

    def validated(self) -> Scenario:
        """A copy with every value checked and every hyperparameter filled in; ValueError otherwise."""
        from adamviz.core.problems.noisy import check_noise

        noise = check_noise(self.noise, resolve_problem(self.problem, self.function))
        check_rng(self.rng, resolve_problem(self.problem, self.function), self.seed)
        check_batch(self.batch_size, resolve_problem(self.problem, self.function))
        problem = self.problem_object()
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or self.steps < 0:
            raise ValueError(f"steps must be a whole number ≥ 0, not {self.steps!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            raise ValueError(f"seed must be a whole number ≥ 0, not {self.seed!r}")
        start = self.start
        if start is not None:
            if not problem.direct:
                raise ValueError(f"a start point applies to 1-D and 2-D problems only, not {problem.name}")
            start = check_point(start, problem.dim)
        checked_start(problem, problem.initial_point(self.seed, start))
        from adamviz.core.optimizer_files import OptimizerFileError, ensure_loaded, is_file_optimizer

        try:
            for ref in self.optimizer_files:
                ensure_loaded(ref)
        except OptimizerFileError as exc:
            raise ValueError(str(exc)) from None
        referred = {str(ref.path) for ref in self.optimizer_files}
        runs, seen = [], set()
        for setup in self.runs:
            if is_file_optimizer(setup.optimizer) and OPTIMIZERS[setup.optimizer].source not in referred:
                raise ValueError(f"{setup.optimizer} comes from a file the scenario does not name")
            optimizer = get_optimizer(setup.optimizer)
            if setup.optimizer in seen:
                raise ValueError(f"optimizer {setup.optimizer!r} is given twice")
            seen.add(setup.optimizer)
            if (setup.concise or setup.concise_defaults) and optimizer.torch_optim is None:
                raise ValueError(f"{setup.optimizer} has no torch.optim counterpart to run beside it")
            if setup.concise_defaults and not optimizer.torch_defaults:
                raise ValueError(f"{optimizer.title}'s torch.optim has no default of its own that the chapter's cells "
                                 "leave to it (no ε): its torch.optim version is the one")
            values = {**problem.hyperparams_for(setup.optimizer), **setup.hyperparams}
            schedule = check_schedule(setup.schedule, optimizer)
            runs.append(replace(setup, hyperparams=optimizer.validate(values), schedule=schedule))
        return replace(self, runs=runs, start=start, noise=noise)

    def run_specs(self) -> list[RunSpec]:
        """The engine's runs: each enabled row, then torch.optim's version right after it if asked for."""
        specs = []
        for setup in self.runs:
            if setup.enabled:
                specs.append(RunSpec(setup.optimizer, dict(setup.hyperparams), schedule=setup.schedule))
                if setup.concise:
                    specs.append(RunSpec(setup.optimizer, dict(setup.hyperparams), concise=True,
                                         schedule=setup.schedule))
                if setup.concise_defaults:
                    torch_own = dict(get_optimizer(setup.optimizer).torch_defaults)
                    specs.append(RunSpec(setup.optimizer, {**setup.hyperparams, **torch_own}, concise=TORCH_DEFAULTS,
                                         schedule=setup.schedule))
        return specs

    def engine(self) -> Engine:
        """An engine at step 0 for this scenario."""
        return Engine(self.problem_object(), self.run_specs(), seed=self.seed, start=self.start)

    def run(self) -> Engine:
        """An engine that has taken this scenario's steps."""
        engine = self.engine()
        engine.step(self.steps)
        return engine


RNGS = {"adamviz": "adamviz's own generator",
           "book": "the book's notebook: np.random.seed(S) and torch.manual_seed(S)"}


def check_rng(rng: str, problem, seed: int) -> None:
    """ValueError, one line, unless ``rng`` can draw ``problem``'s random numbers from ``seed``."""
    if rng not in RNGS:
        raise ValueError(f"the random numbers are adamviz's or the book's (adamviz or book), not {rng!r}")
    if rng == "book":
        if not hasattr(problem, "book_numbers"):
            raise ValueError(f"the book's random numbers are the airfoil's start and minibatches; {problem.name} "
                             "draws none (its start is the book's)")
        if not 0 <= seed < 2**32:
            raise ValueError(f"the book's np.random.seed takes seeds below 2**32, not {seed}")


def check_batch(size, problem) -> None:
    """ValueError, one line, unless ``size`` is None or a minibatch size ``problem`` takes (the airfoil's)."""
    if size is None:
        return
    if not hasattr(problem, "with_batch_size"):
        raise ValueError(f"a batch size is for the airfoil's minibatches; {problem.name} has none")
    from adamviz.core.problems.airfoil import check_batch_size

    check_batch_size(size)


def check_schedule(text, optimizer) -> str:
    """``text`` as a schedule of ``optimizer``'s η, written the one way ("" for none); ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"a schedule is text such as cosine:100, not {text!r}")
    schedule = schedule_text(text)
    if schedule and not optimizer.has_lr:
        raise ValueError(f"{optimizer.title} has no learning rate to schedule")
    return schedule


def check_point(values, dim: int = 2) -> tuple[float, ...]:
    """A start point of ``dim`` (1 or 2) finite numbers within 1e6; ValueError (one line) otherwise."""
    shape = "one number x" if dim == 1 else "two numbers x1,x2"
    if isinstance(values, (str, bytes)):
        raise ValueError(f"a start point is {shape}, not {values!r}")
    try:
        point = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise ValueError(f"a start point is {shape}, not {values!r}") from None
    if len(point) != dim:
        raise ValueError(f"a start point is {shape} here, not {len(point)} number{'' if len(point) == 1 else 's'}")
    written = ", ".join(f"{v:g}" for v in point)
    if not all(math.isfinite(v) for v in point):
        raise ValueError(f"the start point must be finite, not ({written})")
    if max(abs(v) for v in point) > 1e6:
        raise ValueError(f"the start point ({written}) is too far out (|x| ≤ 1e6)")
    return point


def with_file_runs(scenario: Scenario, names: list[str]) -> Scenario:
    """``scenario`` with the runs of these loaded files switched on (added, if it has none yet)."""
    from adamviz.core.optimizer_files import ref_of

    runs = [replace(setup, hyperparams=dict(setup.hyperparams)) for setup in scenario.runs]
    refs = {ref.path: ref for ref in scenario.optimizer_files}
    for name in names:
        ref = ref_of(name)
        refs[ref.path] = ref
        existing = next((setup for setup in runs if setup.optimizer == name), None)
        if existing is None:
            runs.append(RunSetup(name, {}))
        else:
            existing.enabled = True
    return replace(scenario, runs=runs, optimizer_files=tuple(refs.values())).validated()


def file_runs(scenario: Scenario) -> list[RunSetup]:
    """The scenario's runs of users' files."""
    return [setup for setup in scenario.runs if OPTIMIZERS[setup.optimizer].source is not None]


def without_files(scenario: Scenario) -> Scenario:
    """``scenario`` without its users' files: what may run before its user has said so."""
    runs = [setup for setup in scenario.runs if OPTIMIZERS[setup.optimizer].source is None]
    return replace(scenario, runs=runs, optimizer_files=())


def carry_files(old: Scenario, new: Scenario) -> Scenario:
    """``new`` (another problem, a preset) with ``old``'s files, each on or off as it was, at the values it
    starts with on the new problem."""
    kept = file_runs(old)
    if not kept:
        return new
    carried = with_file_runs(new, [setup.optimizer for setup in kept])
    off = {setup.optimizer for setup in kept if not setup.enabled}
    runs = [replace(setup, enabled=setup.enabled and setup.optimizer not in off) for setup in carried.runs]
    return replace(carried, runs=runs, title=new.title).validated()


def default_scenario(problem: str, optimizers=DEFAULT_OPTIMIZERS, steps: int | None = None,
                     function: str | None = None) -> Scenario:
    """Every optimizer row for ``problem`` at its defaults, the named ones switched on."""
    for name in optimizers:
        get_optimizer(name)
    prob = resolve_problem(problem, function)
    runs = [
        RunSetup(name, {}, enabled=name in optimizers)
        for name, optimizer in OPTIMIZERS.items() if optimizer.source is None
    ]
    steps = prob.default_steps if steps is None else steps
    return Scenario(problem, runs, steps=steps, function=function).validated()


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    problem: str
    runs: dict[str, dict[str, float]]
    steps: int | None = None
    note: str = ""
    noise: float = 0.0
    schedules: tuple[tuple[str, str], ...] = ()
    """(optimizer, schedule) for the runs whose η is scheduled."""
    batch_size: int | None = None

    def scenario(self) -> Scenario:
        base = replace(default_scenario(self.problem, tuple(self.runs), self.steps), batch_size=self.batch_size)
        schedules = dict(self.schedules)
        for setup in base.runs:
            if setup.optimizer in self.runs:
                setup.hyperparams.update(self.runs[setup.optimizer])
                setup.schedule = schedules.get(setup.optimizer, "")
        return replace(base, title=self.title, noise=self.noise).validated()


def _preset(name, title, problem, runs, steps=None, note="", noise=0.0, schedules=None, batch_size=None):
    return Preset(name, title, problem, runs, steps, note, noise, tuple((schedules or {}).items()), batch_size)


# In this order keys 1–9 pick the first nine in the window.
PRESETS: dict[str, Preset] = {p.name: p for p in (
    _preset("toy2-compare", "toy2: momentum, RMSProp and Adam", "toy2",
            {"momentum": {}, "rmsprop": {}, "adam": {}}),
    _preset("airfoil-compare", "airfoil: momentum, RMSProp and Adam (the chapter's settings)", "airfoil",
            {"momentum": {"lr": 0.02, "momentum": 0.5}, "rmsprop": {"lr": 0.01, "gamma": 0.9},
             "adam": {"lr": 0.01}}),
    _preset("gd-toy1", "GD on toy1, η = 0.1 (§7.2)", "toy1", {"sgd": {"lr": 0.1}}),
    _preset("gd-toy2", "GD on toy2, η = 0.4 (§7.4)", "toy2", {"sgd": {"lr": 0.4}},
            note="slow along x1, fast across x2"),
    _preset("gd-toy2-diverge", "GD on toy2, η = 0.6: x2 diverges (§7.4)", "toy2", {"sgd": {"lr": 0.6}}),
    _preset("momentum-toy2", "Momentum on toy2, η = 0.4, γ = 0.5 (§7.4)", "toy2",
            {"momentum": {"lr": 0.4, "momentum": 0.5}}),
    _preset("momentum-toy2-fast", "Momentum on toy2, η = 0.6, γ = 0.5 (§7.4)", "toy2",
            {"momentum": {"lr": 0.6, "momentum": 0.5}}),
    _preset("adagrad-toy2", "AdaGrad on toy2, η = 0.4 (§7.5)", "toy2", {"adagrad": {"lr": 0.4}}),
    _preset("rmsprop-toy2", "RMSProp on toy2, η = 0.4, γ = 0.9 (§7.6)", "toy2",
            {"rmsprop": {"lr": 0.4, "gamma": 0.9}}),
    _preset("adagrad-toy2-fast", "AdaGrad on toy2, η = 2 (§7.5)", "toy2", {"adagrad": {"lr": 2.0}}),
    _preset("toy1-compare", "toy1: momentum, RMSProp and Adam", "toy1",
            {"momentum": {}, "rmsprop": {}, "adam": {}}),
    _preset("gd-airfoil", "Minibatch SGD on airfoil, η = 0.05 (§7.3)", "airfoil", {"sgd": {"lr": 0.05}}),
    # §7.3's minibatch sizes: full-batch GD, SGD on single examples, the English edition's batches of 100.
    _preset("gd-airfoil-full", "Full-batch GD on airfoil, η = 1, 6 epochs: 6 steps (§7.3)", "airfoil",
            {"sgd": {"lr": 1.0}}, steps=6, batch_size=1500,
            note="each step sees all 1500 rows: one step an epoch, the loss falls smoothly (the book: 0.2436–0.2447)"),
    _preset("sgd-airfoil-1", "SGD on airfoil, one example a step, η = 0.005, 2 epochs: 3000 steps (§7.3)",
            "airfoil", {"sgd": {"lr": 0.005}}, steps=3000, batch_size=1,
            note="a step per example: cheap steps, a noisy loss (the book: 0.2434–0.2464)"),
    _preset("sgd-airfoil-100", "Minibatch SGD on airfoil, batches of 100, η = 0.4, 2 epochs (§7.3)", "airfoil",
            {"sgd": {"lr": 0.4}}, steps=30, batch_size=100,
            note="15 steps an epoch: the English edition's middle way between 1 and 1500"),
    _preset("momentum-airfoil", "Momentum on airfoil, η = 0.02, γ = 0.5 (§7.4)", "airfoil",
            {"momentum": {"lr": 0.02, "momentum": 0.5}}),
    _preset("momentum-airfoil-0.9", "Momentum on airfoil, η = 0.02, γ = 0.9 (§7.4)", "airfoil",
            {"momentum": {"lr": 0.02, "momentum": 0.9}}),
    _preset("momentum-airfoil-slow", "Momentum on airfoil, η = 0.004, γ = 0.9 (§7.4)", "airfoil",
            {"momentum": {"lr": 0.004, "momentum": 0.9}}),
    _preset("adagrad-airfoil", "AdaGrad on airfoil, η = 0.1 (§7.5)", "airfoil", {"adagrad": {"lr": 0.1}}),
    _preset("rmsprop-airfoil", "RMSProp on airfoil, η = 0.01, γ = 0.9 (§7.6)", "airfoil",
            {"rmsprop": {"lr": 0.01, "gamma": 0.9}}),
    _preset("adadelta-airfoil", "AdaDelta on airfoil, ρ = 0.9 (§7.7)", "airfoil", {"adadelta": {"rho": 0.9}}),
    _preset("adam-airfoil", "Adam on airfoil, η = 0.01 (§7.8)", "airfoil", {"adam": {"lr": 0.01}}),
    _preset("baselines-toy2", "toy2: GD, AdaGrad and AdaDelta, 200 steps", "toy2",
            {"sgd": {}, "adagrad": {}, "adadelta": {}}, steps=200,
            note="AdaDelta's steps start at √ε·g: it creeps, then speeds up"),
    _preset("rosenbrock-compare", "Rosenbrock's banana valley: momentum, RMSProp and Adam", "rosenbrock",
            {"momentum": {}, "rmsprop": {}, "adam": {}}),
    _preset("himmelblau-basins", "Himmelblau: GD and momentum find one minimum, RMSProp and Adam another",
            "himmelblau", {"sgd": {}, "momentum": {}, "rmsprop": {}, "adam": {}}),
    _preset("saddle-gd", "A saddle: GD lingers near it, Adam escapes at once", "saddle",
            {"sgd": {}, "adam": {}}),
    _preset("plateau-momentum-stuck", "A plateau: momentum with η = 0.1 stays stuck, Adam crosses", "plateau",
            {"momentum": {"lr": 0.1, "momentum": 0.9}, "adam": {}}),
    _preset("plateau-momentum-cross", "A plateau: momentum with η = 0.2 crosses, and rattles in the well",
            "plateau", {"momentum": {"lr": 0.2, "momentum": 0.9}}),
    _preset("rastrigin-compare", "Rastrigin's many local minima: everyone settles in the nearest", "rastrigin",
            {"momentum": {}, "rmsprop": {}, "adam": {}}),
    # Beside the chapter: what the optimizers added since teach against Adam.
    _preset("adamw-rosenbrock", "Rosenbrock: AdamW with λ = 0.1 stops short of the minimum, pulled towards 0",
            "rosenbrock", {"adam": {}, "adamw": {"weight_decay": 0.1}}, steps=400,
            note="AdamW's decay η·λ·x does not pass through √ŝ: it stops where it balances the gradient's pull"),
    _preset("adamw-airfoil", "airfoil: AdamW with λ = 1 stays above the least-squares floor, held back by its "
            "decay", "airfoil", {"adam": {"lr": 0.01}, "adamw": {"lr": 0.01, "weight_decay": 1.0}},
            note="weight decay trades training loss for smaller weights, the regularisation it is for"),
    _preset("amsgrad-toy2", "toy2, β₂ = 0.9: Adam forgets the first large gradients and keeps stepping; "
            "AMSGrad remembers them and settles", "toy2", {"adam": {"beta2": 0.9}, "amsgrad": {"beta2": 0.9}},
            steps=150, note="AMSGrad divides by the largest s so far (ś): its steps can only shrink"),
    # η = 0.11, not 0.1: from (−5, −2), steps of 0.1 land on the minimum exactly, and the loss plot's
    # axis would run down to 1e−30
    _preset("lion-toy2", "Lion on toy2: every step η in each coordinate, so it never settles", "toy2",
            {"lion": {"lr": 0.11}, "adam": {"lr": 0.11}}, steps=120,
            note="Lion keeps only the sign of its direction; Adam's steps shrink as v̂/√ŝ does"),
    # §7.2's stochastic gradient descent. The book's sgd_2d draws np.random.normal(0.1): mean 0.1 and
    # standard deviation 1, where its text says mean 0; here the noise has mean 0.
    _preset("sgd-noise-toy1", "Stochastic gradients on toy1, η = 0.1, σ = 1 (§7.2)", "toy1", {"sgd": {"lr": 0.1}},
            steps=50, noise=1.0,
            note="each gradient carries N(0, 1) noise (the book's code draws mean 0.1 where its text says 0)"),
    _preset("noise-compare-toy1", "Noisy gradients, σ = 1: GD keeps jittering, momentum and Adam average "
            "the noise out", "toy1", {"sgd": {"lr": 0.1}, "momentum": {"lr": 0.01, "momentum": 0.9},
                                      "adam": {"lr": 0.1}}, steps=200, noise=1.0,
            note="the same noise for every run at a step: momentum (η = 0.01, γ = 0.9, the same long-run step as "
            "GD's η = 0.1) and Adam average it"),
    # One dimension (§7.1, §7.2): the curve f(x) with the iterates on it, as the book draws them.
    _preset("gd-parabola", "GD on x², η = 0.2, from x = 10 (§7.2)", "parabola", {"sgd": {"lr": 0.2}},
            note="after 10 steps x = 0.0604662, as the book prints"),
    _preset("gd-parabola-slow", "GD on x², η = 0.05: too small a step creeps (§7.2)", "parabola",
            {"sgd": {"lr": 0.05}}, note="after 10 steps x = 3.48678, as the book prints"),
    _preset("gd-parabola-diverge", "GD on x², η = 1.1: too large a step diverges (§7.2)", "parabola",
            {"sgd": {"lr": 1.1}}, note="each step multiplies x by 1 − 2η = −1.2: after 10 steps x = 61.9174"),
    _preset("local-minima", "x·cos(πx): from x = 0 GD settles in the local minimum; drag the start past the hump "
            "(x > 0.37) and it finds the global one (§7.1)", "local_minima", {"sgd": {"lr": 0.05}}, steps=30,
            note="the gradient vanishes at both minima: gradient descent cannot tell them apart"),
    _preset("cubic-saddle", "x³: GD creeps towards the saddle at 0 and stops short; momentum runs past it (§7.1)",
            "cubic", {"sgd": {"lr": 0.05}, "momentum": {"lr": 0.05, "momentum": 0.7}}, steps=30,
            note="f′(0) = 0 but 0 is no minimum: past it, the gradient 3x² pushes on for ever"),
    # Learning-rate schedules (the English edition's next section), each run's η(t) drawn under its loss curve.
    _preset("cosine-gd-toy2", "GD on toy2, η = 0.6 annealed by a cosine over 20 steps: x2 swings out while "
            "η > 0.5, then settles", "toy2", {"sgd": {"lr": 0.6}}, schedules={"sgd": "cosine:20"},
            note="x2 is multiplied by 1 − 4ηₜ each step: it grows while ηₜ > 0.5 and shrinks once the cosine "
            "brings ηₜ below; played on past step 20, η rises again, as torch's CosineAnnealingLR does"),
    _preset("sgd-noise-decay-toy1", "Stochastic gradients on toy1, η = 0.1 decaying × 0.97 a step: the jitter "
            "dies down with η", "toy1", {"sgd": {"lr": 0.1}}, steps=100, noise=1.0, schedules={"sgd": "exp:0.97"},
            note="the noise moves x by ηₜ·N(0, 1): as ηₜ falls the run settles, where a constant η keeps jittering"),
    _preset("warmup-adam-toy2", "Adam on toy2, η = 1, warmed up over 10 steps, then a cosine over 90", "toy2",
            {"adam": {"lr": 1.0}}, steps=100, schedules={"adam": "warmup:10,cosine:90"},
            note="Adam's first steps are ≈ ηₜ long in each coordinate: the warm-up keeps them short"),
    _preset("sgd-airfoil-step", "Minibatch SGD on airfoil, η = 0.05 halved every epoch (StepLR)", "airfoil",
            {"sgd": {"lr": 0.05}}, steps=450, schedules={"sgd": "step:150:0.5"},
            note="halving η each epoch quiets the minibatches' noise in the loss"),
)}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r} (choose from: {', '.join(PRESETS)})") from None


def matching_preset(scenario: Scenario) -> str | None:
    """The preset ``scenario`` is, unchanged (the same title, problem, runs, start and seed), or None."""
    for name, preset in PRESETS.items():
        if preset.title != scenario.title or preset.problem != scenario.problem:
            continue
        try:
            own = preset.scenario()
        except (ValueError, DataError):  # an unusable data file: that preset cannot be the one shown
            continue
        if (own.runs, own.start, own.seed, own.function, own.noise, own.rng, own.batch_size) == (
                scenario.runs, scenario.start, scenario.seed, scenario.function, scenario.noise, scenario.rng,
                scenario.batch_size):
            return name
    return None
