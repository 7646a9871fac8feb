#!/usr/bin/env bash
# Messages accepted per second by one node: the embedded default (java -jar sluice.jar node --data-dir TMP,
# SMTP on 127.0.0.1:2525, metrics on 127.0.0.1:9464) fed by Postfix's smtp-source, 20 sessions of 4 KiB
# messages to someone@sluice.test. Every 250 waits for the spool's group-committed fsync.
#
# Usage: node/src/bench/accept-bench.sh [JAR] [MESSAGES] [WARMUP]   (defaults: node/target/sluice.jar 20000 40000)
# The messages go to someone@bench.test, an accepted domain the script adds with no connector, so that
# they stay in the spool and the figure is acceptance alone; DELIVER=1 sends them to someone@sluice.test
# instead, whose Foreign connector writes each one to the drop directory beside the acceptance.
# REUSE=1 (the default) sends many messages per connection (smtp-source -d), as MTAs do and as the shared
# relay-bench.sh's figure of ~8,800/s for a bare smtp-sink is measured; REUSE=0 opens a connection per message.
# WARMUP messages go first, unmeasured, so that the figure is the JIT-compiled node's (the first 20,000
# messages of a fresh JVM run at half speed while C2 compiles on the same two cores); 0 skips it.
# Builds nothing: run `mvn -B -pl node -am -DskipTests package` first. Installs Postfix (for smtp-source)
# when it is missing and leaves Postfix's own daemon stopped. The spool is kept in a temporary directory
# that is deleted at the end (KEEP=1 keeps it).
set -euo pipefail

JAR=${1:-node/target/sluice.jar}
MESSAGES=${2:-20000}
WARMUP=${3:-40000}
REUSE=${REUSE:-1}
RECIPIENT=$([[ "${DELIVER:-0}" == 1 ]] && echo "someone@sluice.test" || echo "someone@bench.test")
REUSE_FLAG=$([[ "$REUSE" == 1 ]] && echo "-d" || echo "")
SESSIONS=20
SIZE=4096
SMTP=127.0.0.1:2525
METRICS=http://127.0.0.1:9464

[[ -f "$JAR" ]] || { echo "no $JAR: build it with mvn -B -pl node -am -DskipTests package" >&2; exit 2; }

if [[ ! -x /usr/sbin/smtp-source ]]; then
  echo "installing postfix for /usr/sbin/smtp-source" >&2
  SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >/dev/null \
    || { echo "cannot install postfix (no network?): smtp-source is needed" >&2; exit 2; }
  $SUDO postfix stop >/dev/null 2>&1 || true
fi

for port in 2525 9464; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "127.0.0.1:$port is taken: stop what listens there first" >&2; exit 2
  fi
done

DATA=$(mktemp -d -t sluice-accept-bench.XXXXXX)
NODE_PID=
cleanup() {
  if [[ -n "$NODE_PID" ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
  fi
  [[ "${KEEP:-0}" == 1 ]] && echo "data kept in $DATA" >&2 || rm -rf "$DATA"
}
trap cleanup EXIT

java -jar "$JAR" node --data-dir "$DATA" >"$DATA/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$METRICS/ready" && break
  kill -0 "$NODE_PID" 2>/dev/null || { cat "$DATA/node.log" >&2; echo "the node exited" >&2; exit 1; }
  sleep 0.5
done
curl -sf -o /dev/null "$METRICS/ready" || { cat "$DATA/node.log" >&2; echo "the node is not ready after 60 s" >&2; exit 1; }

metric() {  # the value of an unlabelled sample, or 0 when the node does not expose it
  curl -sf "$METRICS/metrics" | awk -v name="$1" '$1 == name { print $2; found = 1 } END { if (!found) print 0 }'
}
accepts() {  # whether the node takes RCPT TO:<$1> from an anonymous client
  local line reply=""
  exec 3<>/dev/tcp/127.0.0.1/2525 || return 1
  printf 'HELO probe.test\r\nMAIL FROM:<probe@client.test>\r\nRCPT TO:<%s>\r\nQUIT\r\n' "$1" >&3
  for _ in 1 2 3 4; do read -r -t 5 line <&3 || break; reply=$line; done
  exec 3<&-
  [[ $reply == 250* ]]
}
if [[ "${DELIVER:-0}" != 1 ]]; then
  zk=$(grep -o 'ZooKeeper 127.0.0.1:[0-9]*' "$DATA/node.log" | head -1 | cut -d' ' -f2)
  java -jar "$JAR" new-accepteddomain --zookeeper "${zk:-127.0.0.1:2181}" --name bench --domain-name bench.test \
    >/dev/null || { echo "cannot add the accepted domain bench.test" >&2; exit 1; }
  # The node takes it from its live copy of the directory within moments; until then bench.test is refused.
  for _ in $(seq 1 100); do accepts someone@bench.test && break; sleep 0.1; done
  accepts someone@bench.test || { echo "the node does not accept bench.test after 10 s" >&2; exit 1; }
fi
if (( WARMUP > 0 )); then
  wstart=$(date +%s.%N)
  /usr/sbin/smtp-source $REUSE_FLAG -s "$SESSIONS" -l "$SIZE" -m "$WARMUP" -M client.test -f sender@client.test \
    -t "$RECIPIENT" "inet:$SMTP"
  awk -v n="$WARMUP" -v s="$wstart" -v e="$(date +%s.%N)" 'BEGIN { printf "warm-up: %d messages, %.0f messages/s (not counted)\n", n, n / (e - s) }'
fi
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$NODE_PID/stat"; }  # the node's user + system CPU, in clock ticks
before_cpu=$(cpu_ticks)
before_received=$(metric sluice_messages_received_total)
before_syncs=$(metric sluice_spool_sync_duration_seconds_count)

start=$(date +%s.%N)
/usr/sbin/smtp-source $REUSE_FLAG -s "$SESSIONS" -l "$SIZE" -m "$MESSAGES" -M client.test -f sender@client.test \
  -t "$RECIPIENT" "inet:$SMTP"
end=$(date +%s.%N)
after_cpu=$(cpu_ticks)

received=$(awk -v a="$(metric sluice_messages_received_total)" -v b="$before_received" 'BEGIN { printf "%d", a - b }')
syncs=$(awk -v a="$(metric sluice_spool_sync_duration_seconds_count)" -v b="$before_syncs" 'BEGIN { printf "%d", a - b }')
awk -v n="$MESSAGES" -v s="$start" -v e="$end" -v r="$received" -v y="$syncs" -v c="$SESSIONS" -v l="$SIZE" \
  -v u0="$before_cpu" -v u1="$after_cpu" -v hz="$(getconf CLK_TCK)" \
  -v m="$([[ "$REUSE" == 1 ]] && echo "connections reused" || echo "a connection per message")" 'BEGIN {
  t = e - s
  printf "%d messages of %d bytes, %d sessions (%s), in %.2f s: %.0f messages/s\n", n, l, c, m, t, n / t
  printf "sluice_messages_received_total: %d\n", r
  if (y > 0) printf "spool syncs: %d (%.3f per message)\n", y, y / r
  else printf "spool syncs: not measured (sluice_spool_sync_duration_seconds_count is not fed by the node)\n"
  printf "node CPU: %.0f us per message (user + system)\n", (u1 - u0) * 1000000 / hz / n
}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
