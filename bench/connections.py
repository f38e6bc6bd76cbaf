#!/usr/bin/env python3
"""Connection handling figures for molard (issue: every connection served, slow clients
starve no one). Three scenarios against one running molard, each printing its figure and
its ratio to the target (below 1.00 meets it):

  keepalive  N keep-alive clients (default 256) each sending GET /healthz back to back
             for D seconds: every connection must get answers; p99 latency vs 100 ms.
  slowloris  slowhttptest holds 400 connections sending their heads one line at a time;
             meanwhile a normal client's GET /healthz every 250 ms: each must be a 200
             within 1 s.
  idle       2,000 connections each make one request, then stay open and idle: molard's
             resident memory growth vs 64 MB, and a normal request still answers.

Usage: connections.py --port P --pid PID [--clients 256] [--seconds 10] [--idle 2000]
Exits non-zero when a target is missed or a connection went unanswered.
"""
import argparse
import asyncio
import os
import resource
import shutil
import socket
import subprocess
import sys
import time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def read_answer(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    if length:
        await reader.readexactly(length)
    return head


async def keepalive(port, clients, seconds):
    latencies = []
    answered = [0] * clients
    errors = []
    deadline = time.monotonic() + seconds

    async def client(index):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as error:
            errors.append(f"connect: {error}")
            return
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                writer.write(REQUEST)
                head = await asyncio.wait_for(read_answer(reader), timeout=5)
                latencies.append(time.perf_counter() - started)
                if not head.startswith(b"HTTP/1.1 200"):
                    errors.append(head.split(b"\r\n")[0].decode())
                answered[index] += 1
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            writer.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else float("inf")
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else float("inf")
    unanswered = sum(1 for count in answered if count == 0)
    print(f"keepalive: {clients} clients, {len(latencies)} answers in {seconds} s "
          f"({len(latencies) / seconds:.0f}/s), p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
          f"unanswered connections {unanswered}, errors {len(errors)}")
    print(f"keepalive: p99 / 100 ms target = {p99 / 100:.2f}")
    for error in errors[:5]:
        print("  error:", error)
    return unanswered == 0 and not errors and p99 < 100


def probe(port, seconds, interval):
    """A normal client: one new connection and GET /healthz at each interval."""
    worst, failures, count = 0.0, [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                sock.settimeout(2)
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                answer = sock.recv(64)
            elapsed = time.perf_counter() - started
            if not answer.startswith(b"HTTP/1.1 200") or elapsed > 1.0:
                failures.append(f"{answer[:20]!r} after {elapsed:.2f} s")
            worst = max(worst, elapsed)
        except OSError as error:
            failures.append(f"{type(error).__name__} after {time.perf_counter() - started:.2f} s")
            worst = max(worst, time.perf_counter() - started)
        count += 1
        time.sleep(interval)
    return count, worst, failures


def slowloris(port, connections, seconds):
    tool = shutil.which("slowhttptest")
    if not tool:
        print("slowloris: slowhttptest is missing (scripts/install-deps.sh installs it)")
        return False
    attack = subprocess.Popen(
        [tool, "-H", "-c", str(connections), "-r", "400", "-i", "5", "-l", str(seconds + 5),
         "-s", "8192", "-t", "GET", "-u", f"http://127.0.0.1:{port}/healthz", "-x", "24", "-p", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(3)  # let it open its connections
    held = held_connections(port)
    count, worst, failures = probe(port, seconds, 0.25)
    attack.terminate()
    try:
        attack.wait(timeout=10)
    except subprocess.TimeoutExpired:
        attack.kill()
    print(f"slowloris: {held} slow connections open at molard; {count} probes, "
          f"worst {worst * 1000:.0f} ms, failed {len(failures)}")
    print(f"slowloris: worst probe / 1 s target = {worst:.2f}")
    for failure in failures[:5]:
        print("  failed:", failure)
    return not failures and held >= connections * 0.9


def held_connections(port):
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if line.strip())


def idle(port, pid, count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 1024)), hard))
    before = rss_kib(pid)
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(REQUEST)
        sockets.append(sock)
    for sock in sockets:
        data = b""
        while b"alive" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    time.sleep(1)
    after = rss_kib(pid)
    held = held_connections(port)
    _, worst, failures = probe(port, 1, 0.2)
    for sock in sockets:
        sock.close()
    growth = (after - before) / 1024
    print(f"idle: {count} keep-alive connections held ({held} open at molard), resident memory "
          f"{before / 1024:.1f} -> {after / 1024:.1f} MiB (+{growth:.1f} MiB); a new request took "
          f"{worst * 1000:.0f} ms")
    print(f"idle: memory growth / 64 MiB target = {growth / 64:.2f}")
    return growth < 64 and held >= count * 0.99 and not failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--clients", type=int, default=256)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--slow", type=int, default=400)
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--only", choices=["keepalive", "slowloris", "idle"])
    args = parser.parse_args()
    results = {}
    if args.only in (None, "keepalive"):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
        results["keepalive"] = asyncio.run(keepalive(args.port, args.clients, args.seconds))
    if args.only in (None, "slowloris"):
        results["slowloris"] = slowloris(args.port, args.slow, args.seconds)
    if args.only in (None, "idle"):
        results["idle"] = idle(args.port, args.pid, args.idle)
    missed = [name for name, ok in results.items() if not ok]
    print("connections: " + ("all targets met" if not missed else "missed: " + ", ".join(missed)))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
