"""Run a memory-hungry step in a child process: `python -m tongxin.isolate REQUEST RESULT [MAX_BYTES]`.

The parent (`maintain.run_isolated`) writes (task, arguments) as a pickle into a folder only the app
uses and reads the result pickle back; the child's memory — a 200,000-row file's parsing — is
returned to the system when it exits, and MAX_BYTES of address space is all it may take (set here, in
the child, rather than by a pre-exec hook in the threaded server). Only the tasks in TASKS can be run."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def _check(**arguments):
    from tongxin import maintain

    return maintain.check(**arguments)


def _read(files, where=""):
    from tongxin import load

    return load.read_files(files, where=where)


def _import(**arguments):
    from tongxin import importing

    return importing.plan(**arguments).compact()  # what the page needs, not a large merged dataset


TASKS = {"check": _check, "read": _read, "import": _import}


def main(request: str, result: str, max_bytes: str | None = None) -> int:
    if max_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(max_bytes), int(max_bytes)))
    task, arguments = pickle.loads(Path(request).read_bytes())
    outcome = TASKS[task](**arguments)
    Path(result).write_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
