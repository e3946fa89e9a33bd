#!/usr/bin/env python3
"""check_cmyk_images.py PDF MIN - colour figures converted for the press:
at least MIN images are DeviceCMYK with ink on the cyan, magenta or yellow
plate (converted, not flattened to grey), and no image is in any other
colour space than DeviceCMYK or DeviceGray. Exit 1 on a failure."""
import sys

import fitz


def main(path, want):
    doc = fitz.open(path)
    seen = set()
    cmyk = gray = 0
    bad = []
    for page in doc:
        for img in page.get_images(full=True):
            xref, cs = img[0], img[5]
            if xref in seen:
                continue
            seen.add(xref)
            if cs == "DeviceCMYK":
                pix = fitz.Pixmap(doc, xref)
                s = pix.samples
                colour = any(s[i] or s[i + 1] or s[i + 2] for i in range(0, len(s) - 3, pix.n))
                if colour:
                    cmyk += 1
            elif cs == "DeviceGray":
                gray += 1
            else:
                bad.append("image %d is %s" % (xref, cs))
    for b in bad:
        print("FAIL", b)
    print("%d images: %d CMYK with colour, %d grey" % (len(seen), cmyk, gray))
    if cmyk < want:
        print("FAIL fewer than %d colour images converted to CMYK" % want)
    return 1 if bad or cmyk < want else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
