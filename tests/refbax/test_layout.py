"""The apps' layout (README, "What is in it"): each app imports only the apps above it, not even inside a function."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# The project's apps in the order of INSTALLED_APPS, from the bottom of the stack up: an app
# may import those before it, never one after it.
APPS = [app for app in settings.INSTALLED_APPS if (Path(settings.BASE_DIR) / app).is_dir()]


def imported_modules(path):
    """(line, module) of every absolute import in the file, wherever it is (functions and migrations included)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_no_app_below_it(app):
    below = set(APPS[APPS.index(app) + 1 :])
    folder = Path(settings.BASE_DIR) / app
    files = sorted(folder.rglob("*.py"))
    assert files, folder
    wrong = [
        f"{path.relative_to(settings.BASE_DIR)}:{line} imports {module}"
        for path in files
        for line, module in imported_modules(path)
        if module.split(".")[0] in below
    ]
    assert wrong == []


def python_modules(*, tests=True):
    """{path: lines} of the project's modules, migrations (generated) and the virtualenv left out."""
    base = Path(settings.BASE_DIR)
    folders = [*APPS, "bench", *(["tests"] if tests else [])]
    return {
        path: len(path.read_text(encoding="utf-8").splitlines())
        for folder in folders
        for path in (base / folder).rglob("*.py")
        if "migrations" not in path.parts
    }


def test_no_module_is_over_400_lines():
    long = {str(path.relative_to(settings.BASE_DIR)): lines for path, lines in python_modules().items() if lines > 400}
    assert long == {}


def test_articles_holds_under_a_third_of_the_code():
    code = python_modules(tests=False)
    in_articles = sum(
        lines for path, lines in code.items() if path.relative_to(settings.BASE_DIR).parts[0] == "articles"
    )
    assert in_articles < sum(code.values()) / 3
