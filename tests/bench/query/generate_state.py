#!/usr/bin/env python3
"""Writes the Redis state of a city for the query benchmark, as the rules
service would (docs/state-layout.md), in Redis protocol for `redis-cli
--pipe`: N units (one city, wards under it, offices under the wards) with
day, month, total and live hashes over 365 days (month hashes complete from
the start, as on a fresh deployment), and D open dossiers spread over
the units (a stored state blob and an entry in the unit's open-dossier
index). Also writes the units file of that hierarchy.

usage: generate_state.py PREFIX UNITS DOSSIERS UNITS_YAML [MONTH_HASHES] > commands.resp

MONTH_HASHES 0: no month-hashes-from marker, as after an upgrade from a
version without month hashes (the query service then reads day hashes).
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
    month_hashes = len(sys.argv) < 6 or sys.argv[5] != "0"
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
    if month_hashes:
        w(resp("SET", f"{prefix}month-hashes-from", "0001-01"))
    fields = ("dossiers_received", "dossiers_resolved_on_time", "dossiers_resolved_late")
    for u in units:
        months = {}
        for d in range(365):
            date = today - datetime.timedelta(days=d)
            values = (rnd.randint(0, 40), rnd.randint(0, 30), rnd.randint(0, 5))
            w(resp("HSET", f"{prefix}unit:{u}:day:{date.isoformat()}",
                   *[x for pair in zip(fields, values) for x in pair]))
            sums = months.setdefault(date.strftime("%Y-%m"), [0, 0, 0])
            for i, v in enumerate(values):
                sums[i] += v
        for month, sums in months.items():
            w(resp("HSET", f"{prefix}unit:{u}:month:{month}",
                   *[x for pair in zip(fields, sums) for x in pair]))
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
