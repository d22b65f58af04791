"""``python -m plnpress`` is the same as ``plnpress``."""

from plnpress.cli.main import main

if __name__ == "__main__":
    main()
