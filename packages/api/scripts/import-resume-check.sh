#!/usr/bin/env bash
# Manual check of a large resumable import (docs/benchmarks.md, "Resumable import at scale"); too
# big for the test suite. Writes ROWS interactions to a CSV, runs `tessera import interactions` on
# it, SIGKILLs the CLI once about half of the rows are stored, runs the same file again, and checks
# that exactly ROWS rows with the file's external ids are stored. Prints each run's time and peak RSS.
#
#   DATABASE_URL=postgres://…/db ROWS=1000000 packages/api/scripts/import-resume-check.sh
#
# TESSERA (default: the repo's bin/tessera.mjs) is the CLI to run. The rows are deleted at the end
# (KEEP=1 keeps them).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to a seeded PostgreSQL database}"
ROWS=${ROWS:-1000000}
KILL_AT=${KILL_AT:-$((ROWS / 2))}
here=$(cd "$(dirname "$0")" && pwd)
TESSERA=${TESSERA:-$here/../bin/tessera.mjs}
dir=$(mktemp -d)
prefix="resume-$(date +%s)"
file="$dir/interactions.csv"
count() { psql "$DATABASE_URL" -Atc "select count(*) from interactions where external_id like '$prefix-%'"; }

psql "$DATABASE_URL" -Atc "select id from customers where erased_at is null order by id limit 2000" > "$dir/customers"
node -e '
  const fs = require("node:fs");
  const [customersFile, out, rows, prefix] = process.argv.slice(1);
  const customers = fs.readFileSync(customersFile, "utf8").trim().split("\n");
  const types = ["CONSULTATION", "COMPLAINT", "FAULT_REPORT", "TRANSACTION", "CARE"];
  const channels = ["HALL", "APP", "HOTLINE", "WEB", "WECHAT", "SMS", "EMAIL"];
  const fd = fs.openSync(out, "w");
  const now = Date.now();
  let chunk = "customerId,externalId,occurredAt,channel,type,summary,agent,outcome\n";
  for (let i = 0; i < Number(rows); i++) {
    chunk += `${customers[i % customers.length]},${prefix}-${i},${new Date(now - (i + 1) * 1000).toISOString()},${channels[i % 7]},${types[i % 5]},"Customer asked about the monthly bill, ref ${i}",agent-${i % 50},RESOLVED\n`;
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ""; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
' "$dir/customers" "$file" "$ROWS" "$prefix"
echo "file: $ROWS rows, $(du -m "$file" | cut -f1) MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # $1 = label; prints "peak RSS, seconds" of the CLI process
  /usr/bin/time -f "$1: exit %x, %e s, peak RSS %M KB" node "$TESSERA" import interactions "$file" --rejects "$dir/rejects-$1.csv" > "$dir/out-$1.txt" 2> "$dir/err-$1.txt" &
  timer=$!
}

started=$(date +%s)
run first
sleep 2
child=$(pgrep -P "$timer" | head -1)
while kill -0 "$child" 2>/dev/null; do
  n=$(count)
  if [ "$n" -ge "$KILL_AT" ]; then kill -KILL "$child"; echo "SIGKILL after $(( $(date +%s) - started )) s with $n rows stored"; break; fi
  sleep 2
done
wait "$timer" || true
tail -1 "$dir/err-first.txt"
echo "stored after the kill: $(count)"

run second
wait "$timer" || true
tail -1 "$dir/err-second.txt"
cat "$dir/out-second.txt"
final=$(count)
distinct=$(psql "$DATABASE_URL" -Atc "select count(distinct external_id) from interactions where external_id like '$prefix-%'")
echo "stored after the re-run: $final rows ($distinct distinct external ids); expected $ROWS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${KEEP:-0}" = 1 ] || psql "$DATABASE_URL" -qc "delete from interactions where external_id like '$prefix-%'"
rm -rf "$dir"
[ "$final" = "$ROWS" ] && [ "$distinct" = "$ROWS" ] && echo "OK: exactly $ROWS rows" || { echo "FAILED"; exit 1; }
