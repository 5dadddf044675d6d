#!/usr/bin/env python3
"""A guide at the test hall, for the kiosk's black-box test: looks at and takes
kiosks' calls for a guide (呼叫帮办), speaking the wire protocol
(docs/protocol.md, "Help") itself.

usage: guide_desk.py HOST:PORT open KIOSK    → prints the id of KIOSK's open call; exit 1 when it has none
       guide_desk.py HOST:PORT take KIOSK    → takes KIOSK's open call as guide-1, prints its id
Exit 0 done, 1 refused or nothing to take (why on stderr).
"""
import json
import socket
import sys


class Client:
    def __init__(self, address, role, device, token):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.buf = b""
        self.next_id = 1
        self.ask({"op": "hello", "protocol": 1, "role": role, "device": device, "token": token})

    def ask(self, body):
        rid = self.next_id
        self.next_id += 1
        self.sock.sendall((json.dumps(dict(body, id=rid)) + "\n").encode())
        while True:
            while b"\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    sys.exit("guide_desk: the server closed the connection")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if msg.get("id") != rid:
                continue  # an event
            if not msg.get("ok"):
                print("guide_desk: %s refused: %s" % (body["op"], line.decode()), file=sys.stderr)
                sys.exit(1)
            return msg


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("open", "take"):
        sys.exit(__doc__)
    address, what, kiosk = sys.argv[1:]
    guide = Client(address, "guide", "guide-1", "test-guide-token")
    calls = [c for c in guide.ask({"op": "help_requests", "open": True})["requests"] if c["device"] == kiosk]
    if not calls:
        print("guide_desk: %s has no open call for a guide" % kiosk, file=sys.stderr)
        sys.exit(1)
    if what == "take":
        guide.ask({"op": "help_take", "call": calls[0]["id"]})
    print(calls[0]["id"])


if __name__ == "__main__":
    main()
