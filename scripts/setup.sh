#!/usr/bin/env bash
# Sets opsbot up from scratch, idempotently: virtualenv, pinned dependencies (CPU torch),
# offline models, and the index of corpus/. Re-running it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first and pinned: any other route lets a dependency pull a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet torch==2.13.0
# constraints.txt pins every transitive version that was tested together.
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
.venv/bin/opsbot models
.venv/bin/opsbot ingest
