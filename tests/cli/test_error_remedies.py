"""The command line words what to do next in its own terms: the command or option to use."""

from __future__ import annotations

from sar_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_unknown_case_names_the_command_that_lists_references(ws, capsys):
    code, _, err = run(capsys, "case", "show", "SAR-2026-0099", "--workspace", ws)
    assert code == 2
    assert err == ("sar-desk: There is no case 'SAR-2026-0099' in this workspace. "
                   "'sar-desk case list --status all' shows the references.\n")


def test_a_missing_workspace_names_init_and_the_option(tmp_path, capsys):
    where = tmp_path / "nowhere"
    code, _, err = run(capsys, "case", "list", "--workspace", str(where))
    assert code == 1
    assert f"No SAR Desk workspace at {where}." in err
    assert f"'sar-desk init --workspace {where}'" in err and "point --workspace" in err


def test_an_unknown_exemption_names_the_command_that_explains_them(ws, capsys):
    run(capsys, "case", "new", "--workspace", ws, "--requester", "Ana", "--received",
        "2026-06-01")
    code, _, err = run(capsys, "case", "exemption", "SAR-2026-0001", "made-up", "--note", "x",
                       "--workspace", ws)
    assert code == 2
    assert "Unknown exemption code 'made-up'" in err
    assert err.rstrip().endswith("'sar-desk case exemption --list' explains them.")


def test_without_a_keyring_the_passphrase_option_and_the_unlock_command_are_named(
        tmp_path, capsys):
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    ws, secret = tmp_path / "ws", tmp_path / "pass.txt"
    code, _, err = run(capsys, "init", "--workspace", str(ws))
    assert code == 1 and err.rstrip().endswith("Give one with --passphrase-file FILE.")
    secret.write_text("a sturdy passphrase\n", encoding="utf-8")
    assert run(capsys, "init", "--workspace", str(ws), "--passphrase-file", str(secret))[0] == 0
    code, _, err = run(capsys, "case", "list", "--workspace", str(ws))
    assert code == 1
    assert "No usable OS keyring" in err
    assert err.rstrip().endswith("To open it, give your passphrase with --passphrase-file FILE.")
    secret.write_text("not the passphrase\n", encoding="utf-8")
    code, _, err = run(capsys, "case", "list", "--workspace", str(ws), "--passphrase-file",
                       str(secret))
    assert code == 1 and "The passphrase does not unlock this workspace" in err
    assert err.rstrip().endswith("Check the passphrase file, or ask the administrator to set a "
                                 "new passphrase for you.")
