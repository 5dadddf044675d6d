#!/usr/bin/env bash
# hallq-kiosk as a citizen outside drives it: under an X server (Xvfb), with
# real mouse clicks (xdotool) on buttons found by reading the screen (tesseract
# word boxes), printing on the virtual printer; the server and the printed
# bytes (iconv) are asked what happened. Every wait has a deadline and fails
# showing the screen and the app's log (tests/support/xvfb.sh). Run inside xvfb-run:
#   xvfb-run -a -s "-screen 0 1080x1920x24" tests/kiosk/xvfb_kiosk_test.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
# shellcheck source=../support/xvfb.sh
source "$src/tests/support/xvfb.sh"

start_app "$bin/hallq-kiosk" --device kiosk-1 --token test-kiosk-token --size 1080x1920 --printer "file:$tmp/tickets/" \
  --reader none --no-voice
wait_window "hallq kiosk"

issued() { ctl --json status "$1" 2>/dev/null | grep -c '"number"' || true; }

wait_text "选择"                  # home: 请选择要办理的业务
keep_shot kiosk-home
click_text "企业"                 # the service's tile (企业开办) on the home screen
wait_text "携带"                  # its page, with the materials to bring
keep_shot kiosk-service
# Take a ticket. The big green 取号 is the one button tesseract does not read
# reliably here, so this step uses the kiosk's keypad key (Enter) instead.
xdotool key Return
poll 10 test -f "$tmp/tickets/A001.bin" || fail "no ticket was printed within 10 s"
[ "$(issued A001)" = 1 ] || fail "the server has no A001"
[ "$(issued A002)" = 0 ] || fail "a second ticket was issued"
wait_text "A001"                  # the result screen shows the number
keep_shot kiosk-ticket
# The slip, read by iconv rather than by our code: the number and the service in GB18030.
iconv -f GB18030 -t UTF-8 -c "$tmp/tickets/A001.bin" >"$tmp/slip.txt" || true
grep -q "企业开办" "$tmp/slip.txt" || fail "the slip does not name the service"
[ -f "$tmp/tickets/A001.png" ] || fail "no picture of the slip"
zbarimg --nodbus -q --raw "$tmp/tickets/A001.png" | head -1 | grep -Eq '^https://hallq\.test/v/[0-9]{8}-A001-[0-9a-f]{20}$' ||
  fail "the slip's QR code is not the ticket's page (status_url/v/TOKEN)"
click_text "完成"                 # done: back home
click_text "English"
wait_text "Please"
keep_shot kiosk-home-en
echo "ok: took A001 with real clicks; the server has it once; the slip names the service and its QR code links the ticket"

# ---- 呼叫帮办 / call a guide, in the header's corner of every page: the server has the call as an
# alarm naming the kiosk, and the button says a guide is coming until a guide takes the call
# (tests/kiosk/guide_desk.py, as guide-1).
guide() { timeout 15 python3 "$src/tests/kiosk/guide_desk.py" "$HALLQ_SERVER" "$@"; }
help_alarm() { ctl --json alarms 2>/dev/null | grep -q '"key":"kiosk-1","kind":"help_requested"'; }  # keys sorted
click_text "^中"                   # 中文 (tesseract may give it as 中 | 文)
wait_text "选择"
click_text "企业"                 # a service's page: the button is here as on every page
wait_text "携带"
keep_shot kiosk-help-call
click_text "呼叫|帮办"
poll 10 help_alarm || fail "no help_requested alarm for kiosk-1 at the server: $(ctl alarms)"
ctl alarms | grep -q "kiosk kiosk-1 calls for a guide" || fail "hallqctl alarms does not show the call: $(ctl alarms)"
wait_text "马上"                  # 帮办马上就到: a guide is coming
keep_shot kiosk-help-coming
on_screen "携带" || fail "calling a guide left the citizen's page"
guide take kiosk-1 >/dev/null || fail "the guide could not take kiosk-1's call"
help_alarm && fail "the alarm is still there after the guide took the call"
wait_text "呼叫"                  # the button is for calling again
on_screen "马上" && fail "the kiosk still says a guide is coming after the call was taken"
echo "ok: 呼叫帮办 raised an alarm naming kiosk-1; the kiosk said a guide is coming until guide-1 took it"

# ---- Cases (办件), on the demo hall: collect results with the ID card on a fake
# serial reader (tests/kiosk/fake_id_reader.py, the card of tests/drivers), for
# a case that tests/kiosk/case_desk.py accepts and later makes ready.
stop "$app_pid"
app_pid=""
demo_pid="" reader_pid=""
trap 'stop "$reader_pid"; stop "$demo_pid"; cleanup' EXIT
"$bin/hallq-server" --config "$src/assets/halls/demo.toml" --db "$tmp/demo.db" --listen 127.0.0.1:0 \
  --time 2026-11-26T09:00 >"$tmp/demo.out" 2>"$tmp/demo.log" &
demo_pid=$!
python3 "$src/tests/kiosk/fake_id_reader.py" "$tmp/reader.path" &
reader_pid=$!
poll 10 grep -q "listening on" "$tmp/demo.out" || fail "the demo hall's server did not start: $(cat "$tmp/demo.log")"
demo="127.0.0.1:$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/demo.out" | head -1)"
poll 10 test -s "$tmp/reader.path" || fail "the fake card reader did not start"
desk() { timeout 15 python3 "$src/tests/kiosk/case_desk.py" "$demo" "$@"; }
democtl() { HALLQ_SERVER="$demo" HALLQ_TOKEN=demo-admin-token timeout 15 "$bin/hallqctl" "$@"; }
# Clicks the lowest word on screen that matches $1 (a regex); for a page already up.
click_lowest() {
  local at
  at="$(words | awk -F'\t' -v t="$1" -v y=-1 'NR > 1 && $12 ~ t && $8 > y { y = $8; at = int($7 + $9 / 2) " " int($8 + $10 / 2) }
    END { printf "%s", at }' || true)"
  [ -n "$at" ] || fail "no \"$1\" on screen to click"
  # shellcheck disable=SC2086
  xdotool mousemove $at click 1
}
number="$(desk accept)" || fail "could not open and accept a case on the demo hall"

start_app "$bin/hallq-kiosk" --server "$demo" --device kiosk-1 --token demo-kiosk-1-token --size 1080x1920 \
  --printer "file:$tmp/tickets/" --reader "serial:$(cat "$tmp/reader.path")" --no-voice
wait_window "hallq kiosk"
# Nothing ready yet: the case's state in words. (The button is enabled once
# the kiosk has found the reader: tapped again until the page changes.)
for _ in 1 2 3 4 5; do
  click_text "领"
  poll 8 on_screen "没有|办好" && break
done
wait_text "没有|办好"
wait_text "受理"
wait_text "2026-12-17"  # the promised date
echo "ok: collect results read the card and showed $number's state and promised date"
# Decided and back in the hall: ready, and a pickup ticket linked to it. Words
# are matched as tesseract's word boxes split them: the ready page's title
# (以下办件已办好，可以领取) comes as 可 | 以 | 领取, so its hint (出件窗口)
# tells the page, and the pickup button (取号领取) is the lowest 领取 on it.
desk ready "$number" || fail "could not make $number ready"
click_text "首页"
wait_text "选择"                  # home: 请选择要办理的业务
click_text "领"
wait_text "窗口"
click_lowest "领取"
poll 15 test -f "$tmp/tickets/H001.bin" || fail "no pickup ticket H001 was printed within 15 s"
iconv -f GB18030 -t UTF-8 -c "$tmp/tickets/H001.bin" >"$tmp/pickup.txt" || true
grep -q "H001" "$tmp/pickup.txt" || fail "the pickup slip does not show H001"
democtl status H001 | grep -q "150502\*\*\*\*\*\*\*\*1230" || fail "H001 is not the card holder's: $(democtl status H001)"
democtl case show "$number" | grep -q "pickup *ticket 2026-11-26/H001" ||
  fail "$number is not linked to H001: $(democtl case show "$number")"
echo "ok: once $number was ready, collect results took and printed H001, linked to it"
