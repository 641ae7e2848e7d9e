from adamviz.cli import run

run()
