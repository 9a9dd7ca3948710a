#!/usr/bin/env bash
# Every speed claim of docs/PERFORMANCE.md, measured on this machine in one run, each next to its target.
# Usage: bench/run.sh [--quick]     --quick: fewer runs and BenchmarkDotNet's short job (a smoke run, not figures)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0; [ "${1:-}" = "--quick" ] && quick=1
runs=30; [ $quick = 1 ] && runs=5
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }

work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
results="$work/results.tsv"; : > "$results"
target() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; }   # name, target, measured

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, .NET SDK $(dotnet --version), $(date -u +%Y-%m-%dT%H:%MZ)"

echo "== publish (ReadyToRun, invariant globalisation) the tool and the baseline app"
pub="$work/pub"
dotnet publish src/SamlAssume -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$pub/samlassume" -v q -nologo >/dev/null
dotnet publish bench/Baseline -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -p:InvariantGlobalization=true -o "$pub/baseline" -v q -nologo >/dev/null
tool="$pub/samlassume/samlassume"; baseline="$pub/baseline/Baseline"

echo "== sandbox"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$tool" sandbox --port "$port" > "$work/sandbox.log" 2>&1 &
for _ in $(seq 50); do grep -q "listening" "$work/sandbox.log" && break; sleep 0.1; done
cfg="$work/config"; mkdir -p "$cfg"
printf '{"client_id":"sandbox-client-id","client_secret":"sandbox-client-secret","region":"us","api_url":"http://127.0.0.1:%s"}\n' "$port" > "$cfg/onelogin.sdk.json"
export AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port/" ONELOGIN_PASSWORD=mfa-password HOME="$work/home" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
# Code-based MFA with a fixed code (the sandbox's Duo device), so repeated runs are all full logins.
login="$tool login -c $cfg -u mfa@example.com -a 424242 -d sandbox --mfa-device 6007 --otp 246810 -p bench -f $work/credentials --aws-account-id 111111111111 --aws-role-name ReadOnly --aws-region us-east-1"
$login </dev/null 2>/dev/null || { echo "bench: the login does not work against the sandbox" >&2; $login </dev/null; exit 1; }

echo "== whole process: full login vs an empty .NET app"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/login.json" -n baseline "$baseline" -n login "$login" >/dev/null
median() { python3 -c "import json,sys; r={x['command']:x for x in json.load(open(sys.argv[1]))['results']}; print(round(r[sys.argv[2]]['median']*1000,1))" "$1" "$2"; }
base_ms=$(median "$work/login.json" baseline); login_ms=$(median "$work/login.json" login)
target "empty .NET console app (baseline)" "-" "${base_ms} ms"
target "full login, code MFA (whole process, median)" "<= 400 ms" "${login_ms} ms ($(python3 -c "print(round($login_ms/$base_ms,1))")x baseline)"
peak_kb=$(/usr/bin/time -f %M $login </dev/null 2>&1 >/dev/null | tail -1)
target "full login, peak memory (max RSS)" "<= 80 MB" "$((peak_kb / 1024)) MB"

echo "== BenchmarkDotNet micro-benchmarks"
job=""; [ $quick = 1 ] && job="--job short"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*' $job --exporters markdown --artifacts "$work/bdn" | grep -E '^\|' || true

echo "== MFA: push approval -> credentials written (whole login in-process against the sandbox)"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- push-approval $([ $quick = 1 ] && echo 5 || echo 15) | tee "$work/push.txt"
push_s=$(grep -E '^default' "$work/push.txt" | sed -E 's/.*written median ([0-9.]+) s.*/\1/')
target "push approval -> credentials written (median)" "<= 1.2 s" "${push_s} s"

echo "== 100 roles from one sign-in, 100 ms STS latency (docs/PERFORMANCE.md, 'Many roles')"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- many-roles 8 16 | tee "$work/many.txt"
for p in 8 16; do
  ms=$(grep -E "^--max-parallel +$p +run" "$work/many.txt" | grep -v warm-up | awk '{print $5}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  target "100 roles, 100 ms STS latency, --max-parallel $p (median)" "<= 1.5 s" "${ms} ms"
done

echo
echo "== targets and measured figures"
column -t -s $'\t' "$results"
