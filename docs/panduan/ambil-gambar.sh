#!/usr/bin/env bash
# Takes the screenshots of the user guides from a running demo service (the README's run command), with Chromium.
#   bash docs/panduan/ambil-gambar.sh [http://localhost:5080]
# Each page is opened signed in as a demo account (/masuk?akun=…&ke=…) in a fresh browser profile.
set -euo pipefail
BASE=${1:-http://localhost:5080}
OUT="$(cd "$(dirname "$0")" && pwd)/gambar"
REGION=kota-payakumbuh
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
mkdir -p "$OUT"

token() { curl -sf -X POST "$BASE/api/dev/token" -H 'Content-Type: application/json' -d "{\"user\":\"$REGION/$1\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'; }
first() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d['items'][0]['$1'] if d['items'] else '')"; }

shot() { # file account path [height]
  local url="$BASE/masuk"
  [ -n "$2" ] && url="$BASE/masuk?akun=$REGION/$2&ke=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$3")"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --lang=id-ID --window-size=1280,"${4:-1100}" \
    --virtual-time-budget=8000 --screenshot="$OUT/$1.png" "$url" >/dev/null 2>&1
  echo "$OUT/$1.png"
}

ASISTEN=$(token asisten-3)
ISSUE=$(curl -sf "$BASE/api/issues?status=open&level=asisten&holder=asisten-3&pageSize=1" -H "Authorization: Bearer $ASISTEN" | first id)
MEETING=$(curl -sf "$BASE/api/meetings" -H "Authorization: Bearer $ASISTEN" | python3 -c '
import json,sys
d=json.load(sys.stdin); items=d["items"] if isinstance(d,dict) else d
done=[m for m in items if str(m.get("status","")).lower()=="concluded"]
print(done[0]["id"] if done else "")')

shot masuk "" ""
"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --lang=id-ID --window-size=1280,700 \
  --screenshot="$OUT/masuk-sandi.png" "$BASE/masuk/sandi" >/dev/null 2>&1 && echo "$OUT/masuk-sandi.png"
ADMIN=$(token admin)
for body in '{"user":"rina","name":"Rina Handayani","role":"asisten","office":"asisten-1"}' \
            '{"user":"budi","name":"Budi Santoso","role":"opd-officer","opd":"dinas-pupr"}'; do
  curl -s -o /dev/null -X POST "$BASE/api/accounts" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$body"
done
# A Plt: Rina (Asisten I) acts for Asisten II this month.
curl -s -o /dev/null -X POST "$BASE/api/accounts/rina/acting" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"office\":\"asisten-2\",\"from\":\"$(date +%Y-%m-01)\",\"to\":\"$(date -d "$(date +%Y-%m-01) +1 month -1 day" +%Y-%m-%d)\"}"
shot admin admin /admin 3300

# A commitment on the Asisten's issue: indicator, progress, two extensions; and a photo as evidence.
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -n "$ISSUE" ]; then
  OWNER=$(curl -sf "$BASE/api/issues/$ISSUE" -H "Authorization: Bearer $ASISTEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["reportingOpd"])')
  OFFICER=$(token "opd/$OWNER")
  FOLLOWUP=$(curl -sf -X POST "$BASE/api/issues/$ISSUE/follow-ups" -H "Authorization: Bearer $ASISTEN" -H 'Content-Type: application/json' \
    -d "{\"ownerOpd\":\"$OWNER\",\"description\":\"Perbaiki dan laporkan hasil uji.\",\"dueDate\":\"$(date -d '+7 day' +%Y-%m-%d)\",\"indicator\":\"Layanan kembali normal, dibuktikan berita acara uji fungsi.\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -s -o /dev/null -X POST "$BASE/api/issues/$ISSUE/follow-ups/$FOLLOWUP/progress" -H "Authorization: Bearer $OFFICER" -H 'Content-Type: application/json' \
    -d '{"percent":60,"note":"Material sudah tiba, pemasangan berjalan."}'
  for days in 14 28; do
    curl -s -o /dev/null -X POST "$BASE/api/issues/$ISSUE/follow-ups/$FOLLOWUP/extend" -H "Authorization: Bearer $ASISTEN" -H 'Content-Type: application/json' \
      -d "{\"dueDate\":\"$(date -d "+$days day" +%Y-%m-%d)\",\"reason\":\"Material terlambat dikirim.\"}"
  done
  curl -s -o /dev/null -X POST "$BASE/api/issues/$ISSUE/attachments" -H "Authorization: Bearer $OFFICER" -F "file=@$HERE/../../tests/Eskalasi.Tests/Evidence/pipa.jpg"
fi
# A rakor of Asisten III with guests and a material.
RAKOR=$(curl -sf -X POST "$BASE/api/meetings" -H "Authorization: Bearer $ASISTEN" -H 'Content-Type: application/json' \
  -d "{\"scheduledAt\":\"$(date -d '+2 day' +%Y-%m-%dT09:00:00+07:00)\",\"place\":\"Ruang Rapat Asisten III\",\"invitedOpds\":[\"bkpsdm\",\"diskominfo\"],\"invitedGuests\":[{\"name\":\"AKP Rudi Hartono\",\"institution\":\"Polres Payakumbuh\"},{\"name\":\"Ir. Sari Dewi\",\"institution\":\"Kantor Pertanahan\"}]}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -s -o /dev/null -X POST "$BASE/api/meeting-series" -H "Authorization: Bearer $ASISTEN" -H 'Content-Type: application/json' \
  -d '{"every":"two-weeks","weekday":"tuesday","time":"09:00","place":"Ruang Rapat Asisten III","invitedOpds":["bkpsdm","diskominfo"]}'
curl -s -o /dev/null -X PUT "$BASE/api/org/holidays" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"dates\":[\"$(date +%Y)-12-31\"],\"names\":[\"Contoh libur daerah\"]}"
curl -s -o /dev/null -X POST "$BASE/api/meetings/$RAKOR/materials" -H "Authorization: Bearer $ASISTEN" -F "file=@$HERE/../../tests/Eskalasi.Tests/Evidence/denah.png"
shot opd-masalah-kami opd/dinas-pupr /masalah
shot opd-lapor opd/dinas-pupr /lapor 1300
shot asisten-antrean asisten-3 /antrean 1400
shot asisten-pantauan asisten-3 "/antrean?tab=pantauan" 1400
shot asisten-masalah asisten-3 "/masalah/$ISSUE" 1900
shot asisten-rapat asisten-3 /rapat 2000
shot asisten-rapat-tamu asisten-3 "/rapat/$RAKOR" 1000
[ -n "$MEETING" ] && shot asisten-notulen asisten-3 "/rapat/$MEETING/notulen" 1400
shot kotak-masuk asisten-3 /kotak-masuk
shot sekda-antrean sekda /sekda 1400
shot sekda-audit sekda /audit 1600
shot kepala-daerah-antrean head /kepala-daerah
shot analis-analitik analyst /analitik 2200
