"""The project's pages speak of the project alone: no paths outside it, every citation resolvable."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT_FILES = sorted(
    [ROOT / "README.md"]
    + [p for p in (ROOT / "docs").rglob("*.md")]
    + [
        p
        for folder in ("simulation", "benchmarks", "scenarios", "tests")
        for p in (ROOT / folder).rglob("*.*")
        if p.suffix in {".py", ".toml", ".md", ".json"} and p.name != Path(__file__).name
    ]
)
FORBIDDEN = {
    "an absolute path of one machine": re.compile(
        r"/(?:work|root|home|tmp/pytest)[/\w.-]*/(?:main|shared|simulation)"
    ),
    "a file outside the repository": re.compile(r"shared/(?:seeds|CALIBRATION|DESIGN|STYLE|notes)"),
    "the process that produced the project": re.compile(r"\b[Ii]ssue\s+#?\d+\b"),
    "a source text by file number": re.compile(r"\b[Ss]eeds?\s+00\d\b"),
}
SOURCES = (ROOT / "docs" / "sources.md").read_text()
CITATION = re.compile(r"\[(S\d|F-[a-z0-9]+)\]")


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_reference_outside_the_project(path):
    text = path.read_text(errors="replace")
    for what, pattern in FORBIDDEN.items():
        match = pattern.search(text)
        assert match is None, f"{path.relative_to(ROOT)} names {what}: {match.group(0)!r}"


def test_every_citation_is_listed_in_sources():
    defined = set(re.findall(r"\|\s*(S\d)\s*\|", SOURCES)) | set(
        re.findall(r"\*\*\[(F-[a-z0-9]+)\]\*\*", SOURCES)
    )
    assert {"S1", "S2", "S3", "S4", "S5"} <= defined
    for path in TEXT_FILES:
        for key in CITATION.findall(path.read_text(errors="replace")):
            assert key in defined, (
                f"{path.relative_to(ROOT)} cites [{key}], which docs/sources.md does not list"
            )
