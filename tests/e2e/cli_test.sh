#!/usr/bin/env bash
# The command-line programs, run as a user would: validation, indexing, searching, errors.
# Usage: cli_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
index=$build/indexer/kb-index search=$build/searcher/kb-search
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
contains() { grep -qF -- "$2" <<<"$1"; }

cp -r "$src/tests/fixtures/corpus" "$tmp/content"

out=$("$index" --version); check "kb-index --version names the program and version" contains "$out" "kb-index 0."
out=$("$search" --version); check "kb-search --version names the program and version" contains "$out" "kb-search 0."
out=$("$index" --help); check "kb-index --help explains --check" contains "$out" "--check"

out=$("$index" --content "$tmp/content" --check 2>&1); rc=$?
check "--check on a valid corpus exits 0" test $rc -eq 0
check "--check reports how many notes it checked" contains "$out" "checked 9 notes: 0 with problems"
check "--check creates no index" test ! -e "$tmp/db"

mkdir -p "$tmp/bad" && cp "$tmp/content"/*.yaml "$tmp/bad/"
printf -- '---\ntitle: T\ntype: essay\nsource: S\ndate: 2013-11-26\n---\nBody\n' > "$tmp/bad/one.md"
printf -- '---\ntitle: T\ntype: tool\nsource: S\ndate: 2013-02-30\nregions: [Mars]\n---\nBody\n' > "$tmp/bad/two.md"
out=$("$index" --content "$tmp/bad" --check 2>&1); rc=$?
check "--check on a broken corpus exits non-zero" test $rc -ne 0
check "a bad type is reported as path:line: message" contains "$out" "$tmp/bad/one.md:3: type 'essay' is not one of"
check "a bad date in another file is reported too" contains "$out" "$tmp/bad/two.md:5: date '2013-02-30'"
check "a bad region in the same file is reported too" contains "$out" "$tmp/bad/two.md:6: unknown region 'Mars'"

out=$("$index" --content "$tmp/content" 2>&1); rc=$?
check "kb-index without --db is refused" test $rc -eq 2
check "kb-index without --db says what is missing" contains "$out" "--db DIR is required"

out=$("$index" --content "$tmp/content" --db "$tmp/db" 2>&1); rc=$?
check "a first run exits 0" test $rc -eq 0
check "a first run reports what it added" contains "$out" "9 added, 0 updated, 0 removed, 0 unchanged, 0 failed"
out=$("$index" --content "$tmp/content" --db "$tmp/db" 2>&1)
check "a second run reports everything unchanged" contains "$out" "0 added, 0 updated, 0 removed, 9 unchanged"
rm "$tmp/content/notes/f-informal.md"
out=$("$index" --content "$tmp/content" --db "$tmp/db" 2>&1)
check "a deleted note is reported removed" contains "$out" "1 removed, 8 unchanged"

out=$("$search" --db "$tmp/db" extradite)
check "kb-search finds notes by stem and counts them" contains "$out" "3 results for \"extradite\""
check "kb-search marks the matched words" contains "$out" "[extradition]"
check "kb-search prints facet counts" contains "$out" "type: finding (2)"
out=$("$search" --db "$tmp/db" --region "African Group" --region "Asia-Pacific Group")
check "repeated facet options OR their values" contains "$out" "3 results"
out=$("$search" --db "$tmp/db" --article "UNTOC 18")
check "an article filter matches the article as tagged" contains "$out" "2 results"
out=$("$search" --db "$tmp/db" --article "UNTOC 18" --corresponding)
check "--corresponding widens an article to its counterparts" contains "$out" "5 results"
check "--corresponding says what it added" contains "$out" "Including corresponding articles: UNTOC 18 also matches UNCAC 46"
out=$("$search" --db "$tmp/db" --json --type finding bank)
check "--json prints the API's JSON" contains "$out" '"facets":{"article":'
check "--json carries the total" contains "$out" '"total":0'
out=$("$search" --db "$tmp/db" --json)
check "no query browses everything" contains "$out" '"total":8'
out=$("$search" --db "$tmp/db" --size 0 x 2>&1); rc=$?
check "a bad --size is refused with exit 2" test $rc -eq 2
check "a bad --size is explained" contains "$out" "'size' must be between 1 and 100"
out=$("$search" --db "$tmp/nowhere" x 2>&1); rc=$?
check "a missing index is a clear error" contains "$out" "no index at $tmp/nowhere"
check "a missing index exits non-zero" test $rc -ne 0
out=$("$search" --db "$tmp/db" 'bank) AND ((("' 2>&1); rc=$?
check "unbalanced parentheses and quotes do not crash kb-search" test $rc -eq 0

export=$build/exporter/kb-export
"$export" --db "$tmp/db" --ids c-central-authority,a-videoconference --format html --title "Day 1" -o "$tmp/h.html"; rc=$?
check "kb-export writes an HTML handout" test $rc -eq 0 -a -s "$tmp/h.html"
check "the HTML handout has the title" grep -q "<h1>Day 1</h1>" "$tmp/h.html"
out=$("$export" --db "$tmp/db" --ids a-videoconference,missing-one --date 2026-01-02 2>&1); rc=$?
check "kb-export reports an unknown id and exits 1" test $rc -eq 1
check "kb-export names the unknown id" contains "$out" "no note with id 'missing-one'"
check "kb-export prints Markdown by default" contains "$out" "# Handout"
out=$("$export" --db "$tmp/db" --ids nope 2>&1); rc=$?
check "kb-export with no known id fails" test $rc -eq 1

echo "$failures failure(s)"
exit $((failures > 0))
