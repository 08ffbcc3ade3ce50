#!/usr/bin/env python3
"""Renders the micro-benchmark table of benchmarks/README.md from Google Benchmark JSON.

Usage: build/wiretag_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \\
         --benchmark_filter='BM_(Parse|DatelineTagger|AgencyTagger|Tag|Serialise|ParseTagSerialise)/' \\
         --benchmark_out=micro.json --benchmark_out_format=json
       python3 benchmarks/micro_table.py micro.json
Medians of the repetitions; CPU time, so the rates are per CPU-second.
"""
import json
import sys

STEPS = [
    ("BM_Parse", "parse (StoryReader)"),
    ("BM_DatelineTagger", "dateline tagger"),
    ("BM_AgencyTagger", "agency tagger"),
    ("BM_Tag", "tag step (StoryTagger: dateline, agencies, entities)"),
    ("BM_Serialise", "serialise (RecordWriter)"),
    ("BM_ParseTagSerialise", "whole record path (parse + tag + serialise)"),
]
TO_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def rate(value, unit=""):
    if value >= 1e9:
        return f"{value / 1e9:.2f} G{unit}"
    if value >= 1e6:
        return f"{value / 1e6:.2f} M{unit}"
    return f"{value:,.0f}{unit}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    medians = {}
    for run in runs:
        if run.get("aggregate_name", "median") != "median":
            continue
        family, _, size = run["run_name"].partition("/")
        medians[(family, int(size))] = run
    print("| step | story | CPU-µs/story | stories/s | tokens/s | MB/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for family, label in STEPS:
        sizes = sorted(size for fam, size in medians if fam == family)
        if not sizes:
            sys.exit(f"micro_table: no {family} results in {sys.argv[1]}")
        for i, size in enumerate(sizes):
            run = medians[(family, size)]
            cpu_us = run["cpu_time"] * TO_SECONDS[run["time_unit"]] * 1e6
            print(f"| {label if i == 0 else ''} | {size // 1000} KB | {cpu_us:,.1f} | "
                  f"{1e6 / cpu_us:,.0f} | {rate(run['tokens/s'])} | {run['bytes_per_second'] / 1e6:,.0f} |")


if __name__ == "__main__":
    main()
