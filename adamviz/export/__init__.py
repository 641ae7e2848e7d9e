"""Headless exports: pictures (PNG, SVG), animations (GIF, MP4) and the runs' data (CSV, JSON).

    from adamviz.export.formats import ExportRequest
    from adamviz.export.exporter import run_export
    run_export(ExportRequest(scenario, Path("out.png")))

The pictures are the window's own views (adamviz.ui.contour_view, loss_view)
or the whole window, rendered off screen at the size asked for. The command
line is `adamviz export` (adamviz.cli.export_parser, adamviz.export.command).
Only adamviz.export.formats, .data and .exporter's imports are Qt-free.
"""
