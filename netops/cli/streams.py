"""Standard output that fails like a tool should when its reader goes away or its disk is full.

`netops optical scan … | head -1`: once `head` has its line it closes the pipe, and the next write
raises BrokenPipeError. That is the reader's choice, not a failure of the scan, so the rest of the
output is discarded (devnull is put over the file descriptor) and the command still ends with its
own status — a critical scan stays 2. A destination that cannot take the output (`> /dev/full`,
a full disk) is a failure: the output is discarded the same way and a StorageError says so.
A terminal whose encoding lacks a character gets '?' for it instead of a crash.
"""

from __future__ import annotations

import errno
import os
from typing import Any, TextIO

from netops.errors import StorageError
from netops.i18n import L_


class GuardedStdout:
    """Wraps `sys.stdout` for one command; everything but `write` and `flush` passes through."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.reader_gone = False
        # once the destination failed, every later write fails the same way: a caller that
        # swallowed the first error (click probes streams inside `try`) must not go on as if fine
        self.failure: StorageError | None = None

    def write(self, text: str) -> int:
        self._check()
        if self.reader_gone:
            return len(text)
        try:
            return self.stream.write(text)
        except UnicodeEncodeError:
            # a terminal in a legacy encoding (Latin-1, ASCII) cannot show every character
            # (a dash, a minus sign, an emoji in a name): those become '?', the rest is kept
            encoding = self.stream.encoding or "ascii"
            return self.stream.write(text.encode(encoding, "replace").decode(encoding))
        except OSError as exc:
            self._failed(exc)
            return len(text)

    def flush(self) -> None:
        self._check()
        if self.reader_gone:
            return
        try:
            self.stream.flush()
        except OSError as exc:
            self._failed(exc)

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _failed(self, exc: OSError) -> None:
        self._discard_the_rest()
        if exc.errno == errno.EPIPE:
            self.reader_gone = True
            return
        self.failure = StorageError(
            L_("cannot write the output: {value}", value=exc.strerror or exc),
            hint=L_("free some space or write the output somewhere else"),
        )
        raise self.failure

    def _discard_the_rest(self) -> None:
        """Point the descriptor at devnull, so what is still buffered can be flushed at exit."""
        try:
            fd = self.stream.fileno()
        except (OSError, ValueError):  # not a real file (a test's capture): nothing to redirect
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)

    def settle(self) -> None:
        """Flush what an error left in the buffer, quietly: the error has been reported, and the
        interpreter must not print a traceback of its own for it at exit."""
        try:
            self.stream.flush()
        except OSError:
            self._discard_the_rest()
            try:
                self.stream.flush()
            except OSError:
                pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
