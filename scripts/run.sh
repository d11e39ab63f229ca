#!/usr/bin/env bash
# Installs what is missing, builds, indexes the bundled content and serves it on
# http://127.0.0.1:8080 (PORT=... to change). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKB_BUILD_TESTS=OFF > /dev/null
cmake --build build -j"$(nproc)"
./build/indexer/kb-index --content content --db data/index
if [ -x build/server/kb-serve ]; then
  echo "Serving the knowledge base at http://127.0.0.1:${PORT:-8080}/"
  exec ./build/server/kb-serve --db data/index --port "${PORT:-8080}"
else
  ./build/searcher/kb-search --db data/index "mutual legal assistance"
fi
