"""Print the 10-character strings that one text of this set (argv[1]) shares with one other devsets text (argv[2] = set/doc).
Only strings of our own text are printed (they are shared, so nothing else of the other text is shown)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__)); SETS = os.path.dirname(os.path.dirname(HERE))
N = 10
def grams(t):
    t = ''.join(t.split()); return {t[i:i+N] for i in range(len(t)-N+1)}
mine = ''.join(open(sys.argv[1], encoding='utf-8').read().split())
s, d = sys.argv[2].split('/')
other = grams(open(os.path.join(SETS, s, 'texts', d + '.txt'), encoding='utf-8').read())
hit = [i for i in range(len(mine)-N+1) if mine[i:i+N] in other]
# merge runs
out = []; start = prev = None
for i in hit:
    if start is None: start = prev = i
    elif i == prev + 1: prev = i
    else: out.append(mine[start:prev+N]); start = prev = i
if start is not None: out.append(mine[start:prev+N])
for o in out: print(o)
