#!/usr/bin/env python3
"""Writes the Redis state of a city for the query benchmark, as the rules
service would (docs/state-layout.md), in Redis protocol for `redis-cli
--pipe`: N units (one city, wards under it, offices under the wards) with
day, total and live hashes over 365 days, and D open dossiers spread over
the units (a stored state blob and an entry in the unit's open-dossier
index). Also writes the units file of that hierarchy.

usage: generate_state.py PREFIX UNITS DOSSIERS UNITS_YAML > commands.resp
"""
import random
import sys
import datetime


def resp(*args):
    out = [f"*{len(args)}\r\n"]
    for a in args:
        b = str(a)
        out.append(f"${len(b.encode())}\r\n{b}\r\n")
    return "".join(out)


def main():
    prefix, n_units, n_dossiers, units_yaml = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rnd = random.Random(7)
    units = ["BENCH"]
    wards = [f"BENCH.W{i:03d}" for i in range(max(1, (n_units - 1) // 4))]
    units += wards
    offices = []
    while len(units) + len(offices) < n_units:
        w = wards[len(offices) % len(wards)]
        offices.append(f"{w}.O{len(offices):03d}")
    units += offices
    with open(units_yaml, "w") as f:
        f.write("units:\n  - {id: BENCH, name: Bench city, level: city}\n")
        for w in wards:
            f.write(f"  - {{id: {w}, name: {w}, level: ward, parent: BENCH}}\n")
        for o in offices:
            f.write(f"  - {{id: {o}, name: {o}, level: office, parent: {o.rsplit('.', 1)[0]}}}\n")
    w = sys.stdout.write
    today = datetime.date.today()
    for u in units:
        for d in range(365):
            day = (today - datetime.timedelta(days=d)).isoformat()
            w(resp("HSET", f"{prefix}unit:{u}:day:{day}", "dossiers_received", rnd.randint(0, 40),
                   "dossiers_resolved_on_time", rnd.randint(0, 30), "dossiers_resolved_late", rnd.randint(0, 5)))
        w(resp("HSET", f"{prefix}unit:{u}:total", "dossiers_received", 5000, "dossiers_resolved_on_time", 4000))
        w(resp("HSET", f"{prefix}unit:{u}:live", "dossiers_in_progress", n_dossiers // n_units,
               "dossiers_in_progress_overdue", rnd.randint(0, 100), "watermark_unix_ms", 1780000000000))
    blob = "x" * 300  # about the size of a serialized DossierState
    for i in range(n_dossiers):
        u = units[i % len(units)]
        w(resp("SET", f"{prefix}dossier:B{i:07d}", blob))
        w(resp("ZADD", f"{prefix}unit:{u}:open-dossiers", 1780000000000 + i * 1000, f"B{i:07d}"))


if __name__ == "__main__":
    main()
