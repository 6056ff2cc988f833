#!/usr/bin/env python3
"""save.py DOC < json_string_file : decode a JSON string literal (the excerpt as returned) and
write texts/DOC.txt in UTF-8 with one final newline."""
import json, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
raw = sys.stdin.read().strip()
text = json.loads(raw)
with open(os.path.join(HERE, "texts", sys.argv[1] + ".txt"), "w", encoding="utf-8", newline="") as fh:
    fh.write(text + "\n")
print(sys.argv[1], len(text))
