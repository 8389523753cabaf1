#!/usr/bin/env python3
"""Measures Python validators on the benchmark corpus exported by the Swift benchmark.

Usage: python_validators.py CORPUS_DIR [--rounds N]

CORPUS_DIR holds schema.json and instances/*.json (written once by the Swift side). For each peer the
instances are read into memory as bytes first; the timed loop then does json.loads + is_valid per instance,
so parsing is included exactly as on the Swift side. Prints one JSON object per peer:
{"peer": ..., "instances": N, "valid": V, "seconds": S, "rate": N/S, "cpu_seconds": C, "cpu_rate": N/C,
 "peak_rss_mb": M}   (best of the rounds; wall-clock and CPU time)
"""
import json
import os
import resource
import sys
import time


def load_corpus(directory):
    with open(os.path.join(directory, "schema.json"), "rb") as handle:
        schema = json.loads(handle.read())
    folder = os.path.join(directory, "instances")
    instances = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            instances.append(handle.read())
    return schema, instances


def measure(peer, is_valid, instances, rounds):
    best = None
    best_cpu = None
    valid = 0
    for _ in range(rounds):
        start = time.perf_counter()
        start_cpu = time.process_time()
        valid = 0
        for raw in instances:
            if is_valid(json.loads(raw)):
                valid += 1
        elapsed = time.perf_counter() - start
        elapsed_cpu = time.process_time() - start_cpu
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = elapsed_cpu if best_cpu is None else min(best_cpu, elapsed_cpu)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "peer": peer,
        "instances": len(instances),
        "valid": valid,
        "seconds": round(best, 4),
        "rate": round(len(instances) / best, 1),
        "cpu_seconds": round(best_cpu, 4),
        "cpu_rate": round(len(instances) / best_cpu, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: python_validators.py CORPUS_DIR [--rounds N]")
    directory = sys.argv[1]
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    schema, instances = load_corpus(directory)

    from importlib.metadata import version

    import jsonschema_rs

    rust = jsonschema_rs.Draft202012Validator(schema)
    print(json.dumps(measure("jsonschema-rs " + version("jsonschema-rs"), rust.is_valid, instances, rounds)), flush=True)

    import jsonschema

    python = jsonschema.Draft202012Validator(schema)
    print(json.dumps(measure("jsonschema " + version("jsonschema"), python.is_valid, instances, 1)), flush=True)


if __name__ == "__main__":
    main()
