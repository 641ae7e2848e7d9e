"""What an export is: its format, size, view and frames, checked before any work is done.

Qt-free: the command line builds an ExportRequest and checks it (one clear
error, no file touched) before the engine runs or Qt starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from adamviz.core.files import check_target
from adamviz.core.scenario import Scenario
from adamviz.core.session import ViewSettings

FORMATS = {
    ".png": "image",
    ".svg": "image",
    ".gif": "animation",
    ".mp4": "animation",
    ".csv": "data",
    ".json": "data",
}
VIEWS = ("contour", "loss", "window")
DEFAULT_VIEW = "contour"
"""The contour view with its legend: what a slide wants."""
ANIMATION_VIEWS = ("contour", "loss")
DEFAULT_SIZE = {"image": (1920, 1080), "animation": (960, 600)}
MAX_SIZE = (3840, 2160)
DEFAULT_FPS = 10.0
MAX_FPS = 60.0
GIF_HOLD_S = 2.0
"""How long a GIF rests on its last frame before it loops."""
MAX_FRAMES = {".gif": 2000, ".mp4": 20000}
MAX_GIF_PIXELS = 600_000_000
"""Frames × width × height of a GIF: its frames are held in memory until it is written (1 byte a pixel)."""


class ExportError(ValueError):
    """An export that cannot be made as asked; the message is one line."""


Progress = Callable[[int, int], None]
"""progress(done, total)."""


@dataclass
class ExportRequest:
    scenario: Scenario
    path: Path
    view: str = DEFAULT_VIEW
    size: tuple[int, int] | None = None
    """None: DEFAULT_SIZE for the format's kind."""
    theme: str = "light"
    presenting: bool = False
    view_settings: ViewSettings = field(default_factory=ViewSettings)
    every: int = 1
    fps: float = DEFAULT_FPS
    swarm: SwarmSpec | None = None
    """Swarm mode (adamviz.export.swarm): many start points of the one optimizer instead of the runs."""

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def kind(self) -> str:
        return FORMATS[self.suffix]

    @property
    def pixel_size(self) -> tuple[int, int]:
        return self.size or DEFAULT_SIZE.get(self.kind, DEFAULT_SIZE["image"])

    def frame_steps(self) -> list[int]:
        return frame_steps(self.scenario.steps, self.every)

    def check(self) -> ExportRequest:
        """Everything that can be checked before the work; ExportError or files.WriteError otherwise."""
        format_of(self.path)
        check_target(self.path)
        kind = self.kind
        if self.view not in VIEWS:
            raise ExportError(f"--view must be one of {', '.join(VIEWS)}, not {self.view!r}")
        if self.swarm is not None:
            if self.view == "window":
                raise ExportError("a swarm is exported from the contour or the loss view, not the whole window")
            check_swarm(self.scenario, self.swarm)
        if kind == "data":
            return self
        width, height = self.pixel_size
        if not (1 <= width <= MAX_SIZE[0] and 1 <= height <= MAX_SIZE[1]):
            raise ExportError(f"the size {width}x{height} is outside 1x1 … {MAX_SIZE[0]}x{MAX_SIZE[1]}")
        if kind == "animation":
            if self.view not in ANIMATION_VIEWS:
                raise ExportError(f"an animation shows the {' or the '.join(ANIMATION_VIEWS)} view, "
                                  f"not the {self.view} (use .png or .svg for the whole window)")
            if self.suffix == ".mp4" and (width % 2 or height % 2):
                raise ExportError(f"an MP4 needs an even width and height, not {width}x{height}")
            if not 1 <= self.every:
                raise ExportError(f"--every must be at least 1, not {self.every}")
            if not 0 < self.fps <= MAX_FPS:
                raise ExportError(f"--fps must be above 0 and at most {MAX_FPS:g}, not {self.fps:g}")
            frames = len(self.frame_steps())
            limit = MAX_FRAMES[self.suffix]
            if frames > limit:
                raise ExportError(f"{frames} frames is more than a {self.suffix[1:].upper()} may hold here "
                                  f"({limit}); thin them with --every {suggest_every(self.scenario.steps, limit)}")
            if self.suffix == ".gif" and frames * width * height > MAX_GIF_PIXELS:
                raise ExportError(f"a GIF of {frames} frames at {width}x{height} is too large to build; "
                                  "use --every, a smaller --size, or .mp4")
        return self


def format_of(path: Path) -> str:
    """The format's kind for ``path``'s extension; ExportError naming the known ones otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        if Path(path).is_dir():
            raise ExportError(f"cannot write {path}: it is a folder (give a file name ending in one of {known})")
        what = f"the extension {suffix!r} is not a known format" if suffix else "the name has no extension"
        raise ExportError(f"cannot export {path}: {what} (use one of {known})")
    return FORMATS[suffix]


def frame_steps(steps: int, every: int = 1) -> list[int]:
    """The step each frame shows: 0, K, 2K, … and always the last step.

    So an animation of N steps thinned by K has N // K + 1 frames, one more
    if K does not divide N.
    """
    shown = list(range(0, steps + 1, every))
    if shown[-1] != steps:
        shown.append(steps)
    return shown


def suggest_every(steps: int, limit: int) -> int:
    every = 1
    while len(frame_steps(steps, every)) > limit:
        every = max(every + 1, -(-steps // (limit - 1)))
    return every


# ---------------------------------------------------------------- swarm exports

LAYOUTS = ("random", "grid")
DEFAULT_PARTICLES = 1000


@dataclass(frozen=True)
class SwarmSpec:
    layout: str = "random"
    particles: int = DEFAULT_PARTICLES


def swarm_optimizer(scenario: Scenario) -> tuple[str, dict[str, float]]:
    """The one optimizer a swarm runs, with its hyperparameters; ExportError unless exactly one is on."""
    enabled = [setup for setup in scenario.runs if setup.enabled]
    if len(enabled) != 1:
        names = ", ".join(setup.optimizer for setup in enabled) or "none"
        raise ExportError(f"a swarm runs one optimizer; choose it with a single --optimizer (now: {names})")
    if enabled[0].concise or enabled[0].concise_defaults:
        raise ExportError("a swarm runs the scratch optimizer; leave out --concise")
    return enabled[0].optimizer, dict(enabled[0].hyperparams)


def check_swarm(scenario: Scenario, spec: SwarmSpec) -> None:
    """Everything a swarm export needs, checked before any work: ExportError (one line) otherwise."""
    from adamviz.core.swarm import MAX_PARTICLES

    if spec.layout not in LAYOUTS:
        raise ExportError(f"the swarm's layout is {' or '.join(LAYOUTS)}, not {spec.layout!r}")
    if not 1 <= spec.particles <= MAX_PARTICLES:
        raise ExportError(f"a swarm has 1 to {MAX_PARTICLES:,} particles, not {spec.particles:,}")
    problem = scenario.problem_object()
    if not problem.direct or problem.view is None:
        raise ExportError(f"a swarm needs a problem with one or two parameters, not {problem.name}")
    swarm_optimizer(scenario)
