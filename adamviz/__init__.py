"""adamviz: watch the optimizers of Dive into Deep Learning's chapter 7 move.

From Python or a notebook: ``adamviz.trace(...)`` runs them as `adamviz trace` does and returns a Result
(adamviz.api); ``adamviz.show(result)`` opens the window on it. Nothing heavy is imported until used.
"""

__version__ = "0.1.0"
__all__ = ["Result", "RunResult", "__version__", "show", "trace"]


def __getattr__(name: str):
    if name in ("trace", "show", "Result", "RunResult"):
        from adamviz import api

        return getattr(api, name)
    raise AttributeError(f"module 'adamviz' has no attribute {name!r}")
