"""Reads what `swift package benchmark --format jmh` writes: the `*.jmh.json` files in a results folder.

Shared by the benchmark scripts beside it, which print their summaries from it.
"""
import glob
import json
import os

_SECONDS = {"ns": 1e-9, "μs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def benchmarks(results, target):
    """The benchmarks of `target` in `results`, by name (as written in the Swift source).

    Each is a dict from metric label ("Time (wall clock)", "Time (total CPU)", "Malloc (total)",
    "Memory (resident peak)", and "primary" for the primary metric, the throughput) to a dict with
    "score" (the mean) and "p0", "p50", "p100" (best, median and worst sample). Time metrics are in
    seconds per iteration; the others in their own units.
    """
    rows = {}
    for path in glob.glob(os.path.join(results, "*.jmh.json")):
        with open(path) as handle:
            data = json.load(handle)
        for entry in data if isinstance(data, list) else [data]:
            name = entry["benchmark"].split(f"{target}.", 1)[-1].replace("_", " ")
            metrics = dict(entry.get("secondaryMetrics") or {})
            metrics["primary"] = entry.get("primaryMetric", {})
            rows[name] = {label: _summary(label, metric) for label, metric in metrics.items()}
    return rows


def _summary(label, metric):
    scale = _SECONDS[metric.get("scoreUnit", "μs")] if label.startswith("Time") else 1
    percentiles = metric.get("scorePercentiles") or {}
    score = metric.get("score")
    summary = {"score": score * scale if score is not None else None}
    for key, name in (("0.0", "p0"), ("50.0", "p50"), ("100.0", "p100")):
        value = percentiles.get(key, score)
        summary[name] = value * scale if value is not None else None
    return summary
