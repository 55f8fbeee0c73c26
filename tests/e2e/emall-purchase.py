#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# emall-purchase.py: drives the real gpcloud from outside through AT-SPI through one e-mall purchase.
"""End-to-end: one 电子卖场 direct purchase, driven like a user through the accessibility tree.

It starts its own gpcloud-server on loopback (units, a supplier with a valid 统一社会信用代码, the
供应商库 and a small 商品库), a private D-Bus session (so the AT-SPI bus is this test's own), and
the real gpcloud binary ($GPCLOUD_APP) in zh_CN with the server address preset in its settings.
Then, as the purchaser 中山市教育局 (zsjy): sign in with the 预算编码, set a new password, create a
project, fill and publish the 采购意向, draft the 采购计划 with the e-mall direct-order method and
submit it; the finance bureau files it (HTTP API, a second actor); the order is drafted from the
商品库 (search, cart, consignee, invoice) and submitted; the supplier confirms the order and the
delivery (HTTP API); the purchaser confirms receipt (履约验收) and records the payment (合同支付).
After each step it reads what the user sees (stepper, status line, labels, toasts).

Only AT-SPI (pyatspi) and xdotool reach the app. Conditions are polled with a timeout. On a
failure it saves a screenshot next to the log ($GPCLOUD_E2E_ARTIFACTS, else the working
directory), says at which step it stopped and exits 1. With --keep it leaves everything running.
"""

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import uuid

TIMEOUT = float(os.environ.get("GPCLOUD_E2E_TIMEOUT", "30"))
PASSWORD = "Gp-e2e-Pass-2024"
SUPPLIER_NAME = "中山市博文电脑有限公司"
PROJECT_NAME = "中山市教育局办公电脑电子卖场采购"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

pyatspi = None  # imported once the private session bus is up
step_name = "setup"
artifacts = os.environ.get("GPCLOUD_E2E_ARTIFACTS") or os.getcwd()
processes = []
started = time.monotonic()


class Failure(Exception):
    pass


def log(text):
    print(f"[{time.monotonic() - started:6.1f}s] {text}", flush=True)


def step(name):
    global step_name
    step_name = name
    log(f"== {name}")


def check(condition, what):
    if not condition:
        raise Failure(what)
    log(f"   ok: {what}")


def uscc(first17):
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def wait_for(condition, what, timeout=None):
    """Polls @condition (returning a true value) until it holds; fails after the timeout."""
    deadline = time.monotonic() + (timeout or TIMEOUT)
    last_error = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except Exception as e:  # the tree changes under us: try again
            last_error = e
        if time.monotonic() > deadline:
            raise Failure(f"timed out waiting for {what}" + (f" (last error: {last_error})" if last_error else ""))
        time.sleep(0.1)


# ------------------------------------------------------------------------------------------------
# Processes: a private session bus, the server, the app

def start_session_bus(tmp):
    """A D-Bus session of our own: the app and this script meet on its AT-SPI bus, whose socket
    lives in our XDG_RUNTIME_DIR (with the caller's HOME it would be ~/.cache/at-spi/bus, shared by
    every session of the user)."""
    runtime = os.path.join(tmp, "runtime")
    os.makedirs(runtime, mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime, HOME=os.path.join(tmp, "home"))
    errlog = open(os.path.join(tmp, "dbus.log"), "w")
    proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, stderr=errlog, env=env, text=True)
    processes.append(proc)
    address = proc.stdout.readline().strip()
    if not address:
        raise Failure("dbus-daemon did not start")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    os.environ["XDG_RUNTIME_DIR"] = runtime
    # An unlocked keyring on this bus, as on an officer's desktop (and as build-aux/test-session.sh
    # gives the other tests): the app keeps its token there.
    keyring = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                             input="test", capture_output=True, text=True,
                             env=dict(env, DBUS_SESSION_BUS_ADDRESS=address))
    if keyring.returncode != 0:
        raise Failure(f"gnome-keyring-daemon did not start: {keyring.stderr.strip()}")
    return address


def server_binary():
    path = os.environ.get("GPCLOUD_SERVER")
    if not path:
        raise Failure("GPCLOUD_SERVER is not set (run through meson test)")
    return path


def start_server(tmp):
    srv = os.path.join(tmp, "server")
    os.makedirs(srv)
    data = os.path.join(srv, "data")
    supplier_uscc = uscc("91442000MA4W1234X")
    files = {
        "server.conf": "[accounts]\npassword-hash-ops=1\npassword-hash-mem=8192\n",
        "units.csv": "name,budget_code,region,role,account,duties,uscc\n"
                     "中山市教育局,442000101,442000,purchaser,zsjy,both,\n"
                     "中山市财政局,442000900,442000,supervisor,zscz,,\n"
                     f"{SUPPLIER_NAME},442000801,442000,supplier,gys01,,{supplier_uscc}\n",
        "suppliers.csv": "uscc,name,size,credit,region\n"
                         f"{supplier_uscc},{SUPPLIER_NAME},small,normal,442000\n",
        "products.csv": "sku,name,catalog_code,price,supplier_uscc,spec,unit\n"
                        f"SKU-0001,台式计算机,A02010104,4999.00,{supplier_uscc},i5/16G/512G SSD,台\n"
                        f"SKU-0002,激光打印机,A02021000,1899.00,{supplier_uscc},A4 黑白 30页/分,台\n"
                        f"SKU-0003,复印纸,A05040101,25.00,{supplier_uscc},A4 70g 500张,包\n",
    }
    for name, text in files.items():
        with open(os.path.join(srv, name), "w", encoding="utf-8") as f:
            f.write(text)
    conf = os.path.join(srv, "server.conf")
    for args in (["import-units", os.path.join(srv, "units.csv"), "--config", conf],
                 ["import-registry", "supplier", os.path.join(srv, "suppliers.csv")],
                 ["import-registry", "product", os.path.join(srv, "products.csv")]):
        r = subprocess.run([server_binary()] + args + ["--data-dir", data], capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f"gpcloud-server {args[0]} failed: {r.stderr}")
    errlog = open(os.path.join(srv, "server.log"), "w")
    proc = subprocess.Popen([server_binary(), "--listen", "127.0.0.1:0", "--data-dir", data, "--config", conf],
                            stdout=subprocess.PIPE, stderr=errlog, text=True)
    processes.append(proc)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        raise Failure(f"gpcloud-server did not start: {line!r}")
    return line[len("listening on "):], supplier_uscc


def start_app(tmp, url):
    app = os.environ.get("GPCLOUD_APP")
    if not app or not os.access(app, os.X_OK):
        raise Failure(f"GPCLOUD_APP is not an executable: {app!r}")
    home = os.path.join(tmp, "home")
    config = os.path.join(home, ".config")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"), exist_ok=True)
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write(f"[org/gpcloud/GpCloud]\nserver-url='{url}'\n")
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    # Criticals are not fatal here, so that the purchase goes as far as the app allows; any critical
    # in the app's log fails the test at the end (criticals_in_log).
    env.pop("G_DEBUG", None)
    if os.environ.get("GPCLOUD_E2E_FATAL_CRITICALS"):
        env["G_DEBUG"] = "fatal-criticals"
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": config,
        "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
        "XDG_CACHE_HOME": os.path.join(home, ".cache"),
        "GSETTINGS_BACKEND": "keyfile",
        "LANG": "C.UTF-8",
        "LANGUAGE": "zh_CN",
        "GSK_RENDERER": "cairo",
        "GDK_BACKEND": "x11",
    })
    env.setdefault("GSETTINGS_SCHEMA_DIR", "")
    errlog = open(os.path.join(tmp, "gpcloud.log"), "w")
    wrapper = os.environ.get("GPCLOUD_E2E_APP_WRAPPER", "").split()  # e.g. "gdb -batch -ex run -ex bt --args"
    proc = subprocess.Popen(wrapper + [app], env=env, stdout=errlog, stderr=subprocess.STDOUT)
    processes.append(proc)
    return proc


def stop_processes():
    for proc in reversed(processes):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def screenshot(path, crop=None):
    args = ["import", "-window", "root"]
    if crop:
        args += ["-crop", crop]
    subprocess.run(args + [path], check=False, timeout=30)


# ------------------------------------------------------------------------------------------------
# The HTTP API: the other actors (finance bureau, supplier)

class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, token=None, body=None, expect=(200, 201)):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("Idempotency-Key", str(uuid.uuid4()))
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status not in expect:
            raise Failure(f"{method} {path}: {status} {text}")
        return json.loads(text) if text else None

    def sign_in(self, login, initial):
        """Signs in, changing the initial password on the first use."""
        token = self.call("POST", "/api/v1/session", body={"login": login, "password": initial})["token"]
        self.call("POST", "/api/v1/session/password", token,
                  {"current_password": initial, "new_password": PASSWORD})
        return token

    def action(self, token, project_id, action, body=None):
        return self.call("POST", f"/api/v1/projects/{project_id}/actions/{action}", token, body or {})

    def project(self, token, project_id):
        return self.call("GET", f"/api/v1/projects/{project_id}", token)

    def projects(self, token):
        out, since = [], "0"
        while True:
            page = self.call("GET", f"/api/v1/changes?since={since}&limit=500", token)
            out += [c["project"] for c in page["changes"] if not c["deleted"]]
            since = page["next"]
            if not page["more"]:
                return out


# ------------------------------------------------------------------------------------------------
# AT-SPI: finding what is on screen, pressing, typing

def the_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is not None and a.name == "gpcloud":
            return a
    return None


TOPS = ("frame", "dialog", "alert", "window")


def extents(a):
    e = a.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return e.x, e.y, e.width, e.height


def walk(a, skip_panes=False):
    """Depth first, skipping subtrees that were never allocated (pages never shown), and with
    @skip_panes the scroll panes (the forms): the header, stepper, status line and toasts are outside."""
    yield a
    for i in range(a.childCount):
        c = a.getChildAtIndex(i)
        if c is None:
            continue
        if skip_panes and c.getRoleName() == "scroll pane":
            continue
        if c.getRoleName() not in TOPS:
            try:
                x, y, w, h = extents(c)
                if w <= 0 or h <= 0:
                    continue
            except Exception:
                pass
        yield from walk(c, skip_panes)


def toplevel(a):
    while a is not None and a.getRoleName() not in TOPS:
        a = a.parent
    return a


def on_screen(a):
    """Whether the user sees @a: hit-testing its window at three points finds @a or a child.
    (GTK 4.8 keeps the old allocation of hidden stack pages and sets no SHOWING state.)"""
    x, y, w, h = extents(a)
    if w <= 0 or h <= 0:
        return False
    comp = toplevel(a).queryComponent()
    dx, dy = min(3, w // 2), min(3, h // 2)
    for px, py in ((x + w // 2, y + h // 2), (x + dx, y + dy), (x + w - 1 - dx, y + h - 1 - dy)):
        hit = comp.getAccessibleAtPoint(px, py, pyatspi.WINDOW_COORDS)
        while hit is not None:
            if hit == a:
                return True
            hit = hit.parent
    return False


def matches(a, role, name):
    if a.getRoleName() != role:
        return False
    n = a.name or ""
    return n == name if isinstance(name, str) else name.search(n) is not None


def find_all(role, name, root=None):
    root = root or window()
    return [a for a in walk(root) if matches(a, role, name)]


def find(role, name, root=None, visible=True, skip_panes=False):
    for a in walk(root or window(), skip_panes):
        if matches(a, role, name) and (not visible or on_screen(a)):
            return a
    return None


def wait_find(role, name, root=None, what=None, timeout=None):
    return wait_for(lambda: find(role, name, root), what or f"{role} “{name if isinstance(name, str) else name.pattern}”",
                    timeout)


def find_in_now(root, role, name):
    """In a subtree, visible or scrolled away (not hit-tested); None when it is not there now."""
    for a in walk(root):
        if matches(a, role, name):
            return a
    return None


def find_in(root, role, name):
    """In a subtree, waiting for it: the app builds list rows and pages asynchronously."""
    label = name if isinstance(name, str) else name.pattern
    return wait_for(lambda: find_in_now(root, role, name), f"{role} “{label}”")


def window():
    app = the_app()
    if app is None:
        raise Failure("gpcloud is not on the accessibility bus")
    for i in range(app.childCount):
        c = app.getChildAtIndex(i)
        if c is not None and c.getRoleName() == "frame":
            return c
    raise Failure("gpcloud has no window")


def dialog():
    app = the_app()
    for i in range(app.childCount):
        c = app.getChildAtIndex(i)
        if c is not None and c.getRoleName() in ("dialog", "alert"):
            return c
    return None


def text_of(a):
    try:
        t = a.queryText()
        return t.getText(0, t.characterCount)  # GTK 4.8: (0, -1) gives ''
    except Exception:
        return None


def sensitive(a):
    return a.getState().contains(pyatspi.STATE_SENSITIVE)


def press(a):
    """The Action interface's first action (click/toggle)."""
    a.queryAction().doAction(0)


def xclick(a):
    x, y, w, h = extents(a)
    subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1"],
                   check=True, timeout=10)


def keys(*names):
    subprocess.run(["xdotool", "key", "--delay", "40"] + list(names), check=True, timeout=30)


def reveal(a):
    """Scrolls the scroll pane holding @a (its vertical scroll bar's Value) until @a is on screen."""
    if on_screen(a):
        return a
    pane = a.parent
    while pane is not None and pane.getRoleName() != "scroll pane":
        pane = pane.parent
    if pane is None:
        raise Failure(f"“{a.name}” is not on screen and not in a scroll pane")
    bar = None
    for i in range(pane.childCount):
        c = pane.getChildAtIndex(i)
        if c is not None and c.getRoleName() == "scroll bar":
            x, y, w, h = extents(c)
            if h > w:
                bar = c.getChildAtIndex(0).queryValue()
    if bar is None:
        raise Failure(f"“{a.name}” is not on screen and its pane does not scroll")
    for _ in range(5):
        px, py, pw, ph = extents(pane)
        x, y, w, h = extents(a)
        delta = (y + min(h, ph) // 2) - (py + ph // 2)
        bar.currentValue = max(bar.minimumValue, min(bar.maximumValue, bar.currentValue + delta))
        try:
            return wait_for(lambda: on_screen(a) and a, f"“{a.name}” scrolled into view", 2)
        except Failure:
            pass
    raise Failure(f"could not scroll “{a.name}” into view")


def set_text(a, value):
    """Types into an entry through EditableText, as the user sees it (scrolled into view)."""
    reveal(a)
    a.queryEditableText().setTextContents(value)
    wait_for(lambda: text_of(a) == value, f"“{a.name}” to read {value!r}")


def combo_lists(c):
    return [a for a in walk_all(c) if a.getRoleName() == "list"]


def walk_all(a):
    yield a
    for i in range(a.childCount):
        c = a.getChildAtIndex(i)
        if c is not None:
            yield from walk_all(c)


def labels_in(a):
    return "".join(text_of(x) or "" for x in walk_all(a) if x.getRoleName() == "label")


def combo_value(c):
    return labels_in(combo_lists(c)[0])


def focused_entry(c):
    """The open popup of a combo row: (its entries, the index of the focused one), or None."""
    lists = combo_lists(c)
    if len(lists) < 2:
        return None
    popup = lists[-1]
    entries, focus = [], None
    for i in range(popup.childCount):
        item = popup.getChildAtIndex(i)
        entries.append(labels_in(item))
        if item.getState().contains(pyatspi.STATE_FOCUSED):
            focus = i
    return (entries, focus) if focus is not None else None


def choose(c, value):
    """An AdwComboRow has no action in GTK 4.8: click it, then move the focus in its popup with the
    keyboard to @value and press Return."""
    reveal(c)
    if combo_value(c) == value:
        return
    xclick(c)
    entries, focus = wait_for(lambda: focused_entry(c), f"the open list of “{c.name}”")
    if value not in entries:
        keys("Escape")
        raise Failure(f"“{c.name}” offers {entries}, not {value!r}")
    target = entries.index(value)
    if target != focus:
        keys(*(["Down"] * (target - focus) if target > focus else ["Up"] * (focus - target)))
        wait_for(lambda: (focused_entry(c) or (None, None))[1] == target, f"“{value}” focused in “{c.name}”")
    keys("Return")
    wait_for(lambda: combo_value(c) == value, f"“{c.name}” to show {value!r}")


# ------------------------------------------------------------------------------------------------
# What the user sees on the project page

def label(pattern, root=None, what=None, timeout=None, chrome=False):
    """Waits for a visible label matching @pattern (a regex string); returns its text. With @chrome,
    only outside the forms (header, stepper, status line, toasts): a quicker look."""
    rx = re.compile(pattern)
    a = wait_for(lambda: find("label", rx, root, skip_panes=chrome), what or f"the label /{pattern}/ on screen", timeout)
    return a.name


def no_label(pattern, what):
    rx = re.compile(pattern)
    wait_for(lambda: find("label", rx) is None, what)


def stage_form():
    """The stage form on screen: the first visible scroll pane of the page."""
    return wait_for(lambda: next((a for a in walk(window()) if a.getRoleName() == "scroll pane" and on_screen(a)), None),
                    "the stage form")


def step_button(stage):
    rx = re.compile(f"^[✓●○] {stage}")
    return wait_for(lambda: find("push button", rx, skip_panes=True), f"the stepper's “{stage}”")


def stepper_shows(stage, mark):
    """The stepper button of @stage reads “mark stage …” (✓ done, ● current, ○ not yet)."""
    name = wait_for(lambda: (lambda b: b is not None and b.name.startswith(f"{mark} {stage}") and b.name)(
        find("push button", re.compile(f"^[✓●○] {stage}"), skip_panes=True)), f"the stepper to show {mark} {stage}")
    log(f"   ok: stepper “{name.strip()}”")
    return name


def open_stage(stage):
    press(step_button(stage))
    wait_for(lambda: (lambda st: st.contains(pyatspi.STATE_CHECKED) or st.contains(pyatspi.STATE_PRESSED))(
        step_button(stage).getState()), f"“{stage}” selected")
    return stage_form()


def status_is(state_label):
    """The header's subtitle: “state · unit”."""
    text = label(f"^{re.escape(state_label)} · 中山市教育局$", what=f"the project to show “{state_label}”", chrome=True)
    log(f"   ok: header “{text}”")


def nothing_missing():
    rx = re.compile("项需要处理$")
    wait_for(lambda: find("label", rx, skip_panes=True) is None,
             "the form to need nothing more (no “还有 N 项需要处理”)")
    log("   ok: nothing left to fill")


def run_primary(action, consequence=None, absent=None):
    """Presses the header's primary action, checks the confirmation, confirms, waits for the verdict."""
    button = wait_find("push button", action, what=f"the action “{action}”")
    check(sensitive(button), f"“{action}” can be pressed")
    press(button)
    dlg = wait_for(dialog, f"the confirmation of “{action}”")
    texts = [a.name for a in walk_all(dlg) if a.getRoleName() == "label"]
    check(f"{action}？" in texts, f"the confirmation asks “{action}？”")
    if consequence:
        check(any(consequence in t for t in texts), f"the confirmation says “{consequence}”")
    if absent:
        check(not any(absent in t for t in texts), f"the confirmation does not mention “{absent}”")
    press(wait_for(lambda: find_in(dlg, "push button", re.compile(f"^{re.escape(action)}")), "the confirm button"))
    rx = re.compile(f"^平台已受理：{re.escape(action)}$")
    nudged = [time.monotonic()]

    def verdict():
        a = find("label", rx, skip_panes=True)
        if a is None and time.monotonic() - nudged[0] > 5:  # still 待发送: the user presses 同步
            nudged[0] = time.monotonic()
            log("   (still waiting to be sent: 同步)")
            sync_now()
        return a and a.name
    toast = wait_for(verdict, f"the toast “平台已受理：{action}”", TIMEOUT * 2)
    log(f"   ok: toast “{toast}”")


def sync_now():
    """The window's 同步 action (Ctrl+R), through its Action interface."""
    frame = window()
    act = frame.queryAction()
    names = [act.getName(i) for i in range(act.nActions)]
    if "win.sync" not in names:
        raise Failure(f"the window has no sync action: {names}")
    act.doAction(names.index("win.sync"))


def sync_until(state_label):
    """Another actor changed the project: sync (as the user would, repeatedly) until it shows."""
    rx = re.compile(f"^{re.escape(state_label)} · 中山市教育局$")
    find_ = lambda: find("label", rx, skip_panes=True)  # noqa: E731

    def synced():
        if find_():
            return True
        sync_now()
        return wait_for(find_, "the sync", 3) is not None
    wait_for(synced, f"the project to show “{state_label}” after a sync")
    log(f"   ok: header “{state_label} · 中山市教育局” after the sync")


# ------------------------------------------------------------------------------------------------
# The purchase

def purchase(api, supplier_uscc, screenshot_path):
    today = datetime.date.today()
    expected = today + datetime.timedelta(days=62)
    start = today + datetime.timedelta(days=40)

    step("1. 登录: the 预算编码 is the initial password")
    wait_for(lambda: the_app() is not None, "gpcloud on the accessibility bus", 60)
    wait_find("label", "政府采购云", what="the sign-in page")
    check(find("label", re.compile(r"^http://127\.0\.0\.1:\d+$")) is not None,
          "the server address from the settings is shown under 更多")
    set_text(wait_find("text", "账号"), "zsjy")
    set_text(wait_find("text", "密码"), "442000101")
    press(wait_find("push button", "登录"))

    step("2. 设置新密码: the forced change of the initial password")
    label("^首次登录须修改初始密码。$", what="the reason for the password change")
    set_text(wait_find("text", "新密码"), PASSWORD)
    set_text(wait_find("text", "再次输入新密码"), PASSWORD)
    press(wait_find("push button", re.compile("^修改密码")))
    log(f"   ok: toast “{label('^密码已修改$')}”")
    log(f"   ok: sidebar “{label('^中山市教育局 · 经办、审核$')}”")

    step("3. 采购项目 → 新建: a new project opens on its intention")
    pages = wait_find("list", "页面", what="the sidebar")
    names = [pages.getChildAtIndex(i).name for i in range(pages.childCount)]
    check("采购项目" in names, f"the sidebar lists 采购项目 ({'、'.join(names)})")
    pages.querySelection().selectChild(names.index("采购项目"))
    press(wait_find("push button", re.compile("^新建项目"), what="the 新建 button"))
    label("^未命名采购项目$", what="the new project's title")
    status_is("意向草稿")
    stepper_shows("采购意向公开", "●")
    for stage in ("采购计划备案", "采购执行", "采购合同备案", "履约验收", "合同支付"):
        stepper_shows(stage, "○")
    missing = label(r"^还有 \d+ 项需要处理$")
    log(f"   ok: status line “{missing}”")

    step("4. 采购意向公开: fill and publish")
    form = stage_form()
    set_text(find_in(form, "text", "项目名称"), PROJECT_NAME)
    set_text(find_in(form, "text", "采购需求概况"), "办公电脑一批，用于日常办公。")
    set_text(find_in(form, "text", "预算金额（元）"), "20000")
    log(f"   ok: budget shown as “{label('^¥20,000.00 · 2.00万元$')}”")
    set_text(find_in(form, "text", "预计采购时间（年-月）"), expected.strftime("%Y-%m"))
    label(f"^{expected.year}年{expected.month}月$", what="the expected month read back")
    label(f"^{re.escape(PROJECT_NAME)}$", what="the project name in the header")
    nothing_missing()
    run_primary("公开采购意向", "《采购意向公开》")
    status_is("意向已公开")

    step("5. 采购计划: e-mall direct order, submitted for filing")
    run_primary("编制采购计划")
    status_is("计划草稿")
    stepper_shows("采购意向公开", "✓")
    stepper_shows("采购计划备案", "●")
    form = open_stage("采购计划备案")
    check(text_of(find_in(form, "text", "计划名称")) == PROJECT_NAME, "the plan takes the intention's name")
    set_text(find_in(form, "text", "采购内容"), "办公电脑一批")
    choose(find_in(form, "combo box", "采购性质"), "货物")
    set_text(find_in(form, "text", "计划采购开始日期（年-月-日）"), start.isoformat())
    choose(find_in(form, "combo box", "预算资金类型"), "非财政性资金")
    set_text(find_in(form, "text", "资金来源说明或资金承诺函"), "单位自有资金")
    add = find_in(form, "push button", "添加品目")
    reveal(add)
    press(add)
    items = wait_for(lambda: find_in_now(form, "list", "采购目录（品目）") if find_in_now(form, "text", "品目编码") else None,
                     "the new catalogue line")
    for title, value in (("品目编码", "A02010104"), ("名称", "台式计算机"), ("规格型号", "i5/16G/512G SSD"),
                         ("单位", "台"), ("数量", "2"), ("单价（元）", "4999")):
        set_text(find_in(items, "text", title), value)
    wait_for(lambda: "¥9,998.00" in labels_in(items), "the plan total ¥9,998.00")
    log("   ok: plan total ¥9,998.00")
    choose(find_in(form, "combo box", "采购方式"), "电子卖场直接订购")
    choose(find_in(form, "combo box", "组织形式"), "分散采购（自行采购）")
    nothing_missing()
    run_primary("提交计划备案", "将提交财政部门备案")
    status_is("待备案")

    step("6. 财政部门备案 (中山市财政局, through the API)")
    finance = api.sign_in("zscz", "442000900")
    submitted = [p for p in api.projects(finance) if p["status"] == "plan_submitted"]
    check(len(submitted) == 1 and submitted[0]["plan"]["name"] == PROJECT_NAME,
          "the finance bureau sees the submitted plan")
    project_id = submitted[0]["id"]
    check(submitted[0]["plan"]["method"] == "mall_direct", "the plan's method is mall_direct")
    check(api.action(finance, project_id, "file_plan")["status"] == "plan_filed", "the bureau files the plan")
    sync_until("计划已备案")

    step("7. 采购执行: 商品库 → 购物车 → 收货人 → 发票 → 提交订单")
    run_primary("电子卖场下单")
    status_is("下单中")
    stepper_shows("采购计划备案", "✓")
    stepper_shows("采购执行", "●")
    form = open_stage("采购执行")
    order = find_in(form, "list item", "订单状态")
    check(labels_in(order) == "订单状态未提交", "order status 未提交")
    search = find_in(form, "entry", "搜索商品库")
    set_text(search, "计算")
    found = find_in(form, "list", "找到的商品")
    wait_for(lambda: [found.getChildAtIndex(i).name for i in range(found.childCount)] == ["台式计算机"],
             "the search “计算” to find only 台式计算机")
    log("   ok: “计算” finds 台式计算机")
    add = find_in(found, "push button", "加入购物车：台式计算机")
    reveal(add)
    cart = find_in(form, "list", "购物车")
    quantity = lambda: text_of(find_in_now(cart, "spin button", "数量：台式计算机") or cart)  # noqa: E731
    press(add)
    wait_for(lambda: quantity() == "1", "台式计算机 in the cart")
    press(find_in(found, "push button", "加入购物车：台式计算机"))
    wait_for(lambda: quantity() == "2", "a second 台式计算机 in the cart")
    wait_for(lambda: labels_in(cart).count("¥9,998.00") == 2, "the cart total ¥9,998.00")
    check(f"供应商：{SUPPLIER_NAME}" in labels_in(cart), "the cart names the supplier from the 供应商库")
    for title, value in (("收货人姓名", "李老师"), ("收货人电话", "0760-88888888"), ("收货地址", "中山市东区松苑路1号")):
        set_text(find_in(form, "text", re.compile(f"^{title}")), value)
    choose(find_in(form, "combo box", re.compile("^发票类型")), "增值税普通发票")
    set_text(find_in(form, "text", re.compile("^发票抬头")), "中山市教育局")
    nothing_missing()
    run_primary("提交订单")
    wait_for(lambda: labels_in(find_in(stage_form(), "list item", "订单状态")) == "订单状态已提交，待供应商确认",
             "order status 已提交，待供应商确认")
    log("   ok: order status 已提交，待供应商确认")

    step("8. 供应商 confirms the order and the delivery (through the API)")
    supplier = api.sign_in("gys01", "442000801")
    seen = api.project(supplier, project_id)
    check(seen["execution"]["mall"]["status"] == "submitted", "the supplier sees the submitted order")
    check(seen["execution"]["mall"]["supplier"]["uscc"] == supplier_uscc, "the order is to its 统一社会信用代码")
    check(seen["execution"]["mall"]["total"] == 999800, "the order's total is ¥9,998.00")
    check(api.action(supplier, project_id, "confirm_mall_order")["status"] == "mall_order_confirmed",
          "the supplier confirms the order")
    check(api.action(supplier, project_id, "confirm_delivery")["status"] == "delivered",
          "the supplier confirms the delivery")
    sync_until("已交付")
    stepper_shows("采购执行", "✓")
    stepper_shows("履约验收", "●")

    step("9. 履约验收: confirm receipt and rate the supplier")
    open_stage("履约验收")
    log(f"   ok: “{label('在采购执行页确认收货并评价供应商')}”")
    form = open_stage("采购执行")
    rating = find_in(form, "spin button", "供应商评分")
    reveal(rating)
    rating.queryValue().currentValue = 5
    wait_for(lambda: text_of(rating) == "5", "the rating 5")
    set_text(find_in(form, "text", re.compile("^对供应商的评价")), "送货及时，安装规范")
    nothing_missing()
    # Computers for an office are not a service to the public: no 验收公告 (实施条例 第45条).
    run_primary("确认验收", absent="验收公告")
    status_is("验收合格")

    step("10. 合同支付: record the payment")
    form = open_stage("合同支付")
    owed = find_in(form, "list", "应付情况")
    check("合同金额（含补充合同）¥9,998.00" in labels_in(owed), "owed ¥9,998.00")
    check(f"供应商{SUPPLIER_NAME}" in labels_in(owed), "to the supplier")
    add = find_in(form, "push button", "添加支付期次")
    reveal(add)
    press(add)
    lines = wait_for(lambda: find_in(form, "text", "金额（元）") and find_in(form, "list", "支付期次"), "a new instalment")
    # 支付日期 stays empty: 登记支付 stamps it (a filled date counts as already recorded).
    for title, value in (("金额（元）", "9998"), ("交付／验收合格／约定日期（年-月-日）", today.isoformat()),
                         ("支付凭证（电子回单号）", "GK2026113000123"), ("发票号", "44001234")):
        set_text(find_in(lines, "text", title), value)
    choose(find_in(lines, "combo box", "支付条件"), "验收合格")
    choose(find_in(lines, "combo box", "资金来源"), "单位自有资金")
    nothing_missing()
    run_primary("登记支付", "支付记录将作为合同履行的正式记录")
    status_is("已支付")
    paid_on = f"{today.year}年{today.month}月{today.day}日"
    wait_for(lambda: "尚未支付¥0.00" in labels_in(find_in(stage_form(), "list", "应付情况")), "尚未支付 ¥0.00")
    log(f"   ok: instalment “{label(f'^¥9,998.00 · 验收合格后 · 已于 {paid_on} 支付$')}”")
    for stage in ("采购意向公开", "采购计划备案", "采购执行", "履约验收"):
        stepper_shows(stage, "✓")
    stepper_shows("合同支付", "●")
    check(api.project(finance, project_id)["status"] == "paid", "the server has the project paid")

    if screenshot_path:
        screenshot(screenshot_path, "1100x720+0+0")
        log(f"   screenshot {screenshot_path}")


def main():
    global pyatspi
    keep = "--keep" in sys.argv
    shot = None
    if "--screenshot" in sys.argv:
        shot = os.path.abspath(sys.argv[sys.argv.index("--screenshot") + 1])
    if not os.environ.get("DISPLAY"):
        print("emall-purchase: no DISPLAY (run under xvfb-run)", file=sys.stderr)
        return 77
    tmp = tempfile.mkdtemp(prefix="gpcloud-e2e-")
    ok = False
    try:
        start_session_bus(tmp)
        import pyatspi as _pyatspi  # after DBUS_SESSION_BUS_ADDRESS points at our bus
        pyatspi = _pyatspi
        url, supplier_uscc = start_server(tmp)
        log(f"gpcloud-server at {url}")
        app = start_app(tmp, url)
        purchase(Api(url), supplier_uscc, shot)
        if app.poll() is not None:
            raise Failure(f"gpcloud exited with status {app.returncode}")
        step("11. the app's log")
        with open(os.path.join(tmp, "gpcloud.log"), errors="replace") as f:
            criticals = [line for line in f if "CRITICAL" in line]
        check(not criticals, "no criticals in the app's log" + ("".join(["\n    " + c.strip() for c in criticals])))
        ok = True
        log(f"PASS: the e-mall purchase from sign-in to paid in {time.monotonic() - started:.1f} s")
    except Exception as e:
        path = os.path.join(artifacts, "e2e-emall-purchase-failure.png")
        try:
            screenshot(path)
        except Exception:
            path = "(no screenshot)"
        if not isinstance(e, Failure):
            traceback.print_exc()
        print(f"FAIL at step “{step_name}”: {e}\n  screenshot: {path}", file=sys.stderr)
        for name in ("gpcloud.log", os.path.join("server", "server.log")):
            try:
                with open(os.path.join(tmp, name), errors="replace") as f:
                    tail = f.read()[-3000:]
                print(f"--- {name} (end) ---\n{tail}", file=sys.stderr)
            except OSError:
                pass
    finally:
        if keep:
            log(f"--keep: left running; files in {tmp}; DBUS_SESSION_BUS_ADDRESS={os.environ.get('DBUS_SESSION_BUS_ADDRESS')}")
        else:
            stop_processes()
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
