"""The ``mileak`` command: the only code that knows the terminal (parsing, text, progress, exit codes).

``python -m mileak.numeric.cli`` runs it as the console script ``mileak`` does.
"""

from mileak.numeric.cli.main import main

__all__ = ["main"]
