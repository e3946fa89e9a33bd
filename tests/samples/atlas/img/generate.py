#!/usr/bin/python3
"""generate.py - draws the atlas sample's images (run from this folder).

No imaging library: the PNGs are written by hand with zlib and struct, the
JPEG is rendered by Ghostscript from a small PostScript program. The output
is deterministic, so running it again gives the same bytes.

  mapa.png       640x440, indexed colour (PNG colour type 3): a map of the valley
  lluvias.png    600x340, RGB (colour type 2): monthly rainfall as bars
  poblacion.png  560x700, RGB: urban and rural population, 1940-2020 (tall: it floats)
  canal.png      600x300, RGB: a cross-section of the canal (used in the English sample too)
  puerto.jpg     480x320, RGB baseline JPEG: a view of the port at dusk
"""
import math
import struct
import subprocess
import zlib


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png_rgb(path, w, h, px):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        raw.extend(px[y * w * 3:(y + 1) * w * 3])
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)


def write_png_indexed(path, w, h, idx, palette):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        raw.extend(idx[y * w:(y + 1) * w])
    plte = b"".join(bytes(c) for c in palette)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0))
    data += chunk(b"PLTE", plte)
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)


class Canvas:
    """A canvas of w x h cells, each one value (a palette index or an RGB tuple)."""

    def __init__(self, w, h, bg):
        self.w, self.h = w, h
        self.c = [bg] * (w * h)

    def put(self, x, y, v):
        if 0 <= x < self.w and 0 <= y < self.h:
            self.c[y * self.w + x] = v

    def rect(self, x0, y0, x1, y1, v):
        for y in range(max(0, y0), min(self.h, y1)):
            for x in range(max(0, x0), min(self.w, x1)):
                self.c[y * self.w + x] = v

    def disc(self, cx, cy, r, v):
        for y in range(int(cy - r), int(cy + r) + 1):
            for x in range(int(cx - r), int(cx + r) + 1):
                if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                    self.put(x, y, v)

    def line(self, pts, width, v):
        r = width / 2
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
            for i in range(n + 1):
                t = i / n
                self.disc(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, r, v)

    def polygon(self, pts, v):
        ys = [p[1] for p in pts]
        for y in range(max(0, int(min(ys))), min(self.h, int(max(ys)) + 1)):
            xs = []
            for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
                if (y0 <= y < y1) or (y1 <= y < y0):
                    xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                for x in range(int(a), int(b) + 1):
                    self.put(x, y, v)

    def rgb_bytes(self):
        out = bytearray()
        for v in self.c:
            out.extend(v)
        return out


def mapa():
    pal = [(236, 230, 200), (120, 170, 220), (60, 110, 180), (140, 180, 110),
           (110, 150, 90), (150, 150, 150), (200, 40, 40), (40, 40, 40), (250, 250, 250)]
    SAND, SEA, RIVER, FIELD, HILL, ROAD, TOWN, INK, WHITE = range(9)
    w, h = 640, 440
    c = Canvas(w, h, SAND)
    c.polygon([(0, 0), (90, 0), (70, 120), (95, 240), (60, 330), (80, 440), (0, 440)], SEA)
    c.polygon([(420, 0), (640, 0), (640, 440), (520, 440), (560, 300), (480, 160)], HILL)
    c.polygon([(150, 90), (330, 70), (400, 200), (300, 330), (160, 300), (120, 190)], FIELD)
    river = [(88, 200), (140, 210), (190, 190), (240, 215), (300, 200), (350, 230), (420, 210), (500, 240), (640, 220)]
    c.line(river, 9, RIVER)
    canal = [(330, 70), (360, 130), (350, 190), (320, 260), (250, 300), (180, 310)]
    c.line(canal, 4, RIVER)
    road = [(75, 330), (160, 320), (250, 360), (380, 330), (470, 350), (640, 300)]
    c.line(road, 5, ROAD)
    c.line([(250, 360), (260, 250), (230, 120), (240, 0)], 5, ROAD)
    for x, y, r in [(90, 210, 11), (255, 250, 9), (380, 330, 7), (470, 120, 6), (170, 310, 6)]:
        c.disc(x, y, r + 3, WHITE)
        c.disc(x, y, r, TOWN)
    c.rect(0, 0, w, 3, INK); c.rect(0, h - 3, w, h, INK)
    c.rect(0, 0, 3, h, INK); c.rect(w - 3, 0, w, h, INK)
    # the north arrow and a scale bar
    c.polygon([(600, 30), (590, 70), (600, 60), (610, 70)], INK)
    for i in range(4):
        c.rect(460 + i * 30, 405, 460 + (i + 1) * 30, 413, INK if i % 2 == 0 else WHITE)
    c.rect(460, 404, 580, 405, INK); c.rect(460, 413, 580, 414, INK)
    write_png_indexed("mapa.png", w, h, c.c, pal)


def lluvias():
    w, h = 600, 340
    c = Canvas(w, h, (255, 255, 255))
    mm = [18, 22, 41, 88, 176, 231, 214, 168, 97, 61, 37, 24]
    for g in range(0, 260, 50):
        y = 300 - g
        c.rect(50, y, 580, y + 1, (220, 220, 220))
    for i, v in enumerate(mm):
        x = 62 + i * 43
        col = (31, 78, 121) if v >= 150 else (91, 155, 213)
        c.rect(x, 300 - v, x + 30, 300, col)
    c.rect(48, 40, 50, 302, (0, 0, 0))
    c.rect(48, 300, 580, 302, (0, 0, 0))
    for i in range(12):
        c.rect(77 + i * 43, 302, 78 + i * 43, 308, (0, 0, 0))
    write_png_rgb("lluvias.png", w, h, c.rgb_bytes())


def poblacion():
    w, h = 560, 700
    c = Canvas(w, h, (252, 250, 244))
    years = list(range(1940, 2021, 10))
    urban = [8, 11, 17, 26, 42, 63, 92, 121, 138]
    rural = [41, 43, 42, 39, 34, 29, 25, 23, 22]
    x0, y0, x1, y1 = 60, 40, 530, 640
    for g in range(0, 141, 20):
        y = y1 - g * (y1 - y0) / 140
        c.rect(x0, int(y), x1, int(y) + 1, (225, 220, 205))

    def pts(series):
        return [(x0 + i * (x1 - x0) / (len(years) - 1), y1 - v * (y1 - y0) / 140) for i, v in enumerate(series)]
    c.polygon(pts(urban) + [(x1, y1), (x0, y1)], (250, 210, 170))
    c.line(pts(urban), 6, (217, 95, 2))
    c.line(pts(rural), 6, (27, 158, 119))
    for x, y in pts(urban):
        c.disc(x, y, 8, (217, 95, 2))
    for x, y in pts(rural):
        c.disc(x, y, 8, (27, 158, 119))
    c.rect(x0 - 2, y0, x0, y1 + 2, (0, 0, 0))
    c.rect(x0 - 2, y1, x1, y1 + 2, (0, 0, 0))
    c.rect(x0, 660, x0 + 40, 672, (217, 95, 2))
    c.rect(x0 + 200, 660, x0 + 240, 672, (27, 158, 119))
    write_png_rgb("poblacion.png", w, h, c.rgb_bytes())


def canal():
    w, h = 600, 300
    c = Canvas(w, h, (235, 244, 250))
    c.polygon([(0, 120), (150, 120), (230, 250), (370, 250), (450, 120), (600, 120), (600, 300), (0, 300)], (150, 115, 75))
    c.polygon([(175, 160), (425, 160), (370, 250), (230, 250)], (70, 130, 200))
    c.line([(0, 120), (150, 120), (230, 250), (370, 250), (450, 120), (600, 120)], 5, (60, 60, 60))
    c.rect(20, 90, 120, 120, (120, 160, 90))
    c.rect(480, 90, 580, 120, (120, 160, 90))
    for i in range(6):
        c.disc(60 + i * 14, 80, 8, (60, 120, 60))
    write_png_rgb("canal.png", w, h, c.rgb_bytes())


PUERTO_PS = r"""%!PS
<< /PageSize [480 320] >> setpagedevice
0 1 319 { /y exch def
  /t y 320 div def
  t 0.55 gt { 0.98 t 0.6 mul sub 0.55 t 0.3 mul add 0.35 t 0.5 mul add setrgbcolor }
            { 0.10 0.25 t 0.6 mul add 0.45 t 0.5 mul add setrgbcolor } ifelse
  0 y 480 1 rectfill } for
0.18 0.26 0.20 setrgbcolor
newpath 0 176 moveto 60 215 lineto 120 196 lineto 190 240 lineto 260 205 lineto
 330 230 lineto 400 200 lineto 480 220 lineto 480 176 lineto closepath fill
0.12 0.12 0.14 setrgbcolor
300 150 90 30 rectfill 320 180 10 60 rectfill 360 180 10 44 rectfill
0.95 0.85 0.40 setrgbcolor
0 1 9 { /i exch def 310 i 8 mul add 160 4 4 rectfill } for
0.98 0.90 0.60 setrgbcolor 90 260 18 0 360 arc fill
0.55 0.20 0.15 setrgbcolor
newpath 60 120 moveto 160 120 lineto 145 100 lineto 75 100 lineto closepath fill
0.9 0.9 0.85 setrgbcolor 108 120 3 50 rectfill
showpage
"""


def puerto():
    open("puerto.ps", "w").write(PUERTO_PS)
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=jpeg", "-dJPEGQ=70",
                    "-r72", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-sOutputFile=puerto.jpg", "puerto.ps"],
                   check=True)
    import os
    os.remove("puerto.ps")


if __name__ == "__main__":
    mapa()
    lluvias()
    poblacion()
    canal()
    puerto()
