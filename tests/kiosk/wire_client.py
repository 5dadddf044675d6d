"""A wire client for the test desks (case_desk.py, guide_desk.py): one
connection, one request at a time, speaking docs/protocol.md itself (a JSON
line each way; events in between are passed over).

A refusal, no connection or a closed one ends the desk's process with exit status 1
and the reason on stderr, named after the desk.
"""
import json
import socket
import sys


class Client:
    def __init__(self, who, address, role, device, token):
        self.who = who
        host, port = address.rsplit(":", 1)
        try:
            self.sock = socket.create_connection((host, int(port)), timeout=10)
        except OSError as e:
            print("%s: no connection to %s: %s" % (who, address, e), file=sys.stderr)
            sys.exit(1)
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
                    print("%s: the server closed the connection" % self.who, file=sys.stderr)
                    sys.exit(1)
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if msg.get("id") != rid:
                continue  # an event
            if not msg.get("ok"):
                print("%s: %s refused: %s" % (self.who, body["op"], line.decode()), file=sys.stderr)
                sys.exit(1)
            return msg
