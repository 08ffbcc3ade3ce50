#!/usr/bin/env bash
# Deployment checks (issue 7): the files in deploy/ parse, agree with the
# configuration loader, the metrics listener and the CLI of the built binary.
# No container engine runs here; see tests/scripts/deploy_checks.py for the
# list of checks. Usage: bash tests/scripts/deploy_test.sh <path-to-wiretag>
# (from the repository root).
set -euo pipefail
binary=${1:?usage: deploy_test.sh <path-to-wiretag>}
cd "$(dirname "$0")/../.."
# Debian's python3-yaml (deploy/setup-debian.sh) belongs to /usr/bin/python3;
# a python3 earlier on PATH (pyenv, venv) may lack it.
python=python3
if ! "$python" -c 'import yaml' 2>/dev/null; then python=/usr/bin/python3; fi
exec "$python" tests/scripts/deploy_checks.py --binary "$binary"
