#!/usr/bin/env bash
# Makes sure the Debian packages the tests and benchmarks need are present. As root it installs what is
# missing with apt-get; otherwise it stops at once with the exact command to run. Never skips.
set -euo pipefail

declare -A need=(
  [chromium]=/usr/bin/chromium
  [prometheus]=/usr/bin/prometheus
  [redis-server]=/usr/bin/redis-server
  [postgresql]=/usr/lib/postgresql
  [git]=/usr/bin/git
)

missing=()
for pkg in "${!need[@]}"; do
  [ -e "${need[$pkg]}" ] || missing+=("$pkg")
done
# promtool ships in the prometheus package; initdb in postgresql.
command -v promtool >/dev/null 2>&1 || [[ " ${missing[*]-} " == *" prometheus "* ]] || missing+=(prometheus)
# kubectl renders the generated kustomize overlays in the scaffolder module's tests. Any kubectl on
# the PATH will do (the machine image brings one with kustomize 5); Debian's is the fallback (on
# Debian 12 it is kubectl 1.20 with kustomize 2, and the test then fails, naming the version needed).
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run again:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
sh -c "$cmd"
# Debian starts the services it installs; the tests start their own on loopback ports.
for svc in prometheus redis-server postgresql; do
  if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
  if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
done
