#!/usr/bin/env python3
"""The demo hall's window 6 and its property department, for the kiosk's
black-box test: brings a case of the fake card's holder (150502198802151230)
to a state, speaking the wire protocol (docs/protocol.md) itself.

usage: case_desk.py HOST:PORT accept            → prints the new case's number (accepted)
       case_desk.py HOST:PORT ready NUMBER      → handed over, decided, back: ready for pickup
       case_desk.py HOST:PORT status NUMBER     → prints the case as JSON
Exit 0 done, 1 refused (the refusal on stderr).
"""
import json
import sys

from wire_client import Client

ID = "150502198802151230"


def main():
    address, what = sys.argv[1], sys.argv[2]
    admin = Client("case_desk", address, "admin", "admin", "demo-admin-token")
    if what == "accept":
        admin.ask({"op": "login", "window": 6, "clerk": "c01", "pin": "1001"})
        admin.ask({"op": "take", "service": "F", "id_number": ID, "name": "包巴特尔"})
        admin.ask({"op": "call", "window": 6})
        number = admin.ask({"op": "case_open", "window": 6})["case"]["number"]
        admin.ask({"op": "case_materials", "window": 6, "number": number,
                   "materials": ["original", "original", "original"]})
        admin.ask({"op": "case_accept", "window": 6, "number": number})
        admin.ask({"op": "finish", "window": 6})
        print(number)
    elif what == "ready":
        number = sys.argv[3]
        sheet = admin.ask({"op": "handover_create", "department": "property", "cases": [number]})["handover"]["number"]
        desk = Client("case_desk", address, "department", "property", "demo-dept-property-token")
        desk.ask({"op": "handover_receive", "sheet": sheet, "person": "张三"})
        desk.ask({"op": "handover_return", "sheet": sheet, "results": [{"case": number, "approved": True}]})
        admin.ask({"op": "case_ready", "number": number})
    elif what == "status":
        print(json.dumps(admin.ask({"op": "case_status", "number": sys.argv[3]})["case"], ensure_ascii=False))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
