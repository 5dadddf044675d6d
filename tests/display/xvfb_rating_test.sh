#!/usr/bin/env bash
# 好差评 as a citizen and a clerk meet it: under one X server (Xvfb), the
# clerk's hallq-caller on the left and window 1's screen (hallq-display --mode
# window) on the right, driven with real mouse clicks (xdotool) on words found
# by reading the screen (tesseract word boxes); the server is asked what
# happened over the wire protocol itself. Run inside xvfb-run:
#   xvfb-run -a -s "-screen 0 2560x800x24" tests/display/xvfb_rating_test.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
# Window 1's and window 2's screens, bound to their windows; a short pad time (25 s: long enough for
# reading the screen and clicking on a loaded machine, short enough to wait out below).
hall_extra='
[[device]]
id = "screen-1"
role = "display"
token = "test-screen-1-token"
window = 1

[[device]]
id = "screen-2"
role = "display"
token = "test-screen-2-token"
window = 2

[ratings]
pad_seconds = 25
'
# shellcheck source=../support/xvfb.sh
source "$src/tests/support/xvfb.sh"
caller_pid=""
trap 'stop "$caller_pid"; cleanup' EXIT

# wire ROLE DEVICE TOKEN REQUEST_JSON: one request on a session of its own; the reply on stdout.
wire() {
  python3 - "$HALLQ_SERVER" "$@" <<'PY'
import json, socket, sys
address, role, device, token, body = sys.argv[1:]
host, port = address.rsplit(":", 1)
sock = socket.create_connection((host, int(port)), timeout=10)
buf = b""
def ask(rid, req):
    global buf
    sock.sendall((json.dumps(dict(req, id=rid)) + "\n").encode())
    while True:
        while b"\n" not in buf:
            chunk = sock.recv(65536)
            if not chunk:
                sys.exit("the server closed the connection")
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        msg = json.loads(line)
        if msg.get("id") == rid:
            return msg
hello = ask(1, {"op": "hello", "protocol": 1, "role": role, "device": device, "token": token})
if not hello.get("ok"):
    sys.exit("hello refused: " + json.dumps(hello))
print(json.dumps(ask(2, json.loads(body)), ensure_ascii=False))
PY
}
admin() { wire admin admin test-admin-token "$1"; }
# jq-less checks: python reads the reply on stdin and evaluates a condition on it (`r`).
check() { python3 -c "import json,sys; r=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }

# The words of one half of the screen: left (the caller) or right (the window's screen).
half_words() {
  words "$([ "$1" = left ] && echo 1280x800+0+0 || echo 1280x800+1280+0)" | awk -F'\t' 'NR > 1 && $12 != ""'
}
on_half() { half_words "$1" | awk -F'\t' -v t="$2" '$12 ~ t { found = 1 } END { exit !found }'; }
off_half() { ! on_half "$1" "$2"; }
wait_on() { poll 40 on_half "$1" "$2" || fail "no \"$2\" on the $1 half within 40 s"; }
# Clicks the first word matching $2 on half $1; with $3 = lowest, the lowest such word.
click_on() {
  local at="" deadline=$((SECONDS + 40))
  while :; do
    check_alive "looking for \"$2\" to click on the $1 half"
    at="$(half_words "$1" | awk -F'\t' -v t="$2" -v low="${3:-}" '
      $12 ~ t { y = $8 + $10 / 2; if (!found || (low != "" && y > best_y)) { best = sprintf("%d %d", $7 + $9 / 2, y); best_y = y; found = 1 } }
      END { if (found) print best }' || true)"
    if [ -n "$at" ]; then
      # shellcheck disable=SC2086
      xdotool mousemove $at click 1
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "no \"$2\" on the $1 half to click within 40 s"
    sleep 0.3
  done
}

# The clerk's name on the login screen is small beside the window screen's large words: tesseract
# reads 王丽 as one glyph on the whole screen, so this reads the caller's half at twice the size.
click_clerk() {
  local at="" deadline=$((SECONDS + 40))
  while :; do
    check_alive "looking for 王丽's button on the left half"
    if shot; then
      convert "$tmp/shot.ppm" -crop 1280x800+0+0 +repage -colorspace Gray -resize 200% -negate -threshold 50% -depth 8 \
        "$tmp/left.pgm"
      at="$(OMP_THREAD_LIMIT=1 timeout 60 tesseract "$tmp/left.pgm" stdout -l chi_sim --psm 11 tsv 2>/dev/null |
        awk -F'\t' 'NR > 1 && $12 ~ /王/ && !found { printf "%d %d\n", ($7 + $9 / 2) / 2, ($8 + $10 / 2) / 2; found = 1 }' ||
        true)"
    fi
    if [ -n "$at" ]; then
      # shellcheck disable=SC2086
      xdotool mousemove $at click 1
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "no 王丽 on the left half to click within 40 s"
    sleep 0.3
  done
}

ctl take A >/dev/null || fail "hallqctl take A was refused"
ctl take A >/dev/null || fail "hallqctl take A was refused"
ctl take A --language en >/dev/null || fail "hallqctl take A --language en was refused"

# The clerk's caller on the left.
"$bin/hallq-caller" --device caller-1 --token test-caller-1-token --size 1280x800 >"$tmp/caller.log" 2>&1 &
caller_pid=$!
caller_shown() {
  running "$caller_pid" || fail "hallq-caller exited before its window showed: $(cat "$tmp/caller.log")"
  window_shown "hallq caller"
}
poll 60 caller_shown || fail "no caller window within 60 s: $(cat "$tmp/caller.log")"
# Window 1's screen on the right (the X server has no window manager: xdotool places it).
start_app "$bin/hallq-display" --mode window --window 1 --device screen-1 --token test-screen-1-token \
  --size 1280x800 --no-voice
wait_window "hallq window screen"
xdotool search --onlyvisible --name "hallq window screen" windowmove 1280 0
xdotool search --onlyvisible --name "hallq caller" windowmove 0 0

keep_shot window-screen-idle 1280x800+1280+0
click_clerk                 # 王丽's button on the login screen
wait_on left "密码"
# Two windows and no window manager: the keyboard goes to the focused one.
xdotool search --onlyvisible --name "hallq caller" windowfocus --sync
xdotool type --delay 50 1111
xdotool key Return
click_on left "呼叫"        # 呼叫下一位
wait_on right "A001"        # the window's screen shows whom it serves
finish() {  # the clerk's 办结, by its key (F): tesseract reads the button's word unreliably
  xdotool search --onlyvisible --name "hallq caller" windowfocus --sync
  xdotool key f
}
finish                      # the clerk finishes A001 …

# … and the screen facing the citizen asks for a rating.
wait_on right "评价"
keep_shot rating-levels 1280x800+1280+0
# 非常不满意 is the lowest of the five levels (tesseract may read it as one
# word or as 非常 + 不满意; the lowest word with 满意 is on its button).
click_on right "满意" lowest
wait_on right "原因"        # the reasons page
click_on right "态度"       # 服务态度
sleep 0.3
keep_shot rating-reasons 1280x800+1280+0
click_on right "提交"
wait_on right "感谢"
keep_shot rating-thanks 1280x800+1280+0
echo "ok: finished at the caller, rated 非常不满意 (服务态度) on the window's screen with real clicks"

# The server has the rating, a follow-up and the monitor's alarm.
followups="$(admin '{"op":"followups"}')"
echo "$followups" | check 'r["ok"] and len(r["followups"]) == 1 and r["followups"][0]["rating"]["ticket"] == "A001"
  and r["followups"][0]["rating"]["level"] == "very_dissatisfied" and r["followups"][0]["rating"]["reasons"] == ["attitude"]
  and r["followups"][0]["rating"]["channel"] == "pad" and r["followups"][0]["state"] == "open"' ||
  fail "no open follow-up of A001's 非常不满意 (attitude): $followups"
alarms="$(admin '{"op":"alarms"}')"
echo "$alarms" | check 'any(a["kind"] == "bad_rating" and a.get("window") == 1 for a in r["alarms"])' ||
  fail "no bad_rating alarm at window 1 for the monitor: $alarms"
# A second rating of the same visit is refused; so is one from window 2's screen.
again="$(wire display screen-1 test-screen-1-token '{"op":"rate","ticket":"A001","level":"very_satisfied"}')"
echo "$again" | check 'not r["ok"] and r["error"]["code"] == "invalid_state"' ||
  fail "a second rating of A001 was not refused: $again"
other="$(wire display screen-2 test-screen-2-token '{"op":"rate","ticket":"A001","level":"very_satisfied"}')"
echo "$other" | check 'not r["ok"] and r["error"]["code"] == "not_found"' ||
  fail "window 2's screen could rate window 1's visit: $other"
echo "ok: the server has the rating, an open follow-up and the alarm; a second rating and another window's are refused"

# No touch: the page goes back to the window's view after pad_seconds, and
# the visit stays "not rated".
click_on left "呼叫"
wait_on right "A002"
finish
wait_on right "评价"
started=$SECONDS
# Reading the screen over and over for the whole pad time would keep a core busy beside the rest of
# the suite: it is read once at 20 s, where the page must still be up (the pad time is 25 s from
# its showing, and `started` is when the page was seen, a little after), then until it has gone.
sleep 20
check_alive "waiting out pad_seconds"
on_half right "评价" || fail "the rating page of A002 went away within $((SECONDS - started)) s, before pad_seconds (25)"
poll $((50 - (SECONDS - started))) off_half right "评价" ||
  fail "the rating page of A002 was still up 50 s after the finish"
figures="$(admin '{"op":"ratings"}')"
echo "$figures" | check 'r["ok"] and r["rows"][0]["offered"] == 2 and r["rows"][0]["rated"] == 1
  and r["rows"][0]["levels"] == [1, 0, 0, 0, 0] and r["rows"][0]["satisfaction_permille"] == 0' ||
  fail "the day's figures are not 2 offered, 1 rated (非常不满意), A002 not rated: $figures"
echo "ok: untouched, A002's page went back after $((SECONDS - started)) s and A002 stays not rated"

# A citizen who chose English at the kiosk is asked in English (over Chinese).
click_on left "呼叫"
wait_on right "A003"
finish
wait_on right "Please"      # Please rate this service
on_half right "Satisfied" || fail "the English rating page has no \"Satisfied\" level"
keep_shot rating-levels-en 1280x800+1280+0
click_on right "Not"        # Not now: the visit stays not rated
poll 20 off_half right "Please" || fail "the English rating page was still up after Not now"
echo "ok: A003 (English at the kiosk) was asked in English"
