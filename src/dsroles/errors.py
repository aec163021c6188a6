"""The kit's error types, in one place so that no module has to import the command line.

Each message says what is wrong and what to do about it; the command line prints it
(``dsroles <command>: error: ...``) and grading turns ``NotGraded`` into a result.
"""


class UsageError(Exception):
    """A bad argument or input file given to a command: the message says what to do instead."""


class NotGraded(Exception):
    """A notebook that cannot be graded; the message says what is wrong and what to do."""


class BankError(ValueError):
    """A wrong-answer file breaks the format; the message names the file and the fix."""


class FrameworkError(ValueError):
    """The competency framework file breaks one of its rules; the message names it."""
