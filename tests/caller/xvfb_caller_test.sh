#!/usr/bin/env bash
# hallq-caller as someone outside drives it: under an X server (Xvfb), with
# real mouse clicks (xdotool) on buttons found by reading the screen (tesseract
# word boxes), and the server asked what happened. Run inside xvfb-run:
#   xvfb-run -a -s "-screen 0 1280x800x24" tests/caller/xvfb_caller_test.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
tmp="$(mktemp -d)"
server_pid="" caller_pid=""
cleanup() {
  [ -n "$caller_pid" ] && kill "$caller_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  import -window root "$tmp/shot.png" 2>/dev/null && convert "$tmp/shot.png" -colorspace Gray -negate -threshold 50% "$tmp/page.png" &&
    OMP_THREAD_LIMIT=1 tesseract "$tmp/page.png" stdout -l chi_sim+eng --psm 11 2>/dev/null | tr -s '\n' | head -40 >&2
  echo "caller log:" >&2
  cat "$tmp/caller.log" >&2
  exit 1
}

"$bin/hallq-server" --config "$src/tests/data/hall.toml" --db "$tmp/hall.db" --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/server.out" 2>/dev/null && break; sleep 0.05; done
port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.out" | head -1)"
[ -n "$port" ] || fail "the server did not start: $(cat "$tmp/server.log")"
export HALLQ_SERVER="127.0.0.1:$port"
ctl() { HALLQ_TOKEN=test-admin-token "$bin/hallqctl" "$@"; }
ctl take A >/dev/null

"$bin/hallq-caller" --device caller-1 --token test-caller-1-token --size 1280x800 >"$tmp/caller.log" 2>&1 &
caller_pid=$!
xdotool search --sync --name "hallq caller" >/dev/null

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
# Window 1's row of the snapshot: "1  1号窗口  serving  王丽  A001".
window1() { ctl snapshot | sed -n '/^window/,/^$/p' | awk '$1 == "1"'; }

click_text "王"                  # the clerk's button on the login screen
wait_text "密码"                 # the PIN pad is up
xdotool type --delay 50 1111
xdotool key Return
for _ in $(seq 50); do window1 | grep -q "王丽" && break; sleep 0.1; done
window1 | grep -q "王丽" || { fail "the clerk is not logged in: $(window1)"; }

click_text "呼叫"                # 呼叫下一位
for _ in $(seq 50); do window1 | grep -q "A001" && break; sleep 0.1; done
window1 | grep -q "A001" || { fail "A001 was not called: $(window1)"; }

wait_text "A001"
echo "ok: logged in, called A001 with real clicks; the caller shows it"
