"""The few named exceptions casekit raises, each with a message a trainer can act on."""

from __future__ import annotations


class CasekitError(Exception):
    """Base of every error casekit raises on purpose; the CLI prints it and exits 2."""


class BadParameter(CasekitError, ValueError):
    """A parameter is missing, out of range or unknown."""


class BookExistsError(CasekitError, FileExistsError):
    """The output folder already holds a book and overwriting was not asked for."""


class BookNotFoundError(CasekitError, FileNotFoundError):
    """A folder given as a book does not hold one."""


class BookValidationError(CasekitError, ValueError):
    """A table of a book breaks the schema: names the file, column, first bad row and rule."""
