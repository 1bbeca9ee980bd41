"""The README's `mileak verify --json certificates.json`, run once per test run and shared by its xdist workers.

The README test checks the table it prints; the contracts read its certificates (each claim's numeric
check) and, through the run's proof cache (``MILEAK_CACHE_DIR``, which this run fills with its PROVED
derivations), its derivations. The first worker to ask runs it under an exclusive lock; the others wait for it
and read the files. So the whole of `mileak verify` runs once, not three times.
"""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

COMMAND = "mileak verify --json certificates.json"  # the README's tour command (test_readme checks it is there)


def _folder() -> Path:
    """This test run's folder (``MILEAK_TEST_RUN``, set by tests/conftest.py): never a stale run's."""
    return Path(tempfile.gettempdir()) / f"mileak-test-verify-{os.environ['MILEAK_TEST_RUN']}"


def verify_run() -> dict:
    """``{"returncode", "stdout", "stderr", "certificates"}`` of the shared run (run now if no worker has)."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "run.json"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this worker dies
        if not done.exists():
            argv = [sys.executable, "-m", "mileak.numeric.cli", *shlex.split(COMMAND)[1:]]
            result = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=900)
            record = {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
            part = folder / "run.json.part"
            part.write_text(json.dumps(record))
            part.replace(done)
    record = json.loads(done.read_text())
    certificates = folder / "certificates.json"
    record["certificates"] = json.loads(certificates.read_text()) if certificates.exists() else None
    return record
