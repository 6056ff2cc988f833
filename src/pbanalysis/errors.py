"""The one exception type the command line turns into a one-line message and exit status 2."""

__all__ = [
    "InputError",
]


class InputError(Exception):
    """Bad input from the user: a missing path, an unreadable or empty file, an invalid parameter.

    The message is one line that names the file or value and the problem; the CLI prints it as
    ``pbanalysis: error: <message>`` on stderr and exits with status 2, without a traceback.
    """
