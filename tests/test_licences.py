"""SAR Desk is AGPL-3.0-or-later, and every package it runs on may be combined with that."""

from __future__ import annotations

import importlib.metadata as metadata
import re
from pathlib import Path

import pytest

from sar_desk import licences

ROOT = Path(__file__).resolve().parents[1]


def test_the_project_declares_agpl_and_ships_its_text():
    meta = metadata.distribution("sar-desk").metadata
    assert meta.get("License-Expression") == "AGPL-3.0-or-later"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction" in text


def test_every_runtime_dependency_has_a_licence_compatible_with_agpl():
    deps = licences.runtime_dependencies()
    names = {licences.canonical(d.name) for d in deps}
    # The closure really is the installed one: the direct dependencies are all in it.
    for direct in ("pyside6-essentials", "sqlalchemy", "sqlcipher3", "extract-msg",
                   "cryptography", "reportlab", "jinja2"):
        assert direct in names
    refused = {d.name: d.refusal for d in deps if d.refusal}
    assert refused == {}


@pytest.mark.parametrize(("expression", "ok"), [
    ("MIT", True),
    ("Apache-2.0 OR BSD-3-Clause", True),
    ("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", True),
    ("GPL-3.0-only", True),
    ("GPL-2.0-only", False),
    ("MIT AND GPL-2.0-only", False),
    ("Proprietary", False),
    ("unknown: no licence in the metadata", False),
    ("SSPL-1.0", False),
])
def test_the_compatibility_rule(expression, ok):
    assert (licences.incompatibility(expression) is None) is ok


def test_a_reviewed_package_whose_licence_file_changed_is_not_assumed(monkeypatch):
    monkeypatch.setitem(licences.REVIEWED, "extract-msg",
                        licences.Reviewed("GPL-3.0-only", "a phrase no licence file has"))
    dist = metadata.distribution("extract-msg")
    assert licences.licence_of(dist).startswith("unknown:")
    assert licences.incompatibility(licences.licence_of(dist)) is not None


def test_the_docs_table_lists_each_direct_dependency_with_its_licence():
    text = (ROOT / "docs" / "third-party-licences.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", text, flags=re.M))
    listed = {licences.canonical(name): licence for name, licence in rows.items()}
    for dep in licences.runtime_dependencies():
        if dep.required_by == "sar-desk":
            assert listed.get(licences.canonical(dep.name)) == dep.licence, dep.name
