#!/usr/bin/env bash
# The Debian package as an administrator uses it: lintian, dpkg -i on this machine, then under a real systemd
# (PID 1 of a private namespace, lib.sh): `sd-watchdog enable --runtime` turns a plain Type=simple unit running
# test-app into an active, watched one; a hang is restarted; `disable --runtime` restores the unit as it was;
# and `dpkg -r` removes every file the package installed.
#
#   bash systemd/e2e/package.sh [DEB]     (root; build first: mvn -DskipTests package)
#
# The package's files do not depend on the JDK, so one JDK is enough here (.ci/run runs it on JDK 17, which the
# package's Depends: names); run.sh shows the agent itself on both. Without root, namespaces or dpkg it skips,
# unless CI=true or E2E_REQUIRED=1. If sd-watchdog is already installed it refuses rather than touch it.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

passed=0
failed=0
pass() { echo "PASS: package: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: package: $*"; failed=$((failed + 1)); }
finish() { echo "package: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
required() {
  [ "${CI:-}" = true ] && return 0
  case "${E2E_REQUIRED:-}" in 1|true|yes) return 0 ;; *) return 1 ;; esac
}

DEB=${1:-$(ls "$E2E_ROOT"/packaging/target/sd-watchdog_*_all.deb 2>/dev/null | head -n 1)}
if ! e2e_can_run || ! command -v dpkg > /dev/null; then
  why=${E2E_WHY_NOT:-no dpkg}
  if required; then fail "cannot run here ($why)"; finish; fi
  echo "SKIPPED: the package under systemd: $why"; exit 0
fi
if [ -z "$DEB" ] || [ ! -f "$DEB" ]; then fail "no packaging/target/sd-watchdog_*_all.deb; build first: mvn -DskipTests package"; finish; fi
if dpkg -s sd-watchdog > /dev/null 2>&1; then
  fail "sd-watchdog is already installed on this machine; this test installs and removes it: dpkg -r sd-watchdog first"
  finish
fi
echo "package: $DEB"

# 1. lintian: no errors.
if command -v lintian > /dev/null; then
  if lintian_out=$(lintian --fail-on error "$DEB" 2>&1); then
    pass "lintian: no errors ($(echo "$lintian_out" | grep -c '^[WIP]:') warnings or notes)"
  else
    fail "lintian:"; echo "$lintian_out" | sed 's/^/  > /'
  fi
elif required; then
  fail "lintian is not installed (apt-get install lintian)"
else
  echo "package: lintian not installed, not run"
fi

# 2. dpkg -i, remembering which of its paths existed before (shared directories such as /usr/bin).
WORK=$(mktemp -d "$E2E_ROOT/target/e2e-package.XXXXXX" 2>/dev/null || { mkdir -p "$E2E_ROOT/target"; mktemp -d "$E2E_ROOT/target/e2e-package.XXXXXX"; })
installed=
cleanup() {
  e2e_shutdown
  if [ -n "$installed" ] && dpkg -s sd-watchdog > /dev/null 2>&1; then dpkg -r sd-watchdog > /dev/null 2>&1; fi
  if [ -n "${E2E_KEEP:-}" ]; then echo "package: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed 's#^\.##; s#/$##' | grep -v '^$' | sort > "$WORK/contents"
while read -r path; do [ -e "$path" ] || [ -L "$path" ] && echo "$path"; done < "$WORK/contents" > "$WORK/existed"
if dpkg -i "$DEB" > "$WORK/dpkg-i.log" 2>&1; then
  installed=yes
  version=$(dpkg-deb -f "$DEB" Version)
  if [ "$(readlink /usr/share/java/sd-watchdog.jar)" = "sd-watchdog-$(sd-watchdog --version | sed 's/^sd-watchdog //').jar" ] \
      && [ -x /usr/bin/sd-watchdog ] && man -w sd-watchdog > /dev/null 2>&1 && sd-watchdog --help | grep -q '^  sd-watchdog enable' \
      && [ -f /usr/share/doc/sd-watchdog/examples/tomcat.service ]; then
    pass "dpkg -i: $version; /usr/share/java/sd-watchdog.jar -> $(readlink /usr/share/java/sd-watchdog.jar), sd-watchdog --version: $(sd-watchdog --version), man sd-watchdog, examples"
  else
    fail "dpkg -i: the installed files are not as expected"; dpkg -L sd-watchdog | sed 's/^/  > /'
  fi
else
  fail "dpkg -i"; sed 's/^/  > /' "$WORK/dpkg-i.log"; finish
fi
dpkg -L sd-watchdog | sort > "$WORK/listed"

# 3. A plain unit under a private systemd: Type=simple, java -jar test-app, no agent. test-app hangs its main loop
# 12 s after each start, which nothing notices until the agent is there.
UNITS=$WORK/units
mkdir -p "$UNITS"
E2E_AGENT_JAR=/usr/share/java/sd-watchdog.jar
cat > "$UNITS/pkg-plain.service" <<UNIT
[Unit]
Description=An existing Java service, not watched
DefaultDependencies=no
StartLimitIntervalSec=0

[Service]
Type=simple
Restart=on-failure
RestartSec=1s
Environment=JAVA_TOOL_OPTIONS=-Xmx64m
ExecStart=$(e2e_java) -jar $E2E_INSTALLED/test-app.jar --fault=hang --fault-after=12s
StandardOutput=append:$WORK/pkg-plain.log
StandardError=append:$WORK/pkg-plain.log
UNIT
cat > "$UNITS/pkg-not-java.service" <<UNIT
[Unit]
DefaultDependencies=no
[Service]
Type=simple
ExecStart=/bin/sleep 1000
UNIT
OPTIONS=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=3s
e2e_boot "$WORK" "$UNITS" || { fail "systemd did not come up"; finish; }
inside() { nsenter -t "$E2E_SD_PID" -m -p "$@"; }
wait_for() { # SECONDS CONDITION
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do eval "$2" && return 0; sleep 0.2; done
  return 1
}
e2e_ctl start pkg-plain
wait_for 60 '[ "$(e2e_prop pkg-plain ActiveState)" = active ]'
exec_before=$(e2e_prop pkg-plain ExecStart | sed -n 's/.*argv\[\]=\([^;]*\);.*/\1/p')
env_before=$(e2e_prop pkg-plain Environment)

# 4. enable --dry-run changes nothing; enable refuses a unit whose main process is not a JVM.
dry=$(inside sd-watchdog enable --runtime --dry-run --watchdog-sec=4 pkg-plain "$OPTIONS" 2>&1)
dry_status=$?
refused=$(inside sd-watchdog enable --runtime --dry-run pkg-not-java "$OPTIONS" 2>&1)
refused_status=$?
if [ "$dry_status" = 0 ] && echo "$dry" | grep -q '^Environment="JAVA_TOOL_OPTIONS=-Xmx64m -javaagent:/usr/share/java/sd-watchdog.jar=' \
    && ! inside test -e /run/systemd/system/pkg-plain.service.d/sd-watchdog.conf \
    && [ "$refused_status" = 78 ] && echo "$refused" | grep -q 'a program that is not java'; then
  pass "enable --dry-run printed the drop-in and wrote nothing; a unit running /bin/sleep was refused (78): $(echo "$refused" | cut -c1-100)..."
else
  fail "enable --dry-run ($dry_status) / refusal ($refused_status)"; echo "$dry" "$refused" | sed 's/^/  > /'
fi

# 5. enable --runtime, then the one command it prints: active, Type=notify, healthy, pinging.
enabled=$(inside sd-watchdog enable --runtime --watchdog-sec=4 pkg-plain "$OPTIONS" 2>&1)
enable_status=$?
echo "$enabled" | sed 's/^/  | /'
restart_at=$(e2e_now_us)
e2e_ctl restart pkg-plain
if [ "$enable_status" = 0 ] && echo "$enabled" | grep -q '^  systemctl restart pkg-plain.service$' \
    && wait_for 60 '[ "$(e2e_prop pkg-plain ActiveState)" = active ]' && [ "$(e2e_prop pkg-plain Type)" = notify ] \
    && [ "$(e2e_prop pkg-plain WatchdogUSec)" = 4s ] && wait_for 10 'e2e_prop pkg-plain StatusText | grep -q "^healthy"' \
    && sleep 5 && [ "$(e2e_prop pkg-plain NRestarts)" = 0 ] && [ "$(e2e_prop pkg-plain ActiveState)" = active ] \
    && grep -q 'Picked up JAVA_TOOL_OPTIONS: -Xmx64m -javaagent:/usr/share/java/sd-watchdog.jar=' "$WORK/pkg-plain.log"; then
  pass "enable --runtime + systemctl restart: Type=notify, WatchdogSec=4s, active and healthy with NRestarts=0 ($(e2e_prop pkg-plain StatusText | cut -c1-50)...)"
else
  fail "enable: status $enable_status, $(e2e_ctl show -p ActiveState -p Type -p WatchdogUSec -p NRestarts -p StatusText pkg-plain | paste -sd' ')"
  tail -n 20 "$WORK/pkg-plain.log" | sed 's/^/  > /'
fi

# 6. The hang (12 s after the start): the agent's report, the watchdog, a restart.
if wait_for 60 '[ "$(e2e_prop pkg-plain NRestarts)" -ge 1 ]' && grep -q 'progress point com.example.testapp.WorkLoop#tick is stuck' "$WORK/pkg-plain.log" \
    && { ! tr -d '\r' < "$E2E_SYSTEMD_LOG" | grep -q 'running in system mode' || e2e_syslog pkg-plain "Failed with result 'watchdog'" > /dev/null; }; then
  pass "hang: restarted by the watchdog $(awk -v a="$restart_at" -v b="$(e2e_now_us)" 'BEGIN { printf "%.1f s", (b - a) / 1e6 }') after the restart (the hang came 12 s in), the agent's report in the unit's output"
else
  fail "hang: NRestarts=$(e2e_prop pkg-plain NRestarts)"; tail -n 20 "$WORK/pkg-plain.log" | sed 's/^/  > /'
fi

# 7. disable --runtime and a restart: the unit as it was.
disabled=$(inside sd-watchdog disable --runtime pkg-plain 2>&1)
disable_status=$?
e2e_ctl restart pkg-plain
marker=$(wc -l < "$WORK/pkg-plain.log")
if [ "$disable_status" = 0 ] && ! inside test -e /run/systemd/system/pkg-plain.service.d \
    && wait_for 60 '[ "$(e2e_prop pkg-plain ActiveState)" = active ]' && [ "$(e2e_prop pkg-plain Type)" = simple ] \
    && [ "$(e2e_prop pkg-plain Environment)" = "$env_before" ] && [ "$(e2e_prop pkg-plain WatchdogUSec)" = 0 ] \
    && [ "$(e2e_prop pkg-plain ExecStart | sed -n 's/.*argv\[\]=\([^;]*\);.*/\1/p')" = "$exec_before" ] \
    && sleep 2 && ! tail -n "+$((marker + 1))" "$WORK/pkg-plain.log" | grep -q 'sd-watchdog'; then
  pass "disable --runtime + restart: Type=simple, Environment=$env_before, no watchdog, ExecStart unchanged, no agent in the new JVM"
else
  fail "disable: status $disable_status: $disabled; $(e2e_ctl show -p Type -p Environment -p WatchdogUSec pkg-plain | paste -sd' ')"
fi
e2e_shutdown

# 8. dpkg -r: every file the package installed is gone (what existed before stays).
dpkg -r sd-watchdog > "$WORK/dpkg-r.log" 2>&1
installed=
left=$(while read -r path; do
  if { [ -e "$path" ] || [ -L "$path" ]; } && ! grep -qxF "$path" "$WORK/existed"; then echo "$path"; fi
done < "$WORK/listed")
if ! dpkg -s sd-watchdog > /dev/null 2>&1 && [ -z "$left" ]; then
  pass "dpkg -r: the $(grep -cvxFf "$WORK/existed" "$WORK/listed") paths the package added are all gone"
else
  fail "dpkg -r left: $left"; sed 's/^/  > /' "$WORK/dpkg-r.log"
fi
finish
