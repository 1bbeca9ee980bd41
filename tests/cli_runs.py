"""Running ``mileak`` in-process as the tests do: refused with one line, or guarded by an alarm."""

from __future__ import annotations

import signal
import time

import pytest

from mileak.numeric.cli.main import main


def refused(argv, capsys, seconds: float = 10.0) -> str:
    """Run ``mileak argv``: exit 2, one line on stderr, no traceback, within ``seconds``; return that line."""
    start = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        main(argv)
    took = time.perf_counter() - start
    err = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2, (argv, err)
    assert len(err) == 1 and "Traceback" not in err[0], (argv, err)
    assert took < seconds, f"{argv} took {took:.1f} s"
    return err[0]


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def run_guarded(argv, seconds: int):
    """``(exit status, None)``, or ``(None, problem)`` when the command ran past ``seconds`` or raised."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return main(argv), None
    except SystemExit as exc:
        return exc.code, None
    except Hang:
        return None, f"{argv}: ran past {seconds} s"
    except Exception as exc:  # noqa: BLE001 - the failure under test
        return None, f"{argv}: {type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
