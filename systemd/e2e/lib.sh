# Shared by systemd/e2e/run.sh and demo.sh: boot systemd as PID 1 of a private PID and mount
# namespace, install the project's own unit files into it, and talk to it with systemctl.
# Needs root, unshare and nsenter (util-linux) and /usr/bin/systemd.

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_AGENT_JAR=${E2E_AGENT_JAR:-$E2E_ROOT/agent/target/sd-watchdog-agent.jar}
E2E_TEST_APP_JAR=${E2E_TEST_APP_JAR:-$E2E_ROOT/test-app/target/test-app.jar}
E2E_SYSTEMD=${E2E_SYSTEMD:-/usr/bin/systemd}
E2E_SD_PID=
E2E_UNSHARE_PID=

# True if a private systemd can run here; otherwise E2E_WHY_NOT says why.
e2e_can_run() {
  E2E_WHY_NOT=
  if [ "$(id -u)" != 0 ]; then E2E_WHY_NOT="not root"; return 1; fi
  for tool in unshare nsenter; do
    command -v "$tool" >/dev/null 2>&1 || { E2E_WHY_NOT="no $tool (util-linux)"; return 1; }
  done
  [ -x "$E2E_SYSTEMD" ] || { E2E_WHY_NOT="no $E2E_SYSTEMD"; return 1; }
  # An unprivileged container may refuse new namespaces even to root.
  unshare --pid --fork --mount true 2>/dev/null || { E2E_WHY_NOT="unshare --pid --mount is refused here"; return 1; }
  return 0
}

# The java binary: $JAVA_HOME/bin/java if set, else the one on PATH, as an absolute path.
e2e_java() {
  if [ -n "${JAVA_HOME:-}" ]; then readlink -f "$JAVA_HOME/bin/java"; else readlink -f "$(command -v java)"; fi
}

# Inside the namespace the jars are copied to /run/sd-watchdog, as a package would install them: a
# checkout under /tmp would be hidden from units with PrivateTmp=yes.
E2E_INSTALLED=/run/sd-watchdog

# Copies a unit file from systemd/units to DEST, filling in the installed paths.
e2e_install_unit() { # SOURCE DEST
  mkdir -p "$(dirname "$2")"
  sed -e "s#@JAVA@#$(e2e_java)#g" -e "s#@AGENT_JAR@#$E2E_INSTALLED/sd-watchdog-agent.jar#g" \
    -e "s#@TEST_APP_JAR@#$E2E_INSTALLED/test-app.jar#g" "$1" > "$2"
}

# Boots systemd in a private namespace with the units in UNIT_DIR; waits until it answers.
e2e_boot() { # WORK_DIR UNIT_DIR
  local work=$1 units=$2
  cat > "$units/e2e.target" <<'UNIT'
[Unit]
Description=sd-watchdog end-to-end tests
DefaultDependencies=no
UNIT
  cat > "$work/init.sh" <<INIT
#!/bin/bash
mount --make-rprivate /
mount -t tmpfs tmpfs /run
mkdir -p /run/systemd/system $E2E_INSTALLED
cp -r "$units"/. /run/systemd/system/
cp "$E2E_AGENT_JAR" $E2E_INSTALLED/sd-watchdog-agent.jar
cp "$E2E_TEST_APP_JAR" $E2E_INSTALLED/test-app.jar
exec env container=unshare "$E2E_SYSTEMD" --unit=e2e.target
INIT
  chmod +x "$work/init.sh"
  unshare --pid --fork --mount --mount-proc --uts --ipc "$work/init.sh" > "$work/systemd.log" 2>&1 &
  E2E_UNSHARE_PID=$!
  local deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    [ -z "$E2E_SD_PID" ] && E2E_SD_PID=$(pgrep -P "$E2E_UNSHARE_PID" | head -n 1)
    if [ -n "$E2E_SD_PID" ] && [ -n "$(e2e_ctl show -p Version --value 2>/dev/null)" ]; then
      return 0
    fi
    if ! kill -0 "$E2E_UNSHARE_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "systemd did not come up; its log:" >&2
  tail -n 30 "$work/systemd.log" >&2
  return 1
}

e2e_ctl() {
  nsenter -t "$E2E_SD_PID" -m -p systemctl "$@"
}

e2e_prop() { # UNIT PROPERTY
  e2e_ctl show -p "$2" --value "$1"
}

# Stops the units (so systemd removes their PrivateTmp= directories), then ends the private systemd,
# and with it every process in its namespace.
e2e_shutdown() {
  if [ -n "$E2E_SD_PID" ]; then
    timeout 60 nsenter -t "$E2E_SD_PID" -m -p systemctl stop '*.service' 2>/dev/null
    kill -9 "$E2E_SD_PID" 2>/dev/null
  fi
  if [ -n "$E2E_UNSHARE_PID" ]; then wait "$E2E_UNSHARE_PID" 2>/dev/null; fi
  E2E_SD_PID=
  E2E_UNSHARE_PID=
}

# Microseconds since the epoch, the clock test-app stamps its events with.
e2e_now_us() {
  echo $(( $(date +%s%N) / 1000 ))
}

# The at-us stamp of the first test-app event matching PATTERN in LOG, or nothing.
e2e_event_us() { # LOG PATTERN
  grep -m 1 "test-app: $2" "$1" 2>/dev/null | sed -n 's/.*at-us=\([0-9]*\).*/\1/p'
}
