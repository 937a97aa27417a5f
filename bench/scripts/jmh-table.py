#!/usr/bin/env python3
"""Prints a Markdown table comparing JMH JSON result files side by side.

Usage: jmh-table.py LABEL=results.json [LABEL=results.json ...]
Each row is one benchmark (with its parameters); each file adds a "score ± error" column, and
with two or more files a last column gives the ratio of the last file's score to the first's.
"""
import json
import sys


def load(path):
    rows = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        params = r.get("params") or {}
        if params:
            name += " [" + ", ".join(f"{k}={v}" for k, v in params.items()) + "]"
        m = r["primaryMetric"]
        rows[name] = (m["score"], m["scoreError"], m["scoreUnit"])
    return rows


def fmt(score, err):
    if score >= 100:
        return f"{score:,.0f} ± {err:,.0f}"
    return f"{score:,.2f} ± {err:,.2f}"


def main(args):
    labels, files = zip(*(a.split("=", 1) for a in args))
    data = [load(f) for f in files]
    names = list(dict.fromkeys(n for d in data for n in d))
    header = "| benchmark | unit | " + " | ".join(labels) + (" | ratio |" if len(data) > 1 else " |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for n in names:
        unit = next(d[n][2] for d in data if n in d)
        cells = [fmt(d[n][0], d[n][1]) if n in d else "—" for d in data]
        line = f"| {n} | {unit} | " + " | ".join(cells) + " |"
        if len(data) > 1:
            first, last = data[0].get(n), data[-1].get(n)
            line += f" {last[0] / first[0]:.2f} |" if first and last else " — |"
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
