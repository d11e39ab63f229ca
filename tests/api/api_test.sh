#!/usr/bin/env bash
# The JSON API against its contract, server/openapi.yaml:
#   1. lints the description with Redocly CLI (recommended rules; zero errors);
#   2. indexes the bundled content into a temporary directory and starts a real kb-serve
#      on 127.0.0.1 (a free port picked by the kernel);
#   3. sends real requests (searches with facets and filters, browsing, a note, /healthz,
#      the description itself, and every kind of error: 400, 404, 405, 414, 503) and
#      validates each JSON body with ajv-cli against the schema the description declares
#      for that path, method and status;
#   4. stops the server (trap), whatever happened.
# A renamed, added, missing or retyped property on either side fails it.
#
#   bash tests/api/api_test.sh BUILD_DIR
#
# Needs Node.js 18.17 or later (Debian 12's nodejs is 18.20) and `npm ci --prefix tests/api` (@redocly/cli, ajv-cli, ajv-formats,
# js-yaml, pinned by package-lock.json); fails, never skips, without them. Sends nothing
# anywhere but the loopback server (Redocly's telemetry and update check are off).
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd) || exit 2
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
SPEC="$SRC/server/openapi.yaml"
NM="$HERE/node_modules"

KB_INDEX="$BUILD/indexer/kb-index"
KB_SERVE="$BUILD/server/kb-serve"
for program in "$KB_INDEX" "$KB_SERVE"; do
  [ -x "$program" ] || { echo "FAIL: $program is not built" >&2; exit 1; }
done
command -v node > /dev/null || { echo "FAIL: node is not installed (Debian package nodejs)" >&2; exit 1; }
# @redocly/cli 1.34 (pinned: version 2 needs Node.js 20.19) runs on Node.js 18.17 or later,
# so on Debian 12's own nodejs.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 17) ? 0 : 1)' ||
  { echo "FAIL: Node.js $(node --version) is too old for @redocly/cli 1.34; 18.17 or later is needed" >&2; exit 1; }
for tool in "$NM/.bin/redocly" "$NM/.bin/ajv" "$NM/ajv-formats" "$NM/js-yaml"; do
  [ -e "$tool" ] || { echo "FAIL: $tool is missing; run \`npm ci --prefix tests/api\` first" >&2; exit 1; }
done

# No telemetry, no update checks: nothing leaves the machine.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1 CI=${CI:-true}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kb-api-test.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2> /dev/null; then
    kill -TERM "$SERVER_PID" 2> /dev/null
    wait "$SERVER_PID" 2> /dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
  failed=$((failed + 1))
  echo "not ok - $1"
  [ $# -gt 1 ] && sed 's/^/    /' <<< "$2"
  return 0
}

# ---- 1. lint ------------------------------------------------------------------------
if out=$("$NM/.bin/redocly" lint --config "$HERE/redocly.yaml" "$SPEC" 2>&1); then
  ok "redocly lint: server/openapi.yaml has no errors"
else
  not_ok "redocly lint: server/openapi.yaml has errors" "$(grep -v '[║╔╚]' <<< "$out")"
fi

# One version number: the description's info.version is the programs' --version.
version=$("$KB_SERVE" --version | awk '{print $NF}')
spec_version=$(cd "$HERE" && node -e 'console.log(require("js-yaml").load(require("fs").readFileSync(process.argv[1], "utf8")).info.version)' "$SPEC")
if [ -n "$version" ] && [ "$version" = "$spec_version" ]; then
  ok "info.version of server/openapi.yaml is kb-serve's version ($version)"
else
  not_ok "info.version of server/openapi.yaml is kb-serve's version" "openapi.yaml says '$spec_version', kb-serve --version says '$version'"
fi

# ---- 2. an index and a server -------------------------------------------------------
if ! out=$("$KB_INDEX" --content "$SRC/content" --db "$WORK/index" 2>&1); then
  echo "FAIL: kb-index could not index $SRC/content:" >&2
  echo "$out" >&2
  exit 1
fi
"$KB_SERVE" --db "$WORK/index" --host 127.0.0.1 --port 0 --web "$SRC/web" --quiet 2> "$WORK/serve.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's|.* at http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2> /dev/null || break
  sleep 0.1
done
if [ -z "$PORT" ]; then
  echo "FAIL: kb-serve did not start:" >&2
  cat "$WORK/serve.log" >&2
  exit 1
fi
BASE="http://127.0.0.1:$PORT"
echo "# kb-serve on $BASE, index in $WORK/index"

# ---- 3. real responses against the contract ------------------------------------------
n=0
LAST_BODY=""
# check NAME METHOD URL SPEC_PATH STATUS [EXPRESSION]
#   Sends METHOD URL; the answer must have STATUS, a JSON content type, and a body valid
#   against the schema server/openapi.yaml declares for METHOD SPEC_PATH STATUS; and
#   EXPRESSION (JavaScript, `r` = the body) must hold, if given.
check() {
  local name=$1 method=$2 url=$3 spec_path=$4 status=$5 expression=${6:-}
  n=$((n + 1))
  local body="$WORK/body-$n.json" schema="$WORK/schema-$n.json" head out
  LAST_BODY=$body
  if ! head=$(node "$HERE/contract.js" fetch "$BASE$url" "$method" "$body" 2>&1); then
    not_ok "$name" "$head"
    return
  fi
  local got_status content_type allow
  IFS=$'\t' read -r got_status content_type allow <<< "$head"
  if [ "$got_status" != "$status" ]; then
    not_ok "$name" "$method $url: status $got_status, expected $status; body: $(head -c 400 "$body")"
    return
  fi
  if [[ "$content_type" != application/json* ]]; then
    not_ok "$name" "$method $url: Content-Type '$content_type', expected application/json"
    return
  fi
  if [ "$status" = 405 ] && [ "$allow" != "GET, HEAD" ]; then
    not_ok "$name" "$method $url: Allow '$allow', expected 'GET, HEAD'"
    return
  fi
  if ! out=$(node "$HERE/contract.js" schema "$SPEC" "$spec_path" "$method" "$status" "$schema" 2>&1); then
    not_ok "$name" "$out"
    return
  fi
  if ! out=$("$NM/.bin/ajv" validate --spec=draft7 --all-errors --errors=text -c "$NM/ajv-formats" \
               -s "$schema" -d "$body" 2>&1); then
    not_ok "$name" "$method $url does not match the $status response of $method $spec_path in server/openapi.yaml:
$out
body: $(head -c 600 "$body")"
    return
  fi
  if [ -n "$expression" ] && ! out=$(node "$HERE/contract.js" expect "$body" "$expression" 2>&1); then
    not_ok "$name" "$method $url: $out; body: $(head -c 400 "$body")"
    return
  fi
  ok "$name"
}

check "GET /healthz: 200 Health" get "/healthz" /healthz 200 'r.status === "ok" && r.documents > 100'
documents=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).documents)' "$LAST_BODY")

check "GET /api/search?q=videoconference: 200 SearchResults with hits and facets" \
  get "/api/search?q=videoconference" /api/search 200 \
  'r.total > 0 && r.hits.length > 0 && r.facets.article.length > 0 && r.facets.topic.length > 0 && r.suggestion === null && r.sort === "relevance"'
doc_id=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).hits[0].id)' "$LAST_BODY" 2> /dev/null)
doc_id2=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).hits[1].id)' "$LAST_BODY" 2> /dev/null)

check "GET /api/search with q and two facet filters (one repeated): 200, the selections marked" \
  get "/api/search?q=extradition&article=UNCAC+44&region=Latin+American+and+Caribbean+Group&region=Asia-Pacific+Group&size=5" \
  /api/search 200 \
  'r.total > 0 && r.hits.length > 0 && r.hits.length <= 5 && r.filters.region.length === 2 && r.filters.article[0] === "UNCAC 44" &&
   r.facets.region.filter(v => v.selected).length === 2 && r.facets.article.some(v => v.selected && v.value === "UNCAC 44") &&
   r.facets.region.filter(v => v.selected).every(v => v.count <= r.total) &&
   r.facets.region.filter(v => v.selected).reduce((s, v) => s + v.count, 0) >= r.total'

check "GET /api/search with no q (browsing), page 2: 200, every note, newest first" \
  get "/api/search?size=3&page=2" /api/search 200 \
  "r.query === '' && r.sort === 'date' && r.total === ${documents:-0} && r.page === 2 && r.hits.length === 3 &&
   r.hits[0].date >= r.hits[1].date && r.hits[1].date >= r.hits[2].date"

check "GET /api/search with a misspelt word: 200, the correction's hits" \
  get "/api/search?q=extradtion" /api/search 200 \
  'r.total > 0 && r.hits.length > 0 && r.suggestion === "extradition" && r.corrected === true'
check "GET /api/search with a misspelt word and spelling=0: 200, no hits, the suggestion offered" \
  get "/api/search?q=extradtion&spelling=0" /api/search 200 \
  'r.total === 0 && r.hits.length === 0 && r.suggestion === "extradition" && r.corrected === false'
check "GET /api/search with a question naming a region: 200, the region understood, stop words ignored" \
  get "/api/search?q=what+did+reviews+find+about+central+authorities+in+the+Asia-Pacific+Group%3F" /api/search 200 \
  'r.understood.some(u => u.facet === "region" && u.value === "Asia-Pacific Group") && r.ignored.includes("what") &&
   r.total > 0 && r.hits.every(h => h.regions.includes("Asia-Pacific Group"))'
check "GET /api/search with literal=: 200, the phrase searched as words" \
  get "/api/search?q=Asia-Pacific+extradition&literal=Asia-Pacific" /api/search 200 \
  'r.understood.length === 0 && r.total > 0'
check "GET /api/search where few notes hold every word: 200, closest notes with their missing words" \
  get "/api/search?q=how+have+other+States+handled+videoconference+testimony%3F" /api/search 200 \
  'r.matching === "closest" && r.total > 0 && r.hits.some(h => h.missing.length > 0)'
check "GET /api/search?spelling=yes: 400 Error naming spelling" \
  get "/api/search?q=x&spelling=yes" /api/search 400 'r.error.includes("spelling")'

check "GET /api/search past the last page: 200, no hits" \
  get "/api/search?q=videoconference&page=1000&size=100" /api/search 200 'r.hits.length === 0 && r.total > 0'

check "GET /api/doc/${doc_id:-?}: 200 Note with concordance and related notes" \
  get "/api/doc/${doc_id:-missing-id}" "/api/doc/{id}" 200 \
  "r.id === '${doc_id:-}' && r.html.includes('<p>') && r.related.length > 0 && r.concordance.length === r.articles.length"

check "GET /api/handout with two notes and an unknown id: 200 Handout, in the order asked, the unknown id reported" \
  get "/api/handout?ids=${doc_id2:-x},no-such-note,${doc_id:-y}&title=Workshop" /api/handout 200 \
  "r.title === 'Workshop' && r.notes.length === 2 && r.notes[0].id === '${doc_id2:-}' && r.notes[1].id === '${doc_id:-}' &&
   r.missing.length === 1 && r.missing[0] === 'no-such-note' && r.references.length >= 1 &&
   r.notes.every(n => r.references[n.reference - 1].source === n.source)"
check "GET /api/handout with 101 ids: 400 Error naming the limit" \
  get "/api/handout?ids=$(seq -s, 1 101)" /api/handout 400 'r.error.includes("too many ids") && r.error.includes("100")'
check "GET /api/handout without ids: 400 Error" \
  get "/api/handout" /api/handout 400 'r.error.includes("ids")'
check "POST /api/handout: 405 Error" \
  post "/api/handout" /api/handout 405
check "GET /api/search?q=demandées&lang=fr&language=fr: 200, the French notes found by their French stem" \
  get "/api/search?q=demand%C3%A9es&lang=fr&language=fr" /api/search 200 'r.total === 2 && r.hits.length === 2'
check "GET /api/search?lang=xx: 400 Error naming lang" \
  get "/api/search?q=x&lang=xx" /api/search 400 'r.error.includes("lang")'
# The reference endpoints: concordance widening, articles, related notes, the matrix.
check "GET /api/search?article=UNCAC+46&corresponding=1: 200, widened to UNTOC 18, article titles" \
  get "/api/search?article=UNCAC+46&corresponding=1&size=1" /api/search 200 \
  'r.corresponding === true && r.widened["UNCAC 46"][0] === "UNTOC 18" && r.total >= r.facets.article.find(v => v.value === "UNCAC 46").count &&
   r.facets.article.find(v => v.value === "UNCAC 46").title === "Mutual legal assistance"'
check "GET /api/search?corresponding=yes: 400 Error naming corresponding" \
  get "/api/search?article=UNCAC+46&corresponding=yes" /api/search 400 'r.error.includes("corresponding")'
check "GET /api/article/UNCAC-46: 200 ArticlePage, groups adding up to the total" \
  get "/api/article/UNCAC-46" "/api/article/{id}" 200 \
  'r.id === "UNCAC 46" && r.title === "Mutual legal assistance" && r.counterparts[0].id === "UNTOC 18" &&
   r.groups.reduce((s, g) => s + g.count, 0) === r.total && r.total > 0 && r.total_with_counterparts >= r.total'
check "GET /api/article/UNCAC-999: 404 Error" \
  get "/api/article/UNCAC-999" "/api/article/{id}" 404 'r.error.includes("UNCAC 999")'
check "GET /api/related/${doc_id:-?}: 200 RelatedNotes, never the note itself" \
  get "/api/related/${doc_id:-missing-id}" "/api/related/{id}" 200 \
  "r.id === '${doc_id:-}' && r.related.length > 0 && r.related.length <= 5 && r.related.every(x => x.id !== r.id)"
check "GET /api/related/no-such-note: 404 Error" \
  get "/api/related/no-such-note" "/api/related/{id}" 404 'r.error.includes("no-such-note")'
check "GET /api/matrix?rows=article&cols=region: 200 Matrix" \
  get "/api/matrix?rows=article&cols=region" /api/matrix 200 \
  "r.total === ${documents:-0} && r.rows.facet === 'article' && r.cells.length === r.rows.values.length &&
   r.cells.every(line => line.length === r.cols.values.length) && r.overlap === true"
check "GET /api/matrix with q and a filter: 200 Matrix, the search's total" \
  get "/api/matrix?rows=type&cols=year&q=extradition&region=African+Group" /api/matrix 200 \
  'r.query === "extradition" && r.filters.region[0] === "African Group" && r.total > 0 && r.total < '"${documents:-0}"
check "GET /api/matrix?lang=fr with a French query: 200 Matrix, French notes found by stem" \
  get "/api/matrix?rows=type&cols=language&q=demand%C3%A9es&lang=fr" /api/matrix 200 \
  'r.total >= 2 && r.cols.values.some(v => v.value === "fr" && v.total >= 2)'
check "GET /api/matrix?rows=colour: 400 Error naming it" \
  get "/api/matrix?rows=colour" /api/matrix 400 'r.error.includes("colour")'
check "POST /api/matrix: 405 Error" \
  post "/api/matrix" /api/matrix 405
check "GET /api/search?foo=1 (unknown parameter): 400 Error" \
  get "/api/search?foo=1" /api/search 400 'r.error.includes("foo")'
check "GET /api/search?page=0: 400 Error" \
  get "/api/search?page=0" /api/search 400 'r.error.includes("page")'
check "GET /api/search?size=101: 400 Error" \
  get "/api/search?size=101" /api/search 400 'r.error.includes("size")'
check "GET /api/search?q=AND (a query that cannot be parsed): 400 Error" \
  get "/api/search?q=AND" /api/search 400 'r.error.startsWith("cannot understand the query")'
check "GET /api/doc/no-such-note: 404 Error" \
  get "/api/doc/no-such-note" "/api/doc/{id}" 404 'r.error.includes("no-such-note")'
check "POST /api/search: 405 Error with Allow: GET, HEAD" \
  post "/api/search" /api/search 405
check "POST /api/doc/{id}: 405 Error" \
  post "/api/doc/${doc_id:-x}" "/api/doc/{id}" 405
check "GET /api/search with a 10 KB URL: 414 Error" \
  get "/api/search?q=$(printf 'a%.0s' $(seq 1 10000))" /api/search 414

# The description itself, served byte for byte.
n=$((n + 1))
if head=$(node "$HERE/contract.js" fetch "$BASE/api/openapi.yaml" get "$WORK/openapi-served.yaml" 2>&1); then
  IFS=$'\t' read -r got_status content_type _ <<< "$head"
  if [ "$got_status" != 200 ]; then
    not_ok "GET /api/openapi.yaml: 200, server/openapi.yaml byte for byte" "status $got_status: $(head -c 200 "$WORK/openapi-served.yaml")"
  elif [[ "$content_type" != application/yaml* ]]; then
    not_ok "GET /api/openapi.yaml: 200, server/openapi.yaml byte for byte" "Content-Type '$content_type', expected application/yaml"
  elif ! cmp -s "$SPEC" "$WORK/openapi-served.yaml"; then
    not_ok "GET /api/openapi.yaml: 200, server/openapi.yaml byte for byte" "the served description differs from $SPEC (rebuild kb-serve?)"
  else
    ok "GET /api/openapi.yaml: 200, server/openapi.yaml byte for byte"
  fi
else
  not_ok "GET /api/openapi.yaml: 200, server/openapi.yaml byte for byte" "$head"
fi

# No index: the server answers 503 (JSON) until one is back.
mv "$WORK/index" "$WORK/index.away"
check "GET /api/search with the index gone: 503 Error" \
  get "/api/search?q=videoconference" /api/search 503 'r.error.includes("index")'
check "GET /api/doc/{id} with the index gone: 503 Error" \
  get "/api/doc/${doc_id:-x}" "/api/doc/{id}" 503
check "GET /healthz with the index gone: 503 HealthUnavailable" \
  get "/healthz" /healthz 503 'r.status === "unavailable"'
mv "$WORK/index.away" "$WORK/index"
check "GET /healthz with the index back: 200 Health" \
  get "/healthz" /healthz 200 "r.documents === ${documents:-0}"

# ---- 4. the server stops by the trap -------------------------------------------------
if ! kill -0 "$SERVER_PID" 2> /dev/null; then
  not_ok "kb-serve is still running after the requests" "$(cat "$WORK/serve.log")"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
