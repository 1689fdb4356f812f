#!/usr/bin/env bash
# Each preset under a real systemd: runs systemd/e2e/servers/<server>.sh for every server (each boots its own
# private systemd) and sums the results. The servers come from Maven Central through the build (mvn -Pservers).
#
#   bash systemd/e2e/servers.sh [SERVER...]      (JAVA_HOME picks the JDK; CI=true: a skip is a failure)
set -uo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -eq 0 ]; then
  set --
  for script in "$dir"/servers/*.sh; do
    [ "$(basename "$script")" = common.sh ] || set -- "$@" "$(basename "$script" .sh)"
  done
fi
failed=()
for server in "$@"; do
  echo "=== server: $server ==="
  bash "$dir/servers/$server.sh" || failed+=("$server")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "servers: FAILED: ${failed[*]}"
  exit 1
fi
echo "servers: all passed ($*)"
