"""Third-party licences: SAR Desk's runtime dependencies and whether each may be combined
with the AGPL-3.0-or-later that SAR Desk is released under.

Read from the installed packages' own metadata (``License-Expression``, ``License``, the
trove classifiers). Where a package's metadata is vague or missing, :data:`REVIEWED` names
the licence and a phrase its licence file must contain, so a change of licence upstream is
noticed rather than assumed.

``python -m sar_desk.licences --update docs/third-party-licences.md`` regenerates the table.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = "sar-desk"
PROJECT_LICENCE = "AGPL-3.0-or-later"

# Licences that may be combined into an AGPL-3.0-or-later work (permissive ones, the
# LGPL, MPL-2.0 as a "secondary licence" work, and GPL-3.0 by section 13 of both).
COMPATIBLE = frozenset({
    "0BSD", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0", "HPND", "ISC", "MIT",
    "MIT-0", "MIT-CMU", "MPL-2.0", "PSF-2.0", "Unlicense", "Zlib",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
    "GPL-3.0-only", "GPL-3.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later",
})

# Free-text ``License`` fields and classifier tails as packages write them, to SPDX ids.
ALIASES = {
    "mit": "MIT", "mit license": "MIT", "bsd": "BSD-3-Clause", "bsd license": "BSD-3-Clause",
    "3-clause bsd license": "BSD-3-Clause", "apache 2.0": "Apache-2.0",
    "apache software license": "Apache-2.0", "apache license 2.0": "Apache-2.0",
    "python software foundation license": "PSF-2.0",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "gnu general public license v3 (gplv3)": "GPL-3.0-only",
    "gnu general public license v3 or later (gplv3+)": "GPL-3.0-or-later",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
    "gnu library or lesser general public license (lgpl)": "LGPL-2.1-or-later",
    "isc license (iscl)": "ISC",
}


@dataclass(frozen=True)
class Reviewed:
    """A licence read from the package's licence file by a person, and the phrase that
    file must still contain for the reading to hold."""
    licence: str
    evidence: str


REVIEWED = {
    "sqlcipher3": Reviewed("Zlib", "This software is provided 'as-is'"),
    "extract-msg": Reviewed("GPL-3.0-only", "Version 3, 29 June 2007"),
    "python-bidi": Reviewed("LGPL-3.0-or-later", "GNU LESSER GENERAL PUBLIC LICENSE"),
    "jinja2": Reviewed("BSD-3-Clause", "Redistribution and use in source and binary forms"),
    "rtfde": Reviewed("LGPL-3.0-only", "GNU LESSER GENERAL PUBLIC LICENSE"),
    "pcodedmp": Reviewed("GPL-3.0-only", "Version 3, 29 June 2007"),
    "pymupdf": Reviewed("AGPL-3.0-only", "GNU AFFERO GPL 3.0"),
}


@dataclass(frozen=True)
class Dependency:
    name: str
    version: str
    licence: str  # an SPDX expression, or "unknown: <what the metadata says>"
    required_by: str

    @property
    def refusal(self) -> str | None:
        """Why this licence may not be combined with AGPL-3.0-or-later, or None."""
        return incompatibility(self.licence)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def incompatibility(expression: str) -> str | None:
    """The reason an SPDX expression may not be combined with AGPL-3.0-or-later, or None.

    ``A OR B`` is fine when either is; ``A AND B`` only when both are."""
    alternatives = [a.strip(" ()") for a in re.split(r"\s+OR\s+", expression)]
    for alternative in alternatives:
        parts = [p.strip(" ()") for p in re.split(r"\s+AND\s+", alternative)]
        if all(p in COMPATIBLE for p in parts):
            return None
    return f"{expression} is not known to be compatible with {PROJECT_LICENCE}"


def _licence_file_text(dist: metadata.Distribution) -> str:
    texts = []
    for file in dist.files or []:
        if any(k in file.name.upper() for k in ("LICEN", "COPYING")):
            try:
                texts.append(Path(str(dist.locate_file(file))).read_text(errors="replace"))
            except OSError:
                continue
    return "\n".join(texts)


def licence_of(dist: metadata.Distribution) -> str:
    """The SPDX licence expression of an installed distribution."""
    meta = dist.metadata
    reviewed = REVIEWED.get(canonical(meta["Name"]))
    if reviewed is not None:
        text = _licence_file_text(dist) + "\n" + (meta.get("License") or "")
        if reviewed.evidence in text:
            return reviewed.licence
        return f"unknown: the licence file no longer says {reviewed.evidence!r}"
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) < 60:
        mapped = ALIASES.get(field.lower(), field)
        if mapped in COMPATIBLE or " OR " in mapped or " AND " in mapped:
            return mapped
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            tail = classifier.split("::")[-1].strip().lower()
            if tail in ALIASES:
                return ALIASES[tail]
    return f"unknown: {field[:60] or 'no licence in the metadata'}"


def _requirement_name(requirement: str) -> str | None:
    """The distribution a requirement names, or None when it is only for an extra."""
    spec, _, marker = requirement.partition(";")
    if "extra" in marker:
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return match.group(1) if match else None


def runtime_dependencies(project: str = PROJECT) -> list[Dependency]:
    """Every installed distribution the project needs at run time (no extras), once."""
    found: dict[str, Dependency] = {}
    queue = [(project, "")]
    while queue:
        name, parent = queue.pop(0)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a marker excluded it on this platform (tzdata on Windows, ...)
        key = canonical(dist.metadata["Name"])
        if key in found:
            continue
        if key != canonical(project):
            found[key] = Dependency(dist.metadata["Name"], dist.version, licence_of(dist),
                                    parent)
        for requirement in dist.requires or []:
            child = _requirement_name(requirement)
            if child:
                queue.append((child, dist.metadata["Name"]))
    return sorted(found.values(), key=lambda d: canonical(d.name))


def table(dependencies: list[Dependency]) -> str:
    lines = [
        "# Third-party licences",
        "",
        f"SAR Desk is released under the GNU Affero General Public License, version 3 or "
        f"(at your option) any later version ({PROJECT_LICENCE}); the full text is in "
        "`LICENSE`. It runs on the packages below, each under its own licence, all of which "
        "may be combined with it. The table lists the run-time dependencies (not the test "
        "and build tools) as read from their installed metadata; it is generated by "
        "`python -m sar_desk.licences --update docs/third-party-licences.md` and a test "
        "keeps it in step.",
        "",
        "| Package | Licence | Needed by |",
        "|---|---|---|",
    ]
    for dep in dependencies:
        lines.append(f"| {dep.name} | {dep.licence} | {dep.required_by} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sar_desk.licences")
    parser.add_argument("--update", metavar="FILE", help="write the table to FILE")
    args = parser.parse_args(argv)
    deps = runtime_dependencies()
    text = table(deps)
    if args.update:
        Path(args.update).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    refused = [d for d in deps if d.refusal]
    for dep in refused:
        sys.stderr.write(f"{dep.name}: {dep.refusal}\n")
    return 1 if refused else 0


if __name__ == "__main__":
    raise SystemExit(main())
