#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets (fuzz/corpus/TARGET/) from the project's own
data: the example and golden texts, the tokeniser's table of cases, the rules' examples, the
rules and gazetteer files cut into small pieces. Run once from the repository root; the
corpora checked in are these seeds after fuzzing and `cargo fuzz cmin`."""
import glob, hashlib, json, os, re

def unescape(s):
    s = re.sub(r'\\u\{([0-9A-Fa-f]+)\}', lambda m: chr(int(m.group(1), 16)), s)
    return s.replace('\\n', '\n').replace('\\t', '\t').replace('\\r', '\r').replace('\\\\', '\\')

def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > 4096:
        return
    d = f'fuzz/corpus/{target}'
    os.makedirs(d, exist_ok=True)
    with open(f'{d}/seed-{hashlib.sha1(data).hexdigest()[:16]}', 'wb') as f:
        f.write(data)

texts = []
for p in sorted(glob.glob('examples/*.txt') + glob.glob('tests/golden/*.txt')):
    body = open(p, encoding='utf-8').read()
    texts.append(body[:4000])
    texts += [p for p in body.split('\n\n') if p.strip()]
for p in sorted(glob.glob('tests/data/tokenise/*.txt')):
    for line in open(p, encoding='utf-8'):
        if line.startswith('text: '):
            texts.append(unescape(line[len('text: '):].rstrip('\n')))
examples = []
for p in sorted(glob.glob('rules/*.rules')):
    for line in open(p, encoding='utf-8'):
        m = re.match(r'\s+(example|counter)\s+(.*)', line)
        if m:
            examples.append(m.group(2))
for t in texts:
    write('tokens', t)
    write('pipeline', t)
for e in examples[::3]:
    write('pipeline', e)
for e in examples[1::7]:
    write('tokens', e)

# Rules: each rule alone, renamed so that it does not clash with the built-in one, after its
# file's `phase` and `define` lines.
for p in sorted(glob.glob('rules/*.rules')):
    body = open(p, encoding='utf-8').read()
    head = [l for l in body.split('\n') if l.startswith(('phase', 'define'))]
    blocks = re.split(r'\n(?=rule )', body)
    for b in blocks[1:]:
        b = re.sub(r'^rule (\S+)', r'rule fuzz.\1', b)
        write('rules', '\n'.join(head) + '\n\n' + b)
    write('rules', body.replace('\nrule ', '\nrule fuzz.'))

# Gazetteers: pieces of 20 lines of the hand-written files and the first lines of the others.
for p in sorted(glob.glob('gazetteers/*/*.txt')):
    lines = open(p, encoding='utf-8').read().split('\n')
    head = [l for l in lines[:12] if l.startswith(('#', '%'))]
    step = 20 if not p.endswith('.gen.txt') else len(lines)
    for i in range(0, min(len(lines), 200), step):
        write('gazetteer', '\n'.join(head + lines[i:i + 20]) + '\n')

# JSON Lines: a byte for the limit and buffer size, then lines of objects with a text.
for i, t in enumerate(texts[:40]):
    line = json.dumps({'id': f'doc{i}', 'source': 'fuzz', 'text': t[:200]}, ensure_ascii=i % 2 == 0)
    for head in (b'\xff', b'\x40', b'\x07'):
        write('jsonl', head + (line + '\n' + line[:30] + '\r\n\n').encode())
write('jsonl', b'\xff\xef\xbb\xbf{"text":"Selon l\'OSDH, 16 morts."}\r\n{}\n')
for p in sorted(glob.glob('tests/golden/*.jsonl')):
    write('jsonl', b'\xfe' + open(p, 'rb').read()[:4000])
