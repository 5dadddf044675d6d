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
echo "ok: logged in, called A001 with real clicks; the caller shows it"
