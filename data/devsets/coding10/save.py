#!/usr/bin/env python3
"""Save one stored excerpt: python3 save.py DOC < file holding the JSON string literal (with quotes).
Writes texts/DOC.txt, JSON decoded, UTF-8, final newline."""
import json, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
doc = sys.argv[1]
s = json.loads(sys.stdin.read().strip())
path = os.path.join(HERE, 'texts', doc + '.txt')
if os.path.exists(path): sys.exit('exists: ' + path)
with open(path, 'w', encoding='utf-8') as f:
    f.write(s if s.endswith('\n') else s + '\n')
print('saved', path, len(s))
