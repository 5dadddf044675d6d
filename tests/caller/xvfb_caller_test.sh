#!/usr/bin/env bash
# hallq-caller as someone outside drives it: under an X server (Xvfb), with
# real mouse clicks (xdotool) on buttons found by reading the screen (tesseract
# word boxes), and the server asked what happened. Every wait has a deadline
# and fails showing the screen and the app's log (tests/support/xvfb.sh). Run inside xvfb-run:
#   xvfb-run -a -s "-screen 0 1280x800x24" tests/caller/xvfb_caller_test.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
# shellcheck source=../support/xvfb.sh
source "$src/tests/support/xvfb.sh"
ctl take A >/dev/null || fail "hallqctl take A: the server refused or did not answer"

start_app "$bin/hallq-caller" --device caller-1 --token test-caller-1-token --size 1280x800
wait_window "hallq caller"

# Window 1's row of the snapshot: "1  1号窗口  serving  王丽  A001".
window1() { ctl snapshot | sed -n '/^window/,/^$/p' | awk '$1 == "1"'; }
window1_shows() { window1 | grep -q "$1"; }

click_text "王"                  # the clerk's button on the login screen
wait_text "密码"                 # the PIN pad is up
xdotool type --delay 50 1111
xdotool key Return
poll 10 window1_shows "王丽" || fail "the clerk is not logged in after 10 s: $(window1)"

click_text "呼叫"                # 呼叫下一位
poll 10 window1_shows "A001" || fail "A001 was not called after 10 s: $(window1)"

wait_text "A001"
keep_shot caller-serving
echo "ok: logged in, called A001 with real clicks; the caller shows it"

# ---- the case panel (办件) on the demo hall: materials, 补正 and 受理 print on
# the window's virtual receipt printer (a .bin and a .png per paper).
stop "$app_pid"
app_pid=""
stop "$server_pid"
server_pid=""
"$bin/hallq-server" --config "$src/assets/halls/demo.toml" --db "$tmp/demo.db" --listen 127.0.0.1:0 \
  --time 2026-11-26T09:00 >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
poll 10 grep -q "listening on" "$tmp/server.out" || fail "the demo hall's server did not start within 10 s"
port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.out" | head -1)"
export HALLQ_SERVER="127.0.0.1:$port"
demo() { HALLQ_TOKEN=demo-admin-token timeout 15 "$bin/hallqctl" "$@"; }
window1() { demo snapshot | sed -n '/^window/,/^$/p' | awk '$1 == "1"'; }
a001_gone() { ! window1 | grep -q A001; }
demo take A >/dev/null || fail "hallqctl take A on the demo hall was refused"
demo take A >/dev/null || fail "hallqctl take A on the demo hall was refused"
papers="$tmp/papers"
mkdir -p "$papers"
start_app "$bin/hallq-caller" --device caller-1 --token demo-caller-1-token --size 1280x800 \
  --printer "file:$papers/"
wait_window "hallq caller"

# The centre of the first word matching $1 on screen (30 s), as "X Y"; with $2,
# the first whose top is at least $2 pixels down; with $3, left of x = $3.
locate() {
  local at="" deadline=$((SECONDS + 30))
  while :; do
    check_alive "looking for \"$1\""
    at="$(words | awk -F'\t' -v t="$1" -v top="${2:-0}" -v right="${3:-100000}" '!done && NR > 1 && $12 ~ t && $8 >= top && $7 + $9 / 2 < right { printf "%d %d", $7 + $9 / 2, $8 + $10 / 2; done = 1 }' || true)"
    if [ -n "$at" ]; then echo "$at"; return 0; fi
    [ "$SECONDS" -lt "$deadline" ] || fail "no \"$1\" on screen within 30 s"
    sleep 0.3
  done
}
# Clicks at "X Y" $2 times, letting each request come back.
click_at() {
  for _ in $(seq "${2:-1}"); do
    # shellcheck disable=SC2086
    xdotool mousemove $1 click 1
    sleep 0.5
  done
}
papers_named() { compgen -G "$papers/$1" >/dev/null; }

click_text "王"
wait_text "密码"
xdotool type --delay 50 1001
xdotool key Return
poll 10 window1_shows "王丽" || fail "the clerk is not logged in on the demo hall after 10 s: $(window1)"
click_text "呼叫"
poll 10 window1_shows "A001" || fail "A001 was not called on the demo hall after 10 s: $(window1)"

# First visit: open the case, 原件, 复印件, one missing — 补正 prints the notice.
# 办件 among the action buttons on the left, not "今日办结 1 件" (the clerk's day) beside them; tesseract
# may give Chinese words character by character (企业开办: 开, 办).
click_at "$(locate "^(办)?件$" 0 800)"
click_text "^开"
wait_text "章"
click_at "$(locate "居")" 1         # 居民身份证原件 → 原件
click_at "$(locate "章")" 2         # 公司章程 → 原件 → 复印件
click_at "$(locate "营")" 3         # 经营场所使用证明 → 原件 → 复印件 → 缺
keep_shot caller-case-materials
click_text "^补(正)?$"
poll 10 papers_named "notice-*.png" || fail "no supplement notice (.png) in the virtual printer within 10 s: $(ls "$papers")"
papers_named "notice-*.bin" || fail "the notice's ESC/POS bytes are missing: $(ls "$papers")"
echo "ok: case opened, materials marked with one missing, 补正 printed $(cd "$papers" && ls notice-*)"

# Second visit: everything there — 受理 prints the acceptance receipt.
xdotool key Escape
sleep 0.5
xdotool key f
poll 10 a001_gone || fail "A001 was not finished after 10 s: $(window1)"
xdotool key space
poll 10 window1_shows "A002" || fail "A002 was not called after 10 s: $(window1)"
# 办件 among the action buttons on the left, not "今日办结 1 件" (the clerk's day) beside them; tesseract
# may give Chinese words character by character (企业开办: 开, 办).
click_at "$(locate "^(办)?件$" 0 800)"
click_text "^开"
wait_text "章"
for material in "居" "章" "营"; do click_at "$(locate "$material")" 1; done
click_text "^受(理)?$"
poll 10 papers_named "receipt-*.png" || fail "no acceptance receipt (.png) within 10 s: $(ls "$papers")"
papers_named "receipt-*.bin" || fail "the receipt's ESC/POS bytes are missing: $(ls "$papers")"
echo "ok: 受理 printed $(cd "$papers" && ls receipt-*)"

# ---- The pickup window (统一出件, window 8): the citizen's card on the window's
# reader (the fake serial reader of tests/kiosk: 包巴特尔, 150502198802151230)
# finds their ready case, 发放 hands it out. hallqctl has no command to open,
# accept or ready a case, so tests/kiosk/case_desk.py brings one of that card's
# holder there (window 6 and the property department, speaking the protocol).
stop "$app_pid"
app_pid=""
demo finish 1 >/dev/null || fail "A002 could not be finished at window 1"  # c01 moves to window 6 next
reader_pid=""
trap 'stop "$reader_pid"; cleanup' EXIT
python3 "$src/tests/kiosk/fake_id_reader.py" "$tmp/reader.path" &
reader_pid=$!
poll 10 test -s "$tmp/reader.path" || fail "the fake card reader did not start"
desk() { timeout 15 python3 "$src/tests/kiosk/case_desk.py" "$HALLQ_SERVER" "$@"; }
ready="$(desk accept)" || fail "could not open and accept a case of the card's holder"
desk ready "$ready" || fail "could not bring $ready back ready for pickup"
demo case show "$ready" | grep -q "(ready_for_pickup)" || fail "$ready is not ready: $(demo case show "$ready")"

start_app "$bin/hallq-caller" --device caller-8 --token demo-caller-8-token --size 1280x800 \
  --reader "serial:$(cat "$tmp/reader.path")"
wait_window "hallq caller"
window8() { demo snapshot | sed -n '/^window/,/^$/p' | awk '$1 == "8"'; }
window8_shows() { window8 | grep -q "$1"; }
click_text "陈"                  # 陈静 (c08)
wait_text "密码"
xdotool type --delay 50 1008
xdotool key Return
poll 10 window8_shows "陈静" || fail "c08 is not logged in at window 8 after 10 s: $(window8)"
wait_text "呼叫"                 # the main screen is up
click_at "$(locate "^(办)?件$" 100)"  # below the title bar, whose 统一出件窗口 may read as 统一, 出, 件, 窗口
click_text "^读"                 # 读身份证 (before the hint 发放前请先读领取人的身份证)
wait_text "$ready"               # the card was read: its holder's case is listed
click_text "^发(放)?$"           # 发放 (the hint that also says 发 is gone once a card is read)
picked_up() { demo case show "$ready" | grep -q "(picked_up)"; }
poll 10 picked_up || fail "$ready was not handed out within 10 s: $(demo case show "$ready")"
shown="$(demo case show "$ready")"
if grep -q "150502198802151230" <<<"$shown"; then fail "hallqctl shows the card's raw ID number: $shown"; fi
echo "ok: at the pickup window the card on the reader found $ready and 发放 handed it out with real clicks"
