#!/usr/bin/env bash
# Every speed claim of docs/PERFORMANCE.md, measured on this machine in one run, each next to its target.
# Usage: bench/run.sh [--quick] [--only SECTION]
#   --quick: fewer runs and BenchmarkDotNet's short job (a smoke run, not figures)
#   --only SECTION: one of credential-process, help, login, micro, push, many-roles (its targets only)
# Needs: the .NET 10 SDK, clang + lld (NativeAOT), hyperfine, python3, /usr/bin/time, file, and for the login
# comparison Debian's /usr/bin/python3 with the packages OneLogin's Python tool imports
# (Debian: apt-get install clang lld hyperfine time file python3-boto3 python3-requests python3-lxml python3-yaml
# python3-keyring).
# OneLogin's Python tool (onelogin-aws-assume-role 2.0.2) is run against the sandbox when ONELOGIN_AWS_ASSUME_ROLE_SRC
# names a checkout of github.com/onelogin/onelogin-python-aws-assume-role at tag 2.0.2 (not vendored here, not on the
# package mirrors); without it the login is compared with its floor, python3 -c 'import boto3'.
set -euo pipefail
[ -z "${ONELOGIN_AWS_ASSUME_ROLE_SRC:-}" ] || ONELOGIN_AWS_ASSUME_ROLE_SRC=$(realpath -m "$ONELOGIN_AWS_ASSUME_ROLE_SRC")
cd "$(dirname "$0")/.."
quick=0; only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) [ $# -ge 2 ] || { echo "bench: --only needs a section" >&2; exit 2; }; only="$2"; shift ;;
    *) echo "bench: unknown argument $1 (usage: bench/run.sh [--quick] [--only SECTION])" >&2; exit 2 ;;
  esac
  shift
done
case "$only" in ""|credential-process|help|login|micro|push|many-roles) ;;
  *) echo "bench: unknown section '$only' (credential-process, help, login, micro, push, many-roles)" >&2; exit 2 ;; esac
section() { [ -z "$only" ] || [ "$only" = "$1" ]; }
runs=30; [ $quick = 1 ] && runs=5
for tool in hyperfine python3 /usr/bin/time clang file; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine python3 time clang lld file)" >&2; exit 2; }
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
results="$work/results.tsv"; : > "$results"
target() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; }   # name, target, measured
median() { python3 -c "import json,sys; r={x['command']:x for x in json.load(open(sys.argv[1]))['results']}; print(round(r[sys.argv[2]]['median']*1000,1))" "$1" "$2"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
started=$(date +%s)

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit+changes"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  ".NET SDK $(dotnet --version), $(date -u +%Y-%m-%dT%H:%MZ), commit $commit"

echo "== publish: the NativeAOT tool, the floor app (NativeAOT: reads the cache file and prints it), the ReadyToRun (JIT) build"
pub="$work/pub"
dotnet publish src/SamlAssume -c Release -r linux-x64 -o "$pub/samlassume" -v q -nologo >/dev/null
if section credential-process; then
  dotnet publish bench/Baseline -c Release -r linux-x64 -o "$pub/floor" -v q -nologo >/dev/null
  # The same floor linked like samlassume (fixed address, no dehydration; src/SamlAssume/SamlAssume.csproj), so the
  # ratio is also known against a floor that had the same link-time advantage.
  dotnet publish bench/Baseline -c Release -r linux-x64 -p:PositionIndependentExecutable=false -p:IlcDehydrate=false \
    -o "$pub/floor-fixed" -v q -nologo >/dev/null
fi
# What the dotnet tool was before NativeAOT (framework-dependent ReadyToRun), for the same-run comparison only.
dotnet publish src/SamlAssume -c Release -r linux-x64 -p:PublishAot=false -p:PublishReadyToRun=true --self-contained false \
  -o "$pub/jit" -v q -nologo >/dev/null
# The hardened build (issue 27): position-independent with the SDK's dehydrated data, measured beside the default.
# A changed IlcDehydrate makes ILC run again; a changed PositionIndependentExecutable alone would not relink.
if section credential-process || section help; then
  dotnet publish src/SamlAssume -c Release -r linux-x64 -p:PositionIndependentExecutable=true -p:IlcDehydrate=true \
    -o "$pub/pie" -v q -nologo >/dev/null
  file "$pub/pie/samlassume" | grep -q 'pie executable' || { echo "bench: the hardened build is not PIE" >&2; exit 1; }
fi
pie="$pub/pie/samlassume"
tool="$pub/samlassume/samlassume"; floor="$pub/floor/Baseline"; floor_fixed="$pub/floor-fixed/Baseline"; jit="$pub/jit/samlassume"
file "$tool" | grep -q ELF || { echo "bench: $tool is not a native executable" >&2; exit 1; }
size_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$tool\")/1e6:.1f}')")

if section credential-process; then
echo "== pack the dotnet tool (pointer + portable 'any' package, then the linux-x64 NativeAOT package) and install it"
dotnet pack src/SamlAssume -c Release -o "$work/nupkg" -v q -nologo >/dev/null
dotnet pack src/SamlAssume -c Release -r any -o "$work/nupkg" -v q -nologo >/dev/null
dotnet pack src/SamlAssume -c Release -r linux-x64 -o "$work/nupkg" -v q -nologo >/dev/null
dotnet tool install --tool-path "$work/tools" --add-source "$work/nupkg" SamlAssume >/dev/null
installed="$work/tools/samlassume"
installed_binary=$(find "$work/tools/.store" -path '*linux-x64*' -name samlassume -type f | head -1)
[ -n "$installed_binary" ] && file "$installed_binary" | grep -q ELF \
  || { echo "bench: dotnet tool install did not install the linux-x64 NativeAOT package" >&2; find "$work/tools" >&2; exit 1; }
echo "installed: the linux-x64 NativeAOT package ($installed_binary)"
fi

echo "== sandbox (the native binary's own)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$tool" sandbox --port "$port" > "$work/sandbox.log" 2>&1 &
for _ in $(seq 100); do grep -q "listening" "$work/sandbox.log" && break; sleep 0.1; done
cfg="$work/config"; mkdir -p "$cfg"
printf '{"client_id":"sandbox-client-id","client_secret":"sandbox-client-secret","region":"us","api_url":"http://127.0.0.1:%s"}\n' "$port" > "$cfg/onelogin.sdk.json"
# A credential_process profile for a user without MFA (the sandbox's demo user), so the cache can be filled unattended.
printf '{"app_id":"424242","subdomain":"sandbox","username":"demo@example.com","profiles":{"bench-cp":{"aws_account_id":"333333333333","aws_role_name":"Developer","aws_region":"eu-west-1"}}}\n' > "$cfg/onelogin.aws.json"
export AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port/" ONELOGIN_PASSWORD=mfa-password HOME="$work/home" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
# Code-based MFA with a fixed code (the sandbox's Duo device), so repeated runs are all full logins.
login_args="login -c $cfg -u mfa@example.com -a 424242 -d sandbox --mfa-device 6007 --otp 246810 -p bench -f $work/credentials --aws-account-id 111111111111 --aws-role-name ReadOnly --aws-region us-east-1"
login="$tool $login_args"
$login </dev/null 2>/dev/null || { echo "bench: the login does not work against the sandbox" >&2; $login </dev/null; exit 1; }

if section credential-process; then
echo "== credential_process answered from the cache vs the floor app"
cp_args="credential-process --profile bench-cp -c $cfg"
ONELOGIN_PASSWORD=demo-password $tool $cp_args </dev/null >/dev/null   # fills the cache (a real sign-in)
cache_file="$XDG_CACHE_HOME/samlassume/credentials/bench-cp.json"
[ -f "$cache_file" ] || { echo "bench: no cache file at $cache_file" >&2; exit 1; }
# native-full: the same cache hit through the whole command line (--verbose skips the hand-parsed fast path).
hyperfine -N --warmup 5 --runs $((runs * 2)) --export-json "$work/cp.json" \
  -n floor "$floor $cache_file" -n floor-fixed "$floor_fixed $cache_file" -n native "$tool $cp_args" -n installed "$installed $cp_args" \
  -n native-full "$tool $cp_args --verbose" -n jit "$jit $cp_args" -n pie "$pie $cp_args" >/dev/null
cp_floor=$(median "$work/cp.json" floor); cp_floor_fixed=$(median "$work/cp.json" floor-fixed); cp_native=$(median "$work/cp.json" native); cp_inst=$(median "$work/cp.json" installed)
cp_full=$(median "$work/cp.json" native-full); cp_jit=$(median "$work/cp.json" jit)
target "floor: NativeAOT app that reads and prints the cache file" "-" "${cp_floor} ms"
target "  the floor app linked like samlassume (fixed address)" "-" "${cp_floor_fixed} ms"
target "credential-process from the cache (native), median" "<= 1.6x floor" "${cp_native} ms = $(ratio "$cp_native" "$cp_floor")x floor ($(ratio "$cp_native" "$cp_floor_fixed")x the fixed-address floor)"
target "credential-process from the cache (dotnet tool install), median" "<= 1.6x floor" "${cp_inst} ms = $(ratio "$cp_inst" "$cp_floor")x floor"
target "  same hit through the full command line (no fast path)" "-" "${cp_full} ms = $(ratio "$cp_full" "$cp_floor")x floor"
target "  same hit, ReadyToRun JIT build (before NativeAOT)" "-" "${cp_jit} ms = $(ratio "$cp_jit" "$cp_floor")x floor"
cp_pie=$(median "$work/cp.json" pie)
target "  same hit, hardened build (PIE, -p:PositionIndependentExecutable=true)" "reported" "${cp_pie} ms = $(ratio "$cp_pie" "$cp_floor")x floor, $(ratio "$cp_pie" "$cp_native")x the default"
fi

if section help; then
echo "== --help"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/help.json" -n native "$tool --help" -n jit "$jit --help" -n pie "$pie --help" >/dev/null
target "--help (native), median" "<= 10 ms" "$(median "$work/help.json" native) ms (JIT build $(median "$work/help.json" jit) ms)"
target "  --help, hardened build (PIE)" "reported" "$(median "$work/help.json" pie) ms"
fi

if section login; then
echo "== whole process: full login (code MFA) vs OneLogin's Python tool 2.0.2 (or its floor) against the same sandbox"
# Debian's interpreter and packages (python3-boto3 ...), as the tool's users on Debian run it; not whatever python3
# comes first on PATH (a pyenv shim adds a shell script and another exec to every run).
py=/usr/bin/python3
python_floor="$py -c 'import boto3'"
$py -c 'import boto3' 2>/dev/null || { echo "bench: $py cannot import boto3 (apt-get install python3-boto3)" >&2; exit 2; }
contenders=(-n python-boto3 "$python_floor")
onelogin_src="${ONELOGIN_AWS_ASSUME_ROLE_SRC:-}"
if [ -n "$onelogin_src" ] && [ -f "$onelogin_src/src/aws_assume_role/aws_assume_role.py" ]; then
  $py -c 'import boto3, requests, lxml, yaml, keyring' 2>/dev/null || { echo "bench: OneLogin's Python tool needs" \
    "apt-get install python3-boto3 python3-requests python3-lxml python3-yaml python3-keyring" >&2; exit 2; }
  onelogin_version=$($py -c 'import sys; sys.path.insert(0, sys.argv[1]); from aws_assume_role.version import __version__; print(__version__)' "$onelogin_src/src")
  [ "$onelogin_version" = 2.0.2 ] || echo "bench: note: ONELOGIN_AWS_ASSUME_ROLE_SRC is version $onelogin_version, the target names 2.0.2"
  # The same user, app, Duo device and code, account/role and region as our login. The tool reads client id/secret
  # from its own onelogin.sdk.json; the password from --onelogin-password (its only unattended way); the device
  # number at its prompt from stdin ("7": the tool lists the user's otp_devices as the sandbox answers them, OneLogin
  # Protect twice as OneLogin documents it, so Duo is 8th; a change makes the check below fail with the tool's list).
  py_cfg="$work/onelogin-python-tool"; mkdir -p "$py_cfg"
  printf '{"client_id":"sandbox-client-id","client_secret":"sandbox-client-secret","region":"us"}\n' > "$py_cfg/onelogin.sdk.json"
  export ONELOGIN_AWS_ASSUME_ROLE_SRC="$onelogin_src" ONELOGIN_SANDBOX_URL="http://127.0.0.1:$port" ONELOGIN_TOOL_ANSWERS=7 \
    PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
  py_creds="$work/onelogin-python-tool.credentials"
  py_tool="$py $PWD/bench/onelogin_tool_at_sandbox.py -c $py_cfg -u mfa@example.com --onelogin-password mfa-password -a 424242 -d sandbox --otp 246810 -p bench-py -f $py_creds --aws-account-id 111111111111 --aws-role-name ReadOnly --aws-region us-east-1"
  timeout 60 $py_tool </dev/null > "$work/onelogin-python-tool.log" 2>&1 \
    || { echo "bench: OneLogin's Python tool did not complete against the sandbox:" >&2; cat "$work/onelogin-python-tool.log" >&2; exit 1; }
  # Proof it did the whole job: the profile it wrote holds keys the sandbox's STS issued (GetCallerIdentity checks
  # the SigV4 signature against the keys it handed out).
  $py - "$py_creds" "http://127.0.0.1:$port/" <<'EOF' || { cat "$work/onelogin-python-tool.log" >&2; exit 1; }
import boto3, configparser, sys
creds = configparser.ConfigParser(); creds.read(sys.argv[1])
if "bench-py" not in creds: sys.exit(f"bench: OneLogin's Python tool wrote no [bench-py] profile to {sys.argv[1]}")
p = creds["bench-py"]
who = boto3.client("sts", endpoint_url=sys.argv[2], region_name="us-east-1", aws_access_key_id=p["aws_access_key_id"],
                   aws_secret_access_key=p["aws_secret_access_key"], aws_session_token=p["aws_session_token"]).get_caller_identity()
print(f"OneLogin's Python tool wrote [bench-py]: {p['aws_access_key_id']}..., which the sandbox's STS knows as {who['Arn']}")
# The tool asks the user's OTP devices (GET /api/1/users/{id}/otp_devices) and falls back to the assertion's list when
# that fails: say which happened.
import requests
api = sys.argv[2].rstrip("/")
token = requests.post(api + "/auth/oauth2/v2/token", json={"grant_type": "client_credentials"},
                      headers={"Authorization": "client_id:sandbox-client-id, client_secret:sandbox-client-secret"}).json()
status = requests.get(api + "/api/1/users/1006/otp_devices",
                      headers={"Authorization": "bearer " + token["access_token"]}).status_code
print(f"  its GET /api/1/users/1006/otp_devices: HTTP {status}" +
      (" (devices from that list)" if status == 200 else " (it fell back to the devices in the SAML assertion answer)"))
EOF
  contenders+=(-n onelogin-python-tool "$py_tool")
else
  echo "bench: ONELOGIN_AWS_ASSUME_ROLE_SRC does not name a checkout of onelogin-python-aws-assume-role 2.0.2;" \
    "comparing the login with the tool's floor, $python_floor, instead"
  onelogin_src=""
fi
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/login.json" \
  -n login "$login" -n jit-login "$jit $login_args" "${contenders[@]}" >/dev/null
login_ms=$(median "$work/login.json" login); py_ms=$(median "$work/login.json" python-boto3); jit_ms=$(median "$work/login.json" jit-login)
target "full login, code MFA (whole process, median)" "<= 40 ms" "${login_ms} ms (JIT build ${jit_ms} ms)"
if [ -n "$onelogin_src" ]; then
  tool_ms=$(median "$work/login.json" onelogin-python-tool)
  target "  vs OneLogin's Python tool $onelogin_version (same run)" ">= 8x faster" "$(ratio "$tool_ms" "$login_ms")x (${tool_ms} ms)"
  target "  vs $python_floor (the tool's floor)" "-" "$(ratio "$py_ms" "$login_ms")x (${py_ms} ms)"
else
  target "  vs $python_floor (OneLogin tool's floor)" ">= 8x faster" "$(ratio "$py_ms" "$login_ms")x (${py_ms} ms)"
fi
peaks=$(for _ in 1 2 3 4 5; do /usr/bin/time -f %M $login </dev/null 2>&1 >/dev/null | tail -1; done | sort -n)
target "full login, peak memory (max RSS, worst of 5)" "<= 40 MB" "$(( $(echo "$peaks" | tail -1) / 1024 )) MB"
fi
target "native binary size" "reported" "${size_mb} MB"

if section micro; then
echo "== BenchmarkDotNet micro-benchmarks (memory diagnoser)"
job="--warmupCount 3 --iterationCount 15 --launchCount 1"; [ $quick = 1 ] && job="--job short"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*' $job --exporters markdown csv --artifacts "$work/bdn" | grep -E '^\|' || true
verify=$(python3 - "$work/bdn/results/SamlAssume.Benchmarks.SamlVerifierBenchmarks-report.csv" <<'EOF'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    if row["Roles"] == "1000": print(f'{row["Mean"]} (StdDev {row["StdDev"]})\t{row["Allocated"]}')
EOF
)
target "parse + verify a 1,000-role signed assertion, mean" "<= 20 ms" "$(echo "$verify" | cut -f1)"
target "parse + verify a 1,000-role signed assertion, allocated" "<= 10 MB" "$(echo "$verify" | cut -f2)"
fi

if section push; then
echo "== MFA: push approval -> credentials written (whole login in-process against the sandbox)"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- push-approval $([ $quick = 1 ] && echo 5 || echo 15) | tee "$work/push.txt"
push_s=$(grep -E '^default' "$work/push.txt" | sed -E 's/.*written median ([0-9.]+) s.*/\1/')
target "push approval -> credentials written (median)" "<= 1.2 s" "${push_s} s"
fi

if section many-roles; then
echo "== 100 roles from one sign-in, 100 ms STS latency (docs/PERFORMANCE.md, 'Many roles')"
dotnet run -c Release --project bench/SamlAssume.Benchmarks -- many-roles auto auto-throttled 8 16 | tee "$work/many.txt"
med() { grep -E "^$1 +run" "$work/many.txt" | grep -v warm-up | awk -v f="$2" '{print $f}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
target "100 roles, 100 ms STS latency, default (adaptive; median of 3)" "<= 0.5 s" "$(med auto 4) ms"
target "100 roles, STS throttling beyond 20 in flight, default: requests (median of 3)" "<= 110" "$(med auto-throttled 10)"
for p in 8 16; do
  ms=$(grep -E "^--max-parallel +$p +run" "$work/many.txt" | grep -v warm-up | awk '{print $5}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  target "100 roles, 100 ms STS latency, --max-parallel $p (median of 3)" "<= 1.5 s" "${ms} ms"
done
fi

echo
echo "== targets and measured figures ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average now $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), commit $commit, $(( $(date +%s) - started )) s)"
column -t -s $'\t' "$results"
