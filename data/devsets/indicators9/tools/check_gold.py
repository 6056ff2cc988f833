"""Bookkeeping checks, run only after all gold rows were written.
(a) every surface and context occurs in its text, every context contains its surface, every context occurs once;
(b) list digit runs and Chinese-numeral runs that no row's context covers (to be decided by hand)."""
import csv, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.dirname(HERE)
rows = list(csv.DictReader(open(os.path.join(SET, 'gold.csv'), encoding='utf-8')))
docs = [r['doc'] for r in csv.DictReader(open(os.path.join(SET, 'sources.csv'), encoding='utf-8'))]
texts = {d: open(os.path.join(SET, 'texts', d + '.txt'), encoding='utf-8').read() for d in docs}
bad = 0
for i, r in enumerate(rows, 2):
    t = texts[r['doc']]
    probs = []
    if r['surface'] not in t: probs.append('surface missing')
    if r['context'] not in t: probs.append('context missing')
    if r['surface'] not in r['context']: probs.append('surface not in context')
    if t.count(r['context']) != 1: probs.append('context occurs %d times' % t.count(r['context']))
    if probs:
        bad += 1; print('line', i, r['doc'], r['surface'], '|', '; '.join(probs))
print('(a) problems:', bad)
RUN = re.compile(r'[0-9０-９][0-9０-９.,:：\-—/%]*|[一二两兩三四五六七八九十百千万萬半]+')
for d in docs:
    t = texts[d]
    spans = []
    for r in rows:
        if r['doc'] != d: continue
        s = t.find(r['context'])
        if s >= 0: spans.append((s, s + len(r['context'])))
    out = []
    for m in RUN.finditer(t):
        if not any(a <= m.start() and m.end() <= b for a, b in spans):
            out.append(t[max(0, m.start()-6):m.end()+4].replace('\n', ' '))
    print('(b)', d, len(out))
    for o in out: print('    ', o)
