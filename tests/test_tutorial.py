"""The python code blocks of docs/tutorial.md run, in order, in one namespace, in a tmp dir."""

from __future__ import annotations

import re
from pathlib import Path

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_tutorial_code_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = code_blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    namespace: dict[str, object] = {"__name__": "tutorial"}
    for index, block in enumerate(blocks):
        exec(compile(block, f"{TUTORIAL.name}[block {index}]", "exec"), namespace)
    assert (tmp_path / "screening" / "analysis" / "sensitivity.png").is_file()
    assert (tmp_path / "boundary.png").is_file()
