#!/usr/bin/env python3
"""Baseline for the pseudonymisation benchmark: the same work as Nordgate's RecordPseudonymiser, in Python with
the standard library only (json, re, hashlib.blake2b, unicodedata).

Reads the records the Swift benchmark exported (schema.json, records.jsonl, key.hex), and for each record: parses it,
applies the schema's x-privacy annotations (keyed BLAKE2b pseudonyms with the same construction, so structured
fields get the very same pseudonyms; generalised dates; redaction; drops), scans the free text with regular
expressions (national identity numbers with their check rules, e-mail addresses, phone numbers, and the record's own
protected values as case-insensitive terms), and serialises the result. It does not validate against the schema
(the standard library has no JSON Schema validator), which the Swift side does twice (input and output).

Usage: pseudonymise_baseline.py DIR [--rounds N]   prints one JSON line: records per second of wall-clock time and
per CPU-second (best round each), peak RSS, and the first record's output.
"""
import base64
import datetime
import hashlib
import json
import os
import re
import resource
import sys
import time
import unicodedata

MARKER = "[redacted]"


def parse_action(value):
    if value in ("keep", "free-text", "redact", "drop"):
        return (value, None)
    if value == "pseudonymise":
        return ("pseudonymise", "other")
    if isinstance(value, dict) and len(value) == 1:
        (kind, arg), = value.items()
        if kind in ("pseudonymise", "generalise"):
            return (kind, arg)
    raise ValueError("unknown x-privacy value")


RANK = {"keep": 0, "free-text": 1, "generalise": 2, "pseudonymise": 3, "redact": 4, "drop": 5}


def resolve(schema, root):
    while isinstance(schema, dict) and "$ref" in schema and "x-privacy" not in schema:
        ref = schema["$ref"]
        node = root
        for token in ref.lstrip("#/").split("/"):
            node = node[token]
        schema = node
    return schema


def plan(schema, root):
    """A dict tree: action, props (name -> node), items (node)."""
    node = {"action": None, "props": {}, "items": None}
    stack = [schema]
    while stack:
        current = stack.pop()
        if not isinstance(current, dict):
            continue
        if "x-privacy" in current:
            action = parse_action(current["x-privacy"])
            if node["action"] is None or RANK[action[0]] > RANK[node["action"][0]]:
                node["action"] = action
        if "$ref" in current:
            stack.append(resolve({"$ref": current["$ref"]}, root))
        for name, sub in current.get("properties", {}).items():
            child = plan(sub, root)
            node["props"][name] = child
        if isinstance(current.get("items"), dict):
            node["items"] = plan(current["items"], root)
        for keyword in ("allOf", "anyOf", "oneOf"):
            stack.extend(current.get(keyword, []))
    return node


def length_prefixed(text):
    data = text.encode("utf-8")
    return len(data).to_bytes(4, "big") + data


CALLING_CODE = "47"


def normalise(value, category):
    if category in ("person-name", "address", "other"):
        return " ".join(unicodedata.normalize("NFKC", value).casefold().split())
    if category == "email":
        return unicodedata.normalize("NFKC", value).lower().strip()
    if category == "case-ref":
        return " ".join(unicodedata.normalize("NFKC", value).split()).upper()
    if category == "national-id":
        return re.sub(r"[\s+-]", "", unicodedata.normalize("NFKC", value).upper())
    if category == "phone":
        text = value.replace("(0)", "")
        international = text.lstrip().startswith("+")
        digits = re.sub(r"\D", "", text)
        if not international and digits.startswith("00"):
            return "+" + digits[2:]
        if not international:
            if digits.startswith("0") and CALLING_CODE in ("46", "358"):
                digits = digits[1:]
            return "+" + CALLING_CODE + digits
        return "+" + digits
    return value


class Run:
    def __init__(self, key, reference):
        self.key = key
        self.reference = reference
        self.cache = {}
        self.originals = {}
        self.terms = {}

    def pseudonym(self, value, category):
        cached = self.cache.get((category, value))
        if cached:
            return cached
        digest = hashlib.blake2b(
            length_prefixed(category) + length_prefixed(normalise(value, category)), key=self.key, digest_size=32
        ).digest()
        made = "psn:v1:1:" + base64.b32encode(digest[:20]).decode("ascii").lower().rstrip("=")
        self.cache[(category, value)] = made
        self.originals.setdefault(made, value)
        return made

    def collect(self, value, node):
        action = node["action"] if node else None
        kind = action[0] if action else "keep"
        if kind == "drop":
            return
        if kind == "redact":
            if isinstance(value, str):
                self.terms[value] = MARKER
            return
        if kind == "pseudonymise" and isinstance(value, str):
            self.terms.setdefault(value, self.pseudonym(value, action[1]))
            return
        if isinstance(value, dict):
            for name, member in value.items():
                self.collect(member, node["props"].get(name) if node else None)
        elif isinstance(value, list):
            for element in value:
                self.collect(element, node["items"] if node and node["items"] else node)

    def transform(self, value, node, age_status=None):
        action = node["action"] if node else None
        kind, argument = action if action else ("keep", None)
        if kind == "drop":
            return None
        if kind == "redact":
            return MARKER
        if isinstance(value, dict):
            status = value.get("ageStatus")
            out = {}
            for name, member in value.items():
                result = self.transform(member, node["props"].get(name), status)
                if result is not None:
                    out[name] = result
            return out
        if isinstance(value, list):
            items = node["items"] if node["items"] else node
            return [r for r in (self.transform(e, items, age_status) for e in value) if r is not None]
        if kind == "pseudonymise":
            return self.pseudonym(value, argument)
        if kind == "generalise":
            if argument == "year":
                return value[:4]
            if argument == "year-month":
                return value[:7]
            return age_band(value, self.reference, age_status)
        if kind == "free-text":
            return self.scan(value)
        return value

    def scan(self, text):
        spans = []
        if self.terms:
            alternatives = sorted(self.terms, key=len, reverse=True)
            pattern = r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, t.split())) for t in alternatives) + r")(?!\w)"
            lookup = {" ".join(t.casefold().split()): r for t, r in self.terms.items()}
            for match in re.finditer(pattern, text, re.IGNORECASE):
                spans.append((match.start(), match.end(), lookup.get(" ".join(match.group().casefold().split()), MARKER)))
        for match in NUMBER.finditer(text):
            if valid_national_id(match.group()):
                spans.append((match.start(), match.end(), self.pseudonym(match.group(), "national-id")))
        for match in EMAIL.finditer(text):
            spans.append((match.start(), match.end(), self.pseudonym(match.group(), "email")))
        for match in PHONE.finditer(text):
            spans.append((match.start(), match.end(), self.pseudonym(match.group(), "phone")))
        if not spans:
            return text
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out, last = [], 0
        for start, end, replacement in spans:
            if start < last:
                continue
            out.append(text[last:start])
            out.append(replacement)
            last = end
        out.append(text[last:])
        return "".join(out)


EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)(?:47|45|46|358|354)[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){4,11}"
    r"|0\d{1,3}-\d{2,3}(?: \d{2,3}){1,3}|[49]\d{7}|[49]\d{2} \d{2} \d{3})(?![\w])"
)
NUMBER = re.compile(r"(?<![\w.,/-])(?:\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]|\d{6} ?\d{5}|\d{8}-?\d{4}|\d{6}-?\d{4})(?![\w]|[.,/-]\d)")


def valid_date(year, month, day):
    try:
        datetime.date(year, month, day)
        return True
    except ValueError:
        return False


def valid_national_id(text):
    digits = text.replace("-", "").replace("+", "").replace(" ", "")
    if len(text) == 11 and text[6] in "-+ABCDEFUVWXY" and text[:6].isdigit() and text[7:10].isdigit():
        number = int(text[:6] + text[7:10])
        if "0123456789ABCDEFHJKLMNPRSTUVWXY"[number % 31] == text[10]:
            century = {"+": 1800, "-": 1900, "A": 2000}.get(text[6], 1900 if text[6] in "UVWXY" else 2000)
            return valid_date(century + int(text[4:6]), int(text[2:4]), int(text[:2]))
    if not digits.isdigit():
        return False
    if len(digits) == 11:
        d = list(map(int, digits))
        k1 = 11 - sum(a * b for a, b in zip(d, [3, 7, 6, 1, 8, 9, 4, 5, 2])) % 11
        k2 = 11 - sum(a * b for a, b in zip(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11
        k1, k2 = (0 if k1 == 11 else k1), (0 if k2 == 11 else k2)
        if k1 != d[9] or k2 != d[10]:
            return False
        day, month = d[0] * 10 + d[1], d[2] * 10 + d[3]
        day -= 40 if day > 40 else 0
        month -= 80 if month > 80 else (40 if month > 40 else 0)
        return valid_date(1900 + d[4] * 10 + d[5], month, day)
    if len(digits) in (10, 12):
        ten = digits[-10:]
        d = list(map(int, ten))
        # Iceland (mod 11), Sweden (Luhn), Denmark (date only): the first rule that passes names the country.
        weights = sum(a * b for a, b in zip(d[:8], [3, 2, 7, 6, 5, 4, 3, 2]))
        check = (11 - weights % 11) % 11
        if check == d[8] and d[9] in (8, 9, 0) and valid_date(2000 + d[4] * 10 + d[5], d[2] * 10 + d[3], d[0] * 10 + d[1] or 1):
            return True
        total = 0
        for index, digit in enumerate(d):
            value = digit * (2 - index % 2)
            total += value - 9 if value > 9 else value
        if total % 10 == 0 and valid_date(2000 + d[0] * 10 + d[1], d[2] * 10 + d[3], (d[4] * 10 + d[5]) % 60 or 1):
            return True
        return len(digits) == 10 and valid_date(1900 + d[4] * 10 + d[5], d[2] * 10 + d[3], d[0] * 10 + d[1])
    return False


def age_band(value, reference, status):
    birth = datetime.date.fromisoformat(value)
    age = reference.year - birth.year - ((reference.month, reference.day) < (birth.month, birth.day))
    band = "under-15" if age < 15 else "15-17" if age < 18 else "18-24" if age < 25 else "25-plus"
    if status in ("minor", "presumed-minor") and band in ("18-24", "25-plus"):
        band = "15-17"
    return band


def main():
    folder = sys.argv[1]
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    schema = json.load(open(os.path.join(folder, "schema.json"), encoding="utf-8"))
    key = bytes.fromhex(open(os.path.join(folder, "key.hex")).read().strip())
    with open(os.path.join(folder, "records.jsonl"), "rb") as handle:
        records = [line.rstrip(b"\n") for line in handle if line.strip()]
    root = plan(schema, schema)
    pointer = schema.get("x-reference-date", "/reportDate").strip("/")
    best = None
    best_cpu = None
    first = None
    for _ in range(rounds):
        start = time.perf_counter()
        start_cpu = time.process_time()
        total = 0
        for raw in records:
            record = json.loads(raw)
            reference = datetime.date.fromisoformat(record.get(pointer, "2026-11-29")[:10])
            run = Run(key, reference)
            run.collect(record, root)
            out = json.dumps(run.transform(record, root), ensure_ascii=False).encode("utf-8")
            total += len(out)
            if first is None:
                first = out
        elapsed = time.perf_counter() - start
        elapsed_cpu = time.process_time() - start_cpu
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = elapsed_cpu if best_cpu is None else min(best_cpu, elapsed_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "peer": "python " + sys.version.split()[0] + " (json, re, hashlib.blake2b)",
        "records": len(records),
        "rate": len(records) / best,
        "cpu_rate": len(records) / best_cpu,
        "peak_rss_mb": round(peak),
        "first_output": json.loads(first),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
