#!/usr/bin/env python3
"""Prints a Markdown table of one JMH JSON result file with the implementations side by side.

Usage: jmh-impl-table.py results.json
Rows are benchmarks (with their parameters other than "impl"); the columns are the score of
impl=reference and of impl=engine, the engine's speed-up over the reference (engine/reference for
throughput, reference/engine for time per operation: above 1 means the engine is faster), and,
where JMH ran with -prof gc, the bytes allocated per operation (gc.alloc.rate.norm) of each.
"""
import json
import sys


def fmt(score, err):
    if score >= 100:
        return f"{score:,.0f} ± {err:,.0f}"
    return f"{score:,.2f} ± {err:,.2f}"


def main(path):
    rows = {}
    for r in json.load(open(path)):
        params = dict(r.get("params") or {})
        impl = params.pop("impl", None)
        if impl is None:
            continue
        name = ".".join(r["benchmark"].rsplit(".", 2)[-2:])
        if params:
            name += " [" + ", ".join(f"{k}={v}" for k, v in params.items()) + "]"
        m = r["primaryMetric"]
        alloc = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
        rows.setdefault(name, {})[impl] = (m["score"], m["scoreError"], m["scoreUnit"], alloc)
    print("| benchmark | unit | reference | engine | speed-up | B/op reference | B/op engine |")
    print("|---|---|---|---|---|---|---|")
    for name, by in rows.items():
        ref, eng = by.get("reference"), by.get("engine")
        unit = (ref or eng)[2]
        cell = lambda x: fmt(x[0], x[1]) if x else "—"
        if ref and eng:
            faster = ref[0] / eng[0] if unit.endswith("/op") else eng[0] / ref[0]
            ratio = f"{faster:.2f}×"
        else:
            ratio = "—"
        alloc = lambda x: f"{x[3]['score']:,.0f}" if x and x[3] else "—"
        print(f"| {name} | {unit} | {cell(ref)} | {cell(eng)} | {ratio} | {alloc(ref)} | {alloc(eng)} |")


if __name__ == "__main__":
    main(sys.argv[1])
