#!/usr/bin/env bash
# Issue 27 part 1: what each lever does for a position-independent (PIE) build's start-up, measured side by side.
# Builds from HEAD: the default (fixed address), PIE (the SDK's defaults: PIE + dehydrated data), PIE without the
# sandbox (demo/sandbox commands and SamlAssume.Sandbox removed), PIE without the sandbox and Kestrel (serve and
# exec --server removed too, no Microsoft.AspNetCore.App), and that last tree at a fixed address; then page faults,
# data sizes and hyperfine medians of a cached credential-process and --help against the PIE floor app.
# The lever trees are experiments (commands cut out), not shippable builds. Usage: bench/pie-levers.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-40}
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
git clone -q . "$work/no-sandbox"; git clone -q . "$work/no-kestrel"
for tree in "$work/no-sandbox" "$work/no-kestrel"; do
  rm "$tree"/src/SamlAssume/Commands/{DemoCommand,BrowserDemo,SandboxCommand,IamUserDemo}.cs
  sed -i '/new DemoCommand(context)\|new SandboxCommand(context)/d' "$tree/src/SamlAssume/Commands/SamlAssumeCli.cs"
  sed -i '/SamlAssume.Sandbox.csproj/d' "$tree/src/SamlAssume/SamlAssume.csproj"
done
t="$work/no-kestrel"
rm -r "$t/src/SamlAssume/Serve" "$t/src/SamlAssume/Commands/ServeCommand.cs"
sed -i '/new ServeCommand/d' "$t/src/SamlAssume/Commands/SamlAssumeCli.cs"
sed -i '/Microsoft.AspNetCore.App/d' "$t/src/SamlAssume/SamlAssume.csproj"
python3 - "$t/src/SamlAssume/Commands/ExecCommand.cs" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
a = s.index('        var (started, _) = await ServeCommand')
end = '        return await RunAsync(Context, log, program, argv, served, cancellationToken, OutrankContainerCredentials);'
b = s.index(end) + len(end)
open(p, 'w').write(s[:a] + '        throw new InvalidOperationException("exec --server is cut out of this experiment");' + s[b:])
PY
P=(-c Release -r linux-x64 -v q -nologo)
PIE=(-p:PositionIndependentExecutable=true -p:IlcDehydrate=true)
out="$work/out"
dotnet publish src/SamlAssume "${P[@]}" -o "$out/fixed" >/dev/null
dotnet publish src/SamlAssume "${P[@]}" "${PIE[@]}" -o "$out/pie" >/dev/null
dotnet publish "$work/no-sandbox/src/SamlAssume" "${P[@]}" "${PIE[@]}" -o "$out/pie-no-sandbox" >/dev/null
dotnet publish "$t/src/SamlAssume" "${P[@]}" -o "$out/fixed-no-kestrel" >/dev/null
dotnet publish "$t/src/SamlAssume" "${P[@]}" "${PIE[@]}" -o "$out/pie-no-kestrel" >/dev/null
dotnet publish bench/Baseline "${P[@]}" -o "$out/floor" >/dev/null
variants=(fixed pie pie-no-sandbox pie-no-kestrel fixed-no-kestrel)
for v in "${variants[@]}"; do
  kind=$(file -b "$out/$v/samlassume")
  case "$v:$kind" in pie*:*"pie executable"*|fixed*:*"LSB executable"*) ;; *) echo "bench: $v is not what its name says: $kind" >&2; exit 1 ;; esac
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$out/fixed/samlassume" sandbox --port "$port" > "$work/sandbox.log" 2>&1 &
for _ in $(seq 100); do grep -q listening "$work/sandbox.log" && break; sleep 0.1; done
cfg="$work/cfg"; mkdir -p "$cfg" "$work/home"
printf '{"client_id":"sandbox-client-id","client_secret":"sandbox-client-secret","region":"us","api_url":"http://127.0.0.1:%s"}\n' "$port" > "$cfg/onelogin.sdk.json"
printf '{"app_id":"424242","subdomain":"sandbox","username":"demo@example.com","profiles":{"bench-cp":{"aws_account_id":"333333333333","aws_role_name":"Developer","aws_region":"eu-west-1"}}}\n' > "$cfg/onelogin.aws.json"
export AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port/" HOME="$work/home" XDG_CACHE_HOME="$work/cache"
ONELOGIN_PASSWORD=demo-password "$out/fixed/samlassume" credential-process --profile bench-cp -c "$cfg" </dev/null >/dev/null
cache="$XDG_CACHE_HOME/samlassume/credentials/bench-cp.json"
kill %1
cp_args="credential-process --profile bench-cp -c $cfg"
faults() { { /usr/bin/time -f %R "$@" >/dev/null </dev/null; } 2>&1 | tail -1; }
echo "== $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-18s %8s %12s %12s %10s %10s\n' build "size MB" "type data MB" "faults (cp)" "(--help)" ""
printf '%-18s %8.1f %12.2f %12s\n' floor "$(echo "$(stat -c %s "$out/floor/Baseline")/1048576" | bc -l)" \
  "$(size -A "$out/floor/Baseline" | awk '/^\.rodata |^\.data /{s+=$2} END {print s/1048576}')" "$(faults "$out/floor/Baseline" "$cache")"
for v in "${variants[@]}"; do
  b="$out/$v/samlassume"
  printf '%-18s %8.1f %12.2f %12s %10s\n' "$v" "$(echo "$(stat -c %s "$b")/1048576" | bc -l)" \
    "$(size -A "$b" | awk '/^\.rodata |^\.data /{s+=$2} END {print s/1048576}')" "$(faults $b $cp_args)" "$(faults "$b" --help)"
done
args=(-n floor "$out/floor/Baseline $cache")
for v in "${variants[@]}"; do args+=(-n "credential-process $v" "$out/$v/samlassume $cp_args"); done
for v in "${variants[@]}"; do args+=(-n "help $v" "$out/$v/samlassume --help"); done
hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/levers.json" "${args[@]}" >/dev/null
python3 - "$work/levers.json" <<'PY'
import json, sys
r = {x['command']: x for x in json.load(open(sys.argv[1]))['results']}
floor = r['floor']['median']
for name, x in r.items():
    print(f"{name:36} median {x['median']*1000:6.2f} ms  user {x['user']*1000:5.2f}  sys {x['system']*1000:5.2f}  = {x['median']/floor:.2f}x the floor")
PY
