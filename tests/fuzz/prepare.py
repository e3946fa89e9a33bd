#!/usr/bin/env python3
"""prepare.py OUT - the fuzzers' seed corpora and dictionaries (scripts/fuzz.sh).

OUT/seeds/manuscript: every XML file of book/, tests/samples/ and tests/bad/
as it is, and each of their book.xml with its XIncludes written in (one
file, so that a mutation reaches the whole pipeline); inputs are cut at
MAX_LEN bytes, as the fuzzer would cut them.
OUT/seeds/layout: layout/*.xml and tests/layouts/*.xml, their relative paths
rewritten for the harness's folder (fonts in ../fonts, the exceptions
beside the layout).
OUT/manuscript.dict, OUT/layout.dict: the element and attribute names and
the fixed values of the schemas, and XML's own tokens (libFuzzer -dict).
Run from the repository root."""
import glob, hashlib, os, re, sys

MAX_LEN = 65536
out = sys.argv[1]
for d in ("seeds/manuscript", "seeds/layout"):
    os.makedirs(os.path.join(out, d), exist_ok=True)


def put(kind, data):
    data = data[:MAX_LEN]
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, "seeds", kind, name), "wb") as f:
        f.write(data)


INCLUDE = re.compile(rb'<xi:include\s+href="([^"]+)"\s*/>')
DECL = re.compile(rb'^\s*<\?xml[^>]*\?>\s*')


def flatten(path, depth=0):
    data = open(path, "rb").read()
    if depth > 4:
        return data

    def one(m):
        target = os.path.join(os.path.dirname(path), m.group(1).decode("utf-8", "replace"))
        if not os.path.isfile(target):
            return m.group(0)
        return DECL.sub(b"", flatten(target, depth + 1))

    return INCLUDE.sub(one, data)


for root in ("book", "tests/samples", "tests/bad"):
    for path in sorted(glob.glob(root + "/**/*.xml", recursive=True)):
        if "/schema/" in path:
            continue
        put("manuscript", open(path, "rb").read())
        if os.path.basename(path) == "book.xml":
            put("manuscript", flatten(path))

for path in sorted(glob.glob("layout/*.xml") + glob.glob("tests/layouts/*.xml")):
    data = open(path, "rb").read()
    data = data.replace(b'"../../fonts/', b'"../fonts/').replace(b'"../../layout/', b'"')
    put("layout", data)


def dictionary(schemas, name):
    tokens = set()
    for schema in schemas:
        text = open(schema, encoding="utf-8").read()
        for el in re.findall(r'<element name="([^"]+)"', text):
            tokens.update({"<" + el, "<" + el + ">", "</" + el + ">", "<" + el + "/>"})
        for at in re.findall(r'<attribute name="([^"]+)"', text):
            tokens.add(" " + at + '="')
        for v in re.findall(r"<value>([^<]*)</value>", text):
            tokens.add('"' + v + '"')
    tokens.update({'<?xml version="1.0" encoding="UTF-8"?>', "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE",
                   "<!ENTITY", "&amp;", "&lt;", "&#", "&#x", ";", "/>", "</", 'xml:lang="', "mm", "pt", "em", "*",
                   'xmlns:xi="http://www.w3.org/2001/XInclude"', '<xi:include href="', "\ufeff"})
    with open(os.path.join(out, name), "w", encoding="ascii") as f:
        for t in sorted(tokens):
            b = t.encode("utf-8")
            f.write('"' + "".join(chr(c) if 32 <= c < 127 and c not in b'"\\' else "\\x%02X" % c for c in b) + '"\n')


dictionary(["book/schema/manuscript.rng", "book/schema/index-terms.rng"], "manuscript.dict")
dictionary(["layout/schema/layout.rng"], "layout.dict")
print("seeds: %d manuscripts, %d layouts" % (len(os.listdir(os.path.join(out, "seeds/manuscript"))),
                                               len(os.listdir(os.path.join(out, "seeds/layout")))))
