#!/usr/bin/env bash
# Runs every test the way CI does: Azurite on free loopback ports, one Release build, all test projects,
# a `dotnet format` check, and one closing line "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
AZURITE_VERSION=3.37.0
AZURITE_DIR=.tools/azurite
AZURITE_BIN="$AZURITE_DIR/node_modules/.bin/azurite"
RESULTS_DIR=artifacts/test-results
AZURITE_PID=""

stop_azurite() {
  if [[ -n "$AZURITE_PID" ]]; then
    # Azurite closes its ports on the first signal and exits on the second.
    kill "$AZURITE_PID" 2>/dev/null || true
    sleep 1
    kill "$AZURITE_PID" 2>/dev/null || true
    AZURITE_PID=""
  fi
}
trap stop_azurite EXIT
trap 'stop_azurite; exit 130' INT
trap 'stop_azurite; exit 143' TERM

# --- Azurite -------------------------------------------------------------------------------------------
if [[ ! -x "$AZURITE_BIN" ]]; then
  echo "Installing azurite@$AZURITE_VERSION into $AZURITE_DIR"
  npm install --prefix "$AZURITE_DIR" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null
fi

# Three free ports at once (never the defaults: a developer's Azurite or another run may hold them).
read -r BLOB_PORT QUEUE_PORT TABLE_PORT < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
)

mkdir -p .tools
"$AZURITE_BIN" --inMemoryPersistence --silent --skipApiVersionCheck \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$BLOB_PORT" --queuePort "$QUEUE_PORT" --tablePort "$TABLE_PORT" \
  >.tools/azurite.log 2>&1 &
AZURITE_PID=$!

for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$TABLE_PORT") 2>/dev/null; then break; fi
  if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
    echo "Azurite exited at start-up; see .tools/azurite.log:" >&2
    cat .tools/azurite.log >&2
    exit 1
  fi
  sleep 0.5
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$TABLE_PORT") 2>/dev/null; then
  echo "Azurite did not open table port $TABLE_PORT within 30 s; see .tools/azurite.log" >&2
  exit 1
fi
echo "Azurite $AZURITE_VERSION on 127.0.0.1: blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT"

DEV_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export P21_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$DEV_KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"

# --- Real packages; a stand-in only for the Service Bus worker extension (docs/build.md) -----------------
# Every package is the real one. Only if Microsoft.Azure.Functions.Worker.Extensions.ServiceBus itself cannot be found
# (NU1101), or not at the version we pin (NU1102: since 2026-12-04 our mirror offers only 5.7.0, whose metadata generator
# fails on Worker.Sdk 2.x), does the build reference eng/stand-ins/ in its place; any other restore failure fails.
STAND_IN_PACKAGE=Microsoft.Azure.Functions.Worker.Extensions.ServiceBus
if restore_log=$(dotnet restore functions/P21.Functions/P21.Functions.csproj -p:UseServiceBusStandIn=false 2>&1); then
  echo "Building with the real Azure Functions worker packages, $STAND_IN_PACKAGE included."
else
  missing=$(grep -oE "NU110[12]: Unable to find package [^ .]+(\.[^ .]+)*" <<<"$restore_log" | awk '{print $NF}' | sort -u || true)
  if [[ "$missing" != "$STAND_IN_PACKAGE" ]]; then
    echo "dotnet restore functions/P21.Functions failed, and not only for $STAND_IN_PACKAGE:" >&2
    grep -E "error" <<<"$restore_log" >&2 || echo "$restore_log" >&2
    exit 1
  fi
  echo "Building with the real Azure Functions worker packages and eng/stand-ins/$STAND_IN_PACKAGE (UseServiceBusStandIn=true): that package does not restore here at the pinned version ($(grep -oE "NU110[12]" <<<"$restore_log" | sort -u | tr '\n' ' ' | sed 's/ $//'))."
  # An environment variable reaches every later dotnet build/test/format as the MSBuild property of the same name.
  export UseServiceBusStandIn=true
fi

# --- Build, test, format --------------------------------------------------------------------------------
dotnet build P21Functions.sln -c Release -v q -nologo

rm -rf "$RESULTS_DIR"
test_rc=0
# One run per test project, each with its own TRX name: a solution-wide run would write every project's
# results to the same LogFileName (or to second-resolution timestamped names that can collide).
mapfile -t TEST_PROJECTS < <(dotnet sln P21Functions.sln list | grep -E '^tests/.+\.csproj$')
for project in "${TEST_PROJECTS[@]}"; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -c Release \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" || test_rc=$?
done

format_rc=0
if ! dotnet format P21Functions.sln --verify-no-changes --no-restore -v q; then
  format_rc=1
  echo "dotnet format found changes to make: run 'dotnet format P21Functions.sln' (with UseServiceBusStandIn=true exported where the stand-in is used)." >&2
fi

# --- Summary (the last line is what CI reads) ----------------------------------------------------------
read -r PASSED FAILED SKIPPED < <(python3 - "$RESULTS_DIR" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
counts = {"Passed": 0, "Failed": 0, "NotExecuted": 0}
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iter():
        if result.tag.endswith("UnitTestResult"):
            outcome = result.get("outcome", "Failed")
            counts[outcome if outcome in counts else "Failed"] += 1
print(counts["Passed"], counts["Failed"], counts["NotExecuted"])
PY
)

status=0
if (( test_rc != 0 || format_rc != 0 || FAILED > 0 || PASSED + FAILED == 0 )); then status=1; fi
if (( PASSED + FAILED == 0 )); then echo "No test ran." >&2; fi
if (( test_rc != 0 && FAILED == 0 )); then echo "dotnet test exited with $test_rc (a test host crashed or a project failed to run)." >&2; fi

summary="$PASSED passed, $FAILED failed"
if (( SKIPPED > 0 )); then summary+=", $SKIPPED skipped"; fi
echo "$summary"
exit "$status"
