# Shared by the black-box screen tests (sourced, inside xvfb-run): a hallq-server
# on the test hall, an app whose log is "$tmp/app.log", and the screen read with
# tesseract (word boxes) and clicked with xdotool.
#   needs: bin, src; sets: tmp, server_pid, app_pid, HALLQ_SERVER; defines: ctl,
#   fail, shot, words, wait_text, click_text
tmp="$(mktemp -d)"
server_pid="" app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  import -window root "$tmp/shot.png" 2>/dev/null && convert "$tmp/shot.png" -colorspace Gray -negate -threshold 50% "$tmp/page.png" &&
    OMP_THREAD_LIMIT=1 tesseract "$tmp/page.png" stdout -l chi_sim+eng --psm 11 2>/dev/null | tr -s '\n' | head -40 >&2
  echo "app log:" >&2
  cat "$tmp/app.log" >&2
  exit 1
}

"$bin/hallq-server" --config "$src/tests/data/hall.toml" --db "$tmp/hall.db" --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/server.out" 2>/dev/null && break; sleep 0.05; done
port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.out" | head -1)"
[ -n "$port" ] || fail "the server did not start: $(cat "$tmp/server.log")"
export HALLQ_SERVER="127.0.0.1:$port"
ctl() { HALLQ_TOKEN=test-admin-token "$bin/hallqctl" "$@"; }

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
