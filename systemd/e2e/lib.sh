# Shared by systemd/e2e/run.sh and demo.sh: boot systemd as PID 1 of a private PID and mount
# namespace, install the project's own unit files into it, and talk to it with systemctl.
# Needs root, unshare and nsenter (util-linux) and /usr/bin/systemd.

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_AGENT_JAR=${E2E_AGENT_JAR:-$E2E_ROOT/agent/target/sd-watchdog-agent.jar}
E2E_TEST_APP_JAR=${E2E_TEST_APP_JAR:-$E2E_ROOT/test-app/target/test-app.jar}
E2E_SYSTEMD=${E2E_SYSTEMD:-/usr/bin/systemd}
E2E_SD_PID=
E2E_BOOT_PID=
E2E_SYSTEMD_LOG=/dev/null

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
# systemd in a container logs to /dev/console, and only if that is a terminal. Where util-linux's
# `script` is available, the namespace runs on a pseudo-terminal bound over /dev/console (inside the
# private mount namespace only), and systemd's own log lines ("Watchdog timeout", "Main process exited",
# at debug level "Got notification message") land in WORK_DIR/systemd.log: the journal's part of the
# story, without journald.
e2e_boot() { # WORK_DIR UNIT_DIR
  local work=$1 units=$2 child
  E2E_SYSTEMD_LOG=$work/systemd.log
  # The target systemd boots into. Its After= lines start nothing, but they reference each unit, so
  # systemd does not unload (garbage-collect) a stopped unit: NRestarts and Result stay readable.
  {
    printf '[Unit]\nDescription=sd-watchdog end-to-end tests\nDefaultDependencies=no\n'
    for unit_file in "$units"/*.service; do
      [ -e "$unit_file" ] && printf 'After=%s\n' "$(basename "$unit_file")"
    done
  } > "$units/e2e.target"
  cat > "$work/init.sh" <<INIT
#!/bin/bash
mount --make-rprivate /
mount -t tmpfs tmpfs /run
if [ -t 1 ]; then mount --bind "\$(readlink /proc/\$\$/fd/1)" /dev/console; fi
mkdir -p /run/systemd/system $E2E_INSTALLED
cp -r "$units"/. /run/systemd/system/
cp "$E2E_AGENT_JAR" $E2E_INSTALLED/sd-watchdog-agent.jar
cp "$E2E_TEST_APP_JAR" $E2E_INSTALLED/test-app.jar
# Never let this systemd clean the host's /tmp (it shares it): every unit has DefaultDependencies=no, and
# the tmpfiles units are masked besides.
for masked in systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service systemd-tmpfiles-clean.service systemd-tmpfiles-clean.timer; do
  ln -sf /dev/null /run/systemd/system/\$masked
done
exec env container=unshare SYSTEMD_COLORS=0 TERM=dumb "$E2E_SYSTEMD" --unit=e2e.target
INIT
  chmod +x "$work/init.sh"
  local boot
  printf -v boot 'exec unshare --pid --fork --mount --mount-proc --uts --ipc %q' "$work/init.sh"
  if command -v script >/dev/null 2>&1; then
    SHELL=/bin/sh script -qfc "$boot" "$E2E_SYSTEMD_LOG" < /dev/null > /dev/null 2>&1 &
  else
    bash -c "$boot" > "$E2E_SYSTEMD_LOG" 2>&1 < /dev/null &
  fi
  E2E_BOOT_PID=$!
  local deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    if [ -z "$E2E_SD_PID" ]; then
      # systemd is the child of unshare, which script (and the shell it runs the command with) started.
      child=$E2E_BOOT_PID
      for _ in 1 2 3; do
        [ -z "$child" ] || [ "$(cat "/proc/$child/comm" 2>/dev/null)" = unshare ] && break
        child=$(pgrep -P "$child" | head -n 1)
      done
      if [ -n "$child" ] && [ "$(cat "/proc/$child/comm" 2>/dev/null)" = unshare ]; then
        E2E_SD_PID=$(pgrep -P "$child" | head -n 1)
      fi
    fi
    if [ -n "$E2E_SD_PID" ] && [ "$(cat "/proc/$E2E_SD_PID/comm" 2>/dev/null)" = systemd ] \
        && [ -n "$(e2e_ctl show -p Version --value 2>/dev/null)" ]; then
      return 0
    fi
    if ! e2e_alive "$E2E_BOOT_PID"; then break; fi
    sleep 0.2
  done
  echo "systemd did not come up; its log:" >&2
  tail -n 30 "$E2E_SYSTEMD_LOG" | tr -d '\r' >&2
  return 1
}

# systemd's own log lines about UNIT (prefixed "UNIT: "), matching the extended regex PATTERN.
e2e_syslog() { # UNIT [PATTERN]
  tr -d '\r' < "$E2E_SYSTEMD_LOG" 2>/dev/null | grep -E "^$1(\.service)?: ${2:-}"
}

e2e_ctl() {
  nsenter -t "$E2E_SD_PID" -m -p systemctl "$@"
}

e2e_prop() { # UNIT PROPERTY
  e2e_ctl show -p "$2" --value "$1"
}

# Stops the units (so systemd removes their PrivateTmp= directories), then ends the private systemd,
# and with it every process in its namespace: SIGKILL to its PID 1, the one PID this script started
# there. Then reaps unshare (and script), which exit with it.
e2e_shutdown() {
  if [ -n "$E2E_SD_PID" ]; then
    if [ "$(cat "/proc/$E2E_SD_PID/comm" 2>/dev/null)" = systemd ]; then
      timeout 60 nsenter -t "$E2E_SD_PID" -m -p systemctl stop '*.service' 2>/dev/null
    fi
    kill -9 "$E2E_SD_PID" 2>/dev/null
  fi
  if [ -n "$E2E_BOOT_PID" ]; then
    local deadline=$((SECONDS + 10))
    while e2e_alive "$E2E_BOOT_PID" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    # Only if systemd never started: unshare itself is still there.
    e2e_alive "$E2E_BOOT_PID" && kill -9 "$E2E_BOOT_PID" 2>/dev/null
    wait "$E2E_BOOT_PID" 2>/dev/null
  fi
  E2E_SD_PID=
  E2E_BOOT_PID=
}

# True while PID runs (a zombie, exited but not yet reaped, does not count).
e2e_alive() { # PID
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  stat=${stat// /}
  [ -n "$stat" ] && [ "${stat#Z}" = "$stat" ]
}

# Microseconds since the epoch, the clock test-app stamps its events with.
e2e_now_us() {
  echo $(( $(date +%s%N) / 1000 ))
}

# The at-us stamp of the first test-app event matching PATTERN in LOG, or nothing.
e2e_event_us() { # LOG PATTERN
  grep -m 1 "test-app: $2" "$1" 2>/dev/null | sed -n 's/.*at-us=\([0-9]*\).*/\1/p'
}
# The first event matching PATTERN at or after AFTER_US: the same run's, when a restarted unit's log holds several.
e2e_event_us_after() { # LOG PATTERN AFTER_US
  grep "test-app: $2" "$1" 2>/dev/null | sed -n 's/.*at-us=\([0-9]*\).*/\1/p' | awk -v after="$3" '$1 >= after { print; exit }'
}
