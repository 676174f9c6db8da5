#!/usr/bin/python3
"""Fills a Tirkeu form template with pypdf, as a third-party program would (tests/reports/tst_formfill).

usage: fill_form.py TEMPLATE OUT VALUES.json [--erase-code]
VALUES.json maps field names to values; a checkbox takes "Yes" or "Off". Prints one line per widget of
the first page: "name x1 y1 x2 y2" (points), so that the test can look at the rendered field.
--erase-code removes the value of the hidden form-code field (what "Reset form" may do)."""
import json
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject


def main():
    src, out, values_path = sys.argv[1:4]
    erase = "--erase-code" in sys.argv[4:]
    with open(values_path, encoding="utf-8") as f:
        values = json.load(f)
    reader = PdfReader(src)
    writer = PdfWriter()
    writer.clone_document_from_reader(reader)
    texts = {}
    def annots(page):
        found = page.get("/Annots")
        return found.get_object() if found is not None else []

    for page in writer.pages:
        for ref in annots(page):
            annot = ref.get_object()
            name = annot.get("/T")
            if name in values and annot.get("/FT") == "/Btn":
                state = "/Yes" if values[name] == "Yes" else "/Off"
                annot[NameObject("/V")] = NameObject(state)
                annot[NameObject("/AS")] = NameObject(state)
            elif name in values:
                texts[name] = values[name]
            if erase and name == "tirkeu_form":
                annot[NameObject("/V")] = TextStringObject("")
        writer.update_page_form_field_values(page, texts)
    for ref in annots(writer.pages[0]):
        annot = ref.get_object()
        rect = [float(v) for v in annot["/Rect"]]
        print(annot.get("/T"), *rect)
    with open(out, "wb") as f:
        writer.write(f)


if __name__ == "__main__":
    main()
