"""pyproject.toml lists what `pip install .` must ship: every package, and the files they read."""

import fnmatch
import tomllib

from tests.conftest import ROOT

SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str):
    mapped = SETUP.get("package-dir", {}).get(package)
    return ROOT / mapped if mapped else ROOT.joinpath(*package.split("."))


def test_every_package_of_the_code_is_listed():
    found = {p.parent.relative_to(ROOT).as_posix().replace("/", ".") for p in (ROOT / "briefing").rglob("__init__.py")}
    assert found <= set(SETUP["packages"]), sorted(found - set(SETUP["packages"]))
    for package in SETUP["packages"]:
        assert _folder(package).is_dir(), package


def test_every_data_file_of_the_packages_is_shipped():
    """Files other than Python read at run time (weights, the theme, catalogues) match a pattern of
    their package's package-data; a forgotten one works in a checkout and fails once installed."""
    missing = []
    for package in SETUP["packages"]:
        folder = _folder(package)
        subpackages = [_folder(p) for p in SETUP["packages"] if p.startswith(package + ".")]
        patterns = SETUP["package-data"].get(package, [])
        for path in folder.rglob("*"):
            rel = path.relative_to(folder).as_posix()
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in rel:
                continue
            if any(sub in path.parents for sub in subpackages):
                continue
            # setuptools' "**" spans folders; fnmatch's "*" does too, so "a/**/*" is "a/*" here.
            if not any(fnmatch.fnmatch(rel, pattern.replace("**/", "")) for pattern in patterns):
                missing.append(f"{package}: {rel}")
    assert not missing, missing


def test_the_console_script_runs_the_cli():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["briefing"].partition(":")
    import importlib

    assert callable(getattr(importlib.import_module(module), function))
