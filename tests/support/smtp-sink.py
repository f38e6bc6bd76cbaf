#!/usr/bin/python3
"""An SMTP server for tests that keeps every message it accepts.

    smtp-sink.py --port 0 --maildir DIR [--tls-cert FILE --tls-key FILE]
                 [--require-tls] [--implicit-tls] [--auth USER:PASS] [--refuse DOMAIN]...
                 [--defer DOMAIN]...

Listens on 127.0.0.1 (port 0 picks a free port) and prints one line,
"ready <port>", once it accepts connections. Each message is written to DIR as
<seq>.json ({"mailFrom", "rcptTos", "authenticatedAs"}) and then <seq>.eml (the
bytes as received), each atomically, so an .eml that exists is complete and has
its .json. Numbering continues after the files already in DIR, so a restarted
sink adds to them.

--tls-cert/--tls-key offer STARTTLS; --require-tls refuses mail before it;
--implicit-tls speaks TLS from the first byte instead (port 465 style).
--auth requires AUTH (PLAIN or LOGIN) with that user and password.
--refuse answers "550 5.1.1 mailbox unavailable" to recipients in DOMAIN;
--defer answers "451 4.3.0 try again later" to them (a temporary failure).
Exits cleanly on SIGTERM or SIGINT.

Needs Debian's python3-aiosmtpd (1.4.3), hence /usr/bin/python3.
"""
import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, maildir, refused, deferred=()):
        self.maildir = maildir
        self.refused = {d.lower() for d in refused}
        self.deferred = {d.lower() for d in deferred}
        names = [n.split(".")[0] for n in os.listdir(maildir) if n.endswith(".eml")]
        self.seq = max((int(n) for n in names if n.isdigit()), default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        domain = address.rpartition("@")[2].lower()
        if domain in self.refused:
            return "550 5.1.1 mailbox unavailable"
        if domain in self.deferred:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.seq += 1  # one event loop: no lock needed
        meta = {"mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos,
                "authenticatedAs": session.auth_data}
        self.write(f"{self.seq}.json", json.dumps(meta).encode())
        self.write(f"{self.seq}.eml", envelope.original_content)
        return "250 OK"

    def write(self, name, data):
        path = os.path.join(self.maildir, name)
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                and auth_data.password.decode() == password):
            return AuthResult(success=True, auth_data=user)
        # handled=False makes aiosmtpd answer 535; True would leave the client waiting.
        return AuthResult(success=False, handled=False)
    return check


async def serve(args):
    loop = asyncio.get_running_loop()
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    options = {"hostname": "smtp-sink.test", "loop": loop}
    if tls and not args.implicit_tls:
        options.update(tls_context=tls, require_starttls=args.require_tls)
    if args.auth:
        user, _, password = args.auth.partition(":")
        # Implicit TLS is TLS too, though aiosmtpd only counts STARTTLS.
        options.update(authenticator=authenticator(user, password), auth_required=True,
                       auth_require_tls=bool(tls) and not args.implicit_tls)
    sink = Sink(args.maildir, args.refuse, args.defer)
    server = await loop.create_server(lambda: SMTP(sink, **options), "127.0.0.1", args.port,
                                      ssl=tls if args.implicit_tls else None)
    print("ready", server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description="SMTP server for tests")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth", metavar="USER:PASS")
    parser.add_argument("--refuse", metavar="DOMAIN", action="append", default=[])
    parser.add_argument("--defer", metavar="DOMAIN", action="append", default=[])
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if (args.require_tls or args.implicit_tls) and not args.tls_cert:
        parser.error("--require-tls and --implicit-tls need --tls-cert and --tls-key")
    # AUTH without TLS is what a plain test server is for.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    # aiosmtpd warns about its own deprecated login_data on every AUTH, and logs a
    # traceback for each client that gives up during a TLS handshake (a test's aim).
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    os.makedirs(args.maildir, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
