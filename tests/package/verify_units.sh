#!/usr/bin/env bash
# systemd-analyze verify for every unit in cmake/debian/ (the templates once per
# instance: kiosk, display, caller). The units name /usr/bin; here the build's
# programs stand in for them, as systemd-analyze checks each ExecStart program
# exists. Fails on any complaint about a hallq unit, warnings included (an
# unknown key or a bad value is only a warning to systemd, and would be ignored).
#   verify_units.sh SOURCE_DIR BUILD_BIN_DIR
set -euo pipefail
src="$1"
bin="$2"
command -v systemd-analyze >/dev/null || { echo "FAIL: systemd-analyze is missing (Debian's systemd package)"; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

units=()
for file in "$src"/cmake/debian/*.service; do
  name="$(basename "$file")"
  sed "s#/usr/bin/hallq-#$bin/hallq-#g" "$file" >"$tmp/$name"
  if [[ "$name" == *@.service ]]; then
    for instance in kiosk display caller; do
      ln -s "$name" "$tmp/${name%@.service}@$instance.service"
      units+=("${name%@.service}@$instance.service")
    done
  else
    units+=("$name")
  fi
done
[ "${#units[@]}" -ge 4 ] || { echo "FAIL: expected the server's unit and the terminals' template in cmake/debian"; exit 1; }

cd "$tmp"
rc=0
out="$(systemd-analyze verify "${units[@]}" 2>&1)" || rc=$?
complaints="$(grep -i hallq <<<"$out" || true)"
echo "verified: ${units[*]}"
if [ "$rc" -ne 0 ] || [ -n "$complaints" ]; then
  echo "FAIL: systemd-analyze verify (exit $rc):"
  echo "$out"
  exit 1
fi
echo "systemd-analyze verify: no complaints"
