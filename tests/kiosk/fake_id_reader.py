#!/usr/bin/env python3
"""A resident-ID card reader (GA 467, serial) on a pseudo-terminal, for the
kiosk's black-box test: prints the port's path, then answers the kiosk's
commands with one card on it — 包巴特尔, 150502198802151230, as
tests/drivers/fake_reader.hpp — until it is killed.

usage: fake_id_reader.py PATH_FILE   (the pty's path is written to PATH_FILE)
"""
import os
import pty
import select
import sys
import termios
import tty

PREAMBLE = bytes([0xAA, 0xAA, 0xAA, 0x96, 0x69])


def ucs2(text, size):
    b = text.encode("utf-16-le")
    while len(b) < size:
        b += b" \x00"
    return b[:size]


def text_block():
    fields = [(0, 30, "包巴特尔"), (30, 2, "1"), (32, 4, "02"), (36, 16, "19880215"),
              (52, 70, "内蒙古通辽市科尔沁区建国路12号"), (122, 36, "150502198802151230"),
              (158, 30, "通辽市公安局科尔沁区分局"), (188, 16, "20180301"), (204, 16, "20380301")]
    b = bytearray(ucs2("", 256))
    for off, size, value in fields:
        b[off:off + size] = ucs2(value, size)
    b[248] = ord(" ")
    b[249] = 0
    return bytes(b)


def answer(sw3, data=b""):
    n = 3 + len(data) + 1
    f = PREAMBLE + bytes([n >> 8, n & 0xFF, 0, 0, sw3]) + data
    chk = 0
    for x in f[5:]:
        chk ^= x
    return f + bytes([chk])


def handle(frame):
    if len(frame) < 10:
        return b""
    cmd, para = frame[7], frame[8]
    if cmd == 0x11:
        return answer(0x90)
    if cmd == 0x12:
        return answer(0x90, bytes([0x05, 0x00, 0x01, 0x00, 0x09, 0xB8, 0x32, 0x01, 0x05, 0xBE, 0x12, 0x00,
                                   0xAD, 0xC5, 0xB1, 0x11]))
    if cmd == 0x20 and para == 0x01:
        return answer(0x9F, bytes(4))
    if cmd == 0x20 and para == 0x02:
        return answer(0x90, bytes(8))
    if cmd == 0x30:
        data = bytes([0x01, 0x00, 0x04, 0x00]) + text_block() + bytes((i * 7) & 0xFF for i in range(1024))
        return answer(0x90, data)
    return answer(0x21)


def main():
    master, slave = pty.openpty()
    tty.setraw(slave, termios.TCSANOW)
    path = os.ttyname(slave)
    with open(sys.argv[1] + ".part", "w") as f:
        f.write(path + "\n")
    os.rename(sys.argv[1] + ".part", sys.argv[1])
    buf = b""
    while True:
        r, _, _ = select.select([master], [], [], 1.0)
        if not r:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            continue  # the kiosk closed the port: it opens it again
        buf += chunk
        while len(buf) >= 7:
            n = (buf[5] << 8) | buf[6]
            if len(buf) < 7 + n:
                break
            frame, buf = buf[:7 + n], buf[7 + n:]
            reply = handle(frame)
            while reply:
                w = os.write(master, reply)
                reply = reply[w:]


if __name__ == "__main__":
    main()
