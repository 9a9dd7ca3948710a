#!/usr/bin/env bash
# Every speed claim of docs/PERFORMANCE.md, measured on this machine in one run.
# Usage: bench/run.sh [--quick]   (--quick: fewer iterations, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""; [ "${1:-}" = "--quick" ] && quick="--job short"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version), $(date -u +%Y-%m-%d)"

echo "== BenchmarkDotNet micro-benchmarks"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*' $quick --exporters markdown

echo "== 100 roles from one sign-in, 100 ms STS latency (docs/PERFORMANCE.md, 'Many roles')"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- many-roles 8 16 32
