#!/usr/bin/env bash
# Every speed claim of docs/PERFORMANCE.md, measured on this machine in one run.
# Usage: bench/run.sh [--quick]   (--quick: fewer iterations, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""; [ "${1:-}" = "--quick" ] && quick="--job short"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version), $(date -u +%Y-%m-%d)"

echo "== BenchmarkDotNet micro-benchmarks"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*' $quick --exporters markdown

echo "== MFA: push approval -> credentials written (whole login in-process against the sandbox)"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- push-approval $([ -n "$quick" ] && echo 5 || echo 15)
