#!/usr/bin/env bash
# A full disk: the index lives on a small tmpfs, filled up by a filler file. A run that runs
# out of space fails with a clear message and the previous index stays complete and
# searchable (full rebuild, large incremental run, small in-place update); once space is
# freed the next run completes. Needs permission to mount a tmpfs (exit 77: skipped).
# Usage: full_disk_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
index=$build/indexer/kb-index search=$build/searcher/kb-search gen=$build/bench/kb-gen-corpus
tmp=$(mktemp -d)
mnt=$tmp/disk
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=16m tmpfs "$mnt" 2> /dev/null; then
  echo "SKIP: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"; rm -rf "$tmp"; exit 77
fi
trap 'umount "$mnt" 2> /dev/null; rm -rf "$tmp"' EXIT
failures=0
check() { local what=$1; shift; if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi; }
total() { "$search" --db "$mnt/db" --json --size 1 "$@" | grep -o '"total":[0-9]*' | cut -d: -f2; }
fill() {  # leaves about $1 KiB free on the small disk
  rm -f "$mnt/filler"
  local free_kb; free_kb=$(df -k --output=avail "$mnt" | tail -1)
  [ "$free_kb" -gt "$1" ] && dd if=/dev/zero of="$mnt/filler" bs=1K count=$((free_kb - $1)) status=none
}
expect_failure_keeps_index() {  # DESCRIPTION ARGS...
  local what=$1; shift
  local out rc; out=$("$index" --content "$tmp/content" --db "$mnt/db" "$@" 2>&1); rc=$?
  check "$what: the run fails" test $rc -ne 0
  check "$what: the message says the disk is full" grep -q "No space left on device" <<<"$out"
  check "$what: the previous index is complete" test "$(total)" = "$expected"
  check "$what: and searchable" test "$(total extradition)" = 3
}

cp -r "$src/tests/fixtures/corpus" "$tmp/content"
"$index" --content "$tmp/content" --db "$mnt/db" > /dev/null
expected=9
check "the first index is built" test "$(total)" = 9

"$gen" --out "$tmp/content" --vocab "$src/content" --count 3000 --seed 5 > /dev/null
fill 600
expect_failure_keeps_index "full rebuild" --full
expect_failure_keeps_index "large incremental run (new generation)"

rm -rf "$tmp/content/gen"
"$gen" --out "$tmp/content" --vocab "$src/content" --count 40 --seed 5 > /dev/null
fill 0
expect_failure_keeps_index "small update in place"

rm -f "$mnt/filler"
out=$("$index" --content "$tmp/content" --db "$mnt/db" 2>&1); rc=$?
check "with space freed, the next run completes" test $rc -eq 0
check "and the index holds every note" test "$(total)" = 49
echo "$failures failure(s)"
exit $((failures > 0))
