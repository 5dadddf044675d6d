#!/usr/bin/env bash
# hallq-kiosk as a citizen outside drives it: under an X server (Xvfb), with
# real mouse clicks (xdotool) on buttons found by reading the screen (tesseract
# word boxes), printing on the virtual printer; the server and the printed
# bytes (iconv) are asked what happened. Run inside xvfb-run:
#   xvfb-run -a -s "-screen 0 1080x1920x24" tests/kiosk/xvfb_kiosk_test.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
tmp="$(mktemp -d)"
server_pid="" kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  import -window root "$tmp/shot.png" 2>/dev/null && convert "$tmp/shot.png" -colorspace Gray -negate -threshold 50% "$tmp/page.png" &&
    OMP_THREAD_LIMIT=1 tesseract "$tmp/page.png" stdout -l chi_sim+eng --psm 11 2>/dev/null | tr -s '\n' | head -40 >&2
  echo "kiosk log:" >&2
  cat "$tmp/kiosk.log" >&2
  exit 1
}

"$bin/hallq-server" --config "$src/tests/data/hall.toml" --db "$tmp/hall.db" --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/server.out" 2>/dev/null && break; sleep 0.05; done
port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.out" | head -1)"
[ -n "$port" ] || fail "the server did not start: $(cat "$tmp/server.log")"
export HALLQ_SERVER="127.0.0.1:$port"
ctl() { HALLQ_TOKEN=test-admin-token "$bin/hallqctl" "$@"; }

"$bin/hallq-kiosk" --device kiosk-1 --token test-kiosk-token --size 1080x1920 --printer "file:$tmp/tickets/" \
  --reader none --no-voice >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!
xdotool search --sync --name "hallq kiosk" >/dev/null

shot() { import -window root "$tmp/shot.png"; }
# The words on screen with their boxes (tesseract TSV): dark text on light,
# one level, so white-on-blue buttons and grey hints alike are read.
words() {
  shot
  convert "$tmp/shot.png" -colorspace Gray -negate -threshold 50% "$tmp/page.png"
  OMP_THREAD_LIMIT=1 tesseract "$tmp/page.png" stdout -l chi_sim+eng --psm 11 tsv 2>/dev/null
}
# Waits until a word matching $1 (a regex) is on screen.
wait_text() {
  for _ in $(seq 30); do
    words | awk -F'\t' -v t="$1" 'NR > 1 && $12 ~ t { found = 1 } END { exit !found }' && return 0
    sleep 0.3
  done
  fail "no \"$1\" on screen"
}
# Clicks the centre of the first word on screen that matches $1 (a regex).
click_text() {
  local at
  for _ in $(seq 30); do
    # awk reads to the end (no early exit): tesseract must not die of SIGPIPE under pipefail.
    at="$(words | awk -F'\t' -v t="$1" '!done && NR > 1 && $12 ~ t { printf "%d %d", $7 + $9 / 2, $8 + $10 / 2; done = 1 }')"
    if [ -n "$at" ]; then
      # shellcheck disable=SC2086
      xdotool mousemove $at click 1
      return 0
    fi
    sleep 0.3
  done
  fail "no \"$1\" on screen"
}
issued() { ctl --json status "$1" 2>/dev/null | grep -c '"number"' || true; }

click_text "企业"                 # the service's tile (企业开办) on the home screen
wait_text "携带"                  # its page, with the materials to bring
# Take a ticket. The big green 取号 is the one button tesseract does not read
# reliably here, so this step uses the kiosk's keypad key (Enter) instead.
xdotool key Return
for _ in $(seq 100); do [ -f "$tmp/tickets/A001.bin" ] && break; sleep 0.1; done
[ -f "$tmp/tickets/A001.bin" ] || fail "no ticket was printed"
[ "$(issued A001)" = 1 ] || fail "the server has no A001"
[ "$(issued A002)" = 0 ] || fail "a second ticket was issued"
wait_text "A001"                  # the result screen shows the number
# The slip, read by iconv rather than by our code: the number and the service in GB18030.
iconv -f GB18030 -t UTF-8 -c "$tmp/tickets/A001.bin" >"$tmp/slip.txt" || true
grep -q "企业开办" "$tmp/slip.txt" || fail "the slip does not name the service"
[ -f "$tmp/tickets/A001.png" ] || fail "no picture of the slip"
[ "$(zbarimg --nodbus -q --raw "$tmp/tickets/A001.png" | head -1)" = \
  "$(printf 'https://hallq.test/q?hall=test-hall&day=%s&number=A001' "$(ctl --json status A001 | sed -n 's/.*"issued_at":"\([0-9-]*\)T.*/\1/p')")" ] ||
  fail "the slip's QR code is not the ticket's status link"
click_text "完成"                 # done: back home
click_text "English"
wait_text "Please"
echo "ok: took A001 with real clicks; the server has it once; the slip names the service and its QR code links the ticket"
