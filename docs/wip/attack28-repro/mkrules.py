#!/usr/bin/env python3
"""Write a tirkeu rules file: the built-in one with changes.
mkrules.py OUT VERSION [python-statements operating on `r` (the file) and `e` (its first edition)]"""
import json, sys, copy
base = json.load(open('/work/wt-lead/registry/rules/default-rules.json', encoding='utf-8'))
r = copy.deepcopy(base)
r['version'] = sys.argv[2]
e = r['editions'][0]
raw = None
for stmt in sys.argv[3:]:
    exec(stmt)
out = raw if raw is not None else json.dumps(r, ensure_ascii=False, indent=1).encode()
open(sys.argv[1], 'wb').write(out)
