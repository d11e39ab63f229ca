#!/usr/bin/env bash
# Past one machine: two indexes searched as one through a Xapian stub file, first as local
# shards, then with one shard served by xapian-tcpsrv (the remote backend). Totals and facet
# counts must add up, and the remote answer must equal the local one.
# Usage: shards_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
index=$build/indexer/kb-index search=$build/searcher/kb-search gen=$build/bench/kb-gen-corpus
tmp=$(mktemp -d)
srv=""
# xapian-tcpsrv forks a child per connection: run it in its own session and kill the
# whole group, or a child keeps ctest's output pipe open.
trap '[ -n "$srv" ] && kill -9 -- "-$srv" 2> /dev/null; rm -rf "$tmp"' EXIT
failures=0
check() { local what=$1; shift; if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi; }
field() { grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
type_count() { grep -o "{\"count\":[0-9]*,\"selected\":false,\"value\":\"$1\"}" | grep -o '[0-9]*' | head -1; }

cp -r "$src/tests/fixtures/corpus" "$tmp/one"
"$gen" --out "$tmp/two" --vocab "$src/content" --count 200 --seed 3
"$index" --content "$tmp/one" --db "$tmp/db1" > /dev/null && "$index" --content "$tmp/two" --db "$tmp/db2" > /dev/null || exit 1

printf 'auto %s\nauto %s\n' "$tmp/db1/current" "$tmp/db2/current" > "$tmp/local.stub"
one=$("$search" --db "$tmp/db1" --json) two=$("$search" --db "$tmp/db2" --json)
both=$("$search" --db "$tmp/local.stub" --json)
check "local shards: the total is the sum of the shards" test "$(field total <<<"$both")" = $(( $(field total <<<"$one") + $(field total <<<"$two") ))
f1=$(type_count finding <<<"$one") f2=$(type_count finding <<<"$two") fb=$(type_count finding <<<"$both")
check "local shards: facet counts add up ($f1 + $f2 = $fb)" test "$fb" = $((f1 + f2))
hit=$("$search" --db "$tmp/local.stub" --json '"swift asset returns"')
check "local shards: a phrase only in the first shard is found" grep -q '"id":"g-settlements-asset-return"' <<<"$hit"

# The second shard over the network, on a free port of the loopback interface.
listening() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
for attempt in 1 2 3 4 5; do
  port=$(( 20000 + RANDOM % 40000 ))
  listening "$port" && continue  # taken by something else
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$tmp/db2/current" < /dev/null > "$tmp/srv.log" 2>&1 &
  srv=$!
  for _ in $(seq 50); do listening "$port" && break; sleep 0.1; done
  listening "$port" && kill -0 "$srv" 2> /dev/null && break
  kill -9 -- "-$srv" 2> /dev/null; srv=""
done
check "xapian-tcpsrv serves the second shard" test -n "$srv"
printf 'auto %s\nremote 127.0.0.1:%s\n' "$tmp/db1/current" "$port" > "$tmp/remote.stub"
# Two words no thesaurus group holds: synonyms are read from local databases only (the
# remote backend lists none), so a thesaurus phrase could expand on one side only.
for q in "" "extradition" "extradition witness"; do
  local_json=$(timeout 30 "$search" --db "$tmp/local.stub" --json $q)
  remote_json=$(timeout 30 "$search" --db "$tmp/remote.stub" --json $q)
  check "remote shard: '$q' gives the same answer as local shards" test "$local_json" = "$remote_json"
done
echo "$failures failure(s)"
exit $((failures > 0))
