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

# The reference views: the same core functions as /api/related, /api/article and /api/matrix.
out=$("$search" --db "$tmp/db" --related a-videoconference 2>&1); rc=$?
check "--related exits 0" test $rc -eq 0
check "--related names the note it starts from" contains "$out" "Related to a-videoconference (Testimony by videoconference"
listed=$(tail -n +2 <<<"$out")
check "--related lists some notes" test "$(grep -c . <<<"$listed")" -ge 1
check "--related lists at most 5 notes" test "$(grep -c . <<<"$listed")" -le 5
check "--related never lists the note itself" test "$(grep -c '^a-videoconference ' <<<"$listed")" -eq 0
check "--related shows what a note shares" contains "$out" "(shared articles: UNCAC 46"
out=$("$search" --db "$tmp/db" --json --related a-videoconference)
check "--related --json is /api/related's JSON" contains "$out" '{"id":"a-videoconference","related":[{'
check "--related --json never lists the note itself" test "$(grep -o '"id":"a-videoconference"' <<<"$out" | wc -l)" -eq 1
check "--related --json lists at most 5 notes" test "$(grep -o '"shared_articles":' <<<"$out" | wc -l)" -le 5
check "--related --json has the shared topics" contains "$out" '"shared_topics":['

out=$("$search" --db "$tmp/db" --article-info UNCAC-46 2>&1); rc=$?
check "--article-info exits 0" test $rc -eq 0
check "--article-info shows the article and its title" contains "$out" "UNCAC 46: "
check "--article-info shows the counterpart UNTOC 18" contains "$out" "Counterpart: UNTOC 18"
total=$(sed -n 's/^\([0-9]*\) notes\{0,1\} cite UNCAC 46.*/\1/p' <<<"$out")
sum=$(sed -n 's/^[A-Z][a-z]* (\([0-9]*\))$/\1/p' <<<"$out" | awk '{ s += $1 } END { print s + 0 }')
check "--article-info counts the notes citing it (5 in the fixtures)" test "$total" = 5
check "--article-info shows the four groups" test "$(grep -cE '^(Findings|Practices|Handbook|Tools) \([0-9]+\)$' <<<"$out")" -eq 4
check "--article-info group counts sum to the total" test "$sum" = "$total"
out2=$("$search" --db "$tmp/db" --article-info "UNCAC 46")
check "--article-info takes \"UNCAC 46\" as /article/UNCAC-46 does" test "$out2" = "$out"
out=$("$search" --db "$tmp/db" --json --article-info uncac_46)
check "--article-info --json is /api/article's JSON" contains "$out" '"id":"UNCAC 46"'
check "--article-info --json has the counterpart" contains "$out" '"id":"UNTOC 18"'
check "--article-info --json has the groups" contains "$out" '"groups":[{"count":'

# matrix_cell TEXT ROW COL: the cell of a --matrix table (columns are separated by 2+ spaces).
matrix_cell() {
  awk -F '  +' -v row="$2" -v col="$3" '
    NR == 2 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
    NR > 2 && $1 == row && c { print $c; exit }' <<<"$1"
}
json_total() { "$search" --db "$tmp/db" --json "$@" | grep -o '"total":[0-9]*' | tail -1 | cut -d: -f2; }
out=$("$search" --db "$tmp/db" --matrix article,region 2>&1); rc=$?
check "--matrix exits 0" test $rc -eq 0
check "--matrix says what it counts" contains "$out" "8 notes, by article (rows) and region (columns)"
check "--matrix has a Total column" contains "$(sed -n 2p <<<"$out")" "  Total"
cell=$(matrix_cell "$out" "UNCAC 46" "Latin American and Caribbean Group")
check "--matrix cell UNCAC 46 x Latin American... is 2" test "$cell" = 2
check "--matrix cell equals the search's total with both filters" \
  test "$cell" = "$(json_total --article "UNCAC 46" --region "Latin American and Caribbean Group")"
cell=$(matrix_cell "$out" "UNCAC 46" "African Group")
check "--matrix cell UNCAC 46 x African Group equals the search's total" \
  test -n "$cell" -a "$cell" = "$(json_total --article "UNCAC 46" --region "African Group")"
check "--matrix row total equals the search's total with the row filter" \
  test "$(matrix_cell "$out" "UNCAC 46" Total)" = "$(json_total --article "UNCAC 46")"
check "--matrix column total equals the search's total with the column filter" \
  test "$(matrix_cell "$out" Total "African Group")" = "$(json_total --region "African Group")"
check "--matrix grand total equals the search's total" test "$(matrix_cell "$out" Total Total)" = 8
out=$("$search" --db "$tmp/db" --matrix type,article --region "Latin American and Caribbean Group" delays)
cell=$(matrix_cell "$out" finding "UNCAC 44")
check "--matrix applies the query and filters" \
  test -n "$cell" -a "$cell" = "$(json_total --type finding --article "UNCAC 44" --region "Latin American and Caribbean Group" delays)"
out=$("$search" --db "$tmp/db" --json --matrix article,region)
check "--matrix --json is /api/matrix's JSON" contains "$out" '"rows":{"facet":"article","label":"Article","values":[{'
check "--matrix --json carries the total" contains "$out" '"total":8'

out=$("$search" --db "$tmp/db" --related no-such-note 2>&1); rc=$?
check "--related with an unknown id exits 1" test $rc -eq 1
check "--related names the unknown id" contains "$out" "kb-search: no note with id 'no-such-note'"
out=$("$search" --db "$tmp/db" --article-info UNCAC-999 2>&1); rc=$?
check "--article-info with an unknown article exits 1" test $rc -eq 1
check "--article-info names the unknown article" contains "$out" "no article 'UNCAC 999'"
out=$("$search" --db "$tmp/db" --article-info planet-9 2>&1); rc=$?
check "--article-info with something not an article exits 1" test $rc -eq 1
check "--article-info names what is not an article" contains "$out" "'planet-9' is not an article"
out=$("$search" --db "$tmp/db" --matrix article,planet 2>&1); rc=$?
check "--matrix with an unknown facet exits 1" test $rc -eq 1
check "--matrix names the unknown facet" contains "$out" "no facet 'planet'"
out=$("$search" --db "$tmp/db" --matrix article 2>&1); rc=$?
check "--matrix with one facet is a usage error (exit 2)" test $rc -eq 2
check "--matrix with one facet says what it takes" contains "$out" "two facets separated by a comma"
out=$("$search" --db "$tmp/db" --matrix article,region --page 2 2>&1); rc=$?
check "--matrix with --page is a usage error (exit 2)" test $rc -eq 2
out=$("$search" --db "$tmp/db" --related a-videoconference --article-info UNCAC-46 2>&1); rc=$?
check "--related with --article-info is a usage error (exit 2)" test $rc -eq 2
out=$("$search" --db "$tmp/db" --related a-videoconference --region "African Group" 2>&1); rc=$?
check "--related with a search filter is a usage error (exit 2)" test $rc -eq 2
check "--related with a search filter names it" contains "$out" "--region"
out=$("$search" --db "$tmp/db" --no-such-option 2>&1); rc=$?
check "an unknown option is a usage error (exit 2)" test $rc -eq 2

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
