"""The engine's own figures, in this process: stepping, the airfoil against the book's loop, contour
surfaces, memory, the sweep against separate runs, a user's optimizer file against the built-in."""

from __future__ import annotations

import time
import traceback

from common import HERE, PYTHON, Results, child_json, median, run_child, tail

# ---------------------------------------------------------------- engine on toy2

def bare_toy_loop(problem, specs, steps: int, arrays: str | None = None):
    """The same array work as the engine (gradient, split, the optimizers' update), no recording, no checks."""
    from adamviz.core.arrays import new_vector, numpy_view
    from adamviz.core.optimizers import get_optimizer

    arrays = arrays or problem.step_arrays
    gradient = problem.gradient_fn(0, arrays)
    start = problem.initial_point(0)
    split = problem.split
    runs = []
    for spec in specs:
        optimizer = get_optimizer(spec.optimizer)
        theta = new_vector(start, arrays, problem.dtype)
        params = split(theta)
        runs.append((optimizer.update, theta, params, optimizer.init(params), optimizer.validate(spec.hyperparams)))
    began = time.perf_counter()
    for update, theta, params, state, hp in runs:
        for t in range(1, steps + 1):
            state, _ = update(params, split(gradient(theta, t)), state, hp, t)
    seconds = time.perf_counter() - began
    return seconds, [numpy_view(theta).copy() for _, theta, *_ in runs]


def engine_toy(scenario, steps: int, arrays: str | None = None):
    from adamviz.core.engine import Engine

    engine = Engine(scenario.problem_object(), scenario.run_specs(), seed=scenario.seed, start=scenario.start,
                    arrays=arrays)
    began = time.perf_counter()
    engine.step(steps)
    seconds = time.perf_counter() - began
    return seconds, [run.points[-1].copy() for run in engine.runs], engine


def bench_engine(res: Results, quick: bool) -> None:
    import numpy as np

    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    scenario = PRESETS["toy2-compare"].scenario()
    problem = get_problem("toy2")
    specs = scenario.run_specs()
    steps, reps = (1500, 5) if quick else (2500, 15)
    engine_toy(scenario, 500)  # warm-up (dispatch caches, allocator)
    bare_toy_loop(problem, specs, 500)
    engine_s, bare_s, ratios = [], [], []
    for rep in range(reps):
        order = ("engine", "bare") if rep % 2 == 0 else ("bare", "engine")
        got = {}
        for side in order:
            if side == "engine":
                got[side] = engine_toy(scenario, steps)
            else:
                got[side] = bare_toy_loop(problem, specs, steps)
        (e, e_end, engine), (b, b_end) = got["engine"][:3], got["bare"]
        engine_s.append(e)
        bare_s.append(b)
        ratios.append(e / b)
    live = [run.live for run in engine.runs]
    same = all(np.array_equal(x, y) for x, y in zip(e_end, b_end, strict=True))
    res.set("engine_overhead_ratio", min(engine_s) / min(bare_s))
    res.set("toy_steps_per_s", steps / min(engine_s))
    res.set("bare_toy_steps_per_s", round(steps / min(bare_s), 1))
    res.set("engine_overhead_ratio_median_of_pairs", round(median(ratios), 4))
    res.set("toy_steps_per_s_median", round(steps / median(engine_s), 1))
    note = (f"{reps} interleaved reps of {steps} steps x 3 runs; ratio of the fastest rep of each side "
            f"(median of per-rep ratios {median(ratios):.3f})")
    if not same:
        note += "; WARNING: the bare loop's end points differ from the engine's"
    if not all(live):
        note += f"; runs live: {live}"
    res.note("engine_overhead_ratio", note)
    res.note("toy_steps_per_s", f"fastest of {reps} reps; median {steps / median(engine_s):,.0f}")
    # The same engine made to step toy2 in torch (what it did before the bowls moved to numpy), same reps.
    torch_s, torch_bare_s = [], []
    engine_toy(scenario, 500, "torch")
    bare_toy_loop(problem, specs, 500, "torch")
    for _ in range(max(3, reps // 3)):
        torch_s.append(engine_toy(scenario, steps, "torch")[0])
        torch_bare_s.append(bare_toy_loop(problem, specs, steps, "torch")[0])
    res.set("toy_steps_per_s_in_torch", round(steps / min(torch_s), 1))
    res.set("engine_overhead_ratio_in_torch", round(min(torch_s) / min(torch_bare_s), 4))
    res.set("toy_numpy_speedup_over_torch", round(min(torch_s) / min(engine_s), 3))


# ---------------------------------------------------------------- airfoil vs the book's loop

def bench_airfoil(res: Results, quick: bool) -> None:
    import book_loop
    import numpy as np
    import torch

    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    get_problem("airfoil")  # data loaded once, outside the timing (the book loads it once too)
    features, labels = book_loop.book_data()
    scenario = PRESETS["airfoil-compare"].scenario()
    if scenario.steps != 300:
        res.note("airfoil_speedup_vs_book_loop", f"airfoil-compare has {scenario.steps} steps, not 2 epochs")

    def book() -> tuple[float, list]:
        np.random.seed(0)
        torch.manual_seed(0)
        began = time.perf_counter()
        curves = book_loop.chapter_runs(features, labels, num_epochs=2)
        return time.perf_counter() - began, [c[-1] for c in curves]

    def engine() -> tuple[float, list]:
        began = time.perf_counter()
        eng = scenario.run()
        return time.perf_counter() - began, [float(run.losses[-1]) for run in eng.runs]

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # both sides alike; as the window's worker runs (tensors here are too small to split)
    book()
    engine()
    reps = 3 if quick else 7
    book_s, engine_s, ratios = [], [], []
    for rep in range(reps):
        order = (book, engine) if rep % 2 == 0 else (engine, book)
        got = {fn.__name__: fn() for fn in order}
        book_s.append(got["book"][0])
        engine_s.append(got["engine"][0])
        ratios.append(got["book"][0] / got["engine"][0])
    torch.set_num_threads(threads)
    res.set("airfoil_speedup_vs_book_loop", min(book_s) / min(engine_s))
    res.set("airfoil_speedup_median_of_pairs", round(median(ratios), 3))
    res.set("airfoil_book_loop_s", round(min(book_s), 4))
    res.set("airfoil_engine_s", round(min(engine_s), 4))
    res.set("airfoil_final_losses", {"book": [round(x, 5) for x in got["book"][1]],
                                     "engine": [round(x, 5) for x in got["engine"][1]]})
    res.note("airfoil_speedup_vs_book_loop",
             f"{reps} interleaved reps, ratio of the fastest of each side (book {min(book_s):.3f} s, engine "
             f"{min(engine_s):.3f} s; median of per-rep ratios {median(ratios):.2f}); torch 1 thread for both; "
             "engine side = scenario.run() (engine built + 300 steps, full-data loss recorded every step)")


# ---------------------------------------------------------------- contour surfaces

def bench_contour(res: Results, quick: bool) -> None:
    import numpy as np

    from adamviz.core import surface as surf
    from adamviz.core.problems import get_problem
    from adamviz.core.scenario import PRESETS

    reps = 7 if quick else 15
    n = 400

    def widened(lo, hi, factor=0.25):
        d = (hi - lo) * factor
        return (lo - d, hi + d)

    failures = []
    try:
        toy = get_problem("toy2")
        scale = surf.default_scale(toy)  # the window computes it once per problem
        xr, yr = widened(*toy.view.x), widened(*toy.view.y)  # ContourView draws 25% beyond the view
        surf.planar_surface(toy, xr, yr, n=n, scale=scale)
        times, auto = [], []
        for _ in range(reps):
            began = time.perf_counter()
            grid = surf.planar_surface(toy, xr, yr, n=n, scale=scale)
            times.append(time.perf_counter() - began)
            began = time.perf_counter()
            surf.planar_surface(toy, xr, yr, n=n)
            auto.append(time.perf_counter() - began)
        res.set("contour_toy_ms", 1000 * median(times),
                f"median of {reps}; fixed scale as the window passes it; {len(grid.levels)} levels, "
                f"{len(grid.lines)} line vertices; min {1000 * min(times):.1f} ms")
        res.set("contour_toy_autoscale_ms", round(1000 * median(auto), 2))
    except Exception as exc:
        failures.append(("contour_toy_ms", exc))

    try:
        air = get_problem("airfoil")
        engine = PRESETS["airfoil-compare"].scenario().run()
        moment = np.zeros((air.dim, air.dim))
        points = []
        for run in engine.runs:
            offset = run.points - air.minimum
            moment += offset.T @ offset
            points.append(run.points)
        points = np.vstack(points)

        def slice_once():
            plane = surf.principal_plane(air, moment)
            xy = plane.project(points)
            low, high = xy.min(axis=0), xy.max(axis=0)
            span = np.maximum(high - low, 0.05)
            low, high = low - 0.15 * span, high + 0.15 * span
            return surf.plane_surface(air, plane, widened(low[0], high[0]), widened(low[1], high[1]), n=n)

        slice_once()
        times = []
        for _ in range(reps):
            began = time.perf_counter()
            grid = slice_once()
            times.append(time.perf_counter() - began)
        res.set("contour_airfoil_ms", 1000 * median(times),
                f"median of {reps}; plane of the 3 runs after 2 epochs; {len(grid.lines)} line vertices; "
                f"min {1000 * min(times):.1f} ms")
    except Exception as exc:
        failures.append(("contour_airfoil_ms", exc))
    for key, exc in failures:
        res.set(key, None, f"failed: {type(exc).__name__}: {exc}")
        res.errors[key] = traceback.format_exc()


# ---------------------------------------------------------------- memory

def bench_rss(res: Results, quick: bool, full: bool) -> None:
    # A real million steps takes ~20 s now that toy2 steps on numpy (it took ~52 s in torch): measured,
    # not extrapolated, unless --quick.
    steps = 65_536 if quick and not full else 1_000_000
    timeout = 900
    code, out, err, _ = run_child([PYTHON, str(HERE / "rss_probe.py"), str(steps)], timeout=timeout)
    if code != 0:
        raise RuntimeError(f"rss_probe exited {code}: {tail(err)}")
    data = child_json(out, "RSS_PROBE_JSON")
    growth_mb = (data["after_kb"] - data["before_kb"]) / 1024
    per_step = growth_mb / steps
    res.set("rss_measured_steps", steps)
    res.set("rss_measured_growth_mb", round(growth_mb, 2))
    res.set("rss_engine_steps_per_s", round(steps / data["seconds"], 1))
    if steps >= 1_000_000:
        res.set("rss_growth_mb_1e6_steps", growth_mb,
                f"measured over a real {steps:,} steps x 3 runs ({data['seconds']:.0f} s)")
    else:
        est_full_s = 1_000_000 / (steps / data["seconds"])
        res.set("rss_growth_mb_1e6_steps", per_step * 1_000_000,
                f"EXTRAPOLATED: {growth_mb:.1f} MB measured over {steps:,} steps x 3 runs, scaled x"
                f"{1_000_000 / steps:.2f}; a real 1e6-step run takes ~{est_full_s:.0f} s here; "
                "quick run: leave out --quick for the measured figure")



# ---------------------------------------------------------------- the sweep against separate runs

SWEPT = ("momentum", "rmsprop", "adam")


def bench_sweep(res: Results, quick: bool) -> None:
    import numpy as np

    from adamviz.core.engine import Engine, RunSpec
    from adamviz.core.problems import get_problem
    from adamviz.core.sweep import log_spaced, run_sweep

    problem, steps, rates = get_problem("rosenbrock"), 200, log_spaced()

    def batched() -> tuple[float, dict]:
        began = time.perf_counter()
        finals = {name: [e.final_loss for e in run_sweep(problem, name, lrs=rates, steps=steps).entries]
                  for name in SWEPT}
        return time.perf_counter() - began, finals

    def separate() -> tuple[float, dict]:
        began = time.perf_counter()
        finals = {}
        for name in SWEPT:
            others = {k: v for k, v in problem.hyperparams_for(name).items() if k != "lr"}
            finals[name] = []
            for lr in rates:
                engine = Engine(problem, [RunSpec(name, {**others, "lr": float(lr)})])
                engine.step(steps)
                (run,) = engine.runs
                finals[name].append(float(run.losses[-1]))
        return time.perf_counter() - began, finals

    batched()
    separate()
    reps = 3 if quick else 5
    batched_s, separate_s = [], []
    for rep in range(reps):
        for side in ((batched, separate) if rep % 2 == 0 else (separate, batched)):
            seconds, finals = side()
            (batched_s if side is batched else separate_s).append(seconds)
            if side is batched:
                swept = finals
            else:
                one_by_one = finals
    same = all(np.allclose(swept[n], one_by_one[n], rtol=1e-12, atol=0, equal_nan=True) for n in SWEPT)
    res.set("sweep_speedup_vs_separate_runs", min(separate_s) / min(batched_s),
            f"{reps} interleaved reps, fastest of each side (batched {min(batched_s) * 1000:.0f} ms, separate "
            f"{min(separate_s) * 1000:.0f} ms for {len(SWEPT) * len(rates)} runs of {steps} steps); "
            + ("the final losses agree" if same else "WARNING: the final losses differ"))
    res.set("sweep_batched_ms", round(1000 * min(batched_s), 1))
    res.set("sweep_separate_ms", round(1000 * min(separate_s), 1))


# ---------------------------------------------------------------- a user's optimizer file

def bench_files(res: Results, quick: bool) -> None:
    from common import REPO

    from adamviz.core.engine import Engine, RunSpec
    from adamviz.core.optimizer_files import load_optimizer_file, unload
    from adamviz.core.problems import get_problem

    problem = get_problem("airfoil")
    cell = REPO / "tests" / "data" / "chapter_adam.py"  # the chapter's own Adam cell, as a student pastes it
    optimizer = load_optimizer_file(cell)
    try:
        def run(name: str) -> tuple[float, float]:
            engine = Engine(problem, [RunSpec(name, {"lr": 0.01})], seed=0)
            began = time.perf_counter()
            engine.step(problem.default_steps)
            seconds = time.perf_counter() - began
            (result,) = engine.runs
            if result.stop_reason is not None:
                raise RuntimeError(f"{name} stopped: {result.stop_reason} {result.stop_message or ''}")
            return seconds, float(result.losses[-1])

        run("adam")
        run(optimizer.name)
        reps = 5 if quick else 11
        built_in, from_file, ratios = [], [], []
        for rep in range(reps):
            order = ("adam", optimizer.name) if rep % 2 == 0 else (optimizer.name, "adam")
            got = {name: run(name) for name in order}
            built_in.append(got["adam"][0])
            from_file.append(got[optimizer.name][0])
            ratios.append(got[optimizer.name][0] / got["adam"][0])
        losses = got["adam"][1], got[optimizer.name][1]
        res.set("file_optimizer_overhead_ratio", min(from_file) / min(built_in),
                f"{reps} interleaved reps of {problem.default_steps} steps, fastest of each side (file "
                f"{1000 * min(from_file):.0f} ms, built-in {1000 * min(built_in):.0f} ms; median of per-rep ratios "
                f"{median(ratios):.2f}); final losses {losses[0]:.6f} and {losses[1]:.6f}")
    finally:
        unload(optimizer.name)
