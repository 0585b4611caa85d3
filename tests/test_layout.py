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


#: The rooms of data/ in the order they build on each other: each imports only those before it.
DATA_ROOMS = ["errors", "settings", "opendata", "stats", "userfiles", "areas", "readiness",
              "store", "fetch", "exports", "workspace", "cli", "__main__"]


def _room(path: Path) -> str:
    """The room of data/ a file is in (a top-level module is a room of its own)."""
    parts = path.relative_to(REPO / "data").parts
    return parts[0] if len(parts) > 1 else path.stem


def test_every_room_of_data_has_its_place_in_the_order():
    rooms = {_room(path) for path in (REPO / "data").rglob("*.py")} - {"__init__"}
    assert rooms == set(DATA_ROOMS)


def test_the_rooms_of_data_import_only_those_before_them():
    wrong = []
    for path in (REPO / "data").rglob("*.py"):
        room = _room(path)
        if room == "__init__":
            continue
        allowed = set(DATA_ROOMS[:DATA_ROOMS.index(room) + 1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) \
                else [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for module in modules:
                if module.startswith("data.") and module.split(".")[1] not in allowed:
                    wrong.append(f"{path.relative_to(REPO)} imports {module}")
    assert wrong == []


def _layout() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout"):]
    return section.split("```")[1]


def layout_tree(text: str) -> set[str]:
    """Every path the README's layout names, as ``folder/.../name``: each line's first column
    (names ending in ``.py`` or ``/``, separated by commas) under the folder above it that
    is indented less."""
    paths, folders = set(), []  # folders: (indent, path) of the folders open above
    for line in text.splitlines():
        content = line.lstrip(" ")
        names = [n.strip() for n in re.split(r"\s{2,}", content, maxsplit=1)[0].split(",")]
        names = [n for n in names if re.fullmatch(r"[\w.]+(\.py|/)", n)]
        if not names:
            continue  # a description running on
        indent = len(line) - len(content)
        while folders and folders[-1][0] >= indent:
            folders.pop()
        parent = folders[-1][1] if folders else ""
        for name in names:
            paths.add(parent + name.rstrip("/"))
            if name.endswith("/"):
                folders.append((indent, parent + name))
    return paths


def _modules(package: Path):
    """The modules and folders of a package the layout must name: every ``.py`` file and
    folder, inside its folders too, but a folder's own inside when it holds no Python (static
    files, templates) or Alembic's migrations."""
    for path in sorted(package.iterdir()):
        if path.name in ("__init__.py", "__pycache__"):
            continue
        if path.is_dir():
            yield path
            if any(path.glob("*.py")) and path.name != "migrations":
                yield from _modules(path)
        elif path.suffix == ".py":
            yield path


def test_the_readme_layout_is_the_tree_of_every_module_and_folder():
    named = layout_tree(_layout())
    missing = [str(path.relative_to(REPO)) for package in PACKAGES
               for path in _modules(REPO / package)
               if str(path.relative_to(REPO)) not in named]
    assert missing == []


def test_the_layout_tree_is_read_by_indentation():
    text = ("data/   the layer\n  a.py   one\n  room/   a room\n    b.py, c.py   two\n"
            "                  running on: d.py\n  e.py   back out\n")
    assert layout_tree(text) == {"data", "data/a.py", "data/room", "data/room/b.py",
                                 "data/room/c.py", "data/e.py"}


def _imported_modules():
    import importlib
    import pkgutil

    for package in ("indices", "data", "dashboard"):
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if info.name.endswith(("__main__", ".app")) or ".views." in info.name:
                continue  # these run the app or a command line when imported
            yield importlib.import_module(info.name)


def test_every_error_is_declared_with_its_base_and_none_has_a_second_name():
    import inspect

    from data.errors import DataLayerError
    from indices.errors import IndicesError

    homes = {"data.errors": DataLayerError, "indices.errors": IndicesError}
    strays, aliases = [], []
    for module in _imported_modules():
        for name, value in vars(module).items():
            if not (inspect.isclass(value) and issubclass(value, Exception)):
                continue
            if value.__module__ == module.__name__:
                base = homes.get(module.__name__)
                if base is None or not issubclass(value, base):
                    strays.append(f"{module.__name__}.{name}")
            elif name != value.__name__ and value.__module__ in homes:
                aliases.append(f"{module.__name__}.{name} = {value.__name__}")
    assert strays == [], "declare errors in data/errors.py or indices/errors.py, under its base"
    assert aliases == []


ROOMS_WITH_MODULES = ("opendata", "fetch", "userfiles", "stats", "areas", "store",
                      "readiness")


@pytest.mark.parametrize("room", ROOMS_WITH_MODULES)
def test_each_room_offers_the_names_the_rest_of_the_app_uses_from_it(room):
    import importlib

    package = importlib.import_module(f"data.{room}")
    wanted = {}
    for path in [*(REPO / "dashboard").rglob("*.py"), *(REPO / "data").rglob("*.py"),
                 *(REPO / "benchmarks").rglob("*.py")]:
        if path.is_relative_to(REPO / "data" / room):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    f"data.{room}."):
                module = node.module.split(".")[2]
                wanted.update({a.name: module for a in node.names if not a.name.startswith("_")})
    offered = {name: module for module, names in package.PUBLIC.items() for name in names}
    assert sum(map(len, package.PUBLIC.values())) == len(offered)  # each name from one module
    assert wanted == offered
    for name, module in offered.items():
        assert getattr(package, name) is getattr(
            importlib.import_module(f"data.{room}.{module}"), name)
    assert package.__all__ == sorted(offered) and dir(package) == sorted(offered)
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        package.nothing_here  # noqa: B018
