"""The organisation profile: a missing or bad field is reported by name."""

from __future__ import annotations

import tomllib

import pytest

from sar_desk.documents import ProfileError, load_profile
from sar_desk.documents.profile import REQUIRED_FIELDS, default_profile_path, profile_from_dict


def _data():
    return tomllib.loads(default_profile_path().read_text(encoding="utf-8"))


def test_default_profile_is_fluxsys_with_the_ico():
    profile = load_profile()
    assert profile.get("organisation.name") == "FluxSys Ltd"
    assert profile.get("organisation.company_number") == "8809514"
    assert "CV35 9EF" in profile.get("organisation.address")
    assert profile.get("regulator.helpline") == "0303 123 1113"
    assert profile.get("regulator.address")[-1] == "SK9 5AF"


@pytest.mark.parametrize("field", [f for f, _ in REQUIRED_FIELDS])
def test_missing_field_is_named(field):
    data = _data()
    section, key = field.split(".")
    del data[section][key]
    with pytest.raises(ProfileError) as err:
        profile_from_dict(data, "org.toml")
    assert f"'{field}'" in str(err.value)
    assert "org.toml" in str(err.value)


@pytest.mark.parametrize(("field", "value"), [
    ("article15.purposes", []),
    ("article15.purposes", "not a list"),
    ("organisation.name", "  "),
    ("regulator.helpline", 3031231113),
])
def test_empty_or_wrong_type_is_named(field, value):
    data = _data()
    section, key = field.split(".")
    data[section][key] = value
    with pytest.raises(ProfileError, match=f"'{field}'"):
        profile_from_dict(data)


def test_missing_section_is_named():
    data = _data()
    del data["regulator"]
    with pytest.raises(ProfileError, match="'regulator.name'"):
        profile_from_dict(data)


def test_file_problems_are_clear(tmp_path):
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[organisation\nname = 1", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes("name = 'Łódź'".encode("utf-16"))
    with pytest.raises(ProfileError):
        load_profile(latin)


def test_missing_template_folder_is_named(tmp_path):
    data = _data()
    data["letters"] = {"templates": "no-such-folder"}
    with pytest.raises(ProfileError, match="no-such-folder"):
        profile_from_dict(data, "x.toml", base_dir=tmp_path)
