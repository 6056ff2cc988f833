#!/usr/bin/env python3
"""Share of each regions11 text's 10-character strings found in other dev-set texts.

Usage: check_overlap.py [doc ...]   (default: every texts/*.txt of this set)
Prints, for each doc, the highest share against another text (other sets and this set) and
every text above 0.03.
"""
import glob, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEVSETS = os.path.dirname(HERE)
K = 10


def grams(path):
    t = open(path, encoding="utf-8").read()
    t = "".join(t.split())
    return {t[i:i + K] for i in range(len(t) - K + 1)}


others = {}
for p in glob.glob(os.path.join(DEVSETS, "*", "texts", "*.txt")):
    name = os.path.relpath(p, DEVSETS)
    others[name] = grams(p)

docs = sys.argv[1:] or [os.path.basename(p)[:-4] for p in sorted(glob.glob(os.path.join(HERE, "texts", "*.txt")))]
print(f"compared against {sum(1 for n in others if not n.startswith('regions11/'))} texts of other sets")
for d in docs:
    me = "regions11/texts/%s.txt" % d
    g = others.get(me) or grams(os.path.join(HERE, "texts", d + ".txt"))
    best = (0.0, "")
    flagged = []
    for n, h in others.items():
        if n == me or not g:
            continue
        s = len(g & h) / len(g)
        if s > best[0]:
            best = (s, n)
        if s > 0.03:
            flagged.append((round(s, 3), n))
    print(d, "max %.3f %s" % best, "FLAG" if flagged else "", sorted(flagged, reverse=True))
