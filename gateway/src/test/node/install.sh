#!/usr/bin/env bash
# Installs the pinned MCP TypeScript SDK for the gateway's interop test (npm ci from the committed
# package-lock.json). Idempotent: skips the install when node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v npm >/dev/null 2>&1 || { echo "install.sh: npm not found; install Node.js 18+ (e.g. apt-get install nodejs npm)" >&2; exit 1; }

stamp=node_modules/.lock-sha256  # the same stamp .ci/install-test-deps writes
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d node_modules/@modelcontextprotocol/sdk ]]; then
  echo "install.sh: node_modules is up to date with package-lock.json"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
echo "install.sh: installed $(node -p "require('./node_modules/@modelcontextprotocol/sdk/package.json').version" 2>/dev/null || echo '?') of @modelcontextprotocol/sdk"
