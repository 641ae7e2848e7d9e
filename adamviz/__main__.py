from adamviz.cli import run

if __name__ == "__main__":  # the engine's worker process re-imports this module under another name
    run()
