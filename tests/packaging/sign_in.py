#!/usr/bin/env python3
"""Signs in to a Molar portal over HTTP as a browser behind nginx would (TLS ended at the
proxy: X-Forwarded-Proto https), and with --new-password changes a one-time password first.
Prints what happened; exits 1 when a step answers otherwise than a person would expect."""
import argparse
import http.client
import re
import sys
import urllib.parse


class Client:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "portal.lab.test", "Accept": "text/html", "X-Forwarded-Proto": "https",
                   "X-Forwarded-For": "192.0.2.10"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "https://portal.lab.test"
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        text = answer.read().decode("utf-8", "replace")
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return answer.status, answer.getheader("Location", ""), text


def csrf(page):
    match = re.search(r'name="_csrf" value="([^"]+)"', page)
    if not match:
        sys.exit("no CSRF token on the page")
    return match.group(1)


def expect(what, got, wanted):
    print(f"{what}: {got}")
    if got != wanted:
        sys.exit(f"{what}: expected {wanted}, got {got}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("email")
    parser.add_argument("password")
    parser.add_argument("--new-password")
    args = parser.parse_args()
    client = Client(args.port)

    status, _, page = client.request("GET", "/sign-in")
    expect("GET /sign-in", status, 200)
    status, location, _ = client.request(
        "POST", "/sign-in", {"_csrf": csrf(page), "login": args.email, "password": args.password, "return": ""})
    expect("POST /sign-in", status, 303)
    if args.new_password:
        expect("a one-time password leads to", urllib.parse.urlparse(location).path, "/account/password")
        status, _, page = client.request("GET", "/account/password")
        expect("GET /account/password", status, 200)
        status, location, _ = client.request("POST", "/account/password", {
            "_csrf": csrf(page), "current": args.password, "password": args.new_password,
            "confirm": args.new_password})
        expect("POST /account/password", status, 303)
    expect("signed in, home is", urllib.parse.urlparse(location).path, "/")
    status, location, page = client.request("GET", "/")
    if status == 303:  # the lab's landing page (portal.landing.lab), when one is set
        status, _, page = client.request("GET", urllib.parse.urlparse(location).path)
    expect("GET / signed in", status, 200)
    expect("the page names the lab admin", "Sign out" in page, True)


if __name__ == "__main__":
    main()
