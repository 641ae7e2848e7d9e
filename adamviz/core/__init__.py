"""The Qt-free model: optimizers, problems, the engine, scenarios and presets.

Nothing under adamviz.core imports Qt or pyqtgraph; torch is imported lazily,
when something is first stepped.
"""
