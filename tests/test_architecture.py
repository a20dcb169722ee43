"""The package's layers point one way, its modules form no import circle, the engine does no I/O.

Drawn from the source's own imports (``ast``), including imports inside functions and
``TYPE_CHECKING`` blocks: a circle that only type checkers see still makes a newcomer
read two files at once.
"""

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).parents[1] / "simulation"

# Bottom to top. A module may import from its own package and from lower layers only.
LAYERS = [
    {"core"},
    {"ownership"},
    {"scenario"},
    {"organisation"},
    {"engine"},
    {"experiments"},
    {"sweeps"},
    {"decision", "calibration"},
    {"report"},
    {"ui"},
    {"cli"},
]
LAYER_OF = {package: level for level, packages in enumerate(LAYERS) for package in packages}
IO_MODULES = ("typer", "rich", "tomllib", "csv", "json", "pathlib", "matplotlib", "solara")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:  # ``from package import submodule`` imports the submodule
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in MODULES else node.module)
    return names


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_subpackage_has_a_layer():
    packages = {package_of(m) for m in MODULES if m.count(".") >= 2}
    assert packages <= set(LAYER_OF), f"add {packages - set(LAYER_OF)} to LAYERS"
    flat = [m for m, path in MODULES.items() if m.count(".") == 1 and path.name != "__init__.py"]
    assert not flat, f"modules belong in a layer's package: {flat}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if package_of(m) in LAYER_OF))
def test_imports_point_down_the_layers(module):
    own = package_of(module)
    for imported in imported_modules(MODULES[module]):
        if not imported.startswith("simulation."):
            assert imported != "simulation", f"{module} imports the public API, which sits on top"
            continue
        target = package_of(imported)
        assert target == own or LAYER_OF[target] < LAYER_OF[own], (
            f"{module} (layer {LAYER_OF[own]}) imports {imported} (layer {LAYER_OF[target]})"
        )


def test_no_import_circles_between_modules():
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for imported in imported_modules(path):
            if imported in MODULES and imported != module:
                graph.add_edge(module, imported)
    circles = list(nx.simple_cycles(graph))
    assert not circles, f"import circles: {circles}"


def test_engine_does_no_io():
    for module, path in MODULES.items():
        if package_of(module) in {"core", "ownership", "organisation", "engine"}:
            for imported in imported_modules(path):
                assert imported.split(".")[0] not in IO_MODULES, f"{module} imports {imported}"


def test_no_global_random_state():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "np.random.seed(" not in text and "import random" not in text, path
        for call in ("np.random.rand(", "np.random.randint(", "np.random.choice(", "np.random.exponential("):
            assert call not in text, f"{path} uses the global numpy generator ({call})"
