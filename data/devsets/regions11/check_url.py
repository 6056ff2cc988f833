#!/usr/bin/env python3
"""Print 'ok' or 'excluded' for each candidate url given on the command line.

A url is excluded when, normalised (scheme dropped, leading www./m. dropped, trailing slash
dropped; compared with and without the query string), it matches a url in any
data/devsets/*/sources.csv or in /work/shared/reserved-sources.txt. Only ok/excluded is printed.
"""
import csv, glob, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEVSETS = os.path.dirname(HERE)
RESERVED = "/work/shared/reserved-sources.txt"


def norm(url):
    u = url.strip()
    u = re.sub(r"^[a-zA-Z]+://", "", u)
    u = u.lower()
    u = re.sub(r"^(www\.|m\.)", "", u)
    host, _, rest = u.partition("/")
    host = host.split(":")[0]
    u = host + ("/" + rest if rest else "")
    full = u.split("#")[0].rstrip("/")
    bare = full.split("?")[0].rstrip("/")
    return {full, bare}


def known():
    keys = set()
    for f in glob.glob(os.path.join(DEVSETS, "*", "sources.csv")):
        if os.path.abspath(os.path.dirname(f)) == HERE and "--self" not in sys.argv:
            continue
        with open(f, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("url"):
                    keys |= norm(row["url"])
    with open(RESERVED, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                keys |= norm(line)
    return keys


if __name__ == "__main__":
    keys = known()
    for url in [a for a in sys.argv[1:] if a != "--self"]:
        print("excluded" if norm(url) & keys else "ok")
