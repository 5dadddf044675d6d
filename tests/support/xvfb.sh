# shellcheck shell=bash
# Shared by the black-box screen tests (sourced, inside xvfb-run): a hallq-server
# on the test hall, an app whose log is "$tmp/app.log", and the screen read with
# tesseract (word boxes) and clicked with xdotool.
#   needs: bin, src (and may set hall_extra: TOML added to the test hall); sets: tmp, server_pid, app_pid, HALLQ_SERVER; defines: ctl,
#   start_app, fail, poll, wait_window, shot, keep_shot, words, wait_text, click_text
#
# Nothing here waits without a deadline. Every wait polls, checks on each turn
# that the app and the server are still running — if one has exited, the test
# fails at once with its exit status — and gives up through `fail`, which shows
# what the screen says (OCR; the screenshot is kept), the app's log and the
# server's.
tmp="$(mktemp -d)"
server_pid="" app_pid="" app_name="the app"
test_name="$(basename "$0" .sh)"

# Ends a process we started: SIGTERM, then SIGKILL if it is still there after 3 s.
stop() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$app_pid"
  stop "$server_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  if [ -n "$app_pid" ] && running "$app_pid"; then echo "($app_name is still running)" >&2; fi
  local keep="${TMPDIR:-/tmp}/hallq-$test_name-failure.png"
  if timeout 10 import -window root "$tmp/fail.png" 2>/dev/null; then
    cp "$tmp/fail.png" "$keep" 2>/dev/null || keep="nowhere: $keep cannot be written"
    echo "the screen (screenshot kept: $keep) reads:" >&2
    if convert "$tmp/fail.png" -colorspace Gray -negate -threshold 50% "$tmp/fail-page.png"; then
      { OMP_THREAD_LIMIT=1 timeout 60 tesseract "$tmp/fail-page.png" stdout -l chi_sim+eng --psm 11 2>/dev/null ||
        true; } | tr -s '\n' | head -40 >&2 || true
    fi
  else
    echo "(no screenshot: the X server did not answer)" >&2
  fi
  echo "--- $app_name's log:" >&2
  cat "$tmp/app.log" >&2 2>/dev/null || echo "(none: the app was not started)" >&2
  echo "--- the server's log (last 20 lines):" >&2
  tail -20 "$tmp/server.log" >&2 2>/dev/null || true
  exit 1
}

# Whether a process we started is still running (an exited child bash has not
# reaped yet is a zombie: not running).
running() {
  kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]
}
# Fails at once if the app or the server has exited, with its exit status.
check_alive() {
  local status=0
  if [ -n "$app_pid" ] && ! running "$app_pid"; then
    wait "$app_pid" 2>/dev/null || status=$?
    app_pid=""
    fail "$app_name exited with status $status while $1"
  fi
  if [ -n "$server_pid" ] && ! running "$server_pid"; then
    wait "$server_pid" 2>/dev/null || status=$?
    server_pid=""
    fail "hallq-server exited with status $status while $1"
  fi
}
# poll SECONDS COMMAND...: runs COMMAND until it succeeds (0) or SECONDS have
# passed (1); fails at once if the app or the server exits meanwhile.
# Use as: poll 10 test -f "$file" || fail "no $file"
poll() {
  local deadline=$((SECONDS + $1))
  shift
  while :; do
    check_alive "waiting for: $*"
    "$@" && return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# The X server answers before any app starts: an app that cannot reach the display gives up on it (once,
# seen in CI under load, a caller started at that moment never showed its window).
x_ready() { xdotool getdisplaygeometry >/dev/null 2>&1; }
poll 30 x_ready || fail "the X server ($DISPLAY) did not answer within 30 s"

# The test hall, with what the test adds to it ($hall_extra: TOML appended).
cat "$src/tests/data/hall.toml" >"$tmp/hall.toml"
printf '\n%s\n' "${hall_extra:-}" >>"$tmp/hall.toml"
# On a clock of its own from a weekday morning: a run that crosses midnight must not ask for today's
# figures on a new day (the rating pad's test read 0 offered once, started at 23:59).
"$bin/hallq-server" --config "$tmp/hall.toml" --db "$tmp/hall.db" --listen 127.0.0.1:0 --time 2026-11-26T09:00 \
  >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
poll 10 grep -q "listening on" "$tmp/server.out" || fail "hallq-server did not say it was listening within 10 s"
port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.out" | head -1)"
[ -n "$port" ] || fail "hallq-server did not say its port: $(cat "$tmp/server.out")"
export HALLQ_SERVER="127.0.0.1:$port"
ctl() { HALLQ_TOKEN=test-admin-token timeout 15 "$bin/hallqctl" "$@"; }

# start_app PROGRAM ARGS...: runs the app in the background, its output in "$tmp/app.log".
start_app() {
  app_name="$(basename "$1")"
  "$@" >"$tmp/app.log" 2>&1 &
  app_pid=$!
}
# Whether a window titled $1 is mapped.
window_shown() { xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; }
# Waits until a window titled $1 is mapped (60 s: a loaded 2-core machine running the suite in
# parallel; a program that exits meanwhile fails the test at once, with its status).
wait_window() {
  poll 60 window_shown "$1" || fail "no window \"$1\" within 60 s"
}

shot() { timeout 10 import -window root "$tmp/shot.ppm"; }
# keep_shot NAME [GEOMETRY]: only when HALLQ_SHOTS_DIR is set (tools/screenshots), what the screen shows
# now — cropped to GEOMETRY (ImageMagick's WxH+X+Y) — kept as $HALLQ_SHOTS_DIR/NAME.png for the docs.
keep_shot() {
  [ -n "${HALLQ_SHOTS_DIR:-}" ] || return 0
  shot || fail "no screenshot for $1"
  convert "$tmp/shot.ppm" ${2:+-crop "$2" +repage} "$HALLQ_SHOTS_DIR/$1.png" || fail "$1.png could not be written"
}
# The words on screen with their boxes (tesseract TSV): dark text on light,
# one level, so white-on-blue buttons and grey hints alike are read.
# words [WxH+X+Y]: only that part of the screen is read (the boxes stay in screen coordinates);
# tesseract's time grows with the area, and the screen tests spend most of theirs in it.
words() {
  shot || return 1
  local region="${1:-}" x=0 y=0
  if [ -n "$region" ]; then
    [[ $region =~ ^[0-9]+x[0-9]+\+([0-9]+)\+([0-9]+)$ ]] || fail "words: region \"$region\" is not WxH+X+Y"
    x="${BASH_REMATCH[1]}" y="${BASH_REMATCH[2]}"
  fi
  convert "$tmp/shot.ppm" ${region:+-crop "$region" +repage} -colorspace Gray -negate -threshold 50% -depth 8 "$tmp/page.pgm"
  OMP_THREAD_LIMIT=1 timeout 60 tesseract "$tmp/page.pgm" stdout -l chi_sim+eng --psm 11 tsv 2>/dev/null |
    awk -F'\t' -v OFS='\t' -v x="$x" -v y="$y" 'NR > 1 { $7 += x; $8 += y } { print }'
}
# Whether a word matching $1 (a regex) is on screen.
on_screen() {
  # awk reads to the end (no early exit): tesseract must not die of SIGPIPE under pipefail.
  words | awk -F'\t' -v t="$1" 'NR > 1 && $12 ~ t { found = 1 } END { exit !found }'
}
# Waits until a word matching $1 (a regex) is on screen (30 s).
wait_text() {
  poll 30 on_screen "$1" || fail "no \"$1\" on screen within 30 s"
}
# Clicks the centre of the first word on screen that matches $1 (a regex); waits for it up to 30 s.
click_text() {
  local at="" deadline=$((SECONDS + 30))
  while :; do
    check_alive "looking for \"$1\" to click"
    at="$(words | awk -F'\t' -v t="$1" '!done && NR > 1 && $12 ~ t { printf "%d %d", $7 + $9 / 2, $8 + $10 / 2; done = 1 }' || true)"
    if [ -n "$at" ]; then
      # shellcheck disable=SC2086
      xdotool mousemove $at click 1
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "no \"$1\" on screen to click within 30 s"
    sleep 0.3
  done
}
