#!/usr/bin/env bash
# Onboards N towns (slugs <prefix>-1 … <prefix>-N) into a running platform and prints the time each took:
# a quick operator check of onboarding speed and a way to fill a local stack with many towns.
# The full benchmark (issue "Benchmarks") will replace it for published figures.
#   API=http://localhost:8080 KEYCLOAK=http://localhost:8180 N=20 PREFIX=m infra/scripts/onboard-towns.sh
set -euo pipefail
API=${API:-http://localhost:8080}
KEYCLOAK=${KEYCLOAK:-http://localhost:8180}
N=${N:-20}
PREFIX=${PREFIX:-m}

TOKEN=$(curl -sf -d grant_type=password -d client_id=alliance-cli -d username=platform-admin -d password=platform-admin \
  "$KEYCLOAK/realms/alliance/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

times=()
for i in $(seq 1 "$N"); do
  body="{\"slug\":\"$PREFIX-$i\",\"nameZh\":\"测量镇$i\",\"nameEn\":\"Measure $i\",\"district\":\"宝山区\",\"city\":\"上海市\"}"
  read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body" "$API/api/platform/towns")
  if [[ $code != 201 && $code != 200 ]]; then echo "town $PREFIX-$i: HTTP $code" >&2; exit 1; fi
  times+=("$seconds")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END {
  printf "towns: %d  min: %.0f ms  median: %.0f ms  p90: %.0f ms  max: %.0f ms\n",
    NR, t[1] * 1000, (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2) * 1000, t[int(NR * 0.9 + 0.5)] * 1000, t[NR] * 1000 }'
