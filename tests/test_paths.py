"""Where things live, how each location is overridden, and that data/raw/ is never written."""

from pathlib import Path

import pytest

from pbanalysis.errors import InputError
from pbanalysis.io import paths

CHECKOUT = Path(__file__).resolve().parents[1]
VARIABLES = [
    "PBANALYSIS_ROOT",
    "PBANALYSIS_DATA",
    "PBANALYSIS_REPORTS",
    "PBANALYSIS_CACHE",
    "XDG_CACHE_HOME",
]


@pytest.fixture(autouse=True)
def no_overrides(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_the_defaults_are_the_checkout():
    root = paths.project_root()
    assert root == CHECKOUT
    assert paths.data_dir() == root / "data"
    assert paths.raw_dir() == root / "data" / "raw"
    assert paths.processed_dir() == root / "data" / "processed"
    assert paths.manifest_path() == root / "data" / "corpus.csv"
    assert paths.reports_dir() == root / "reports"
    assert paths.data_file("codebook", "levers.csv") == root / "data" / "codebook" / "levers.csv"
    assert paths.data_file() == root / "data"


def test_the_checkout_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.project_root() == CHECKOUT


def test_root_override_moves_everything_under_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PBANALYSIS_ROOT", str(tmp_path))
    assert paths.project_root() == tmp_path.resolve()
    assert paths.data_dir() == tmp_path / "data"
    assert paths.raw_dir() == tmp_path / "data" / "raw"
    assert paths.reports_dir() == tmp_path / "reports"


def test_a_relative_root_override_is_made_absolute(tmp_path, monkeypatch):
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PBANALYSIS_ROOT", "project")
    assert paths.project_root() == (tmp_path / "project").resolve()
    assert paths.project_root().is_absolute()


def test_data_override_moves_raw_and_manifest_but_not_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("PBANALYSIS_DATA", str(tmp_path / "d"))
    assert paths.data_dir() == tmp_path / "d"
    assert paths.raw_dir() == tmp_path / "d" / "raw"
    assert paths.manifest_path() == tmp_path / "d" / "corpus.csv"
    assert paths.data_file("x.csv") == tmp_path / "d" / "x.csv"
    assert paths.reports_dir() == CHECKOUT / "reports"


def test_reports_override(tmp_path, monkeypatch):
    monkeypatch.setenv("PBANALYSIS_REPORTS", str(tmp_path / "out"))
    assert paths.reports_dir() == tmp_path / "out"
    assert paths.data_dir() == CHECKOUT / "data"


def test_cache_dir_order_of_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.cache_dir() == tmp_path / "home" / ".cache" / "pbanalysis"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.cache_dir() == tmp_path / "xdg" / "pbanalysis"
    monkeypatch.setenv("PBANALYSIS_CACHE", str(tmp_path / "mine"))
    assert paths.cache_dir() == tmp_path / "mine"


def test_empty_variables_count_as_unset(monkeypatch):
    for name in VARIABLES:
        monkeypatch.setenv(name, "")
    assert paths.project_root() == CHECKOUT
    assert paths.data_dir() == CHECKOUT / "data"
    assert paths.reports_dir() == CHECKOUT / "reports"
    assert paths.cache_dir() == Path.home() / ".cache" / "pbanalysis"


# --- output_dir ------------------------------------------------------------------------------


def test_output_dir_defaults_under_reports_and_is_created(tmp_path, monkeypatch):
    monkeypatch.setenv("PBANALYSIS_REPORTS", str(tmp_path / "reports"))
    assert paths.output_dir() == tmp_path / "reports" / "interactive"
    assert paths.output_dir("", default_name="02_indicators") == (
        tmp_path / "reports" / "02_indicators"
    )
    assert (tmp_path / "reports" / "interactive").is_dir()
    assert (tmp_path / "reports" / "02_indicators").is_dir()


def test_output_dir_takes_an_explicit_folder(tmp_path):
    target = tmp_path / "a" / "b"
    assert paths.output_dir(target) == target
    assert paths.output_dir(str(target)) == target
    assert target.is_dir()


def test_output_dir_resolves_relative_and_home_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.output_dir("rel") == tmp_path.resolve() / "rel"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.output_dir("~/out") == (tmp_path / "home" / "out").resolve()
    assert (tmp_path / "home" / "out").is_dir()


def test_output_dir_refuses_data_raw_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PBANALYSIS_DATA", str(tmp_path / "data"))
    (tmp_path / "data" / "raw").mkdir(parents=True)
    with pytest.raises(InputError, match="refusing to write inside data/raw/"):
        paths.output_dir(tmp_path / "data" / "raw" / "new")
    assert list((tmp_path / "data" / "raw").iterdir()) == []


# --- outside_raw -----------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    (folder / "raw" / "sub").mkdir(parents=True)
    monkeypatch.setenv("PBANALYSIS_DATA", str(folder))
    return folder


@pytest.mark.parametrize(
    "inside",
    ["raw", "raw/x.csv", "raw/sub", "raw/sub/deeper/x.csv", "raw/../raw/x.csv", "processed/../raw"],
)
def test_outside_raw_refuses_raw_and_everything_in_it(data, inside):
    with pytest.raises(InputError) as error:
        paths.outside_raw(data / inside)
    message = str(error.value)
    assert message.endswith(": refusing to write inside data/raw/")
    assert "\n" not in message
    assert message.startswith(str((data / inside).resolve()))


@pytest.mark.parametrize("outside", ["", "processed/x.csv", "raw2", "raw.csv", "raw/../x.csv"])
def test_outside_raw_allows_everything_else(data, outside):
    path = data / outside
    assert paths.outside_raw(path) == path.resolve()


def test_outside_raw_sees_through_symbolic_links(data, tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to(data / "raw", target_is_directory=True)
    with pytest.raises(InputError, match="refusing"):
        paths.outside_raw(link / "x.csv")


def test_outside_raw_resolves_a_relative_path_against_the_working_directory(data, monkeypatch):
    monkeypatch.chdir(data)
    with pytest.raises(InputError, match="refusing"):
        paths.outside_raw("raw/x.csv")
    assert paths.outside_raw("x.csv") == data.resolve() / "x.csv"


def test_outside_raw_protects_the_real_data_raw():
    with pytest.raises(InputError, match="refusing"):
        paths.outside_raw(CHECKOUT / "data" / "raw" / "meishan-jiagedaqi.txt")
