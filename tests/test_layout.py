"""The house's layout: imports flow one way (dashboard -> data -> indices, no Streamlit
below the app), and the README's layout names every module and folder."""

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("dashboard", "data", "indices")
#: What each package may not import.
FORBIDDEN = {"indices": ("data", "dashboard", "streamlit"), "data": ("dashboard", "streamlit")}


def _imports(path: Path) -> set[str]:
    """The top-level names of every module a file imports (absolute imports)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    wrong = {str(path.relative_to(REPO)): sorted(_imports(path) & set(FORBIDDEN[package]))
             for path in (REPO / package).rglob("*.py")}
    assert {path: names for path, names in wrong.items() if names} == {}


def _layout() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout"):]
    return section.split("```")[1]


def test_the_readme_layout_names_every_module_and_folder():
    layout = _layout()
    missing = []
    for package in PACKAGES:
        for path in sorted((REPO / package).iterdir()):
            if path.name in ("__init__.py", "__pycache__"):
                continue
            if path.is_dir():
                if f"{path.name}/" not in layout:
                    missing.append(f"{package}/{path.name}/")
            elif path.suffix == ".py" and not re.search(rf"\b{re.escape(path.name)}\b", layout):
                missing.append(f"{package}/{path.name}")
    assert missing == []
