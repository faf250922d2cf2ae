"""The PyInstaller one-folder app builds from build_installer.spec and starts.

It is built once per run into a temporary folder (about a minute on 2 cores), then the frozen
executable is run the way a user would: ``--version``, a demo workspace, ``verify``, a PDF
letter (fonts, templates and the profile travel with it) and an offscreen screenshot of the
window (Qt plugins travel with it). The frozen app sees no OS keyring, so it uses a
passphrase file, as on a locked-down desktop.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sar_desk import __version__

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build_installer.spec"
EXE_NAME = "sar-desk.exe" if sys.platform == "win32" else "sar-desk"

pytestmark = pytest.mark.slow


def frozen_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "SAR_DESK_"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), LC_ALL="C.UTF-8",
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), SAR_DESK_TODAY="2026-11-24",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return env


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    """Freeze the app from the spec; returns the path of its executable."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: it is part of the 'test' extra "
                    "(pip install -e '.[test]').")
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stderr[-4000:]}"
    exe = work / "dist" / "sar-desk" / EXE_NAME
    assert exe.is_file() and os.access(exe, os.X_OK), f"no executable at {exe}"
    return exe


@pytest.fixture(scope="module")
def run_frozen(frozen, tmp_path_factory):
    home = tmp_path_factory.mktemp("frozen-home")
    env = frozen_env(home)

    def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run([str(frozen), *args], capture_output=True, text=True,
                              encoding="utf-8", env=env, cwd=home, timeout=timeout)

    return run


@pytest.fixture(scope="module")
def demo_ws(run_frozen, tmp_path_factory) -> tuple[Path, Path]:
    """A demo workspace made by the frozen app itself (SQLCipher, keys, holidays inside)."""
    folder = tmp_path_factory.mktemp("frozen-ws")
    passfile = folder / "passphrase.txt"
    passfile.write_text("frozen app passphrase\n", encoding="utf-8")
    ws = folder / "ws"
    done = run_frozen("demo", "--cases", "15", "--seed", "3", "--workspace", str(ws),
                      "--passphrase-file", str(passfile))
    assert done.returncode == 0, done.stderr
    assert "Added 15 demo cases" in done.stdout
    return ws, passfile


def test_version(run_frozen):
    done = run_frozen("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sar-desk {__version__}"


def test_bundle_carries_resources_plugins_and_keyring_metadata(frozen):
    internal = frozen.parent / "_internal"
    resources = internal / "sar_desk" / "resources"
    assert (resources / "fonts" / "DejaVuSans.ttf").is_file()
    assert {p.stem for p in (resources / "letters").glob("*.j2")} >= {
        "acknowledgement", "extension-notice", "final-response", "refusal"}
    assert (resources / "profiles" / "default.toml").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    assert any(p.name.startswith("libqoffscreen") or p.name.startswith("qoffscreen")
               for p in plugins.iterdir())
    # keyring finds the OS key stores through its entry points: the metadata must travel.
    entry_points = list(internal.glob("keyring-*.dist-info/entry_points.txt"))
    assert entry_points and "SecretService" in entry_points[0].read_text(encoding="utf-8")
    # Nothing of what the spec leaves out (WebEngine alone is over 100 MB).
    assert not list(internal.rglob("*WebEngine*"))


def test_demo_workspace_verifies_and_lists(run_frozen, demo_ws):
    ws, passfile = demo_ws
    done = run_frozen("verify", "--workspace", str(ws), "--passphrase-file", str(passfile))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "15" in done.stdout and "Traceback" not in done.stderr
    listed = run_frozen("case", "list", "--status", "all", "--json", "--workspace", str(ws),
                        "--passphrase-file", str(passfile))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"reference": "SAR-') == 15


def test_bad_input_is_one_clear_line(run_frozen):
    done = run_frozen("deadline", "--received", "2025-02-30")
    assert done.returncode == 2
    assert "2025-02-30" in done.stderr and "Traceback" not in done.stderr


def test_letter_pdf_with_embedded_fonts(run_frozen, demo_ws, tmp_path):
    ws, passfile = demo_ws
    listed = run_frozen("case", "list", "--status", "all", "--workspace", str(ws),
                        "--passphrase-file", str(passfile))
    refs = [line.split()[0] for line in listed.stdout.splitlines() if line.startswith("SAR-")]
    out = tmp_path / "ack.pdf"
    for ref in refs:  # the first case whose state allows an acknowledgement
        done = run_frozen("letter", ref, "acknowledgement", "--format", "pdf", "--out",
                          str(out), "--workspace", str(ws), "--passphrase-file", str(passfile))
        assert done.returncode in (0, 2) and "Traceback" not in done.stderr, done.stderr
        if done.returncode == 0:
            break
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"DejaVu" in data


def test_window_screenshot_offscreen(run_frozen, demo_ws, tmp_path):
    from PySide6.QtGui import QImage

    ws, passfile = demo_ws
    png = tmp_path / "out.png"
    done = run_frozen("gui", "--screenshot", str(png), "--workspace", str(ws),
                      "--passphrase-file", str(passfile))
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1280, 800)
    # A real window, not a blank grab: many distinct colours (text, rows, icons).
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 20
