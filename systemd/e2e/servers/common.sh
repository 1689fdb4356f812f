# Sourced by each systemd/e2e/servers/<server>.sh. Boots a private systemd (lib.sh) with the server's example
# unit from systemd/examples (paths filled in, shorter timings in a drop-in) and checks what every preset
# must show: active only once the port answers, healthy under light traffic and idle, a request-path hang
# restarted; and times start to active against the plain server's start to its port answering.
#
# A server script: server_begin NAME; server_unit ...; server_boot; the checks; server_end.
# SERVER_TIMING_RUNS=N (default 1) alternates N plain and N agent starts and reports medians.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SERVER_PASSED=0
SERVER_FAILED=0
pass() { echo "PASS: $SERVER_NAME: $*"; SERVER_PASSED=$((SERVER_PASSED + 1)); }
fail() { echo "FAIL: $SERVER_NAME: $*"; SERVER_FAILED=$((SERVER_FAILED + 1)); }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1e6 }'; }

server_required() {
  [ "${CI:-}" = true ] && return 0
  case "${E2E_REQUIRED:-}" in 1|true|yes) return 0 ;; *) return 1 ;; esac
}

# Sets SERVER_NAME, JAVA, WORK, UNITS, LOGS; exits (skip or failure) where systemd cannot run here.
server_begin() { # NAME
  SERVER_NAME=$1
  if ! e2e_can_run; then
    if server_required; then echo "FAIL: $SERVER_NAME: the harness cannot run here ($E2E_WHY_NOT)"; echo "e2e: 0 passed, 1 failed"; exit 1; fi
    echo "SKIPPED: $SERVER_NAME under systemd: $E2E_WHY_NOT"; exit 0
  fi
  JAVA=$(e2e_java)
  JAVA_HOME_DIR=$(dirname "$(dirname "$JAVA")")
  if [ ! -f "$E2E_AGENT_JAR" ]; then
    echo "FAIL: $SERVER_NAME: $E2E_AGENT_JAR is missing; build first: mvn -DskipTests package"; echo "e2e: 0 passed, 1 failed"; exit 1
  fi
  mkdir -p "$E2E_ROOT/target"
  WORK=$(mktemp -d "$E2E_ROOT/target/e2e-$SERVER_NAME.XXXXXX")
  UNITS=$WORK/units
  LOGS=$WORK/logs
  mkdir -p "$UNITS" "$LOGS"
  trap server_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  echo "e2e: $SERVER_NAME on $JAVA ($("$JAVA" -version 2>&1 | head -n 1))"
}

server_cleanup() {
  e2e_shutdown
  if [ -n "${E2E_KEEP:-}" ]; then echo "e2e: kept $WORK"; else rm -rf "$WORK"; fi
}

# The JDK's feature number (17, 25).
server_java_feature() {
  "$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

# Installs the example unit EXAMPLE (a file under systemd/examples) as UNIT, with the installed agent, this
# JDK and any more sed expressions; Wants=/Requires= are dropped, so nothing pulls in the host's targets.
# A drop-in adds DefaultDependencies=no, the unit's output in LOGS/UNIT.log, and SERVICE_LINES.
server_unit() { # UNIT EXAMPLE SERVICE_LINES [SED_EXPR...]
  local unit=$1 example=$2 lines=$3
  shift 3
  local sed_args=(-e "s#/usr/share/java/sd-watchdog.jar#$E2E_INSTALLED/sd-watchdog-agent.jar#g"
    -e "s#/usr/lib/jvm/default-java#$JAVA_HOME_DIR#g" -e "s#/usr/bin/java #$JAVA #g"
    -e '/^Wants=/d' -e '/^Requires=/d')
  local expr
  for expr in "$@"; do sed_args+=(-e "$expr"); done
  sed "${sed_args[@]}" "$E2E_ROOT/systemd/examples/$example" > "$UNITS/$unit.service"
  mkdir -p "$UNITS/$unit.service.d"
  cat > "$UNITS/$unit.service.d/e2e.conf" <<CONF
[Unit]
DefaultDependencies=no
StartLimitIntervalSec=0

[Service]
RestartSec=1s
StandardOutput=append:$LOGS/$unit.log
StandardError=append:$LOGS/$unit.log
$lines
CONF
}

server_boot() {
  e2e_boot "$WORK" "$UNITS" || { fail "systemd did not come up"; server_end; }
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
server_port_answers() { # PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

server_show_log() { # UNIT [LINES]
  tail -n "${2:-30}" "$LOGS/$1.log" 2>/dev/null | sed 's/^/  > /'
}

# Starts UNIT and polls until it is active: then its port must answer and, if SERVES (a shell command) is
# given, a real request must succeed, since some servers bind their port before they can serve. Sets
# SERVER_ACTIVE_US (start to active, microseconds) or returns 1.
server_start_active() { # UNIT PORT TIMEOUT_SECONDS [SERVES]
  local unit=$1 port=$2 serves=${4:-} t0 now state
  SERVER_ACTIVE_US=
  t0=$(e2e_now_us)
  e2e_ctl start --no-block "$unit"
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    state=$(e2e_prop "$unit" ActiveState)
    now=$(e2e_now_us)
    if [ "$state" = active ]; then
      SERVER_ACTIVE_US=$((now - t0))
      if ! server_port_answers "$port"; then
        echo "  $unit: active, but port $port does not answer"
        return 1
      fi
      if [ -n "$serves" ] && ! eval "$serves" > /dev/null 2>&1; then
        echo "  $unit: active, but a request failed: $serves"
        return 1
      fi
      return 0
    fi
    if [ "$state" = failed ]; then break; fi
    sleep 0.05
  done
  echo "  $unit: ActiveState=$(e2e_prop "$unit" ActiveState) after $(took "$t0" "$(e2e_now_us)")"
  server_show_log "$unit"
  return 1
}

# Starts UNIT (the plain server) and polls until its port answers. Sets SERVER_PORT_US; stops the unit.
server_start_port() { # UNIT PORT TIMEOUT_SECONDS
  local unit=$1 port=$2 t0
  SERVER_PORT_US=
  t0=$(e2e_now_us)
  e2e_ctl start --no-block "$unit"
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if server_port_answers "$port"; then SERVER_PORT_US=$(($(e2e_now_us) - t0)); break; fi
    sleep 0.05
  done
  e2e_ctl stop "$unit"
  [ -n "$SERVER_PORT_US" ]
}

server_median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e6 }'; }

# Alternates starts of PLAIN_UNIT (to its port answering) and AGENT_UNIT (to active), SERVER_TIMING_RUNS
# times each, and prints the medians as one "timing:" line (a measurement, not an assertion). Leaves
# AGENT_UNIT running; fails unless, once active, its port answers and SERVES succeeds.
server_timing() { # PLAIN_UNIT AGENT_UNIT PORT TIMEOUT_SECONDS SERVES
  local plain=() agent=() i runs=${SERVER_TIMING_RUNS:-1}
  for ((i = 1; i <= runs; i++)); do
    if server_start_port "$1" "$3" "$4"; then plain+=("$SERVER_PORT_US"); else fail "plain $1: port $3 never answered"; fi
    if ! server_start_active "$2" "$3" "$4" "$5"; then
      fail "$2: not active and serving on port $3 within $4 s"
      return 1
    fi
    agent+=("$SERVER_ACTIVE_US")
    if [ "$i" -lt "$runs" ]; then e2e_ctl stop "$2"; fi
  done
  pass "$2: active only once port $3 answers and serves a request ($(printf '%s\n' "${agent[@]}" | server_median) s after start)"
  echo "timing: $SERVER_NAME $(server_java_feature): unit start to active with the agent $(printf '%s\n' "${agent[@]}" | server_median) s;" \
    "plain server, start to port answering $(printf '%s\n' "${plain[@]}" | server_median) s (median of $runs)"
}

# UNIT must stay active, NRestarts unchanged, for SECONDS, running TRAFFIC (a shell command, may be empty)
# about once a second; TRAFFIC must succeed each time.
server_stays_healthy() { # UNIT SECONDS TRAFFIC WHAT
  local unit=$1 deadline=$((SECONDS + $2)) restarts state failures=0
  restarts=$(e2e_prop "$unit" NRestarts)
  while [ $SECONDS -lt $deadline ]; do
    if [ -n "$3" ] && ! eval "$3" > /dev/null 2>&1; then failures=$((failures + 1)); fi
    state=$(e2e_prop "$unit" ActiveState)
    if [ "$state" != active ] || [ "$(e2e_prop "$unit" NRestarts)" != "$restarts" ]; then
      fail "$unit: $4: ActiveState=$state NRestarts=$(e2e_prop "$unit" NRestarts) (was $restarts)"
      server_show_log "$unit"
      return 1
    fi
    sleep 1
  done
  if [ "$failures" -gt 0 ]; then fail "$unit: $4: the traffic failed $failures times"; return 1; fi
  pass "$unit: $4: stayed active for $2 s, NRestarts=$restarts"
}

# Runs HANG (a shell command that makes a request hang) in the background and waits until systemd has
# restarted UNIT, and the agent's report naming STUCK_PATTERN is in the unit's output.
server_hang_restarts() { # UNIT HANG TIMEOUT_SECONDS STUCK_PATTERN WHAT
  local unit=$1 restarts t0 hang_pid now
  restarts=$(e2e_prop "$unit" NRestarts)
  t0=$(e2e_now_us)
  bash -c "$2" > /dev/null 2>&1 &
  hang_pid=$!
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(e2e_prop "$unit" NRestarts)" -gt "$restarts" ]; then break; fi
    sleep 0.2
  done
  now=$(e2e_now_us)
  kill "$hang_pid" 2>/dev/null
  wait "$hang_pid" 2>/dev/null
  if [ "$(e2e_prop "$unit" NRestarts)" -le "$restarts" ]; then
    fail "$unit: $5: not restarted within $3 s"
    server_show_log "$unit" 40
    return 1
  fi
  if ! grep -Eq "$4" "$LOGS/$unit.log"; then
    fail "$unit: $5: restarted, but the agent's report does not name $4"
    server_show_log "$unit" 40
    return 1
  fi
  pass "$unit: $5: restarted $(took "$t0" "$now") after the hanging request, the report names ${4//\\/}"
}

# The agent said nothing above <5> in UNIT's output so far (a correct start: no warning, no error), and the
# server's output (UNIT's and any more LOG files) has no linkage error, which woven code would cause. A warning
# that a class had not loaded N s after the JVM started does not count if the class was woven later: that is a
# slow start on a crowded machine, not a preset on the wrong server.
server_start_was_clean() { # UNIT WHAT [LOG...]
  local unit=$1 what=$2 loud line class
  shift 2
  loud=$(grep -aE '<[0-4]>sd-watchdog' "$LOGS/$unit.log" | while IFS= read -r line; do
    class=$(printf '%s\n' "$line" | sed -n 's/.*sd-watchdog: class \([^ ]*\) has not been loaded [0-9]* s after the JVM started.*/\1/p')
    if [ -n "$class" ] && grep -aq "sd-watchdog: instrumented $class: " "$LOGS/$unit.log"; then continue; fi
    printf '%s\n' "$line"
  done | head -n 5)
  if [ -n "$loud" ]; then fail "$unit: $what: the agent warned: $loud"; return 1; fi
  # One the same server without the agent has too (UNIT-plain's output) is the server's own, not the agent's.
  loud=$(cat "$LOGS/$unit.log" "$@" 2>/dev/null | grep -aoE '(NoClassDefFoundError|LinkageError|VerifyError).*' | sort -u \
    | while IFS= read -r line; do grep -aqF -- "$line" "$LOGS/$unit-plain.log" 2>/dev/null || printf '%s\n' "$line"; done | head -n 5)
  if [ -n "$loud" ]; then fail "$unit: $what: the server's output has: $loud"; return 1; fi
  pass "$unit: $what: nothing above <5> from the agent, no linkage error that the plain server does not have"
}

# `suggest` against UNIT's main JVM (run inside the namespace, where its PID is) names preset=PRESET and no other.
server_suggest_names() { # UNIT PRESET
  local out
  out=$(nsenter -t "$E2E_SD_PID" -m -p "$JAVA" -jar "$E2E_AGENT_JAR" suggest "$(e2e_prop "$1" MainPID)" \
    --samples=2 --interval-ms=500 2>&1)
  # The presets it offers are its "preset=X  expands to" lines; a note may name one that is not for this server.
  if [ "$(printf '%s\n' "$out" | sed -n 's/^ *preset=\([a-z-]*\)  expands to .*/\1/p' | sort -u)" = "$2" ]; then
    pass "$1: suggest names preset=$2 and no other"
  else
    fail "$1: suggest does not name preset=$2 alone"
    printf '%s\n' "$out" | head -n 20 | sed 's/^/  > /'
  fi
}

server_end() {
  echo "e2e: $SERVER_PASSED passed, $SERVER_FAILED failed"
  [ "$SERVER_FAILED" = 0 ]
  exit
}
