#!/usr/bin/env bash
# Creates the Python environment the tests use (.cache/venv, or $AGENTFT_TEST_VENV) from python/requirements-dev.txt.
# Short time-outs and no retries: an index that cannot be reached, or a package it lacks, fails in seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${AGENTFT_TEST_VENV:-$root/.cache/venv}
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --retries 0 --timeout 5 -r "$root/python/requirements-dev.txt"
"$venv/bin/python" -c "import trl, transformers, peft, jupyterlab; print('python env ready:', '$venv', 'trl', trl.__version__, 'transformers', transformers.__version__)"
