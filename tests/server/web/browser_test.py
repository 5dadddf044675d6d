#!/usr/bin/python3
"""The citizens' pages in a real browser: Chromium headless (Debian's chromium,
chromium-driver, python3-selenium) in a phone-sized window (390×844), against
the real hallq-server with its web listener on a free port. Tickets are taken
and called over the wire protocol itself, as a kiosk and a caller would.

  tests/server/web/browser_test.py BIN_DIR SOURCE_DIR

Checks: the ticket's QR page shows the people ahead, and the number drops after
a call without a reload (server-sent events); the call itself appears ("it's
your turn: window 1"); a wrong token is a 404 page; the Mongolian page is laid
out vertically in the server's Noto Sans Mongolian; the rating page is tapped
through to its thank-you, and the server has the rating. The staff console at a
desk: log-in, the live hall, a ticket issued, the report with its files and
charts, then each section from the navigation (tickets, appointments, cases,
follow-ups, help desk, and as an admin users and devices). With HALLQ_SHOTS_DIR
set (tools/screenshots) each page is kept as a PNG for docs/web.md.
"""
import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from xml.etree import ElementTree

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BIN, SRC = sys.argv[1], sys.argv[2]
SHOTS = os.environ.get("HALLQ_SHOTS_DIR", "")


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


class Wire:
    """One session of the line protocol (docs/protocol.md)."""

    def __init__(self, port, role, device, token):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.next_id = 0
        hello = self.ask({"op": "hello", "protocol": 1, "role": role, "device": device, "token": token})
        if not hello.get("ok"):
            fail("hello refused: " + json.dumps(hello))

    def ask(self, request):
        self.next_id += 1
        self.sock.sendall((json.dumps(dict(request, id=self.next_id)) + "\n").encode())
        while True:
            while b"\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    fail("the server closed the connection")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            message = json.loads(line)
            if message.get("id") == self.next_id:
                return message

    def ok(self, request):
        reply = self.ask(request)
        if not reply.get("ok"):
            fail(json.dumps(request) + " was refused: " + json.dumps(reply, ensure_ascii=False))
        return reply


def start_server(tmp):
    with open(os.path.join(SRC, "tests/data/hall.toml"), encoding="utf-8") as f:
        hall = f.read()
    config = os.path.join(tmp, "hall.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(hall)
    log = open(os.path.join(tmp, "server.log"), "w")
    server = subprocess.Popen(
        [os.path.join(BIN, "hallq-server"), "--config", config, "--db", os.path.join(tmp, "hall.db"),
         "--listen", "127.0.0.1:0", "--web-listen", "127.0.0.1:0", "--time", "2026-11-30T09:00"],
        stdout=subprocess.PIPE, stderr=log, text=True)
    ports = {}
    deadline = time.time() + 20
    while len(ports) < 2 and time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        m = re.match(r"(web )?listening on 127\.0\.0\.1:(\d+)", line)
        if m:
            ports["web" if m.group(1) else "wire"] = int(m.group(2))
    if len(ports) < 2:
        server.kill()
        fail("hallq-server did not start its listeners: " + open(os.path.join(tmp, "server.log")).read())
    return server, ports["wire"], ports["web"]


def browser(phone=True):
    options = webdriver.ChromeOptions()
    size = "390,844" if phone else "1280,900"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + size, "--hide-scrollbars", "--lang=zh-CN"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    if phone:
        # A phone: its width, its pixel ratio and a phone's user agent.
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0},
            "userAgent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Mobile"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def waiting_for(driver, service):
    """The number waiting for `service` in the console's queue table."""
    return int(driver.find_element(By.CSS_SELECTOR, "#queues tr[data-service='%s'] .waiting" % service).text)


def xlsx_row(workbook, key):
    """The first worksheet's row whose third cell is `key`, by the header row's names (shared strings read)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    shared = []
    if "xl/sharedStrings.xml" in workbook.namelist():
        root = ElementTree.fromstring(workbook.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])) for si in root.findall("m:si", ns)]
    sheet = ElementTree.fromstring(workbook.read("xl/worksheets/sheet1.xml"))
    rows = []
    for r in sheet.iter("{%s}row" % ns["m"]):
        cells = {}
        for c in r.findall("m:c", ns):
            column = re.match(r"[A-Z]+", c.get("r")).group(0)
            v = c.find("m:v", ns)
            text = "" if v is None else (shared[int(v.text)] if c.get("t") == "s" else v.text)
            cells[column] = text
        rows.append(cells)
    header = rows[0]
    for cells in rows[1:]:
        if cells.get("C") == key:
            return {header[col]: value for col, value in cells.items()}
    fail("no row %s in the workbook" % key)


def console(web, admin, shots_driver_holder):
    """The staff console at a desk's browser: log in, a kiosk's ticket appears live, a guide issues one."""
    admin.ok({"op": "set_password", "user": "g1", "password": "guide-password-1"})
    driver = browser(phone=False)
    shots_driver_holder.append(driver)
    driver.get(web + "/staff")
    wait_for(driver, "no log-in form at /staff", lambda d: d.find_elements(By.ID, "password"))
    keep(driver, "staff-login")
    driver.find_element(By.ID, "user").send_keys("g1")
    driver.find_element(By.ID, "password").send_keys("wrong-password")
    driver.find_element(By.ID, "login").click()
    wait_for(driver, "no refusal for a wrong password",
             lambda d: "用户名或密码错误" in d.find_element(By.ID, "error").text)
    driver.find_element(By.ID, "user").send_keys("g1")
    driver.find_element(By.ID, "password").send_keys("guide-password-1")
    driver.find_element(By.ID, "login").click()
    wait_for(driver, "the hall after logging in", lambda d: d.find_elements(By.ID, "queues"))
    if "其其格" not in driver.find_element(By.ID, "who").text:
        fail("the console does not name the guide: " + driver.find_element(By.ID, "who").text)
    before = wait_for(driver, "service A in the queue table", lambda d: str(waiting_for(d, "A")))
    marker = driver.execute_script("window.hallqMarker = 7; return window.hallqMarker;")

    # A kiosk's ticket: the table follows without a reload.
    admin.ok({"op": "take", "service": "A"})
    wait_for(driver, "the kiosk's ticket did not appear in the console",
             lambda d: waiting_for(d, "A") == int(before) + 1)
    if driver.execute_script("return window.hallqMarker;") != marker:
        fail("the console was reloaded; it should have been updated in place")
    print("ok: the console showed a kiosk's ticket live (A waiting %s -> %d)" % (before, int(before) + 1))
    keep(driver, "staff-hall")

    # The guide issues one for a citizen without a phone.
    driver.find_element(By.ID, "take-submit").click()
    notice = wait_for(driver, "no notice after issuing",
                      lambda d: "已取号" in d.find_element(By.ID, "notice").text and d.find_element(By.ID, "notice").text)
    number = re.search(r"A\d{3}", notice).group(0)
    if admin.ok({"op": "status", "number": number})["ticket"]["channel"] != "guide":
        fail("the server does not have %s as issued by a guide" % number)
    keep(driver, "staff-issued")
    print("ok: the guide issued " + number + " from the console: " + notice)

    # Today's report, its CSV and its XLSX: the same numbers as the server's own `stats`.
    admin.ok({"op": "call", "window": 1})
    admin.ok({"op": "finish", "window": 1})
    stats = admin.ok({"op": "stats"})
    a = next(s for s in stats["services"] if s["key"] == "A")
    driver.find_element(By.ID, "nav-reports").click()
    wait_for(driver, "no report page", lambda d: d.find_elements(By.ID, "report-service"))
    row = driver.find_element(By.CSS_SELECTOR, "#report-service tr[data-key='A']")
    if row.find_element(By.CLASS_NAME, "issued").text != str(a["issued"]) or \
            row.find_element(By.CLASS_NAME, "served").text != str(a["served"]):
        fail("the report's row for A (%s) differs from stats %s" % (row.text, json.dumps(a)))
    keep(driver, "staff-report")
    cookies = "; ".join("%s=%s" % (c["name"], c["value"]) for c in driver.get_cookies())

    def download(link_css):
        href = driver.find_element(By.CSS_SELECTOR, link_css).get_attribute("href")
        request = urllib.request.Request(href, headers={"Cookie": cookies})
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.read()

    csv_rows = list(csv.DictReader(io.StringIO(download("#csv-service").decode("utf-8-sig"))))
    csv_a = next(r for r in csv_rows if r["service"] == "A")
    workbook = zipfile.ZipFile(io.BytesIO(download("a.xlsx")))
    xlsx_a = xlsx_row(workbook, "A")
    for key in ("issued", "served", "no_shows", "transferred", "wait_mean_s", "wait_p90_s"):
        if int(csv_a[key]) != a[key] or int(float(xlsx_a[key])) != a[key]:
            fail("%s: stats %s, CSV %s, XLSX %s" % (key, a[key], csv_a[key], xlsx_a[key]))
    print("ok: the report, its CSV and its XLSX agree with stats for A (issued %d, served %d)"
          % (a["issued"], a["served"]))

    # The charts (Chart.js from Debian, served by hallq-server): drawn from the page's JSON, on canvases
    # of real size; the load by hour and weekday is a table coloured by CSS classes.
    def drawn(d):
        return d.execute_script(
            "var ids = ['chart-waits', 'chart-clerks-served', 'chart-clerks-service', 'chart-clerks-satisfaction'];"
            "return !!window.Chart && ids.every(function (id) { var c = document.getElementById(id);"
            " var chart = window.Chart.getChart(c); return chart && c.width > 0 && c.height > 0"
            " && chart.data.datasets[0].data.length > 0; });")
    wait_for(driver, "the report's charts were not drawn", drawn)
    served_chart = driver.execute_script(
        "return Chart.getChart(document.getElementById('chart-clerks-served')).data.datasets[0].data;")
    served_table = int(driver.find_element(By.CSS_SELECTOR, "#report-clerk tr[data-key='c1'] .served").text)
    if served_chart != [served_table]:
        fail("the clerks' chart (%s) differs from their table (%d)" % (served_chart, served_table))
    hot = driver.find_elements(By.CSS_SELECTOR, "#report-load td.heat-5")
    if not hot or hot[0].value_of_css_property("background-color") in ("rgba(0, 0, 0, 0)", "transparent"):
        fail("the load's busiest cell is not coloured")
    print("ok: the waits and clerks charts are drawn (c1 served %d in chart and table); the heat map is coloured"
          % served_table)
    driver.execute_script("document.getElementById('section-period').scrollIntoView();")
    keep(driver, "staff-report-charts")
    pdf = download("#pdf")
    if not pdf.startswith(b"%PDF-"):
        fail("the monthly report's link did not give a PDF")
    print("ok: the monthly report's PDF downloaded from the page's link (%d bytes)" % len(pdf))
    sections(web, admin, driver, shots_driver_holder)


def sections(web, admin, driver, desks):
    """The console's other pages as a guide and an admin open them from the navigation."""
    # Something on each: an appointment, a case received at window 1.
    admin.ok({"op": "import_appointments", "appointments": [
        {"code": "AP-0931", "service": "A", "time": "16:30", "id_number": "150502199001011232", "name": "包巴特尔"}]})
    person = admin.ok({"op": "take", "service": "A", "id_number": "150502199001011232", "name": "包巴特尔"})
    admin.ok({"op": "call_number", "window": 1, "number": person["ticket"]["number"]})
    case = admin.ok({"op": "case_open", "window": 1, "phone": "13812345678"})["case"]["number"]

    driver.find_element(By.ID, "nav-tickets").click()
    wait_for(driver, "no tickets page", lambda d: d.find_elements(By.ID, "search-number"))
    driver.find_element(By.ID, "search-number").send_keys(person["ticket"]["number"])
    driver.find_element(By.ID, "find").click()
    # The row's text read inside the wait: the page may be replaced by a live refresh between finding
    # the row and reading it (seen under load: a stale element).
    row = wait_for(driver, "the ticket search did not find " + person["ticket"]["number"],
                   lambda d: next((r.text for r in d.find_elements(By.CSS_SELECTOR, "#tickets tbody tr")), None))
    if "150502********1232" not in row or "199001011" in driver.page_source:
        fail("the ticket's row does not show the masked ID only: " + row)
    keep(driver, "staff-tickets")
    print("ok: the tickets page finds %s with its ID masked" % person["ticket"]["number"])

    driver.find_element(By.ID, "nav-appointments").click()
    wait_for(driver, "no appointments page", lambda d: d.find_elements(By.ID, "summary"))
    if driver.find_element(By.ID, "summary").get_attribute("data-booked") != "1" or \
            "AP-0931" not in driver.find_element(By.ID, "appointments").text:
        fail("the appointments page does not list AP-0931: " + driver.find_element(By.TAG_NAME, "main").text)
    keep(driver, "staff-appointments")
    print("ok: the appointments page lists today's AP-0931")

    driver.find_element(By.ID, "nav-cases").click()
    wait_for(driver, "no cases page", lambda d: d.find_elements(By.ID, "found"))
    if case not in driver.find_element(By.ID, "cases").text:
        fail("the cases page does not list " + case)
    keep(driver, "staff-cases")
    print("ok: the cases page lists " + case)

    driver.find_element(By.ID, "nav-followups").click()
    wait_for(driver, "no follow-ups page", lambda d: d.find_elements(By.ID, "found"))
    if driver.find_element(By.ID, "found").get_attribute("data-total") != "1":
        fail("the follow-ups page does not list the phone's 不满意: " + driver.find_element(By.TAG_NAME, "main").text)
    keep(driver, "staff-followups")
    print("ok: the follow-ups page lists the phone's dissatisfied rating")

    driver.find_element(By.ID, "nav-help").click()
    wait_for(driver, "no help desk page", lambda d: d.find_elements(By.ID, "helpdesk-add"))
    driver.find_element(By.ID, "topic").send_keys("营业执照遗失补办")
    driver.find_element(By.ID, "answer").send_keys("带身份证到综合窗口，先登报声明")
    driver.find_element(By.ID, "add").click()
    wait_for(driver, "the help desk did not register the answer",
             lambda d: "营业执照遗失补办" in d.find_element(By.TAG_NAME, "main").text
             and d.find_elements(By.ID, "notice"))
    if not admin.ok({"op": "helpdesk_list"})["entries"]:
        fail("the server has no help desk entry after the form")
    keep(driver, "staff-helpdesk")
    print("ok: the help desk registered a question answered at the desk")

    # Users and devices: the administrator's page.
    admin.ok({"op": "set_password", "user": "a1", "password": "admin-password-1"})
    desk = browser(phone=False)
    desks.append(desk)
    desk.get(web + "/staff")
    wait_for(desk, "no log-in form at /staff", lambda d: d.find_elements(By.ID, "password"))
    desk.find_element(By.ID, "user").send_keys("a1")
    desk.find_element(By.ID, "password").send_keys("admin-password-1")
    desk.find_element(By.ID, "login").click()
    wait_for(desk, "no admin page in the navigation", lambda d: d.find_elements(By.ID, "nav-admin"))
    desk.find_element(By.ID, "nav-admin").click()
    wait_for(desk, "no users table", lambda d: d.find_elements(By.ID, "users"))
    online = desk.find_elements(By.CSS_SELECTOR, "#devices tr[data-device='caller-1'][data-online='1']")
    if not online:
        fail("the devices table does not show caller-1 connected: " + desk.find_element(By.ID, "devices").text)
    keep(desk, "staff-admin")
    print("ok: the admin page shows the users and caller-1 connected")


def keep(driver, name):
    if SHOTS:
        driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def wait_for(driver, what, condition, seconds=10):
    # A form just sent replaces the page: Chrome aborts a look into the page it is leaving ("aborted
    # by navigation"), which is a reason to look again once the new one is there, not a failure.
    def settled(d):
        try:
            return condition(d)
        except WebDriverException as e:
            if "aborted by navigation" in str(e):
                return False
            raise
    try:
        # The page's script replaces the status in place when an event arrives: an element read a
        # moment ago may be gone, so a stale element is a reason to look again, not a failure.
        return WebDriverWait(driver, seconds, poll_frequency=0.1,
                             ignored_exceptions=[StaleElementReferenceException]).until(settled)
    except TimeoutException:
        fail(what + " within %d s; the page says: %s" % (seconds, driver.find_element(By.TAG_NAME, "body").text))


def main():
    tmp = tempfile.mkdtemp(prefix="hallq-browser-")
    server, wire_port, web_port = start_server(tmp)
    driver = None
    desks = []
    try:
        admin = Wire(wire_port, "admin", "admin", "test-admin-token")
        clerk = Wire(wire_port, "caller", "caller-1", "test-caller-1-token")
        clerk.ok({"op": "login", "window": 1, "clerk": "c1", "pin": "1111"})
        admin.ok({"op": "take", "service": "A", "language": "zh"})
        second = admin.ok({"op": "take", "service": "A", "language": "zh"})["ticket"]
        number, token = second["number"], second["token"]
        web = "http://127.0.0.1:%d" % web_port
        driver = browser()

        # The QR code's page: one person ahead.
        driver.get(web + "/v/" + token)
        wait_for(driver, "the page does not show 1 person ahead",
                 lambda d: d.find_element(By.ID, "ahead").get_attribute("data-ahead") == "1"
                 and "前面还有 1 人" in d.find_element(By.ID, "ahead").text)
        wait_for(driver, "the page does not show " + number,
                 lambda d: d.find_element(By.ID, "number").text == number)
        keep(driver, "visit-waiting")
        marker = driver.execute_script("window.hallqMarker = 1; return window.hallqMarker;")

        # A call at window 1: the number ahead drops without a reload.
        clerk.ok({"op": "call", "window": 1})
        wait_for(driver, "people ahead did not drop to 0",
                 lambda d: d.find_element(By.ID, "ahead").get_attribute("data-ahead") == "0")
        if driver.execute_script("return window.hallqMarker;") != marker:
            fail("the page was reloaded; it should have been updated in place")
        print("ok: people ahead dropped from 1 to 0 after a call, without a reload")

        clerk.ok({"op": "finish", "window": 1})
        clerk.ok({"op": "call", "window": 1})
        turn = wait_for(driver, "no \"it's your turn\" (轮到您了)",
                        lambda d: "轮到您了" in d.find_element(By.ID, "turn").text and d.find_element(By.ID, "turn").text)
        keep(driver, "visit-called")
        print("ok: the call appeared live: " + turn)

        # Done: the rating link appears; tapped through to the thank-you.
        clerk.ok({"op": "finish", "window": 1})
        wait_for(driver, "no rating link after the finish", lambda d: d.find_elements(By.ID, "rate"))
        keep(driver, "visit-done")

        def tap_rate(d):
            d.find_element(By.ID, "rate").click()  # stale when an event replaced it: tapped again
            return True
        wait_for(driver, "the rating link could not be tapped", tap_rate)
        wait_for(driver, "no rating form", lambda d: d.find_elements(By.ID, "submit"))
        keep(driver, "rate-form")
        driver.find_element(By.CSS_SELECTOR, "label[for=level-dissatisfied]").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=reason][value=waited_too_long]").click()
        driver.find_element(By.ID, "submit").click()
        thanks = wait_for(driver, "no thank-you", lambda d: d.find_elements(By.ID, "thanks"))
        keep(driver, "rate-thanks")
        followups = admin.ok({"op": "followups"})["followups"]
        if len(followups) != 1 or followups[0]["rating"]["ticket"] != number or \
                followups[0]["rating"]["level"] != "dissatisfied" or \
                followups[0]["rating"]["reasons"] != ["waited_too_long"] or \
                followups[0]["rating"]["channel"] != "phone":
            fail("the server does not have the phone's rating: " + json.dumps(followups, ensure_ascii=False))
        print("ok: rated 不满意 (等候太久) on the phone: " + thanks[0].text)

        # A no-show is not the end: a guide puts it back in the queue and the phone, still
        # listening, shows it waiting again without a reload.
        missed = admin.ok({"op": "take", "service": "A", "language": "zh"})["ticket"]
        driver.get(web + "/v/" + missed["token"])
        wait_for(driver, "the page does not show " + missed["number"],
                 lambda d: d.find_element(By.ID, "number").text == missed["number"])
        marker = driver.execute_script("window.hallqMarker = 2; return window.hallqMarker;")
        clerk.ok({"op": "call", "window": 1})
        clerk.ok({"op": "no_show", "window": 1})
        wait_for(driver, "no 过号 after the no-show",
                 lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "no_show")
        admin.ok({"op": "requeue", "number": missed["number"]})
        wait_for(driver, "the requeued ticket does not show waiting again",
                 lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "waiting"
                 and d.find_elements(By.ID, "ahead"))
        if driver.execute_script("return window.hallqMarker;") != 2:
            fail("the page was reloaded; it should have been updated in place")
        print("ok: a no-show put back in the queue shows waiting again, without a reload")

        # A token that is not the hall's: the not-found page.
        driver.get(web + "/v/20261130-" + number + "-" + "0" * 20)
        if "未找到" not in driver.find_element(By.TAG_NAME, "h1").text:
            fail("a wrong token did not give the not-found page")
        status = driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].responseStatus;")
        if status not in (404, None):
            fail("a wrong token gave HTTP %s" % status)
        print("ok: a wrong token gives the not-found page (HTTP %s)" % status)

        # Mongolian: vertical columns in the server's font, shaped by the browser.
        third = admin.ok({"op": "take", "service": "A", "language": "mn"})["ticket"]
        driver.get(web + "/v/" + third["token"])
        main_mode = driver.execute_script(
            "return getComputedStyle(document.querySelector('main')).writingMode;")
        if main_mode != "vertical-lr":
            fail("the Mongolian page is not vertical: writing-mode " + str(main_mode))
        loaded = driver.execute_script(
            "return document.fonts.ready.then(() => document.fonts.check('20px \"Noto Sans Mongolian\"', 'ᠮᠣᠩᠭᠣᠯ'));")
        if not loaded:
            fail("the Mongolian font did not load from /fonts/")
        keep(driver, "visit-mongolian")
        print("ok: the Mongolian page is vertical-lr in Noto Sans Mongolian")

        driver.get(web + "/v/" + third["token"] + "?lang=en")
        keep(driver, "visit-english")

        console(web, admin, desks)
    finally:
        for d in [driver] + desks:
            if d:
                d.quit()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
