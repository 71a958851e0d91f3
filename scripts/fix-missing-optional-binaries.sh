#!/usr/bin/env bash
# Maintenance helper (not part of the normal flow): the registry mirror here lacks some other-OS
# optional binaries that Yarn resolves for every platform (YN0082 "No candidates found"). This pins
# each such name in root `resolutions` to the newest version the registry has; they are never
# installed on linux-x64. Run after changing dependencies, then commit package.json and yarn.lock.
set -euo pipefail
source "$(dirname "$0")/toolchain.sh"
cd "$GP_ROOT"
for _ in $(seq 1 40); do
  out="$(yarn install --mode=update-lockfile 2>&1 || true)"
  missing="$(printf '%s\n' "$out" | sed -nE 's/.*YN0082: │ (@?[^@]+)@npm:([^:]+): No candidates found.*/\1 \2/p')"
  if [ -z "$missing" ]; then
    printf '%s\n' "$out" | tail -n 5
    exit 0
  fi
  while read -r name wanted; do
  have="$(npm view "$name" versions --json 2>/dev/null | node -e '
    const all = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const list = Array.isArray(all) ? all : [all];
    const stable = list.filter(v => !v.includes("-"));
    process.stdout.write(stable[stable.length - 1] || "");')"
  [ -n "$have" ] || { echo "no version of $name on the registry" >&2; exit 1; }
  echo "pinning $name ($wanted unavailable) to $have"
  node -e '
    const fs = require("fs");
    const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
    p.resolutions[process.argv[1]] = process.argv[2];
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");' "$name" "$have"
  done <<<"$missing"
done
echo "gave up after 40 rounds" >&2
exit 1
