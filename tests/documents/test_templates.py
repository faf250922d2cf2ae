"""Templates use only the fields letters provide; a bad template is rejected naming the field."""

from __future__ import annotations

import shutil

import pytest

from sar_desk.documents import LETTER_KINDS, TemplateFieldError, check_template, render_letter
from sar_desk.documents.context import FIELDS, Sender, build_context
from sar_desk.documents.markup import parse_markup
from sar_desk.documents.model import BulletList, Heading, Paragraph, Table
from sar_desk.documents.profile import load_profile
from sar_desk.documents.templates import builtin_dir, template_source
from tests.documents.helpers import AS_OF, case_for


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_every_builtin_template_passes_the_check(kind):
    source, _ = template_source(kind)
    check_template(source, f"{kind}.j2")
    assert (builtin_dir() / f"{kind}.j2").is_file()


@pytest.mark.parametrize(("source", "field"), [
    ("Dear {{ requester.nmae }},", "requester.nmae"),
    ("{{ requester_name }}", "requester_name"),
    ("{% if dates.due2 %}x{% endif %}", "dates.due2"),
    ("{% for d in documents %}{{ d.title }}{% endfor %}", "d.title"),
    ("{{ article15.purposes | join(', ') }} {{ regulator.fax }}", "regulator.fax"),
])
def test_unknown_field_is_rejected_by_name(source, field):
    with pytest.raises(TemplateFieldError) as err:
        check_template(source, "custom.j2")
    assert f"'{field}'" in str(err.value)
    assert "custom.j2" in str(err.value)


def test_known_fields_loops_and_sets_pass():
    check_template(
        "{% set who = requester.name %}{{ who }}\n"
        "{% for doc in documents %}| {{ loop.index }} | {{ doc.name }}{% endfor %}\n"
        "{{ organisation.name.upper() }} {{ regulator.address_lines[0] }}"
    )


def test_syntax_error_names_the_line():
    with pytest.raises(TemplateFieldError, match="line 2"):
        check_template("ok\n{% if %}", "broken.j2")


def test_context_matches_the_declared_fields(profile):
    from sar_desk.core.deadlines import compute_deadline

    case = case_for("fee-request")
    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    context = build_context("fee-request", "t", case, deadline, profile, Sender("a", "b"), AS_OF)

    def shape(value, schema, path):
        if isinstance(schema, dict):
            assert isinstance(value, dict) and set(value) == set(schema), path
            for key in schema:
                shape(value[key], schema[key], f"{path}.{key}")
        elif isinstance(schema, list):
            assert isinstance(value, list), path
            for item in value:
                shape(item, schema[0], path)
        else:
            assert isinstance(value, str | bool), path

    shape(context, FIELDS, "context")


def test_organisation_template_folder_wins_and_is_checked(tmp_path):
    """An edited copy in the profile's template folder is used, and checked the same way."""
    import tomllib

    from sar_desk.documents.profile import default_profile_path, profile_from_dict

    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(builtin_dir() / "acknowledgement.j2", folder)
    (folder / "acknowledgement.j2").write_text(
        "# Thanks {{ requester.name }}\nWe have your request ({{ case.reference }}).\n",
        encoding="utf-8")
    (folder / "refusal.j2").write_text("Dear {{ requester.fullname }}\n", encoding="utf-8")
    data = tomllib.loads(default_profile_path().read_text(encoding="utf-8"))
    data["letters"] = {"templates": str(folder)}
    profile = profile_from_dict(data, "test")
    from sar_desk.core.deadlines import compute_deadline
    from sar_desk.documents import build_document

    case = case_for("acknowledgement")
    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    document = build_document("acknowledgement", case, profile=profile,
                              sender=Sender("a", "b"), as_of=AS_OF, deadline=deadline)
    assert document.body[0] == Heading(f"Thanks {case.requester.name}")
    with pytest.raises(TemplateFieldError, match="'requester.fullname'"):
        render_letter("refusal", case_for("refusal"), fmt="pdf", profile=profile,
                      sender=Sender("a", "b"), as_of=AS_OF)


def test_markup_parser_blocks():
    blocks = parse_markup(
        "# Subject\n\nPlain text\n! Bold text\n## Section\n- one\n- two\n"
        "|= A | B\n| 1 | 2\n| 3\nAfter &amp; &lt;b&gt;\n"
    )
    assert blocks == (
        Heading("Subject"), Paragraph("Plain text"), Paragraph("Bold text", bold=True),
        Heading("Section", level=2), BulletList(("one", "two")),
        Table(("A", "B"), (("1", "2"), ("3", ""))), Paragraph("After & <b>"),
    )


def test_default_profile_loads():
    assert load_profile().get("organisation.name") == "FluxSys Ltd"


def test_templates_run_sandboxed(tmp_path):
    """An edited template cannot reach Python internals through the values it is given."""
    import tomllib

    from sar_desk.documents.profile import default_profile_path, profile_from_dict

    (tmp_path / "acknowledgement.j2").write_text(
        "{{ requester.name.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    data = tomllib.loads(default_profile_path().read_text(encoding="utf-8"))
    data["letters"] = {"templates": str(tmp_path)}
    profile = profile_from_dict(data, "test")
    with pytest.raises(TemplateFieldError):
        render_letter("acknowledgement", case_for("acknowledgement"), fmt="docx",
                      profile=profile, sender=Sender("a", "b"), as_of=AS_OF)
