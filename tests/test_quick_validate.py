"""``validate FILE`` without Typer: the same exit codes and output as the full CLI, and no Typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulation.cli import quick
from simulation.cli.main import main as full

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT = REPOSITORY / "scenarios" / "default.toml"
QUICK_SWEEP = REPOSITORY / "scenarios" / "sweeps" / "quick.toml"


@pytest.mark.parametrize(
    ("arguments", "parsed"),
    [
        (["validate", "a.toml"], (Path("a.toml"), False)),
        (["validate", "a.toml", "--allow-large"], (Path("a.toml"), True)),
        (["validate", "--allow-large", "a.toml"], (Path("a.toml"), True)),
        (["validate"], None),
        (["validate", "--help"], None),
        (["validate", "a.toml", "--no-allow-large"], None),
        (["validate", "a.toml", "b.toml"], None),
        (["run", "a.toml"], None),
        ([], None),
    ],
)
def test_only_validate_with_a_file_takes_the_quick_path(arguments, parsed):
    assert quick.validate_arguments(arguments) == parsed


def test_quick_and_full_validate_agree(tmp_path, capsys):
    text = DEFAULT.read_text(encoding="utf-8")
    invalid = tmp_path / "invalid.toml"
    invalid.write_text(text.replace("per_day = 20 ", "per_day = -20 ", 1), encoding="utf-8")
    large = tmp_path / "large.toml"
    large.write_text(text.replace("per_day = 20 ", "per_day = 1e9 ", 1), encoding="utf-8")
    cases = [
        [DEFAULT],
        [QUICK_SWEEP],
        [invalid],
        [large],
        [large, "--allow-large"],
        [tmp_path / "missing.toml"],
    ]
    codes = []
    for case in cases:
        arguments = ["validate", *map(str, case)]
        capsys.readouterr()
        outcomes = []
        for entry in (quick.main, full):
            code = entry(arguments)
            outcomes.append((code, *capsys.readouterr()))
        assert outcomes[0] == outcomes[1], case
        codes.append(outcomes[0][0])
    assert codes == [0, 0, 2, 2, 0, 2]


def test_quick_validate_loads_no_typer():
    script = (
        "import sys\n"
        "from simulation.cli.quick import main\n"
        "code = main(['validate', 'scenarios/default.toml'])\n"
        "print(code, sorted(name for name in ('typer', 'click', 'rich') if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout[-500:] + done.stderr[-2000:]


def test_the_command_line_leaves_what_it_made_out_of_the_last_collection():
    """The interpreter's collection at exit would walk every object of a large run (seconds)."""
    script = (
        "import atexit, gc, runpy, sys; "
        "atexit.register(lambda: print('tracked at exit:', len(gc.get_objects()))); "
        "sys.argv = ['run.py', 'models']; runpy.run_path('run.py', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    tracked = int(done.stdout.rstrip().rsplit(maxsplit=1)[-1])
    assert tracked < 1000  # the command made tens of thousands: they are frozen, out of sight


def test_a_signal_after_the_command_finished_does_not_change_its_status():
    """Ctrl-C or SIGTERM during the shutdown of a finished command: status 0, nothing printed."""
    script = (
        "import atexit, os, signal, time; "
        "from simulation.cli.shared import leave; "
        "atexit.register(lambda: [os.kill(os.getpid(), s) for s in (signal.SIGTERM, signal.SIGINT)]"
        " and time.sleep(0.1)); "
        "leave(0)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
