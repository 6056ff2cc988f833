"""The ``pbanalysis`` command.

``segment``, ``extract``, ``code`` and ``terms`` read plain-text articles (files or folders; none
given means the embedded corpus in ``data/raw/``) and print one table, as CSV (UTF-8) or JSON
lines, to standard output or to ``--output``: the library's own frame, with the columns its
docstring lists (``Corpus.sentences``, ``indicators.extract_indicators``,
``coding.code_sentences``, ``terms.distinctive_terms``). ``study`` runs the notebooks of a
study in batch; ``inspect FILE…`` shows what was taken from each article.

Bad input (a missing path, an empty, binary or undecodable file, an unknown framework or region)
prints one line, ``pbanalysis: error: <file or value>: <problem>``, and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

import pandas as pd

from pbanalysis import __version__
from pbanalysis.errors import InputError

__all__ = [
    "build_parser",
    "main",
]


def _corpus(args: argparse.Namespace):
    from pbanalysis.corpus.model import load_corpus

    return load_corpus(args.paths or None, manifest=args.manifest)


def _segment(args: argparse.Namespace) -> pd.DataFrame:
    return _corpus(args).sentences


def _extract(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.indicators.extract import extract_indicators

    return extract_indicators(_corpus(args).sentences)


def _code(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.coding.coder import code_sentences

    return code_sentences(_corpus(args).sentences, framework=args.framework)


def _terms(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.analysis.terms import distinctive_terms

    sentences = _corpus(args).sentences
    if args.by not in sentences.columns:
        raise InputError(f"--by {args.by}: not a sentence column ({', '.join(sentences.columns)})")
    return distinctive_terms(sentences, by=args.by, prior_strength=args.prior_strength)


def _inspect(args: argparse.Namespace) -> int:
    from pbanalysis.corpus.model import inspect_report, load_corpus

    print(inspect_report(load_corpus(args.files, manifest=args.manifest), args.manifest))
    return 0


def _study(args: argparse.Namespace) -> int:
    from pbanalysis.study.config import run_study

    return run_study(config=args.config, output=args.output, jobs=args.jobs, only=args.only or None)


def _records(frame: pd.DataFrame) -> str:
    lines = []
    for record in frame.to_dict(orient="records"):
        clean = {
            key: (None if isinstance(value, float) and math.isnan(value) else value)
            for key, value in record.items()
        }
        lines.append(json.dumps(clean, ensure_ascii=False, default=_json_default))
    return "".join(line + "\n" for line in lines)


def _json_default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    if value is pd.NA:
        return None
    return str(value)


def _emit(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    from pbanalysis.io.export import csv_text, write_text_atomic

    text = _records(frame) if args.format == "jsonl" else csv_text(frame)
    if args.output:
        write_text_atomic(args.output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _table_command(
    sub: argparse._SubParsersAction, name: str, help_text: str, handler
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="text files or folders of .txt files (default: every file in data/raw/)",
    )
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format")
    parser.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument(
        "--manifest",
        metavar="FILE",
        help="manifest CSV describing the articles (default: data/corpus.csv)",
    )
    parser.set_defaults(table=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``pbanalysis`` command."""
    parser = argparse.ArgumentParser(
        prog="pbanalysis",
        description="Party building and the business environment in Chinese local reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _table_command(
        sub, "segment", "one row per sentence with its article, section, measure", _segment
    )
    _table_command(
        sub, "extract", "quantitative indicators: value, unit, qualifier, subject", _extract
    )
    code = _table_command(sub, "code", "code sentences against the frameworks' codebooks", _code)
    code.add_argument(
        "--framework",
        default="all",
        choices=("levers", "pillars", "bready", "all"),
        help="which codebook to apply (default: all)",
    )
    terms = _table_command(sub, "terms", "distinctive terms by weighted log-odds", _terms)
    terms.add_argument("--by", default="region", help="sentence column that forms the groups")
    terms.add_argument(
        "--prior-strength",
        type=float,
        default=None,
        help="strength of the corpus-wide Dirichlet prior (default: the library's)",
    )
    inspect = sub.add_parser(
        "inspect",
        help="show what was taken from each article (title, region and why, headings, …)",
        description="Show what was taken as title, byline, outlet, date, region (and why), "
        "headings, measures and repaired page breaks: the check to run before adding an article.",
    )
    inspect.add_argument("files", nargs="+", metavar="FILE", help="article files or folders")
    inspect.add_argument("--manifest", metavar="CSV", help="manifest (default: data/corpus.csv)")
    inspect.set_defaults(run=_inspect)
    study = sub.add_parser(
        "study",
        help="run every notebook of a study in batch into reports/",
        description="Run every notebook of a study with papermill, in parallel.",
    )
    study.add_argument(
        "--config", metavar="FILE", help="study TOML (default: studies/default.toml)"
    )
    study.add_argument("--output", metavar="DIR", help="output folder (default: under reports/)")
    study.add_argument("--jobs", type=int, metavar="N", help="parallel runs (default: cores)")
    study.add_argument("--only", nargs="+", metavar="NAME", help="run only these runs")
    study.set_defaults(run=_study)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pbanalysis`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        if hasattr(args, "run"):
            return args.run(args)
        _emit(args.table(args), args)
    except InputError as error:
        print(f"pbanalysis: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("pbanalysis: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
