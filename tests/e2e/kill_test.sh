#!/usr/bin/env bash
# Atomicity: kb-index killed with SIGKILL in the middle of a run (full or incremental)
# leaves the previous index complete and searchable; the next run completes. Also: a
# second kb-index on the same database fails clearly while the first runs.
#
# Every kill comes at a known point of the run's work, whatever the machine's speed:
# KB_INDEX_STOP_AT=POINT:N makes kb-index stop itself (SIGSTOP) at its Nth checkpoint POINT
# (see IndexOptions::checkpoint), the test waits until it is stopped, then kills it.
# Usage: kill_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
index=$build/indexer/kb-index search=$build/searcher/kb-search gen=$build/bench/kb-gen-corpus
tmp=$(mktemp -d) && trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }
ok() { echo "ok   - $*"; }
total() { "$search" --db "$tmp/db" --json --size 1 "$@" | grep -o '"total":[0-9]*' | cut -d: -f2; }
generations() { ls -d "$tmp/db"/gen-* 2>/dev/null | wc -l; }

# Waits until process $1 has stopped itself (0) or has exited (1).
wait_stopped() {
  local pid=$1 state
  while kill -0 "$pid" 2>/dev/null; do
    state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    [ "$state" = T ] && return 0
    sleep 0.02
  done
  return 1
}

"$gen" --out "$tmp/content" --vocab "$src/content" --count 1500 --seed 7 || exit 1
"$index" --content "$tmp/content" --db "$tmp/db" > /dev/null || { echo "first index failed"; exit 1; }
before=$(total)
[ "$before" = 1500 ] && ok "the first index holds 1500 notes" || fail "first index holds $before notes"
gen_before=$(readlink "$tmp/db/current")

# A malformed stop point is refused before anything is touched.
out=$(KB_INDEX_STOP_AT=write "$index" --content "$tmp/content" --db "$tmp/db" 2>&1); rc=$?
[ $rc = 2 ] && grep -q "KB_INDEX_STOP_AT must be POINT:N" <<<"$out" && ok "a malformed KB_INDEX_STOP_AT is refused" ||
  fail "KB_INDEX_STOP_AT=write: rc=$rc, $out"

# More notes, so that every later run has work to be killed in. 900 changes stay under the
# threshold where an incremental run builds a new generation, so "incremental" trials kill
# an in-place transaction and "--full" trials kill a parallel build of a new generation
# (2400 notes: over the size where the build is split across writers and merged).
"$gen" --out "$tmp/content" --vocab "$src/content" --count 900 --first 1500 --seed 7 || exit 1

# The points: the start of reading, mid-way and the end of it; the first, middle and last
# note written; the merge of the parallel parts and the switch of `current` (full); the
# commit of the transaction (incremental).
full_points="read:1 read:1200 read:2400 write:1 write:1200 write:2400 merge:1 switch:1"
incremental_points="read:1 read:1200 read:2400 write:1 write:450 write:900 commit:1"
trial=0
for mode in --full incremental; do
  points=$full_points flag=--full
  [ $mode = incremental ] && points=$incremental_points flag=
  for point in $points; do
    trial=$((trial + 1))
    KB_INDEX_STOP_AT=$point "$index" --content "$tmp/content" --db "$tmp/db" $flag > /dev/null 2> "$tmp/err" &
    pid=$!
    if ! wait_stopped "$pid"; then
      wait "$pid"
      fail "trial $trial ($mode, $point): kb-index ended without reaching $point: $(cat "$tmp/err")"
      continue
    fi
    grep -q "stopped at $point" "$tmp/err" || fail "trial $trial: kb-index stopped without saying where: $(cat "$tmp/err")"
    # What the run had done when it was killed: a full run's new generation is on disk, a
    # switch had its new link made.
    in_progress=yes
    case $mode:$point in
      --full:write:*|--full:merge:*|--full:switch:*) [ "$(generations)" -ge 2 ] || in_progress=no ;;
    esac
    [ "$point" = switch:1 ] && { [ -L "$tmp/db/current.new" ] || in_progress=no; }
    kill -9 "$pid"; wait "$pid" 2>/dev/null
    n=$(total); hits=$(total extradition)
    if [ "$n" = 1500 ] && [ "${hits:-0}" -gt 0 ] && [ "$(readlink "$tmp/db/current")" = "$gen_before" ] &&
       [ $in_progress = yes ]; then
      ok "trial $trial: killed at $point ($mode): old index complete and searchable"
    else
      fail "trial $trial ($mode, $point): after the kill the index holds '$n' notes, '$hits' hits," \
           "current=$(readlink "$tmp/db/current"), work in progress on disk: $in_progress"
    fi
  done
done

# A second indexer while one runs (the first held at its 100th note written).
KB_INDEX_STOP_AT=write:100 "$index" --content "$tmp/content" --db "$tmp/db" --full > /dev/null 2>&1 &
pid=$!
if wait_stopped "$pid"; then
  out=$("$index" --content "$tmp/content" --db "$tmp/db" 2>&1); rc=$?
  if [ $rc -ne 0 ] && grep -q "another kb-index is already writing" <<<"$out"; then
    ok "a second kb-index on the same database fails with a clear message"
  else
    fail "second kb-index: rc=$rc output: $out"
  fi
  kill -CONT "$pid"
else
  fail "the first kb-index ended before its 100th note"
fi
wait "$pid"
rc=$?
n=$(total)
[ $rc -eq 0 ] && [ "$n" = 2400 ] && ok "the run held and continued completes: 2400 notes" || fail "the run after the kills: rc=$rc, $n notes"
"$index" --content "$tmp/content" --db "$tmp/db" > /dev/null
left=$(generations)
[ "$left" = 1 ] && ok "generations left by killed runs are cleaned up" || fail "$left generations left"

echo "$failures failure(s)"
exit $((failures > 0))
