#!/usr/bin/env python3
"""One table of every benchmark's figure, baseline, ratio and goal.

  tests/bench/summary.py RESULTS_JSON

Reads the result file of tests/bench/run.sh and prints, as a Markdown table
(the README's Performance section has this shape), one line per figure with
the baseline measured in the same run, their ratio, the goal of issue 11 and
whether the run met it. Benchmarks the run skipped (ONLY=...) are left out.
"""
import json
import sys


def fmt_rate(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k"
    return f"{x:.0f}"


def verdict(value, goal, at_least):
    if goal is None:
        return "-"
    met = value >= goal if at_least else value <= goal
    return "met" if met else "not met"


def rows(r):
    out = []

    def add(num, name, ours, base, ratio, goal="-", met="-"):
        out.append((num, name, ours, base, ratio, goal, met))

    t = r.get("throughput")
    if t:
        runs = t.get("baseline_runs_events_per_cpu_second", [])
        spread = (f" (runs {fmt_rate(runs[0])}-{fmt_rate(runs[-1])})"
                  if len(runs) > 1 else "")
        add(1, "rules throughput, events per CPU-second of giamsat-rules",
            fmt_rate(t["rules_events_per_cpu_second"]),
            f"consume + parse {fmt_rate(t['baseline_events_per_cpu_second'])}"
            + spread, f"{t['ratio']:.3f}", ">= 0.5",
            verdict(t["ratio"], 0.5, True))
    for e in r.get("engine", []):
        n = e["open_dossiers"]
        parse = e["parse_events_per_cpu_second"]
        alone = e["engine_alone_events_per_cpu_second"]
        add(2, f"engine core alone, events/CPU-s, {n:,} open", fmt_rate(alone),
            f"parse {fmt_rate(parse)}", f"{alone / parse:.3f}")
        if "engine_events_per_cpu_second" in e:
            s = e["engine_events_per_cpu_second"]
            add(2, f"engine core over the in-memory store, {n:,} open",
                fmt_rate(s), f"parse {fmt_rate(parse)}", f"{s / parse:.3f}")
        if "memory_ratio" in e:
            add(2, f"memory per open dossier, {n:,} open",
                f"{e['engine_bytes_per_open_dossier']:.0f} B",
                f"Redis hash {e['redis_hash_bytes_per_dossier']:.0f} B",
                f"{e['memory_ratio']:.2f}", "<= 0.5",
                verdict(e["memory_ratio"], 0.5, False))
    tm = r.get("timers")
    if tm:
        for label, p in (("batches of 64", tm),
                         ("one at a time", tm.get("one_at_a_time"))):
            if not p:
                continue
            ns = p["timer_index_ns_per_step"]
            met = (ns <= 150 and p["speedup"] >= 3)
            add(3, f"timers at {tm['pending']:,} pending, ns per timer, "
                f"{label}", f"{ns:.0f} ns",
                f"priority_queue {p['priority_queue_ns_per_step']:.0f} ns",
                f"{p['speedup']:.2f}x faster", ">= 3x and <= 150 ns",
                "met" if met else "not met")
    la = r.get("latency")
    if la:
        add(4, f"deadline -> alert, {la['alerts']} deadlines, p50 / p99",
            f"{la['p50_ms']:.0f} / {la['p99_ms']:.0f} ms", "-", "-",
            "p99 <= 1 s", verdict(la["p99_ms"], 1000, False))
    rc = r.get("recovery")
    if rc:
        runs = rc.get("rules_runs_seconds", [])
        add(5, f"recovery after kill -9, {rc['timers']:,} timers"
            + (f", median of {len(runs)} restarts ("
               + ", ".join(f"{x:.2f}" for x in runs) + " s)"
               if len(runs) > 1 else ""),
            f"{rc['rules_seconds']:.2f} s",
            f"plain reader {rc['baseline_seconds']:.2f} s",
            f"{rc['ratio']:.2f}", "<= 2", verdict(rc["ratio"], 2, False))
    rp = r.get("replay")
    if rp:
        add(6, f"replay of a year, {rp['dossiers']:,} dossiers, "
            f"{rp['events']:,} events",
            f"{rp['wall_seconds']:.0f} s wall, "
            f"{fmt_rate(rp['events'] / rp['rules_cpu_seconds'])} events/CPU-s",
            f"redis-server {rp['redis_cpu_seconds']:.0f} CPU-s", "-")
    q = r.get("query")
    if q and "qps_ratio" in q:
        add(7, f"query GetUnitStatus, max QPS, {q['units']} units",
            f"{q['max_qps']:.0f}", f"echo {q['echo_max_qps']:.0f}",
            f"{q['qps_ratio']:.2f}", ">= 0.70",
            verdict(q["qps_ratio"], 0.70, True))
        add(7, "query GetUnitStatus, p99 at half the max",
            f"{q['p99_ms']:.1f} ms", f"echo {q['echo_p99_ms']:.1f} ms",
            f"{q['p99_ratio']:.2f}x", "<= 1.5x",
            verdict(q["p99_ratio"], 1.5, False))
    m = r.get("modes")
    if m:
        add(8, f"standalone vs distributed, {m['events']:,} events",
            f"{fmt_rate(m['standalone_events_per_cpu_second'])} events/CPU-s",
            f"{fmt_rate(m['distributed_events_per_cpu_second'])}",
            f"{m['ratio']:.2f}")
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: summary.py RESULTS_JSON")
    r = json.load(open(sys.argv[1]))
    mc = r.get("machine", {})
    print(f"Summary ({r.get('date', '?')}, {mc.get('cpus', '?')} CPUs, "
          f"{mc.get('memory_gb', '?')} GB, {mc.get('cpu') or 'CPU model not exposed'}"
          f"{', SMOKE: sizes too small for the figures to mean anything' if r.get('smoke') else ''}):")
    print("| # | benchmark | ours | baseline, same run | ratio | goal | |")
    print("|---|---|---|---|---|---|---|")
    for row in rows(r):
        print("| " + " | ".join(str(c) for c in row) + " |")


if __name__ == "__main__":
    main()
