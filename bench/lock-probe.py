#!/usr/bin/env python3
"""How long a writer holds a Tilsyn store's write lock, seen from outside.

Every INTERVAL seconds the probe opens a write transaction (BEGIN IMMEDIATE) and commits it at once,
timing how long BEGIN waited. SQLite grants the lock as soon as the holder commits, so the longest wait
is (up to the busy handler's retry step, at most 100 ms) the longest time another writer held the lock
without a break. Prints a JSON line of figures every 5 seconds and once more when the file named by --stop exists.

    python3 bench/lock-probe.py --db STORE --stop STOPFILE [--interval 0.02]
"""
import argparse
import json
import os
import sqlite3
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
parser.add_argument("--stop", required=True)
parser.add_argument("--interval", type=float, default=0.02)
args = parser.parse_args()

conn = sqlite3.connect(args.db, timeout=30, isolation_level=None)
waits = []
failures = 0
last_report = time.monotonic()


def report():
    ordered = sorted(waits)

    def q(p):
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1) if ordered else None
    print(json.dumps({"probes": len(ordered), "busy_failures": failures, "max_wait_ms": q(1.0), "p99_wait_ms": q(0.99),
                      "p50_wait_ms": q(0.5), "over_500ms": sum(w > 0.5 for w in ordered)}))
    sys.stdout.flush()


while not os.path.exists(args.stop):
    if time.monotonic() - last_report > 5:  # a line every 5 s, so a run cut short still says something
        report()
        last_report = time.monotonic()
    start = time.perf_counter()
    try:
        conn.execute("BEGIN IMMEDIATE")
        waited = time.perf_counter() - start
        conn.execute("COMMIT")
        waits.append(waited)
    except sqlite3.OperationalError:
        failures += 1
    time.sleep(args.interval)

report()
