"""The ``pbanalysis`` command.

``segment``, ``extract``, ``code`` and ``terms`` read plain-text articles (files or folders; none
given means the embedded corpus in ``data/raw/``) and print one table, as CSV (UTF-8) or JSON
lines, to standard output or to ``--output``: the library's own frame, with the columns its
docstring lists (``Corpus.sentences``, ``indicators.extract_indicators``,
``coding.code_sentences``, ``terms.distinctive_terms``). ``study`` runs the notebooks of a
study in batch; ``inspect FILE…`` shows what was taken from each article; ``process`` brings the
processed Parquet store (``data/processed/``) up to date. With no path given, the table commands
read that store (updating it first: only new or changed articles are processed); ``--store DIR``
uses another store for the paths given.

Bad input (a missing path, an empty, binary or undecodable file, an unknown framework or region)
and a failing environment (a full disk, an unwritable folder, a path of the wrong kind) print one
line, ``pbanalysis: error: <file or value>: <problem>``, and exit with status 2; no traceback.
``-`` as a path reads standard input; ``--output -``, ``/dev/stdout``, FIFOs and device nodes are
written directly, regular files atomically. Set ``PBANALYSIS_DEBUG=1`` to see the traceback of an
unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pbanalysis import __version__
from pbanalysis.errors import InputError

if TYPE_CHECKING:  # pandas is imported where it is used: an interrupt while starting up is
    import pandas as pd  # then caught by main() like any other

__all__ = [
    "build_parser",
    "main",
    "os_error_message",
    "write_output",
]


def _corpus(args: argparse.Namespace):
    from pbanalysis.corpus.model import load_corpus

    if "-" not in args.paths:
        return load_corpus(args.paths or None, manifest=args.manifest)
    if args.paths.count("-") > 1:
        raise InputError("-: standard input can be read only once")
    with tempfile.TemporaryDirectory(prefix="pbanalysis-stdin.") as folder:
        stdin = os.path.join(folder, "stdin.txt")
        with open(stdin, "wb") as handle:
            handle.write(sys.stdin.buffer.read())
        sources = [stdin if path == "-" else path for path in args.paths]
        return load_corpus(sources, manifest=args.manifest)


def _store(args: argparse.Namespace):
    """The processed store these arguments read, brought up to date; ``None`` when the files
    are to be read directly (paths given without ``--store``, or standard input)."""
    from pbanalysis.store import Store

    store_dir = getattr(args, "store", None)
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        raise InputError(f"--jobs {jobs}: must be at least 1")
    if "-" in args.paths or (args.paths and not store_dir and jobs == 1):
        return None
    if args.paths and not store_dir:  # files named, several jobs: a store for this command only
        args.scratch = tempfile.TemporaryDirectory(prefix="pbanalysis-store.")
        store_dir = args.scratch.name
    store = Store(store_dir)
    store.update(args.paths or None, manifest=args.manifest, jobs=jobs)
    return store


def _direct(args: argparse.Namespace, stage=None) -> pd.DataFrame | None:
    """The table of files named without a store and read on ``--jobs`` N > 1 workers
    (:func:`~pbanalysis.corpus.shares.file_table`); ``None`` for the other cases."""
    if not args.paths or args.store or "-" in args.paths or args.jobs == 1:
        return None
    from pbanalysis.corpus.shares import file_table

    return file_table(args.paths, stage, manifest=args.manifest, jobs=args.jobs)


def _segment(args: argparse.Namespace) -> pd.DataFrame:
    direct = _direct(args)
    if direct is not None:
        return direct
    store = _store(args)
    return store.table("sentences") if store else _corpus(args).sentences


def _extract(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.indicators.extract import extract_indicators

    direct = _direct(args, extract_indicators)
    if direct is not None:
        return direct
    store = _store(args)
    return store.table("indicators") if store else extract_indicators(_corpus(args).sentences)


def _code(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.coding.coder import code_sentences

    direct = _direct(args, functools.partial(code_sentences, framework=args.framework))
    if direct is not None:
        return direct
    store = _store(args)
    if store is None:
        return code_sentences(_corpus(args).sentences, framework=args.framework)
    coded = store.table("codes")
    if args.framework != "all":
        coded = coded[coded["framework"] == args.framework].reset_index(drop=True)
    return coded


def _process(args: argparse.Namespace) -> int:
    from pbanalysis.store import Store

    store = Store(args.store)
    done = store.update(
        args.paths or None, manifest=args.manifest, jobs=args.jobs, scheduler=args.scheduler
    )
    print(done.summary(store.root), file=sys.stderr)
    return 1 if done.failed else 0


def _sample(args: argparse.Namespace) -> int:
    from pbanalysis.coding.sheets import sample_sheet, write_sheet

    if not args.output:
        raise InputError("sample needs --output FILE.xlsx or FILE.csv")
    store = _store(args)
    sentences = store.table("sentences") if store else _corpus(args).sentences
    sheet = sample_sheet(sentences, args.n, seed=args.seed)
    print(f"{write_sheet(sheet, args.output)}: {len(sheet)} sentences to code", file=sys.stderr)
    return 0


def _validate(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.coding.sheets import sheet_disagreements, validate_sheets

    if args.disagreements:
        return sheet_disagreements(args.sheets)
    return validate_sheets(args.sheets)


def _train(args: argparse.Namespace) -> int:
    from pbanalysis.coding.model import cv_table, model_path, write_model
    from pbanalysis.coding.training import train_model

    model = train_model(args.sheets)
    target = write_model(model, args.output or model_path())
    table = cv_table(model)
    print(f"{target}: model of {', '.join(model['frameworks'])}", file=sys.stderr)
    print("cross-validated pooled kappa (folds by article):", file=sys.stderr)
    for row in table.itertuples(index=False):
        print(
            f"  {row.framework}: dictionary {row.kappa_dictionary:.3f}, "
            f"with the model {row.kappa_with_model:.3f} "
            f"({row.sentences} sentences, {row.articles} articles, {row.folds} folds)",
            file=sys.stderr,
        )
    return 0


def _terms(args: argparse.Namespace) -> pd.DataFrame:
    from pbanalysis.analysis.terms import distinctive_terms

    # files named without a store: only the tokens are needed, so the workers cut those alone
    # rather than running every stage through a temporary store
    direct = bool(args.paths) and not args.store
    store = None if direct else _store(args)
    if direct and args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}: must be at least 1")
    sentences = store.table("sentences") if store else _corpus(args).sentences
    if args.by not in sentences.columns:
        raise InputError(f"--by {args.by}: not a sentence column ({', '.join(sentences.columns)})")
    cut = store.table("tokens") if store else None
    return distinctive_terms(
        sentences,
        by=args.by,
        prior_strength=args.prior_strength,
        tokens_table=cut,
        jobs=args.jobs if direct else 1,
    )


def _inspect(args: argparse.Namespace) -> int:
    from pbanalysis.corpus.model import inspect_report, load_corpus

    print(inspect_report(load_corpus(args.files, manifest=args.manifest), args.manifest))
    return 0


def _study(args: argparse.Namespace) -> int:
    from pbanalysis.study.config import run_study

    return run_study(config=args.config, output=args.output, jobs=args.jobs, only=args.only or None)


def _records(frame: pd.DataFrame) -> str:
    """JSON lines, one object per row; NaN, infinities and missing values are ``null``.

    Examples
    --------
    >>> import pandas as pd
    >>> _records(pd.DataFrame({"a": [1.5, float("nan"), float("inf")]}))
    '{"a": 1.5}\\n{"a": null}\\n{"a": null}\\n'
    """
    lines = []
    for record in frame.to_dict(orient="records"):
        clean = {key: _json_value(value) for key, value in record.items()}
        lines.append(json.dumps(clean, ensure_ascii=False, allow_nan=False, default=_json_default))
    return "".join(line + "\n" for line in lines)


def _json_value(value: object) -> object:
    import pandas as pd

    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _json_default(value: object) -> object:
    value = _json_value(value)
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


_STANDARD_STREAMS = {"-": 1, "/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1}


def _emit(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    from pbanalysis.io.export import csv_text

    text = _records(frame) if args.format == "jsonl" else csv_text(frame)
    write_output(args.output, text)


def write_output(target: str | None, text: str) -> None:
    """Write ``text`` (UTF-8) where ``--output`` says.

    ``None``, ``-`` and ``/dev/stdout`` mean standard output; an existing FIFO, device node or
    other special file is opened and written as it is, never replaced; anything else is a
    regular file written atomically. A folder, or a path whose parent cannot be written, is an
    :class:`~pbanalysis.errors.InputError` naming it.
    """
    from pbanalysis.io.export import write_text_atomic

    if target is None or target in _STANDARD_STREAMS:
        if sys.stdout is None:
            raise InputError(f"{target or '<stdout>'}: standard output is closed")
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise InputError(f"{target or '<stdout>'}: cannot write ({error.strerror})") from None
        return
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise InputError(f"{target}: cannot write ({error.strerror})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"{target}: is a directory, expected a file name for --output")
    if mode is not None and not stat.S_ISREG(mode) or target.startswith(("/dev/", "/proc/")):
        try:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND)
        except OSError as error:
            raise InputError(f"{target}: cannot write ({error.strerror})") from None
        try:
            _write_all(fd, text.encode("utf-8"), target)
        finally:
            os.close(fd)
        return
    try:
        write_text_atomic(target, text)
    except OSError as error:
        raise InputError(f"{target}: cannot write ({error.strerror or error})") from None


def _write_all(fd: int, data: bytes, name: str) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise InputError(f"{name}: cannot write ({error.strerror})") from None
        view = view[written:]


def _table_command(
    sub: argparse._SubParsersAction, name: str, help_text: str, handler
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files (.txt, .html, .docx, .pdf) or folders of them (default: data/raw/)",
    )
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format")
    parser.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument(
        "--manifest",
        metavar="FILE",
        help="manifest CSV describing the articles (default: data/corpus.csv)",
    )
    parser.add_argument(
        "--store",
        metavar="DIR",
        help="processed store to update and read (default: data/processed/ when no PATH is "
        "given; with PATHs and no --store the files are read directly)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="process the articles on N worker processes: with PATHs and no --store, segment, "
        "extract and code read shares of the files on them and terms cuts the tokens on them; "
        "otherwise through the store (sample: a temporary one); the table is the same",
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
    process = sub.add_parser(
        "process",
        help="process new or changed articles into the Parquet store (data/processed/)",
        description="Run the per-document pipeline (reading, layout, sentences, indicators, "
        "codes, tokens) over the articles that are new or changed and store the tables as "
        "Parquet. Files that cannot be read are named and skipped (exit status 1).",
    )
    process.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="text files or folders (default: every file in data/raw/)",
    )
    process.add_argument("--store", metavar="DIR", help="store folder (default: data/processed/)")
    process.add_argument(
        "--manifest", metavar="FILE", help="manifest CSV (default: data/corpus.csv)"
    )
    process.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes")
    process.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler (tcp://host:8786) to run on instead of local processes "
        "(needs the dask extra)",
    )
    process.set_defaults(run=_process)
    sample = _table_command(
        sub, "sample", "write a stratified sample of sentences as a coding sheet", _sample
    )
    sample.add_argument("--n", type=int, default=100, help="sentences to draw (default 100)")
    sample.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sample.set_defaults(run=_sample)
    validate = sub.add_parser(
        "validate",
        help="score filled coding sheets against the coder and each other",
        description="Score filled coding sheets (.xlsx/.csv) against the coder and each other.",
    )
    validate.add_argument("sheets", nargs="+", metavar="SHEET", help="filled coding sheets")
    validate.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    validate.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    validate.add_argument(
        "--disagreements",
        action="store_true",
        help="list sentences where sheet and coder differ",
    )
    validate.set_defaults(table=_validate)
    train = sub.add_parser(
        "train",
        help="train the supervised coding layer on filled coding sheets",
        description="Train one logistic regression per code (character n-grams and the "
        "dictionary's decisions) on filled coding sheets; `code` then uses it. Prints the "
        "cross-validated agreement (folds by article) of the dictionary alone and with the model.",
    )
    train.add_argument("sheets", nargs="+", metavar="SHEET", help="filled coding sheets")
    train.add_argument(
        "--output", metavar="FILE", help="model file (default: data/codebook/model.json)"
    )
    train.set_defaults(run=_train)
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
    """Entry point of the ``pbanalysis`` console script; returns the exit status.

    Every error becomes one line on stderr: bad input and failing files or disks (``InputError``,
    ``OSError``, ``UnicodeError``) exit 2, an interrupt 130, anything unexpected 1.
    """
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        try:
            if hasattr(args, "run"):
                return args.run(args)
            _emit(args.table(args), args)
        finally:  # the temporary store of a command run with --jobs and PATHs
            if getattr(args, "scratch", None) is not None:
                args.scratch.cleanup()
    except InputError as error:
        return _fail(str(error))
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("pbanalysis: interrupted", file=sys.stderr)
        return 130
    except OSError as error:
        return _fail(os_error_message(error))
    except UnicodeError as error:
        return _fail(f"cannot decode or encode text ({error})")
    except Exception as error:
        if os.environ.get("PBANALYSIS_DEBUG"):
            raise
        first = (str(error).splitlines() or [""])[0]
        return _fail(f"internal error: {type(error).__name__}: {first}", status=1)
    return 0


def os_error_message(error: OSError) -> str:
    """One line for an ``OSError``: the path(s) it names and the system's reason.

    Examples
    --------
    >>> os_error_message(FileNotFoundError(2, "No such file or directory", "a.txt"))
    'a.txt: No such file or directory'
    >>> os_error_message(OSError(28, "No space left on device"))
    'No space left on device'
    """
    reason = error.strerror or str(error) or type(error).__name__
    names = [str(n) for n in (error.filename, error.filename2) if n is not None]
    return ": ".join([" -> ".join(names), reason] if names else [reason])


def _fail(message: str, status: int = 2) -> int:
    line = " ".join(message.split()) or "unknown error"
    with contextlib.suppress(OSError, AttributeError):  # stderr closed: the status still says it
        print(f"pbanalysis: error: {line}", file=sys.stderr)
    return status


def _silence_stdout() -> None:
    # After a broken pipe, Python's final flush of stdout would print a second error.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    raise SystemExit(main())
