"""Append hand-written gold rows (read as CSV from stdin, without header) to gold.csv, writing the header first if needed.
Only re-quotes the fields; it does not look at any text."""
import csv, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.join(os.path.dirname(HERE), 'gold.csv')
COLS = 'doc,value,unit,qualifier,surface,note,subject_key,subject,period,context'.split(',')
rows = [r for r in csv.reader(sys.stdin) if r]
for r in rows:
    assert len(r) == len(COLS), r
new = not os.path.exists(GOLD)
with open(GOLD, 'a', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    if new: w.writerow(COLS)
    w.writerows(rows)
print('appended', len(rows))
