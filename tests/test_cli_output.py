"""`run --out` writes what it promises; `models` lists what is registered."""

import csv
import json

import pytest
from pydantic import ValidationError

from simulation.cli.main import main
from simulation.experiments.output import run_stem
from simulation.ownership import model_names, register_model, resolve_parts


def test_run_out_writes_summaries_and_per_run_tables(tmp_path, capsys):
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        "[scenario]\nduration_days = 5\nwarmup_days = 0\n"
        "[organisation]\ndepartments = [{ name = 'marketing', size = 5, topics = ['campaign'] },"
        " { name = 'support', size = 6, topics = ['support'] }]\n"
        "[inquiries]\ntopics = { campaign = 1, support = 2 }\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--replicates", "2", "--out", str(out), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    rows = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
    assert [json.loads(line) for line in lines] == rows
    assert [row["replicate"] for row in rows] == [0, 1]
    for row in rows:
        stem = run_stem(row)
        assert stem.startswith(f"unnamed_{row['model']}_seed{row['seed']}_r")
        with (out / f"inquiries_{stem}.csv").open() as handle:
            inquiries = list(csv.DictReader(handle))
        assert len(inquiries) >= row["inquiries"]
        with (out / f"flow_{stem}.csv").open() as handle:
            flow = list(csv.reader(handle))
        assert flow[0][1:] == ["executive", "marketing", "support"]
        assert sum(int(v) for line in flow[1:] for v in line[1:]) == row["messages_total"]
        assert (out / f"backlog_{stem}.csv").exists()


def test_models_lists_every_registered_model(capsys):
    assert main(["models"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.strip().splitlines()]
    assert listed == model_names()


def test_models_lines_are_the_validated_parts_descriptions(capsys):
    """``models`` reads the registry's raw parts; each must validate and describe itself the same."""
    assert main(["models"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [f"{name:26s} {resolve_parts(name, {}).description}" for name in model_names()]
    assert all(resolve_parts(name, {}).description for name in model_names())


def test_register_model_validates_the_parts_it_is_given():
    with pytest.raises(ValidationError, match="telepathy"):
        register_model("mind_reading", {"routing": ["telepathy"]})
    with pytest.raises(ValueError, match="identifier"):
        register_model("not a name", {})
    assert "mind_reading" not in model_names()
