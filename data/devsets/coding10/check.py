#!/usr/bin/env python3
"""Exclusion checker for coding10 candidates.

python3 check.py url URL...      -> is each url reserved / already used in any devset?
python3 check.py text FILE...    -> shared 12-char strings with every other devsets/*/texts/*.txt
Reserved addresses are never printed.
"""
import csv, glob, os, re, sys
from urllib.parse import unquote
HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.dirname(HERE)
def norm(u):
    u = unquote(u.strip()).lower()
    u = re.sub(r'^[a-z]+://', '', u)
    u = re.sub(r'^www\.', '', u)
    u = u.split('#')[0]
    return u.rstrip('/')
def reserved():
    out = set()
    for line in open('/work/shared/reserved-sources.txt', encoding='utf-8'):
        line = line.strip()
        if line and not line.startswith('#'):
            out.add(norm(line.split()[0]))
    return out
def used():
    out = {}
    for f in glob.glob(os.path.join(DEV, '*', 'sources.csv')):
        if os.path.dirname(f) == HERE: continue
        for r in csv.DictReader(open(f, encoding='utf-8')):
            if r.get('url'): out[norm(r['url'])] = os.path.basename(os.path.dirname(f)) + '/' + r.get('doc', '')
    return out
def grams(t, n=12):
    t = re.sub(r'\s', '', t)
    return {t[i:i+n] for i in range(len(t) - n + 1)}
if __name__ == '__main__':
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == 'url':
        R, U = reserved(), used()
        for a in args:
            n = norm(a)
            if n in R: print('RESERVED (do not open)')
            elif n in U: print('USED', U[n], a)
            else: print('ok', a)
    elif mode == 'text':
        others = [f for f in glob.glob(os.path.join(DEV, '*', 'texts', '*.txt'))
                  if os.path.dirname(os.path.dirname(f)) != HERE]
        og = {f: grams(open(f, encoding='utf-8').read()) for f in others}
        mine = {f: grams(open(f, encoding='utf-8').read()) for f in glob.glob(os.path.join(HERE, 'texts', '*.txt'))}
        for a in args:
            g = grams(open(a, encoding='utf-8').read())
            hits = []
            for f, h in list(og.items()) + [(k, v) for k, v in mine.items() if os.path.abspath(k) != os.path.abspath(a)]:
                s = g & h
                if s: hits.append((len(s), os.path.relpath(f, DEV), sorted(s)[:3]))
            hits.sort(reverse=True)
            print(a, 'grams', len(g), 'overlaps:', len(hits))
            for h in hits[:6]: print('   ', h)

def precount(docs):
    """Preliminary sentence count per doc, mirroring ../coding/tools/split.py rules (no file written)."""
    src = open(os.path.join(DEV, 'coding', 'tools', 'split.py'), encoding='utf-8').read()
    src = src.rsplit('\nmain()', 1)[0]
    ns = {}
    exec(compile(src, 'split_rules', 'exec'), ns)
    out = {}
    for d in docs:
        seen = set(); n = 0
        for p in ns['pieces'](open(os.path.join(HERE, 'texts', d + '.txt'), encoding='utf-8').read()):
            s = p.strip().strip('\u3000').strip()
            if not s or any(re.search(c, s) for c in ns['CHROME']) or len(re.sub(r'\s', '', s)) < 6 or s in seen:
                continue
            seen.add(s); n += 1
        out[d] = (min(n, 18), n)
    return out
if __name__ == '__main__' and sys.argv[1] == 'count':
    docs = sys.argv[2:] or sorted(os.path.basename(f)[:-4] for f in glob.glob(os.path.join(HERE, 'texts', '*.txt')))
    r = precount(docs); tot = 0
    for d in docs: print(d, r[d]); tot += r[d][0]
    print('total', tot)
