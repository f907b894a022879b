"""What check_rubrics and load_rubrics share: which files, how they are read, how problems
are shown (one ``FILE: WHERE: WHAT`` line each)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from ladder.rubric_document import Problem
from ladder.rubric_parsing import read_rubric_file
from ladder.rubric_validation import validate_rubric
from ladder.rubric_validation_v2 import previous_version_problems

# A file with thousands of problems is not worth thousands of lines; the first ones say what
# is wrong.
SHOWN_PROBLEMS = 50


def rubrics_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "rubrics"


def rubric_paths(files) -> list[Path]:
    """The files named (a bare name such as ``nef-six-principles`` means that file in
    fixtures/rubrics/), or every fixtures/rubrics/*.json."""
    if not files:
        return sorted(rubrics_dir().glob("*.json"), key=_version_order)
    paths = []
    for name in files:
        path = Path(name)
        shipped = rubrics_dir() / f"{name}.json"
        if not path.exists() and path.name == name and shipped.exists():
            path = shipped
        paths.append(path)
    return paths


def _version_order(path: Path):
    """``nef.json`` before ``nef-v2.json``: each slug's versions load in order (plain name
    order would put "-v2" first), so version 2's "replaces" is checked against version 1."""
    match = re.fullmatch(r"(.+)-v(\d+)", path.stem)
    return (match.group(1), int(match.group(2))) if match else (path.stem, 1)


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class RubricFile:
    path: Path
    name: str
    doc: object = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def version_key(self):
        fw = self.doc["framework"]
        return fw["slug"], fw["version"]


def read_rubric_files(paths) -> list[RubricFile]:
    """Each file read and validated; a second file for the same version is a problem too."""
    files = []
    seen = {}  # (slug, version) -> name of the first file
    for path in paths:
        doc, problems = read_rubric_file(path)
        if doc is not None:
            problems += validate_rubric(doc)
        file = RubricFile(path=path, name=display_name(path), doc=doc, problems=problems)
        if not problems:
            if file.version_key in seen:
                slug, version = file.version_key
                file.problems.append(
                    Problem(
                        "framework.version",
                        f"{slug} version {version} is also in {seen[file.version_key]}; "
                        "each version has one file",
                    )
                )
            else:
                seen[file.version_key] = file.name
        files.append(file)
    _check_replaces_against_previous_files(files)
    return files


def _check_replaces_against_previous_files(files):
    """A v2 file's ``replaces`` must name codes of the previous version, when its file is
    among those read (the database is asked in ladder.loading)."""
    codes = {
        file.version_key: {c["code"] for c in file.doc["criteria"]}
        for file in files
        if not file.problems
    }
    for file in files:
        if file.problems:
            continue
        slug, version = file.version_key
        previous = codes.get((slug, version - 1))
        if previous is not None:
            file.problems += previous_version_problems(file.doc, previous)


def write_problems(stream, name, problems):
    for problem in problems[:SHOWN_PROBLEMS]:
        stream.write(problem.line(name))
    hidden = len(problems) - SHOWN_PROBLEMS
    if hidden > 0:
        stream.write(Problem("(document)", f"{hidden:,} more problems not shown").line(name))


def plural(count, noun):
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
