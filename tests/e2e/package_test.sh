#!/usr/bin/env bash
# The Debian package: built with cpack, its contents and computed Depends checked with
# dpkg-deb, installed with dpkg, and the installed programs run against the installed
# content. Removed (purged) again at the end. Needs root for dpkg -i (exit 77: skipped).
# Usage: package_test.sh BUILD_DIR
set -u
build=$1
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: installing a package needs root"; exit 77; fi
tmp=$(mktemp -d)
trap 'dpkg --purge kb > /dev/null 2>&1; rm -rf "$tmp"' EXIT
failures=0
check() { local what=$1; shift; if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi; }
has() { grep -qxF -- "$2" <<<"$1"; }

(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/kb_*_amd64.deb)
version=$("$build/indexer/kb-index" --version | awk '{print $2}')
check "the package is named kb_<version>_amd64.deb" test "$(basename "$deb")" = "kb_${version}_amd64.deb"
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/kb-index ./usr/bin/kb-search ./usr/bin/kb-serve ./usr/lib/kb/libkb_core.so \
         ./usr/share/kb/web/templates/results.mustache ./usr/share/kb/web/static/kb.css \
         ./usr/share/kb/content/topics.yaml ./usr/share/man/man1/kb-search.1 ./usr/share/man/man1/kb-index.1 \
         ./usr/share/man/man1/kb-serve.1 ./usr/lib/systemd/system/kb-serve.service ./etc/default/kb; do
  check "the package holds $f" has "$files" "$f"
done
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends computed by dpkg-shlibdeps name libxapian30" grep -q "libxapian30" <<<"$depends"
check "Depends name libcmark" grep -q "libcmark" <<<"$depends"
check "/etc/default/kb is a conffile" grep -q "/etc/default/kb" <<<"$(dpkg-deb -I "$deb" conffiles)"
check "the service runs as an unprivileged user" grep -q "^User=kb" <<<"$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/kb-serve.service)"

check "dpkg installs the package" dpkg -i "$deb"
check "the installed kb-search prints the version" test "$(/usr/bin/kb-search --version)" = "kb-search $version"
out=$(/usr/bin/kb-index --content /usr/share/kb/content --db "$tmp/db" 2>&1)
check "the installed kb-index indexes the installed content" grep -q "0 failed" <<<"$out"
out=$(/usr/bin/kb-search --db "$tmp/db" videoconference testimony)
check "the installed kb-search finds notes" grep -q "results for" <<<"$out"
check "the man page of kb-search has examples" grep -q "EXAMPLES" /usr/share/man/man1/kb-search.1
check "the service user exists" getent passwd kb
port=$(( 20000 + RANDOM % 40000 ))
/usr/bin/kb-serve --db "$tmp/db" --port "$port" > "$tmp/serve.log" 2>&1 &
serve=$!
for _ in $(seq 50); do grep -q "serving" "$tmp/serve.log" && break; sleep 0.1; done
kill "$serve" 2> /dev/null; wait "$serve" 2> /dev/null
check "the installed kb-serve finds the installed web assets without flags" grep -q "web assets: /usr/share/kb/web" "$tmp/serve.log"
echo "$failures failure(s)"
exit $((failures > 0))
