"""``pip install .`` gives a ``gbprep`` command that works from any directory, with no checkout on its path.

The wheel is built from a copy of the engine alone and installed into a fresh virtualenv; Biopython, the one
dependency, is lent from the test environment. The command then runs a corpus case from a folder outside the
checkout and must write the same ``.sqn`` as ``python -m validation tbl2asn`` run from the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.shared_data import CORPUS, REPO, requires_corpus

CASE = CORPUS / "ncbi-t2a-sqd-3496"
pytestmark = [requires_corpus, pytest.mark.slow]


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtualenv holding the installed wheel."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    shutil.copytree(REPO / "gbprep", source / "gbprep", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copy(REPO / "README.md", source)
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            "wheels",
            str(source),
        ],
        work,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "wheels").glob("gbprep-*.whl")
    made = _run([sys.executable, "-m", "venv", "venv"], work)
    assert made.returncode == 0, made.stderr
    venv_python = work / "venv" / "bin" / "python"
    done = _run(
        [str(venv_python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], work
    )
    assert done.returncode == 0, done.stderr
    # Lend Biopython (and only it) through a .pth file, so the check needs no package index.
    lent = work / "lent"
    lent.mkdir()
    import Bio

    os.symlink(Path(Bio.__file__).parent, lent / "Bio")
    site = _run([str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work)
    Path(site.stdout.strip(), "lent.pth").write_text(f"{lent}\n")
    assert sysconfig.get_paths()["purelib"] != site.stdout.strip()
    return work / "venv" / "bin"


def test_the_installed_engine_is_the_wheel_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = _run([str(installed / "python"), "-c", "import gbprep; print(gbprep.__file__)"], tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)
    version = _run([str(installed / "gbprep"), "--version"], tmp_path)
    assert version.stdout.startswith("gbprep ")


def test_the_installed_command_writes_the_same_sqn_as_python_m_validation(
    installed: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    template = CORPUS / "templates" / "default.sbt"
    flags = ["-p", str(CASE / "input"), "-t", str(template), "-V", "vb", "-a", "s"]
    ours = _run([str(installed / "gbprep"), "tbl2asn", *flags, "-r", str(elsewhere / "out")], elsewhere)
    assert ours.returncode in (0, 1), ours.stderr
    theirs = _run(
        [sys.executable, "-m", "validation", "tbl2asn", *flags, "-r", str(tmp_path / "checkout")], REPO
    )
    assert theirs.returncode == ours.returncode, theirs.stderr
    (sqn,) = (elsewhere / "out").glob("*.sqn")
    assert sqn.read_text() == (tmp_path / "checkout" / sqn.name).read_text()
    assert (elsewhere / "out" / sqn.with_suffix(".gbf").name).is_file()
