"""The engine knows nothing of files, terminals or experiments (STYLE.md, point 1)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "simulation"
ENGINE = [
    "model.py",
    "workflow.py",
    "agents.py",
    "organisation.py",
    "inquiries.py",
    "routing.py",
    "wiring.py",
    "metrics.py",
    "shifts.py",
    "draws.py",
    "distributions.py",
    "scenario.py",
]
OUTER_LAYERS = (
    "simulation.cli",
    "simulation.experiments",
    "simulation.output",
    "simulation.ui",
    "simulation.report",
)
IO_MODULES = ("typer", "rich", "tomllib", "csv", "json")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engine_does_not_import_outer_layers_or_io():
    for name in ENGINE:
        for module in imported_modules(PACKAGE / name):
            assert not module.startswith(OUTER_LAYERS), f"{name} imports {module}"
            assert module.split(".")[0] not in IO_MODULES, f"{name} imports {module}"


def test_no_global_random_state():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "np.random.seed(" not in text and "import random" not in text, path
        for call in ("np.random.rand(", "np.random.randint(", "np.random.choice(", "np.random.exponential("):
            assert call not in text, f"{path} uses the global numpy generator ({call})"
