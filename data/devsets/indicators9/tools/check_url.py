"""Print ok/excluded for each candidate URL (argv), against every data/devsets/*/sources.csv url
column (this set's own file excepted) and /work/shared/reserved-sources.txt.
Normalised: scheme, leading www./m., trailing slash; compared with and without the query string."""
import csv, glob, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
SETS = os.path.dirname(os.path.dirname(HERE))
OWN = os.path.basename(os.path.dirname(HERE))

def norm(u):
    u = u.strip().lower()
    u = re.sub(r'^[a-z]+://', '', u)
    u = re.sub(r'^(www\.|m\.)+', '', u)
    u = u.split('#')[0]
    base = u.split('?')[0]
    return {u.rstrip('/'), base.rstrip('/'), re.sub('/+', '/', base).rstrip('/')}

used = set()
for f in glob.glob(os.path.join(SETS, '*', 'sources.csv')):
    if os.path.basename(os.path.dirname(f)) == OWN:
        continue
    with open(f, encoding='utf-8-sig', newline='') as fh:
        for r in csv.DictReader(fh):
            if r.get('url'):
                used |= norm(r['url'])
with open('/work/shared/reserved-sources.txt', encoding='utf-8') as fh:
    for line in fh:
        line = line.strip()
        if line and not line.startswith('#'):
            used |= norm(line)
for u in sys.argv[1:]:
    print('excluded' if norm(u) & used else 'ok')
