"""``python -m pbanalysis``: the ``pbanalysis`` command."""

from pbanalysis.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
