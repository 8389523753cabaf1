#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target from the repository's fixtures (nothing is copied into git).

Usage: make-seeds.py TARGET REPO_ROOT OUT_DIR
"""
import glob
import hashlib
import json
import os
import re
import sys

target, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
shared_suite = os.path.join(root, "..", "shared", "jsts", "tests", "draft2020-12")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def seed(data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, "seed-" + name), "wb") as f:
        f.write(data)


def files(*patterns):
    for pattern in patterns:
        yield from sorted(glob.glob(os.path.join(root, pattern), recursive=True))


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def suite_cases():
    for path in sorted(glob.glob(os.path.join(shared_suite, "*.json"))):
        for case in json.loads(read(path)):
            for test in case["tests"]:
                yield case["schema"], test["data"]


def message_examples():
    """(schema file, example file) for every message schema that has examples."""
    for schema in files("Schemas/central-authority/*.json", "Schemas/police/*.json"):
        group = os.path.basename(os.path.dirname(schema))
        name = re.sub(r"\.v\d+\.json$", "", os.path.basename(schema))
        for example in files(f"Schemas/examples/{group}/{name}/*.json"):
            yield schema, example


if target == "FuzzJSON":
    for path in files("Schemas/**/*.json", "Tests/**/Fixtures/*.json", "Tests/**/Vectors/*.json", "docs/*.json"):
        seed(read(path))
    for schema, data in suite_cases():
        seed(compact(data))
elif target == "FuzzSchema":
    for schema, example in message_examples():
        seed(read(schema) + b"\0" + read(example))
    for schema, data in suite_cases():
        seed(compact(schema) + b"\0" + compact(data))
elif target == "FuzzEnvelope":
    for path in files("Tests/NordgateCoreTests/Envelope/Vectors/*.envelope.json", "Schemas/examples/envelope/*.json"):
        seed(read(path))
    for path in files("Tests/NordgateCoreTests/Envelope/Vectors/*.payload.json"):
        seed(read(path))
elif target == "FuzzScanner":
    corpus = json.loads(read(os.path.join(root, "Tests/NordgateCoreTests/Privacy/Fixtures/free-text-corpus.json")))
    for case in corpus["cases"]:
        text = case["text"].encode()
        seed(("\n".join(case["terms"]).encode() + b"\0" + text) if case["terms"] else text)
    seed("Kari Nordmann\nsak-2026-0001\0Kari Nordmann ringte om sak-2026-0001.".encode())
elif target == "FuzzConfig":
    text = read(os.path.join(root, "docs/configuration.md")).decode()
    for block in re.findall(r"```json\n(.*?)```", text, re.S):
        seed(block.encode())
        seed(block.replace("/etc/nordgate/policy-fi.json", "policy.json").encode() + b"\0{}")
elif target == "FuzzPeerBody":
    for path in files("Tests/NordgateCoreTests/Envelope/Vectors/*.envelope.json", "Schemas/examples/envelope/*.json"):
        seed(b"\0" + read(path))
    for schema, example in message_examples():
        for mode in (1, 2, 3):
            seed(bytes([mode]) + read(example))
else:
    sys.exit(f"unknown fuzz target {target}")
print(f"{target}: {len(os.listdir(out))} seeds")
