#!/usr/bin/env python3
"""Split texts/<doc>.txt into sentences.csv (doc,sent_no,text).

Rules: a sentence ends at 。！？；; (full- or half-width ! ? ;) or at a line break;
closing quotes/brackets directly after the terminator stay with the sentence.
Dropped: empty pieces, pure site chrome (see CHROME), pieces shorter than 6
non-space characters, exact duplicates within a doc (repeated photo captions).
At most 18 sentences per doc, in order.
"""
import csv, re, sys
TERM = '。！？；;!?'
CLOSE = '”’"\')）】》」'
CHROME = [
    r'^首页\s*>', r'^当前位置', r'^\[上一版\]', r'^文章内容$', r'^影响有影响力的人$',
    r'^编辑[:：]', r'^来源[:：|]', r'^作者[:：]', r'^文章来源[:：]', r'^时间[:：]', r'^发布时间[:：]',
    r'^\(?（?责编', r'^责任编辑', r'^分享', r'^图片$', r'^我要投稿', r'^□本报记者',
    r'记者.*通讯员', r'^长江云新闻记者', r'^长江云新闻 \d{4}', r'^《\s*人民日报\s*》',
    r'^\d{4}年\d{2}月\d{2}日 [A-Z][a-z]+day$', r'^■市委组织部课题组$', r'摄$',
    r'^\d+月\d+日$', r'^《新华日报》$', r'^头版刊发$',
]
def pieces(text):
    for line in text.splitlines():
        buf = ''
        i = 0
        while i < len(line):
            ch = line[i]; buf += ch; i += 1
            if ch in TERM:
                while i < len(line) and line[i] in CLOSE:
                    buf += line[i]; i += 1
                yield buf; buf = ''
        if buf:
            yield buf
def main():
    docs = [r['doc'] for r in csv.DictReader(open('sources.csv', encoding='utf-8'))]
    out = csv.writer(open('sentences.csv', 'w', encoding='utf-8', newline=''))
    out.writerow(['doc', 'sent_no', 'text'])
    total = 0
    for d in docs:
        seen = set(); n = 0
        for p in pieces(open(f'texts/{d}.txt', encoding='utf-8').read()):
            s = p.strip().strip('\u3000').strip()
            if not s: continue
            if any(re.search(c, s) for c in CHROME): continue
            if len(re.sub(r'\s', '', s)) < 6: continue
            if s in seen: continue
            seen.add(s); n += 1
            if n > 18: break
            out.writerow([d, n, s]); total += 1
        print(d, min(n, 18), file=sys.stderr)
    print('total', total, file=sys.stderr)
main()
