"""The log file: errors with their tracebacks, and never any personal data.

:func:`install` (called once at start by the CLI and the window) adds a rotating file in the
user's log folder (platformdirs) to the ``sar_desk`` loggers. Its formatter writes what a
developer needs to find a fault and nothing a person typed: the time, level, logger and
place of the call, the call's message *template* (its arguments are never filled in), and
for an exception its class, its error code and the traceback's frames as file, line and
function names. Exception messages, error facts, local values and source lines are left
out: they can quote names, e-mail addresses and request text. Absolute paths are cut to the
part inside the package or library, so a home folder named after its owner is not written
either.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import TracebackType

LOGGER = "sar_desk"
FILE_NAME = "sar-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_ROOTS = re.compile(r"^(site-packages|dist-packages|python3\.\d+|lib)$", re.IGNORECASE)


def default_folder() -> Path:
    """The user's log folder for SAR Desk (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("sar-desk", appauthor=False))


def short_path(filename: str) -> str:
    """A code file's path without the folders above the package or library it belongs to."""
    if filename.startswith("<"):
        return filename  # <frozen ...>, <string>, <template>
    parts = Path(filename).parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "sar_desk":
            return "/".join(parts[i:])
    for i in range(len(parts) - 1, -1, -1):
        if _ROOTS.match(parts[i]):
            return "/".join(parts[i + 1 :]) or parts[-1]
    return parts[-1] if parts else "?"


def _name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it came from, oldest first (as Python prints them)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain[::-1]


def describe_exception(exc: BaseException) -> list[str]:
    """Lines naming each exception of the chain and its frames: no messages, no values."""
    lines: list[str] = []
    for n, item in enumerate(_chain(exc)):
        if n:
            lines.append("which led to:")
        lines.append("Traceback (most recent call last):")
        tb: TracebackType | None = item.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            lines.append(f'  File "{short_path(code.co_filename)}", line {tb.tb_lineno}, '
                         f"in {code.co_name}")
            tb = tb.tb_next
        code_id = getattr(item, "code", None)
        shown = f" [{code_id}]" if isinstance(code_id, str) and _is_sar_desk(item) else ""
        lines.append(f"{_name(item)}{shown}")
    return lines


def _is_sar_desk(exc: BaseException) -> bool:
    from sar_desk.errors import SarDeskError

    return isinstance(exc, SarDeskError)


class ScrubbingFormatter(logging.Formatter):
    """Formats a record without any value that could be personal data (see the module)."""

    def format(self, record: logging.LogRecord) -> str:
        when = self.formatTime(record, "%Y-%m-%dT%H:%M:%S")
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        place = f"{short_path(record.pathname)}:{record.lineno} {record.funcName}"
        lines = [f"{when} {record.levelname} {record.name} {place}: {template}"]
        if record.exc_info and record.exc_info[1] is not None:
            lines += describe_exception(record.exc_info[1])
        return "\n".join(lines)


class LazyRotatingFile(logging.Handler):
    """A rotating log file opened (and ``logging.handlers`` imported) on the first record,
    so a command that logs nothing starts no slower and leaves no empty file behind."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self.path = path
        self.setFormatter(ScrubbingFormatter())
        self._file: logging.Handler | None = None
        self.broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.broken:
            return
        if self._file is None:
            import logging.handlers

            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._file = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
                )
            except OSError:
                self.broken = True  # no log folder (read-only home...): carry on without
                return
            self._file.setFormatter(self.formatter)
            # logging's own error report would print the record's arguments on stderr
            self._file.handleError = lambda _record: None  # type: ignore[method-assign]
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


_installed: LazyRotatingFile | None = None


def install(folder: Path | None = None) -> Path:
    """Write WARNING and above from the ``sar_desk`` loggers to the log file; returns its path.

    Called again for the same folder it changes nothing; for another folder (tests) the file
    moves there. The file is made on the first record; should that fail, the program carries
    on without it.
    """
    global _installed
    target = (folder or default_folder()) / FILE_NAME
    if _installed is not None and _installed.path == target:
        return target
    uninstall()
    _installed = LazyRotatingFile(target)
    logging.getLogger(LOGGER).addHandler(_installed)
    return target


def uninstall() -> None:
    """Remove the log file handler (closing the file)."""
    global _installed
    if _installed is not None:
        logging.getLogger(LOGGER).removeHandler(_installed)
        _installed.close()
        _installed = None


def current_path() -> Path | None:
    """The log file written to now (None before :func:`install`, or when it cannot be made)."""
    if _installed is None or _installed.broken:
        return None
    return _installed.path


def log_error(exc: BaseException, what: str, *, level: int = logging.ERROR,
              logger: str = LOGGER) -> None:
    """Record ``exc`` (class, code, frames; never its message) under the constant ``what``."""
    logging.getLogger(logger).log(level, what, exc_info=(type(exc), exc, exc.__traceback__),
                                  stacklevel=2)
