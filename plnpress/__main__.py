"""``python -m plnpress`` is the same as ``plnpress``."""

from plnpress.cli.main import run

if __name__ == "__main__":
    run()
