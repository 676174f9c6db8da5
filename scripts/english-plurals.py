#!/usr/bin/env python3
"""Fills the English plural forms of translations/kk_ru/tirkeu_en.ts (lupdate -pluralonly): the sources
write a plural as "%n day(s)"; English shows "1 day" and "3 days". Every numerus message gets
<numerusform>s with "(s)" removed (one) and turned into "s" (other), "(es)" likewise."""
import re
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
tree = ET.parse(path)
root = tree.getroot()
for message in root.iter('message'):
    if message.get('numerus') != 'yes':
        continue
    source = message.find('source').text or ''
    one = re.sub(r'\((e?s)\)', '', source)
    other = re.sub(r'\((e?s)\)', r'\1', source)
    translation = message.find('translation')
    if translation is None:
        translation = ET.SubElement(message, 'translation')
    for child in list(translation):
        translation.remove(child)
    translation.text = None
    translation.attrib.pop('type', None)
    for form in (one, other):
        ET.SubElement(translation, 'numerusform').text = form
root.set('language', 'en_GB')
tree.write(path, encoding='utf-8', xml_declaration=True)
