#!/usr/bin/env bash
# Relevance on the judged practitioner queries (queries-*.yaml beside this script): the
# bundled notes are indexed, kb answers every query in process (kb-relevance run), and
# kb-relevance eval scores the run. Passes when the mean nDCG@10 reaches 0.79, the mean
# P@5 0.76 and no query comes back empty; otherwise it prints the unmet thresholds and
# every query with no result or nDCG@10 < 0.5, with what came back and what was wanted.
# The same scoring ranks kb against other tools in bench/relevance/run.
# Usage: relevance_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
index=$build/indexer/kb-index relevance=$build/bench/kb-relevance
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT

queries=()
for f in "$src"/tests/relevance/queries-*.yaml; do
    [ -e "$f" ] && queries+=(--queries "$f")
done
if [ ${#queries[@]} -eq 0 ]; then
    echo "FAIL - no judged queries in $src/tests/relevance/queries-*.yaml"
    exit 1
fi

"$index" --content "$src/content" --db "$tmp/db" > "$tmp/index.log" 2>&1 || {
    cat "$tmp/index.log"
    echo "FAIL - kb-index could not index $src/content"
    exit 1
}
"$relevance" run --db "$tmp/db" "${queries[@]}" > "$tmp/kb.run" || {
    echo "FAIL - kb-relevance run failed (its message is above)"
    exit 1
}
"$relevance" eval "${queries[@]}" --run "$tmp/kb.run" --db "$tmp/db" --name kb \
    --min-ndcg 0.79 --min-p5 0.76 --no-empty --per-query
# The thresholds guard what kb reaches today (0.800 and 0.770, see bench/RELEVANCE.md),
# the aim of issue 13 is 0.80 and 0.85: raise them as the engine gets there.
