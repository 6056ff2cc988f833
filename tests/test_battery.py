"""The reliability battery: hostile but fair input, each case run as the ``pbanalysis`` command.

Every case asserts the exit status, that an error is exactly one line on stderr
(``pbanalysis: error: …``, no traceback) or that a success prints nothing on stderr, and that
``data/raw/`` is byte-identical afterwards.

Most cases run the command in a forked child of the test process (the same ``main`` the console
script calls, with its own file descriptors 0, 1 and 2, its own exit status and Python's real
treatment of an uncaught exception), which costs milliseconds instead of a second of imports per
case; the cases that depend on the interpreter itself (``python -m``, signals, closed and broken
standard streams) run the real console script in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbanalysis import cli
from pbanalysis.io import paths

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

ARTICLE = (
    "四川省眉山市：深化新经济组织党建工作\n\n"
    "近年来，眉山市坚持党建引领，推动营商环境持续优化。\n\n"
    "全市新增非公企业1200家，企业满意度达到99.5%，审批时间压缩至3个工作日。\n"
)
TRADITIONAL = (
    "四川省眉山市：深化新經濟組織黨建工作\n\n"
    "近年來，眉山市堅持黨建引領，推動營商環境持續優化。\n\n"
    "全市新增非公企業1200家，企業滿意度達到99.5%，審批時間壓縮至3個工作日。\n"
)


def _raw_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(paths.raw_dir().rglob("*")):
        digest.update(str(path.relative_to(paths.raw_dir())).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


RAW_BEFORE = _raw_digest()


@dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def _child(argv, stdin: int, out: int, err: int, cwd, env) -> None:  # pragma: no cover - child
    code = 1
    try:
        os.dup2(stdin, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if cwd:
            os.chdir(cwd)
        os.environ.update(env or {})
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (exit_.code is not None)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            code = 120
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(int(code))


def run(argv, *, stdin: bytes = b"", cwd=None, env=None, timeout: float = 120) -> Result:
    """Run ``pbanalysis argv`` in a forked child with fresh standard streams."""
    with (
        tempfile.TemporaryFile() as inp,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        inp.write(stdin)
        inp.seek(0)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            _child([str(a) for a in argv], inp.fileno(), out.fileno(), err.fileno(), cwd, env)
        deadline = time.monotonic() + timeout
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail(f"pbanalysis {argv} did not finish in {timeout} s")
            time.sleep(0.01)
        out.seek(0)
        err.seek(0)
        return Result(os.waitstatus_to_exitcode(status), out.read(), err.read().decode())


def script(argv, **kwargs) -> subprocess.CompletedProcess:
    """Run the real console entry point, ``python -m pbanalysis``."""
    env = {**os.environ, "PYTHONPATH": str(SRC), **kwargs.pop("env", {})}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "pbanalysis", *map(str, argv)],
        env=env,
        timeout=kwargs.pop("timeout", 120),
        **kwargs,
    )


def assert_error(result: Result, *words: str, code: int = 2) -> None:
    assert "Traceback" not in result.err, result.err
    assert result.code == code, result
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith("pbanalysis: error: "), result.err
    for word in words:
        assert word in result.err_lines[0], result.err
    assert _raw_digest() == RAW_BEFORE


def assert_ok(result: Result) -> None:
    assert result.code == 0, result
    assert result.err == "", result.err
    assert _raw_digest() == RAW_BEFORE


def rows(result: Result) -> list[dict]:
    return [json.loads(line) for line in result.out.decode().splitlines()]


@pytest.fixture(scope="module", autouse=True)
def _warm(tmp_path_factory):
    """Load the rules, codebooks and jieba once, so that every forked case starts warm."""
    from pbanalysis.coding.coder import code_sentences
    from pbanalysis.corpus.model import load_corpus
    from pbanalysis.indicators.extract import extract_indicators

    target = tmp_path_factory.mktemp("warm") / "a.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    sentences = load_corpus([target]).sentences
    extract_indicators(sentences)
    code_sentences(sentences)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A small shared folder of inputs."""
    folder = tmp_path_factory.mktemp("battery")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nul").mkdir()
    (folder / "notext").mkdir()
    (folder / "notext" / "a.csv").write_text("x\n")
    return folder


# --- input files ------------------------------------------------------------------------------

BAD_FILES = {
    "empty": (b"", "empty"),
    "whitespace": (b" \n\t\r\n  ", "whitespace"),
    "spaces-full-width": ("\u3000\u3000\n".encode(), "whitespace"),
    "nul-bytes": (b"\x00\x01\x02" * 50, "binary"),
    "png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    "random-bytes": (bytes(range(256)) * 8, "binary"),
    "invalid-gb18030": (b"\x81\x30\x81", "cannot decode"),
    "utf16-bom-odd": (b"\xff\xfea\x00b", "UTF-16"),
    "utf16-bom-only-byte": (b"\xff\xfe\x00", "UTF-16"),
    "utf16-lone-surrogate": (b"\xff\xfe\x00\xd8", "UTF-16"),
    "utf16be-lone-surrogate": (b"\xfe\xff\xd8\x00", "UTF-16"),
    "rare-gbk-characters": (
        bytes(b for lead in range(0x81, 0xA0) for b in (lead, lead - 0x41)),
        "implausible text (tried UTF-8, GB18030, Big5",
    ),
    "control-chars": (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 30 + b"abc", "binary"),
    "nul-inside-utf8": (ARTICLE.encode() + b"\x00" + ARTICLE.encode(), "binary"),
    "shift-jis": ("日本語のテキストです。これは日本語。".encode("shift_jis"), ""),
    "latin1": ("Größe und Maß für Äpfel".encode("latin-1"), ""),
    "elf": (b"\x7fELF\x02\x01\x01" + bytes(500), "binary"),
    "zip": (b"PK\x03\x04" + bytes(range(256)) * 3, "binary"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gives_one_line(tmp_path, name):
    data, words = BAD_FILES[name]
    target = tmp_path / f"{name}.txt"
    target.write_bytes(data)
    result = run(["segment", target])
    assert_error(result, str(target), words)
    assert result.out == b""


WRONG_PATHS = {
    "missing-file": lambda d: d / "missing.txt",
    "missing-folder": lambda d: d / "missing" / "a.txt",
    "empty-folder": lambda d: d / "nul",
    "folder-without-txt": lambda d: d / "notext",
    "dangling-symlink": lambda d: _symlink(d / "dangling.txt", d / "nowhere.txt"),
    "symlink-loop": lambda d: _symlink(d / "loop.txt", d / "loop.txt"),
    "device": lambda d: Path("/dev/null"),
    "folder-named-txt": lambda d: _mkdir(d / "folder.txt"),
    "empty-name": lambda d: Path(""),
}


def _symlink(link: Path, target: Path) -> Path:
    if not link.is_symlink():
        link.symlink_to(target)
    return link


def _mkdir(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


@pytest.mark.parametrize("name", list(WRONG_PATHS))
def test_a_wrong_kind_of_path_gives_one_line(corpus, name):
    target = WRONG_PATHS[name](corpus)
    assert_error(run(["extract", target]))


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"]
)
def test_simplified_text_decodes_in_every_common_encoding(tmp_path, encoding):
    target = tmp_path / "a.txt"
    target.write_bytes(ARTICLE.encode(encoding))
    result = run(["extract", "--format", "jsonl", target])
    assert_ok(result)
    assert [r["value"] for r in rows(result)] == [1200, 99.5, 3]


@pytest.mark.parametrize("encoding", ["big5", "cp950", "utf-8", "utf-16"])
def test_traditional_text_is_not_mojibake(tmp_path, encoding):
    target = tmp_path / "a.txt"
    target.write_bytes(TRADITIONAL.encode(encoding))
    result = run(["segment", "--format", "jsonl", target])
    assert_ok(result)
    assert "黨建引領" in "".join(r["text"] for r in rows(result))


def test_a_file_that_cannot_be_read_gives_one_line(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    target.chmod(0)
    if os.access(target, os.R_OK):
        pytest.skip("running as root: permissions do not stop reading")
    assert_error(run(["segment", target]), str(target))


def test_standard_input_is_read_for_a_dash():
    result = run(["extract", "--format", "jsonl", "-"], stdin=ARTICLE.encode("gb18030"))
    assert_ok(result)
    assert [r["value"] for r in rows(result)] == [1200, 99.5, 3]


@pytest.mark.parametrize(
    "stdin, words", [(b"", "empty"), (bytes(300), "binary"), (b"\x81\x30\x81", "decode")]
)
def test_bad_standard_input_gives_one_line(stdin, words):
    assert_error(run(["segment", "-"], stdin=stdin), words)


def test_standard_input_can_be_read_only_once():
    assert_error(run(["segment", "-", "-"], stdin=ARTICLE.encode()), "only once")


def test_a_path_with_spaces_and_chinese_characters(tmp_path):
    target = tmp_path / "眉山 市 报告.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    assert_ok(run(["segment", target]))


def test_one_bad_file_among_good_ones_is_named(corpus, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(100))
    assert_error(run(["segment", corpus / "article.txt", bad]), str(bad))


# --- text content -----------------------------------------------------------------------------

CONTENT = {
    "arabic-decimal-separator": ("满意度达到٩٩٫٥%，", 99.5),
    "arabic-thousands-separator": ("新增企业١٢٬٣٤٥家，", 12345),
    "arabic-indic-digits": ("新增企业١٢٠٠家，", 1200),
    "full-width-digits": ("满意度达到９９．５％，", 99.5),
    "full-width-thousands": ("新增企业１２，３４５家，", 12345),
    "chinese-numeral": ("新增企业一千二百家，", 1200),
    "zero-width-space": ("新增企业12\u200b00家，", None),
    "crlf": ("新增企业1200家。\r\n眉山市", 1200),
    "cr-only": ("新增企业1200家。\r眉山市", 1200),
    "emoji": ("新增企业1200家😀，", 1200),
    "html-markup": ("新增企业<b>1200家</b>&amp;，", 1200),
}


@pytest.mark.parametrize("name", list(CONTENT))
def test_text_content_gives_the_value_it_states(tmp_path, name):
    sentence, value = CONTENT[name]
    target = tmp_path / "a.txt"
    target.write_text(f"眉山市：标题\n\n眉山市{sentence}持续推进。\n", encoding="utf-8")
    result = run(["extract", "--format", "jsonl", target])
    assert_ok(result)
    values = [r["value"] for r in rows(result)]
    assert values == ([] if value is None else [value]) or value is None


def test_a_400_digit_number_is_null_in_json_lines(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(f"眉山市：标题\n\n新增企业{'9' * 400}家。\n", encoding="utf-8")
    result = run(["extract", "--format", "jsonl", target])
    assert_ok(result)
    assert b"Infinity" not in result.out and b"NaN" not in result.out
    assert [r["value"] for r in rows(result)] == [None]


@pytest.mark.parametrize("command", ["segment", "extract", "code"])
def test_html_and_quotes_in_text_come_out_as_written(tmp_path, command):
    text = '推动<script>alert("x")</script>&nbsp;“营商环境”,"逗号"'
    target = tmp_path / "a.txt"
    target.write_text(f"眉山市：标题\n\n眉山市{text}新增企业12家。\n", encoding="utf-8")
    result = run([command, "--format", "jsonl", target])
    assert_ok(result)
    if command != "extract":
        joined = "".join(r["text"] for r in rows(result))
        assert '<script>alert("x")</script>' in joined and '“营商环境”,"逗号"' in joined


RUNS = {
    "digits": "1",
    "chinese-digits": "三",
    "wan": "万",
    "digit-commas": "1,",
    "digit-points": "1.",
    "han": "党",
    "percent": "%",
    "ranges": "1-",
    "zhi": "至",
    "yu": "余",
    "ban": "半",
    "year": "年",
    "punctuation": "，",
    "digit-unit": "1家",
    "quotes": "“",
}


@pytest.mark.parametrize("name", list(RUNS))
def test_time_is_linear_in_a_long_run_of_one_character_class(tmp_path, name):
    """A run 4 times longer may take at most ~6 times longer (quadratic would be 16)."""
    from pbanalysis.coding.coder import code_sentences
    from pbanalysis.corpus.model import load_corpus
    from pbanalysis.indicators.extract import extract_indicators

    def seconds(n: int) -> float:
        target = tmp_path / f"{n}.txt"
        target.write_text(f"眉山市：标题\n\n正文{RUNS[name] * n}。\n", encoding="utf-8")
        started = time.perf_counter()
        sentences = load_corpus([target]).sentences
        extract_indicators(sentences)
        code_sentences(sentences)
        return time.perf_counter() - started

    seconds(200)  # warm the rule caches
    short, long = min(seconds(3000) for _ in range(2)), seconds(12000)
    assert long < 6 * short + 0.5, (short, long)


# --- manifests ---------------------------------------------------------------------------------

MANIFESTS = {
    "missing": (None, "no such file"),
    "folder": ("dir", "is a directory"),
    "not-utf8": ("doc_id,file,article\n党建,article.txt,1\n".encode("gb18030"), "unreadable"),
    "lacks-columns": (b"doc_id,title\nx,y\n", "lacks column"),
    "article-not-a-number": (b"doc_id,file,article\nx,article.txt,one\n", "whole number"),
    "duplicate-doc-id": (
        b"doc_id,file,article\nx,article.txt,1\nx,other.txt,1\n",
        "duplicate doc_id",
    ),
    "binary": (bytes(range(256)), "unreadable"),
}


@pytest.mark.parametrize("name", list(MANIFESTS))
def test_a_bad_manifest_gives_one_line(corpus, tmp_path, name):
    content, words = MANIFESTS[name]
    manifest = tmp_path / "manifest.csv"
    if content == "dir":
        manifest.mkdir()
    elif content is not None:
        manifest.write_bytes(content)
    result = run(["segment", "--manifest", manifest, corpus / "article.txt"])
    assert_error(result, str(manifest), words)


def test_a_good_manifest_names_the_article(corpus, tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("doc_id,file,article,region\nms,article.txt,1,眉山市\n", encoding="utf-8")
    result = run(["segment", "--format", "jsonl", "--manifest", manifest, corpus / "article.txt"])
    assert_ok(result)
    assert {r["doc_id"] for r in rows(result)} == {"ms"}


# --- study configurations (all refused before any kernel starts) -------------------------------

NOTEBOOKS = ROOT / "tests" / "data" / "notebooks"
GOOD_STUDY = (
    f'[study]\nname = "b"\nnotebooks = "{NOTEBOOKS}"\n[[run]]\nnotebook = "write_table.ipynb"\n'
)
CONFIGS = {
    "missing": (None, "not found"),
    "folder": ("dir", "is a directory"),
    "not-utf8": ('[study]\nname = "党建"\n'.encode("gb18030"), "not UTF-8"),
    "invalid-toml": (b"[study\nname=", "invalid TOML"),
    "no-runs": (b'[study]\nname = "x"\n', "no [[run]]"),
    "bad-name": (b'[study]\nname = "a b"\n[[run]]\nnotebook = "x.ipynb"\n', "must be ASCII"),
    "unknown-notebook": (GOOD_STUDY.replace("write_table", "nope").encode(), "not found"),
    "unknown-parameter": (
        (GOOD_STUDY + "parameters = { nope = 1 }\n").encode(),
        "unknown parameter",
    ),
    "wrong-type": ((GOOD_STUDY + 'parameters = { repeat = "2" }\n').encode(), "must be int"),
    "missing-notebooks-folder": (
        b'[study]\nname = "x"\nnotebooks = "/nonexistent"\n[[run]]\nnotebook = "a.ipynb"\n',
        "notebooks folder",
    ),
    "binary": (bytes(range(256)), ""),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_a_bad_study_configuration_gives_one_line(tmp_path, name):
    content, words = CONFIGS[name]
    config = tmp_path / "study.toml"
    if content == "dir":
        config.mkdir()
    elif content is not None:
        config.write_bytes(content)
    result = run(["study", "--config", config, "--output", tmp_path / "out"])
    assert_error(result, words)
    assert not (tmp_path / "out").exists()


@pytest.fixture
def good_config(tmp_path) -> Path:
    config = tmp_path / "study.toml"
    config.write_text(GOOD_STUDY, encoding="utf-8")
    return config


@pytest.mark.parametrize(
    "args, words",
    [
        (["--jobs", "0"], "at least 1"),
        (["--only", "nothing"], "matches no run"),
        (["--output", "{raw}"], "refusing"),
        (["--output", "{raw}/inside"], "refusing"),
        (["--output", "{file}"], "not a folder"),
        (["--output", "{other}"], "not a study output"),
    ],
    ids=["jobs-0", "only-nothing", "output-raw", "output-in-raw", "output-file", "output-other"],
)
def test_a_bad_study_option_gives_one_line(good_config, tmp_path, args, words):
    (tmp_path / "file").write_text("x")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("x")
    names = {"raw": paths.raw_dir(), "file": tmp_path / "file", "other": tmp_path / "other"}
    args = [str(a).format(**names) for a in args]
    if "--output" not in args:
        args += ["--output", str(tmp_path / "out")]
    assert_error(run(["study", "--config", good_config, *args]), words)
    assert (tmp_path / "other" / "keep.txt").read_text() == "x"


def test_a_second_study_into_a_locked_folder_is_refused(good_config, tmp_path):
    import fcntl

    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(["study", "--config", good_config, "--output", out])
    assert_error(result, "another study is writing there")
    assert not out.exists()


def test_stale_staging_folders_are_removed_and_others_kept(tmp_path):
    from pbanalysis.study.runner import clean_stale

    stale = [tmp_path / ".out.k2j4h5g6.partial", tmp_path / ".out.a1b2c3d4.old"]
    kept = [tmp_path / ".out.b.k2j4h5g6.partial", tmp_path / ".outer.k2j4h5g6.partial"]
    for folder in [*stale, *kept]:
        folder.mkdir()
    assert clean_stale(tmp_path / "out") == sorted(stale)
    assert all(not p.exists() for p in stale) and all(p.is_dir() for p in kept)


def test_a_worker_ends_when_its_parent_is_killed(tmp_path):
    """The watchdog every study worker starts: SIGKILL the parent, the worker follows."""
    pid_file = tmp_path / "worker.pid"
    child = (
        "import os, time, pathlib; from pbanalysis.study.runner import exit_with_parent; "
        "exit_with_parent(interval=0.1); "
        f"pathlib.Path({str(pid_file)!r}).write_text(str(os.getpid())); "
        "time.sleep(60)"
    )
    parent = (
        "import subprocess, sys, time; "
        f"subprocess.Popen([sys.executable, '-c', {child!r}], start_new_session=True); "
        "time.sleep(60)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-c", parent], env=env)
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pid_file.exists(), "the worker never started"
        worker = int(pid_file.read_text())
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.05)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


# --- outputs -----------------------------------------------------------------------------------


def test_output_to_an_existing_folder_gives_one_line(corpus, tmp_path):
    assert_error(run(["segment", corpus / "article.txt", "--output", tmp_path]), "directory")


@pytest.mark.parametrize("where", ["--output", "stdout"])
def test_a_full_device_gives_one_line(corpus, where):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    argv = ["segment", corpus / "article.txt"]
    if where == "--output":
        result = run([*argv, "--output", "/dev/full"])
    else:
        with open("/dev/full", "wb") as full:
            process = script(argv, stdout=full)
        result = Result(process.returncode, b"", process.stderr.decode())
    assert_error(result, "No space left")


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_output_to_standard_output_by_name(corpus, target):
    result = run(["segment", corpus / "article.txt", "--output", target])
    assert_ok(result)
    assert result.out.startswith(b"doc_id,")


def test_output_to_dev_stdout_of_the_real_script_into_a_pipe(corpus):
    process = script(["segment", corpus / "article.txt", "--output", "/dev/stdout"])
    assert process.returncode == 0 and process.stderr == b""
    assert process.stdout.startswith(b"doc_id,")


def test_output_to_dev_null_keeps_the_device(corpus):
    result = run(["segment", corpus / "article.txt", "--output", "/dev/null"])
    assert_ok(result)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_fifo_is_written_not_replaced(corpus, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run(["segment", corpus / "article.txt", "--output", fifo])
    received = reader.communicate(timeout=30)[0]
    assert_ok(result)
    assert received.startswith(b"doc_id,")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_into_a_new_folder_is_created_and_written_atomically(corpus, tmp_path):
    target = tmp_path / "new" / "deeper" / "out.csv"
    assert_ok(run(["segment", corpus / "article.txt", "--output", target]))
    assert target.read_bytes().startswith(b"doc_id,")
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]


def test_output_replaces_an_existing_file(corpus, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    assert_ok(run(["segment", corpus / "article.txt", "--output", target]))
    assert target.read_bytes().startswith(b"doc_id,")


@pytest.mark.parametrize(
    "target", ["/proc/nonexistent/out.csv", "/proc/version", "/dev/nonexistent-device"]
)
def test_an_unwritable_destination_gives_one_line(corpus, target):
    assert_error(run(["segment", corpus / "article.txt", "--output", target]), target)


def test_output_into_data_raw_is_refused(corpus):
    target = paths.raw_dir() / "out.csv"
    assert_error(run(["segment", corpus / "article.txt", "--output", target]), "raw")
    assert not target.exists()


def test_output_under_a_file_gives_one_line(corpus, tmp_path):
    (tmp_path / "file").write_text("x")
    assert_error(run(["segment", corpus / "article.txt", "--output", tmp_path / "file" / "o"]))


def test_an_unwritable_folder_gives_one_line(corpus, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        pytest.skip("running as root: permissions do not stop writing")
    assert_error(run(["segment", corpus / "article.txt", "--output", folder / "o.csv"]))


@pytest.fixture
def small_filesystem(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip()})")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_full_file_system_gives_one_line_and_leaves_no_temporary_file(
    corpus, small_filesystem, fmt
):
    big = small_filesystem.parent / "big.txt"
    big.write_text("眉山市：标题\n\n" + "新增企业1200家，持续推进。\n" * 2000, encoding="utf-8")
    target = small_filesystem / "out.csv"
    result = run(["segment", "--format", fmt, big, "--output", target])
    assert_error(result, "No space left")
    assert list(small_filesystem.iterdir()) == []


def test_a_read_only_file_system_gives_one_line(corpus, small_filesystem):
    subprocess.run(["mount", "-o", "remount,ro", str(small_filesystem)], check=True)
    result = run(["segment", corpus / "article.txt", "--output", small_filesystem / "o.csv"])
    assert_error(result, "Read-only")


def test_a_broken_pipe_is_quiet(corpus, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("眉山市：标题\n\n" + "新增企业1200家，持续推进。\n" * 3000, encoding="utf-8")
    command = [sys.executable, "-m", "pbanalysis", "segment", str(big)]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    shell = subprocess.run(
        " ".join(map(repr, command)) + " | head -c 10 >/dev/null; echo ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert shell.stdout.strip() == b"0"
    assert shell.stderr == b""


def test_a_closed_standard_output_gives_one_line(corpus):
    process = script(["segment", corpus / "article.txt"], stdout=subprocess.DEVNULL)
    assert process.returncode == 0
    closed = subprocess.run(
        f"{sys.executable} -m pbanalysis segment {corpus / 'article.txt'} >&-",
        shell=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
    )
    lines = closed.stderr.decode().splitlines()
    assert closed.returncode == 2 and len(lines) == 1 and "Traceback" not in lines[0], lines


def test_python_dash_m_runs_the_command():
    process = script(["--version"])
    assert process.returncode == 0 and process.stdout.startswith(b"pbanalysis ")


# --- interruptions -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_input(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("slow") / "slow.txt"
    paragraph = "全市新增非公企业1200家，企业满意度达到99.5%，审批时间压缩至3个工作日。\n\n"
    target.write_text("眉山市：标题\n\n" + paragraph * 40000, encoding="utf-8")
    return target


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_command_leaves_no_partial_output(slow_input, tmp_path, sig):
    target = tmp_path / "out.csv"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "pbanalysis", "extract", str(slow_input), "--output", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    time.sleep(3)
    process.send_signal(sig)
    _out, err = process.communicate(timeout=60)
    lines = err.decode().splitlines()
    assert "Traceback" not in err.decode()
    if sig == signal.SIGINT and process.returncode == 130:
        assert lines == ["pbanalysis: interrupted"]
    else:
        assert process.returncode in (-sig, 0, 128 + sig), (process.returncode, lines)
    assert list(tmp_path.iterdir()) in ([], [target])  # no temporary file left behind
    assert _raw_digest() == RAW_BEFORE


# --- HTML escaping -----------------------------------------------------------------------------

HOSTILE = ['<script>alert("x")</script>', "a&b", "\"'><img src=x onerror=1>", "眉山<市>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_study_index_escapes_names_and_parameters(value):
    from pbanalysis.report.html import index_html

    run_ = {
        "name": value,
        "slug": "s",
        "notebook": "n.ipynb",
        "parameters": {"region": value},
        "status": "failed",
        "error": value,
        "folder": "s",
        "report": "s/n.html",
        "executed_notebook": "",
        "files": [],
    }
    page = index_html({"study": "x", "title": value, "counts": {"failed": 1}, "runs": [run_]})
    assert "<script>" not in page and "<img" not in page
    assert "&lt;" in page or "&amp;" in page


# --- fuzz through the command line -------------------------------------------------------------

_PIECES = st.sampled_from(
    list("党建营商环境企业家个万亿千百十余多约近至到-~%％，。；：“”（）《》\n 0123456789.,٫")
    + ["百分之", "２０２３年", "截至", "以上", "超过", "\u200b", "\ufeff", "\r\n", "\t"]
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=60).map("".join))
@pytest.mark.parametrize("command", ["segment", "extract", "code"])
def test_fuzz_random_mixed_text_through_the_command(tmp_path, command, body):
    target = tmp_path / "fuzz.txt"
    target.write_text(f"眉山市：标题\n\n{body}\n", encoding="utf-8", errors="surrogatepass")
    result = run([command, "--format", "jsonl", target], timeout=60)
    assert "Traceback" not in result.err, result.err
    if result.code == 0:
        assert result.err == ""
        for line in result.out.decode().splitlines():
            json.loads(line)  # valid JSON: no NaN, no Infinity
    else:
        assert result.code == 2 and len(result.err_lines) == 1, result
    assert _raw_digest() == RAW_BEFORE


@pytest.mark.notebooks
def test_a_killed_study_leaves_no_worker_and_its_staging_is_cleaned_next_time(tmp_path):
    """SIGKILL a study while its kernel runs: its worker ends, the next study removes the
    staging folder and succeeds."""
    config = tmp_path / "study.toml"
    config.write_text(GOOD_STUDY, encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "pbanalysis", "study", "--config", str(config)]
    study = subprocess.Popen([*command, "--output", str(out)], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.*.partial/*/")):
        time.sleep(0.1)
    workers = _children_of(study.pid)
    study.kill()
    study.wait()
    assert list(tmp_path.glob(".out.*.partial"))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    done = subprocess.run([*command, "--output", str(out)], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob(".out.*.partial"))
    assert (out / "summary.json").is_file()


def _children_of(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children_file = task / "children"
        if children_file.is_file():
            children += [int(c) for c in children_file.read_text().split()]
    return children
