#!/usr/bin/env python3
"""A guide at the test hall, for the kiosk's black-box test: looks at and takes
kiosks' calls for a guide (呼叫帮办), speaking the wire protocol
(docs/protocol.md, "Help") itself.

usage: guide_desk.py HOST:PORT open KIOSK    → prints the id of KIOSK's open call; exit 1 when it has none
       guide_desk.py HOST:PORT take KIOSK    → takes KIOSK's open call as guide-1, prints its id
Exit 0 done, 1 refused or nothing to take (why on stderr).
"""
import sys

from wire_client import Client


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("open", "take"):
        sys.exit(__doc__)
    address, what, kiosk = sys.argv[1:]
    guide = Client("guide_desk", address, "guide", "guide-1", "test-guide-token")
    calls = [c for c in guide.ask({"op": "help_requests", "open": True})["requests"] if c["device"] == kiosk]
    if not calls:
        print("guide_desk: %s has no open call for a guide" % kiosk, file=sys.stderr)
        sys.exit(1)
    if what == "take":
        guide.ask({"op": "help_take", "call": calls[0]["id"]})
    print(calls[0]["id"])


if __name__ == "__main__":
    main()
