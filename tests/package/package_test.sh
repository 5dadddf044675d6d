#!/usr/bin/env bash
# The Debian packages as a hall's IT person gets them: cpack on this build
# (cmake/package.cmake; tools/package does the same from a build of its own),
# `dpkg -i` on this machine, the files where Debian wants them, the server on
# the packaged configuration answering hallqctl — under systemd where PID 1 is
# systemd (the postinst started it), else run by its unit's own ExecStart line
# as the unit's user — then `dpkg -r` (the hall's data stays) and
# `dpkg --purge` (nothing is left).
#   package_test.sh BUILD_DIR
# Needs root (or passwordless sudo): otherwise it says SKIP and exits 77, which
# ctest reports as skipped. It changes the machine while it runs (hallq is
# installed under /usr) and puts it back; one at a time per machine (flock).
set -euo pipefail
build="$(realpath "$1")"

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "SKIP: installing packages needs root or passwordless sudo"
  exit 77
fi
root() { "${as_root[@]}" "$@"; }
for tool in dpkg cpack setpriv systemd-analyze; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing"; exit 1; }
done
if dpkg-query -W -f='${Status}\n' hallq-server hallq-terminals hallq-tools hallq-data 2>/dev/null | grep -q installed; then
  echo "SKIP: hallq's packages are already installed here; this test would replace and purge them"
  exit 77
fi

exec 9>/tmp/hallq-package-test.lock
flock 9

tmp="$(mktemp -d)"
chmod 755 "$tmp"
users_before="$(getent passwd hallq hallq-kiosk | cut -d: -f1 || true)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then root kill -KILL "$server_pid" 2>/dev/null || true; fi
  root dpkg --purge hallq-terminals hallq-tools hallq-server hallq-data >/dev/null 2>&1 || true
  for user in hallq-kiosk hallq; do
    if ! grep -qx "$user" <<<"$users_before" && getent passwd "$user" >/dev/null; then
      root deluser --quiet --system "$user" >/dev/null 2>&1 || root userdel "$user" || true
      getent group "$user" >/dev/null && { root delgroup --quiet --system "$user" >/dev/null 2>&1 || root groupdel "$user" || true; }
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
check() {  # check "what" command...
  local what="$1"
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
mode_owner() { stat -c '%a %U:%G' "$1"; }
not() { ! "$@"; }
quiet() { "$@" >/dev/null; }

echo "== packaging (cpack on $build)"
(cd "$build" && cpack -G DEB -B "$tmp/debs" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
debs=("$tmp"/debs/hallq-{data,tools,server,terminals}_*.deb)
ls -l "${debs[@]}"

echo "== dpkg -i"
root dpkg -i "${debs[@]}" || { echo "FAIL: dpkg -i (missing dependencies? tools/setup test installs them)"; exit 1; }

check "the programs in /usr/bin" test -x /usr/bin/hallq-server -a -x /usr/bin/hallq-kiosk -a -x /usr/bin/hallqctl \
  -a -x /usr/bin/hallq-devices -a -x /usr/bin/hallq-display -a -x /usr/bin/hallq-caller -a -x /usr/bin/hallq-sim \
  -a -x /usr/bin/hallq-bench
check "the assets in /usr/share/hallq" test -f /usr/share/hallq/i18n/zh.json -a -f /usr/share/hallq/halls/demo.toml
check "the generated voice clips" test -n "$(ls /usr/share/hallq/generated-voice/zh 2>/dev/null)"
check "nothing in /usr/etc" not grep -q '^/usr/etc' <(dpkg -L hallq-server hallq-terminals hallq-tools hallq-data)
check "the sample configuration is a conffile" grep -qx ' */etc/hallq/hall.toml.example [0-9a-f]*' \
  <(dpkg-query -W -f='${Conffiles}\n' hallq-server)
check "hall.toml made from the sample, for root and hallq only" \
  test "$(mode_owner /etc/hallq/hall.toml)" = "640 root:hallq"
check "hall.toml is the sample" cmp -s /etc/hallq/hall.toml /etc/hallq/hall.toml.example
check "the ID key, hallq's own and nobody else's" test "$(mode_owner /etc/hallq/id.key)" = "600 hallq:hallq"
check "the ID key is 32 bytes in hex" grep -qxE '[0-9a-f]{64}' /etc/hallq/id.key
check "the user hallq" getent passwd hallq
check "the user hallq-kiosk" getent passwd hallq-kiosk
check "the state directory /var/lib/hallq" test "$(mode_owner /var/lib/hallq)" = "750 hallq:hallq"
check "the backups' directory" test "$(mode_owner /var/lib/hallq/backups)" = "750 hallq:hallq"
check "the server's unit" test -f /lib/systemd/system/hallq-server.service
check "the terminals' unit" test -f /lib/systemd/system/hallq-terminal@.service
check "the udev rule names the sample's kiosk printer (0416:5011)" \
  grep -q 'ATTR{idVendor}=="0416", ATTR{idProduct}=="5011".*GROUP="hallq-kiosk"' /etc/udev/rules.d/70-hallq-devices.rules
check "copyright and changelog for every package" test -f /usr/share/doc/hallq-server/copyright \
  -a -f /usr/share/doc/hallq-terminals/changelog.Debian.gz -a -f /usr/share/doc/hallq-tools/copyright \
  -a -f /usr/share/doc/hallq-data/copyright

echo "== systemd-analyze verify on the installed units"
ln -s /lib/systemd/system/hallq-terminal@.service "$tmp/hallq-terminal@kiosk.service"
verify_rc=0
verify_out="$(cd "$tmp" && systemd-analyze verify /lib/systemd/system/hallq-server.service \
  hallq-terminal@kiosk.service 2>&1)" || verify_rc=$?
echo "$verify_out"
check "the installed units verify without a complaint" test "$verify_rc" -eq 0 -a -z "$(grep -i hallq <<<"$verify_out")"

# What a client sees of the installed server at $HALLQ_SERVER.
talk_to_server() {
  export HALLQ_TOKEN=demo-admin-token
  check "hallqctl ping" /usr/bin/hallqctl ping
  check "hallqctl snapshot" quiet /usr/bin/hallqctl snapshot
  local backup
  backup="$(/usr/bin/hallqctl backup 2>&1 || true)"
  echo "$backup"
  # Named after the packaged hall's [hall] id (the sample: tongliao-etdz), written by the user hallq.
  check "a backup of the packaged hall lands in /var/lib/hallq/backups" \
    grep -q "^backup /var/lib/hallq/backups/hall-tongliao-etdz-" <<<"$backup"
  check "the database is hallq's" test "$(stat -c %U /var/lib/hallq/hall.db)" = "hallq"
}

exec_start="$(sed -n 's/^ExecStart=//p' /lib/systemd/system/hallq-server.service)"
user="$(sed -n 's/^User=//p' /lib/systemd/system/hallq-server.service)"
check "ExecStart runs /usr/bin/hallq-server on the packaged configuration" \
  test "$exec_start" = "/usr/bin/hallq-server --config /etc/hallq/hall.toml --db /var/lib/hallq/hall.db"
if [ -d /run/systemd/system ]; then
  # systemd runs here: the postinst started the unit (Type=notify: active means READY=1 was sent).
  echo "== the server under systemd"
  check "hallq-server.service is active" systemctl is-active --quiet hallq-server.service
  check "its status says where it listens" grep -q "listening on" <<<"$(systemctl show -p StatusText hallq-server.service)"
  port="$(sed -n 's/^listen = "[^:]*:\([0-9]*\)"$/\1/p' /etc/hallq/hall.toml | head -1)"
  export HALLQ_SERVER="127.0.0.1:$port"
  talk_to_server
  root systemctl stop hallq-server.service
  check "the server stopped cleanly" test "$(systemctl show -p ExecMainStatus --value hallq-server.service)" = 0
else
  echo "== the server by its unit's ExecStart line, as the user $user (PID 1 is not systemd)"
  echo "ExecStart=$exec_start"
  # A free port instead of the sample's 7700 (another server may be on this machine); from / like systemd.
  # shellcheck disable=SC2086
  (cd / && exec "${as_root[@]}" setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs \
    $exec_start --listen 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.err") &
  server_pid=$!
  port=""
  for _ in $(seq 100); do
    port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/server.out")"
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$port" ]; then
    echo "FAIL: the server did not start:"
    cat "$tmp/server.err"
    exit 1
  fi
  echo "listening on port $port"
  export HALLQ_SERVER="127.0.0.1:$port"
  talk_to_server
  check "the server used the packaged ID key (made none)" not grep -q "created the ID key" "$tmp/server.err"
  root kill -TERM "$server_pid"
  server_rc=0
  wait "$server_pid" || server_rc=$?
  server_pid=""
  check "the server stops cleanly on SIGTERM" test "$server_rc" -eq 0
fi

echo "== dpkg -r: the hall's data stays"
root dpkg -r hallq-terminals hallq-tools hallq-server hallq-data >/dev/null
check "the programs are gone" test ! -e /usr/bin/hallq-server -a ! -e /usr/bin/hallqctl -a ! -e /usr/share/hallq
check "the configuration, the key and the database stay" \
  test -f /etc/hallq/hall.toml -a -f /etc/hallq/id.key -a -f /var/lib/hallq/hall.db

echo "== dpkg --purge: nothing is left"
root dpkg --purge hallq-terminals hallq-tools hallq-server hallq-data >/dev/null
for path in /etc/hallq /var/lib/hallq /var/lib/hallq-kiosk /usr/share/hallq /usr/share/doc/hallq-server \
  /lib/systemd/system/hallq-server.service /lib/systemd/system/hallq-terminal@.service \
  /etc/udev/rules.d/70-hallq-devices.rules; do
  check "purged: $path" test ! -e "$path"
done
left="$(dpkg-query -W -f='${Package} ${Status}\n' 'hallq-*' 2>/dev/null | grep -v 'not-installed' || true)"
check "no hallq package known to dpkg" test -z "$left"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
