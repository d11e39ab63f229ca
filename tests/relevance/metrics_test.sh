#!/usr/bin/env bash
# kb-relevance eval, the one scoring of the relevance ctest and of bench/relevance/run, on a
# run whose nDCG@10, P@5 and MRR were worked out by hand (fixtures/), then its thresholds,
# exit statuses and error messages.
# Usage: metrics_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
relevance=$build/bench/kb-relevance fix=$src/tests/relevance/fixtures
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
contains() { grep -qF -- "$2" <<<"$1"; }
row() { grep -P "^test\t$1\t" <<<"$2"; }

out=$("$relevance" eval --queries "$fix/queries.yaml" --run "$fix/run.trec" --name test --format tsv 2>"$tmp/err"); rc=$?
check "eval without thresholds exits 0" test $rc -eq 0
# t-1: (3/log2 4 + 3/log2 5) / (3 + 3/log2 3) = 0.571; t-2: 3 / (3 + 1/log2 3 + 1/2) = 0.726;
# t-3: 0; t-4: grades 1,1,1,1,1,1,2 against the ideal 2,1,1,1,1,1,1 = 0.764.
check "overall: nDCG@10 0.515, P@5 0.583 (capped), MRR 0.583, a quarter empty" \
  test "$(row all "$out")" = "$(printf 'test\tall\t4\t0.515\t0.583\t0.583\t0.250')"
check "per kind: question" test "$(row question "$out")" = "$(printf 'test\tquestion\t2\t0.648\t0.667\t0.667\t0.000')"
check "per kind: keywords (ranks taken from the RANK column)" \
  test "$(row keywords "$out")" = "$(printf 'test\tkeywords\t1\t0.764\t1.000\t1.000\t0.000')"
check "per kind: misspelling (no result)" test "$(row misspelling "$out")" = "$(printf 'test\tmisspelling\t1\t0.000\t0.000\t0.000\t1.000')"
check "a run's query that is not judged is named and ignored" contains "$(cat "$tmp/err")" "query not-judged is not judged: ignored"

out=$("$relevance" eval --queries "$fix/queries.yaml" --run "$fix/run.trec" --min-ndcg 0.5 --min-p5 0.5 2>/dev/null); rc=$?
check "thresholds met (no --no-empty): exit 0" test $rc -eq 0
check "thresholds met: said so" contains "$out" "All thresholds met."
out=$("$relevance" eval --queries "$fix/queries.yaml" --run "$fix/run.trec" --min-ndcg 0.6 --min-p5 0.9 --no-empty 2>/dev/null); rc=$?
check "thresholds unmet: exit 1" test $rc -eq 1
check "the unmet nDCG@10 is named" contains "$out" "UNMET: nDCG@10 0.515 < 0.60 (--min-ndcg)"
check "the unmet P@5 is named" contains "$out" "UNMET: P@5 0.583 < 0.90 (--min-p5)"
check "the empty query is named" contains "$out" "UNMET: 1 query with no result (--no-empty): t-3"
check "a weak query is listed with what it wanted" contains "$out" "wanted: note-e (2)"

printf 'queries:\n  - id: b-1\n    query: "x"\n    kind: questions\n    lang: en\n    judgements:\n      note-a: 3\n' > "$tmp/bad.yaml"
out=$("$relevance" eval --queries "$tmp/bad.yaml" --run "$fix/run.trec" 2>&1); rc=$?
check "a malformed entry: exit 2" test $rc -eq 2
check "an unknown kind is named with file, line and entry" contains "$out" "bad.yaml:4: entry 1 (id b-1): kind 'questions' is not one of"
check "a grade out of range is named too" contains "$out" "bad.yaml:7: entry 1 (id b-1): grade of note-a must be 0, 1 or 2, not '3'"
printf 'queries: [\n' > "$tmp/broken.yaml"
out=$("$relevance" eval --queries "$tmp/broken.yaml" --run "$fix/run.trec" 2>&1); rc=$?
check "YAML that does not parse: exit 2" test $rc -eq 2
check "YAML that does not parse: the file and line are named" contains "$out" "broken.yaml:2: not valid YAML"
printf 't-1 Q0 note-a\n' > "$tmp/bad.run"
out=$("$relevance" eval --queries "$fix/queries.yaml" --run "$tmp/bad.run" 2>&1); rc=$?
check "a malformed run line: exit 2" test $rc -eq 2
check "a malformed run line is named with file and line" contains "$out" "bad.run:1: expected 'QID Q0 DOCID RANK SCORE TAG'"

echo "$failures failure(s)"
exit $((failures > 0))
