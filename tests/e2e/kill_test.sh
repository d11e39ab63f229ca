#!/usr/bin/env bash
# Atomicity: kb-index killed with SIGKILL in the middle of a run (full or incremental)
# leaves the previous index complete and searchable; the next run completes. Also: a
# second kb-index on the same database fails clearly while the first runs.
# Usage: kill_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
index=$build/indexer/kb-index search=$build/searcher/kb-search gen=$build/bench/kb-gen-corpus
tmp=$(mktemp -d) && trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }
ok() { echo "ok   - $*"; }
total() { "$search" --db "$tmp/db" --json --size 1 "$@" | grep -o '"total":[0-9]*' | cut -d: -f2; }

"$gen" --out "$tmp/content" --vocab "$src/content" --count 1500 --seed 7 || exit 1
"$index" --content "$tmp/content" --db "$tmp/db" > /dev/null || { echo "first index failed"; exit 1; }
before=$(total)
[ "$before" = 1500 ] && ok "the first index holds 1500 notes" || fail "first index holds $before notes"
gen_before=$(readlink "$tmp/db/current")

# More notes, so that every later run has work to be killed in. 900 changes stay under the
# threshold where an incremental run builds a new generation, so "incremental" trials kill
# an in-place transaction and "--full" trials kill a parallel build of a new generation.
"$gen" --out "$tmp/content" --vocab "$src/content" --count 900 --first 1500 --seed 7 || exit 1

trial=0
for mode in --full ""; do
  for delay in 0.1 0.25 0.4 0.55 0.7 0.85 1.0 1.15 1.3 1.45 1.6 1.75; do
    trial=$((trial + 1))
    "$index" --content "$tmp/content" --db "$tmp/db" $mode > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "trial $trial (${mode:-incremental}, ${delay}s): kb-index finished before it could be killed"
      continue
    fi
    kill -9 "$pid"; wait "$pid" 2>/dev/null
    n=$(total); hits=$(total extradition)
    if [ "$n" = 1500 ] && [ "${hits:-0}" -gt 0 ] && [ "$(readlink "$tmp/db/current")" = "$gen_before" ]; then
      ok "trial $trial: killed after ${delay}s (${mode:-incremental}): old index complete and searchable"
    else
      fail "trial $trial: after the kill the index holds '$n' notes, '$hits' hits, current=$(readlink "$tmp/db/current")"
    fi
  done
done

# A second indexer while one runs.
"$index" --content "$tmp/content" --db "$tmp/db" --full > /dev/null 2>&1 &
pid=$!
sleep 0.3
out=$("$index" --content "$tmp/content" --db "$tmp/db" 2>&1); rc=$?
if [ $rc -ne 0 ] && grep -q "another kb-index is already writing" <<<"$out"; then
  ok "a second kb-index on the same database fails with a clear message"
else
  fail "second kb-index: rc=$rc output: $out"
fi
wait "$pid"
rc=$?
n=$(total)
[ $rc -eq 0 ] && [ "$n" = 2400 ] && ok "the next run completes: 2400 notes" || fail "the run after the kills: rc=$rc, $n notes"
left=$(ls -d "$tmp/db"/gen-* | wc -l)
"$index" --content "$tmp/content" --db "$tmp/db" > /dev/null
left=$(ls -d "$tmp/db"/gen-* | wc -l)
[ "$left" = 1 ] && ok "generations left by killed runs are cleaned up" || fail "$left generations left"

echo "$failures failure(s)"
exit $((failures > 0))
