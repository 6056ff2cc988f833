"""For each text of this set (or the files given), count the 10-character strings it shares with
every other data/devsets/*/texts/*.txt. Prints only counts and the other file's set/doc name, never text."""
import glob, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
SETDIR = os.path.dirname(HERE)
SETS = os.path.dirname(SETDIR)
OWN = os.path.basename(SETDIR)
N = 10
mine = sys.argv[1:] or sorted(glob.glob(os.path.join(SETDIR, 'texts', '*.txt')))
def grams(t):
    t = ''.join(t.split())
    return {t[i:i+N] for i in range(len(t) - N + 1)}
others = {}
for f in glob.glob(os.path.join(SETS, '*', 'texts', '*.txt')):
    s = os.path.basename(os.path.dirname(os.path.dirname(f)))
    if s == OWN and not sys.argv[1:]:
        continue
    if os.path.abspath(f) in {os.path.abspath(m) for m in mine}:
        continue
    others[f'{s}/{os.path.basename(f)[:-4]}'] = grams(open(f, encoding='utf-8').read())
print(f'compared with {len(others)} files')
for m in mine:
    g = grams(open(m, encoding='utf-8').read())
    hits = sorted(((len(g & o), k) for k, o in others.items() if g & o), reverse=True)
    print(os.path.basename(m), 'ok' if not hits else ' '.join(f'{k}:{n}' for n, k in hits[:8]))
