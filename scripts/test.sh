#!/usr/bin/env bash
# The newcomer's test command: installs everything (Debian packages, npm ci) and runs all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
npm ci --no-audit --no-fund
npm test
