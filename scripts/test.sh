#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest: once in a
# normal build, once in an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
for dir in tests/browser tests/api; do  # playwright-core; redocly + ajv for the API contract
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
done
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKB_WARNINGS_AS_ERRORS=ON > /dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKB_SANITIZERS=ON -DKB_WARNINGS_AS_ERRORS=ON > /dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs")
