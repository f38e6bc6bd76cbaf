#!/usr/bin/env python3
"""Two clients through the packaged nginx site (packaging/nginx/molar.conf, TLS and upstream
keep-alive as shipped; only ports and certificate paths changed) in front of the real molard.

Client A, a signed-in attacker, hides a request with a long Content-Length inside the body of
a POST that molard refuses without reading it. Client B, another organization's user, then
sends requests carrying its session cookie. B must always get its own answers, A must never
see B's cookie, and molard must see B's real address (X-Forwarded-For from the trusted nginx).

Usage: nginx_site_test.py <build dir> <source dir>
"""
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

build, source = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="molar-nginx-")
processes = []


def fail(message):
    print("FAIL:", message)
    for log in ("molard.log", "nginx-error.log"):
        path = os.path.join(work, log)
        if os.path.exists(path):
            print(f"--- {log}\n" + open(path, errors="replace").read()[-4000:])
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_molard():
    log = open(os.path.join(work, "molard.log"), "w")
    os.makedirs(os.path.join(work, "etc"), exist_ok=True)
    process = subprocess.Popen(
        [os.path.join(build, "bin", "molard"), "--config", os.path.join(work, "etc"),
         "--data-dir", source, "--set", "http.port=0",
         "--set", f"db.url=sqlite:{work}/molar.db",
         "--set", f"plugins.path={build}/tests/loader/plugins", "--set", "plugins.enabled=good",
         "--set", "http.trustedProxies=127.0.0.1"],
        stdout=log, stderr=subprocess.STDOUT)
    processes.append(process)
    for _ in range(200):
        text = open(os.path.join(work, "molard.log")).read()
        found = re.search(r"Molar is serving at http://127\.0\.0\.1:(\d+)/", text)
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            fail("molard exited")
        time.sleep(0.05)
    fail("molard did not start")


def start_nginx(upstream_port):
    """The packaged site as shipped, with a test certificate and free ports."""
    site = open(os.path.join(source, "packaging", "nginx", "molar.conf")).read()
    tls_port, plain_port = free_port(), free_port()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=portal.example-lab.com", "-keyout", f"{work}/portal.key",
                    "-out", f"{work}/portal.pem"], check=True, capture_output=True)
    replacements = [
        ("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{tls_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{plain_port};"),
        ("/etc/ssl/certs/portal.pem", f"{work}/portal.pem"),
        ("/etc/ssl/private/portal.key", f"{work}/portal.key"),
    ]
    for old, new in replacements:
        if old not in site:
            fail(f"the packaged site no longer has '{old}'; update this test")
        site = site.replace(old, new)
    open(os.path.join(work, "site.conf"), "w").write(site)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(os.path.join(work, folder), exist_ok=True)
    os.chmod(work, 0o755)
    conf = f"""
daemon off;
worker_processes 1;
user root;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""
    open(os.path.join(work, "nginx.conf"), "w").write(conf)
    process = subprocess.Popen([os.environ.get("NGINX", "nginx"), "-c", f"{work}/nginx.conf", "-p", work],
                               stdout=subprocess.DEVNULL, stderr=open(f"{work}/nginx-start.log", "w"))
    processes.append(process)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", tls_port), timeout=0.2).close()
            return tls_port
        except OSError:
            if process.poll() is not None:
                fail("nginx exited: " + open(f"{work}/nginx-start.log").read())
            time.sleep(0.05)
    fail("nginx did not start")


class Client:
    """One browser: a keep-alive TLS connection from its own loopback address."""

    def __init__(self, port, source_address):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_alpn_protocols(["http/1.1"])
        raw = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source_address, 0))
        self.sock = context.wrap_socket(raw, server_hostname="portal.example-lab.com")
        self.pending = b""

    def send(self, data):
        self.sock.sendall(data)

    def answer(self):
        """Reads one answer (head and Content-Length body); None when the connection closed."""
        while b"\r\n\r\n" not in self.pending:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.pending += chunk
        head, _, rest = self.pending.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            rest += chunk
        self.pending = rest[length:]
        return head.decode(), rest[:length].decode(errors="replace")


def main():
    upstream = start_molard()
    port = start_nginx(upstream)
    checks = 0
    for round in range(10):
        attacker = Client(port, "127.0.0.3")
        victim = Client(port, "127.0.0.2")
        hidden = ("POST /good/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 900\r\n\r\n{\"stolen\":\"")
        attacker.send((f"POST /no-such-route HTTP/1.1\r\nHost: portal.example-lab.com\r\n"
                       f"Cookie: molar_session=attacker-{round}\r\n"
                       f"Content-Length: {len(hidden)}\r\n\r\n{hidden}").encode())
        head, body = attacker.answer()
        if not head.startswith("HTTP/1.1 404"):
            fail(f"round {round}: the attacker's refused POST got {head.splitlines()[0]}")
        for request in range(3):
            secret = f"victim-{round}-{request}"
            victim.send((f"GET /good/whoami HTTP/1.1\r\nHost: portal.example-lab.com\r\n"
                         f"Cookie: molar_session={secret}\r\n\r\n").encode())
            got = victim.answer()
            if got is None:
                fail(f"round {round}: the victim's connection closed")
            head, body = got
            if not head.startswith("HTTP/1.1 200"):
                fail(f"round {round}: the victim got {head.splitlines()[0]}: {body}")
            if body != f"127.0.0.2\nmolar_session={secret}":
                fail(f"round {round}: the victim's request reached molard as {body!r}")
            checks += 1
        # Whatever else the attacker's connection yields, it never holds the victim's cookie.
        attacker.send(b"GET /good/whoami HTTP/1.1\r\nHost: portal.example-lab.com\r\n\r\n")
        got = attacker.answer()
        if got is not None and "victim" in got[1]:
            fail(f"round {round}: the attacker read {got[1]!r}")
        if got is not None and not got[1].startswith("127.0.0.3\n"):
            fail(f"round {round}: the attacker's address reached molard as {got[1]!r}")
    # The smuggled request never ran: molard logged no /good/echo at all.
    log = open(os.path.join(work, "molard.log")).read()
    if "/good/echo" in log:
        fail("molard served the hidden /good/echo request")
    print(f"nginx site: {checks} requests of another client answered as their own, none smuggled")


def stop_all():
    """Stops nginx, then molard; molard must exit cleanly (a sanitizer build's molard reports
    a fault or a leak at exit and fails its exit code)."""
    molard_failed = None
    for process in reversed(processes):
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process is processes[0] and process.returncode != 0:
            molard_failed = process.returncode
    return molard_failed


try:
    main()
finally:
    failed = stop_all()
    if failed is not None:
        print(f"FAIL: molard exited with {failed} after SIGTERM\n--- molard.log")
        print(open(os.path.join(work, "molard.log"), errors="replace").read()[-16000:])
    shutil.rmtree(work, ignore_errors=True)
    if failed is not None:
        sys.exit(1)
