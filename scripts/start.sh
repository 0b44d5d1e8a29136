#!/usr/bin/env bash
# The newcomer's run command: installs the npm packages, then builds and starts the local cloud
# with demo data and the preview (several phones side by side); prints the URL to open.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm start
