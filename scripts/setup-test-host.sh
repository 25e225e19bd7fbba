#!/usr/bin/env bash
# Installs the real VS Code the end-to-end tests run in (see shared/reference/vscode-test-host.md):
#   Debian's chromium (drives the workbench headless), libkrb5-dev and ripgrep (code-server's
#   native modules and its ripgrep postinstall), and code-server 4.100.3 (= VS Code 1.100.3) in
#   .cache/code-server. Idempotent: a marker file records the version.
set -euo pipefail
cd "$(dirname "$0")/.."
CS_VERSION="${CS_VERSION:-4.100.3}"
CACHE="$PWD/.cache/code-server"
MARKER="$CACHE/installed"
start=$(date +%s)

missing=()
# fonts-wqy-zenhei: Chromium has no CJK font otherwise, and zh-CN screenshots would show boxes.
for pkg in chromium libkrb5-dev ripgrep fonts-wqy-zenhei; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  echo "[setup-test-host] apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "code-server@$CS_VERSION" && -x "$CACHE/node_modules/.bin/code-server" ]]; then
  echo "[setup-test-host] ready ($(( $(date +%s) - start )) s)"
  exit 0
fi

mkdir -p "$CACHE"
[[ -f "$CACHE/package.json" ]] || echo '{"name":"ocg-code-server","private":true}' > "$CACHE/package.json"
# code-server's @vscode/ripgrep postinstall downloads ripgrep unless its cache holds a tarball.
TMP_ROOT="$(node -p 'require("os").tmpdir()')"
RG_CACHE="$TMP_ROOT/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
(
  cd "$CACHE"
  unset npm_config_user_agent npm_node_execpath NODE
  export npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true
  npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
)
rm -rf "$RG_CACHE"
echo "code-server@$CS_VERSION" > "$MARKER"
echo "[setup-test-host] installed code-server@$CS_VERSION in $(( $(date +%s) - start )) s"
