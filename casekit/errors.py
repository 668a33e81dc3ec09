"""The few named exceptions casekit raises, each with a message a trainer can act on."""

from __future__ import annotations


class CasekitError(Exception):
    """Base of every error casekit raises on purpose; the CLI prints it and exits 2."""

    key: str = ""
    fields: dict = {}  # noqa: RUF012 (replaced per instance by said(), never mutated)

    @classmethod
    def said(cls, key: str, **fields: object) -> CasekitError:
        """The error whose text is catalogue message ``key`` (English in str(), any language
        from message()), so a command can speak the trainer's language."""
        from casekit.messages import say

        err = cls(say(key, "en", **fields))
        err.key, err.fields = key, fields
        return err

    def message(self, lang: str = "en") -> str:
        """The error in ``lang``: its catalogue message, or its text if it has none."""
        from casekit.messages import say

        return say(self.key, lang, **self.fields) if self.key else str(self)


class BadParameter(CasekitError, ValueError):
    """A parameter is missing, out of range or unknown."""


class BookExistsError(CasekitError, FileExistsError):
    """The output folder already holds a book and overwriting was not asked for."""


class BookNotFoundError(CasekitError, FileNotFoundError):
    """A folder given as a book does not hold one."""


class BookValidationError(CasekitError, ValueError):
    """A table of a book breaks the schema: names the file, column, first bad row and rule."""
