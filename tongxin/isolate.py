"""Run `maintain.check` in a child process: `python -m tongxin.isolate REQUEST RESULT`.

The request and result are pickles written by `maintain.check_isolated` in a folder only the app
uses (never data from a user: the uploaded bytes are inside the pickle as plain values)."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from tongxin import maintain


def main(request: str, result: str) -> int:
    arguments = pickle.loads(Path(request).read_bytes())
    proposal = maintain.check(**arguments)
    Path(result).write_bytes(pickle.dumps(proposal, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
