"""User settings and the organisation profile file: validated, saved whole or not at all."""

from __future__ import annotations

import pytest

from sar_desk.errors import InputError
from sar_desk.services import settings as s


def test_round_trip_in_the_user_config_folder():
    saved = s.save_user_settings(
        s.UserSettings(name="  Ελένη   Π. ", role="DPO", jurisdiction="UK-SCT")
    )
    assert saved == s.UserSettings(name="Ελένη Π.", role="DPO", jurisdiction="uk-sct")
    assert s.load_user_settings() == saved
    assert s.settings_path().is_file()


def test_missing_or_corrupt_file_gives_defaults(tmp_path):
    assert s.load_user_settings(tmp_path / "none.json") == s.UserSettings()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert s.load_user_settings(bad) == s.UserSettings()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (s.UserSettings(name="Ann", jurisdiction="mars"), "unknown jurisdiction"),
        (s.UserSettings(name="", role="DPO"), "role was given without a name"),
        (s.UserSettings(name="x" * 300), "keep it under"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(tmp_path, settings, message):
    path = tmp_path / "settings.json"
    with pytest.raises(InputError, match=message):
        s.save_user_settings(settings, path)
    assert not path.exists()


def test_sender_for_letters():
    assert s.UserSettings().sender() is None
    sender = s.UserSettings(name="Ann Lee", role="Privacy officer").sender()
    assert (sender.name, sender.role) == ("Ann Lee", "Privacy officer")


def test_profile_text_defaults_then_saves_when_valid(tmp_path):
    path = s.profile_path(tmp_path)
    text = s.read_profile_text(path)
    assert "[organisation]" in text
    edited = text.replace('name = "FluxSys Ltd"', 'name = "Łódź Widgets Sp. z o.o."')
    profile = s.save_profile_text(edited, path)
    assert profile.get("organisation.name") == "Łódź Widgets Sp. z o.o."
    assert s.read_profile_text(path) == edited


def test_invalid_profile_is_not_saved_and_names_the_problem(tmp_path):
    path = s.profile_path(tmp_path)
    good = s.read_profile_text(None)
    s.save_profile_text(good, path)
    with pytest.raises(InputError, match="not valid TOML"):
        s.save_profile_text("name = [unclosed", path)
    with pytest.raises(InputError, match="organisation.phone"):
        s.save_profile_text(good.replace('phone = "024 7692 0800"\nemail', "email"), path)
    assert s.read_profile_text(path) == good
