/* image.c - see image.h. */
#include "image.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../base/bounds.h"
#include "../base/fileio.h"
#include "../base/xalloc.h"

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static int fail(char *why, size_t cap, const char *msg)
{
    snprintf(why, cap, "%s", msg);
    return -1;
}

/* The image's dimensions within base/bounds.h's limits. */
static int check_size(long w, long h, char *why, size_t cap)
{
    if (w > FOLIO_MAX_IMAGE_SIDE || h > FOLIO_MAX_IMAGE_SIDE) {
        snprintf(why, cap, "it is %ld \xC3\x97 %ld pixels; the limit is %d pixels a side", w, h, FOLIO_MAX_IMAGE_SIDE);
        return -1;
    }
    if ((long long)w * h > FOLIO_MAX_IMAGE_PIXELS) {
        snprintf(why, cap, "it is %ld \xC3\x97 %ld pixels (%.1f million); the limit is %.0f million pixels", w, h,
                 (double)w * (double)h / 1e6, (double)FOLIO_MAX_IMAGE_PIXELS / 1e6);
        return -1;
    }
    return 0;
}

static int check_png(const unsigned char *d, size_t n, image_info *info, char *why, size_t cap)
{
    size_t pos = 8;
    int seen_ihdr = 0, seen_iend = 0, seen_plte = 0, depth = 0, ctype = 0, interlace = 0;
    long w = 0, h = 0;
    unsigned char *idat = NULL;
    size_t idat_n = 0, idat_cap = 0;
    int rc = 0;
    while (pos + 12 <= n && !seen_iend) {
        uint32_t len = be32(d + pos);
        const unsigned char *type = d + pos + 4;
        if (len > n - pos - 12) { rc = fail(why, cap, "damaged PNG: a chunk runs past the end of the file"); break; }
        for (int k = 0; k < 4; k++)
            if (!((type[k] >= 'A' && type[k] <= 'Z') || (type[k] >= 'a' && type[k] <= 'z'))) {
                rc = fail(why, cap, "damaged PNG: invalid chunk type");
                goto done;
            }
        uint32_t crc = (uint32_t)crc32(0L, type, (uInt)len + 4);
        if (crc != be32(d + pos + 8 + len)) { rc = fail(why, cap, "damaged PNG: a chunk's CRC does not match"); break; }
        if (!memcmp(type, "IHDR", 4)) {
            if (len != 13 || seen_ihdr) { rc = fail(why, cap, "damaged PNG: bad IHDR"); break; }
            w = be32(d + pos + 8);
            h = be32(d + pos + 12);
            depth = d[pos + 16];
            ctype = d[pos + 17];
            interlace = d[pos + 20];
            seen_ihdr = 1;
            static const struct { int ct; int depths; } ok[] = {{0, 1 | 2 | 4 | 8 | 16}, {2, 8 | 16}, {3, 1 | 2 | 4 | 8}, {4, 8 | 16}, {6, 8 | 16}};
            int valid = 0;
            for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
                if (ok[k].ct == ctype && (depth & ok[k].depths) && (depth & (depth - 1)) == 0) valid = 1;
            if (!valid || w <= 0 || h <= 0 || d[pos + 18] != 0 || d[pos + 19] != 0 || interlace > 1) {
                rc = fail(why, cap, "unsupported or invalid PNG header (size, bit depth, colour type or interlace)");
                break;
            }
            if ((rc = check_size(w, h, why, cap)) != 0) break;
        } else if (!seen_ihdr) {
            rc = fail(why, cap, "damaged PNG: IHDR is not the first chunk");
            break;
        } else if (!memcmp(type, "PLTE", 4)) {
            seen_plte = 1;
        } else if (!memcmp(type, "IDAT", 4)) {
            if (ctype == 3 && !seen_plte) { rc = fail(why, cap, "damaged PNG: a palette image without its palette (PLTE)"); break; }
            if (idat_n + len > idat_cap) {
                idat_cap = (idat_n + len) * 2;
                idat = xrealloc(idat, idat_cap);
            }
            memcpy(idat + idat_n, d + pos + 8, len);
            idat_n += len;
        } else if (!memcmp(type, "IEND", 4)) seen_iend = 1;
        pos += 12 + len;
    }
    if (rc == 0 && (!seen_ihdr || !seen_iend || idat_n == 0)) rc = fail(why, cap, "damaged PNG: missing IHDR, IDAT or IEND");
    if (rc == 0) {
        /* the pixel data must inflate to exactly what the header promises */
        int channels = ctype == 0 ? 1 : ctype == 2 ? 3 : ctype == 3 ? 1 : ctype == 4 ? 2 : 4;
        unsigned long long expect = 0;
        if (!interlace) expect = (unsigned long long)h * (1 + ((unsigned long long)w * channels * depth + 7) / 8);
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (inflateInit(&zs) != Z_OK) { rc = fail(why, cap, "zlib does not start"); goto done; }
        unsigned char out[65536];
        unsigned long long total = 0;
        zs.next_in = idat;
        zs.avail_in = (uInt)idat_n;
        int zr;
        do {
            zs.next_out = out;
            zs.avail_out = sizeof out;
            zr = inflate(&zs, Z_NO_FLUSH);
            total += sizeof out - zs.avail_out;
        } while (zr == Z_OK && total <= expect + sizeof out);
        inflateEnd(&zs);
        if (zr != Z_STREAM_END) rc = fail(why, cap, "damaged PNG: the compressed pixel data is corrupt or truncated");
        else if (!interlace && total != expect) rc = fail(why, cap, "damaged PNG: the pixel data does not match the image's size");
    }
    if (rc == 0) {
        info->width = w;
        info->height = h;
        info->is_png = 1;
        info->color = ctype == 2 || ctype == 3 || ctype == 6;
    }
done:
    free(idat);
    return rc;
}

/* JPEG, marker by marker: the frame header (size, components), then every
 * segment and scan to the end-of-image marker, so that a file cut short is
 * refused (libharu copies a JPEG into the PDF unread, and a reader would
 * show a broken picture). */
static int check_jpeg(const unsigned char *d, size_t n, image_info *info, char *why, size_t cap)
{
    size_t pos = 2;
    int frame = 0, scans = 0;
    while (pos + 2 <= n) {
        if (d[pos] != 0xFF) return fail(why, cap, "damaged JPEG: expected a marker");
        int m = d[pos + 1];
        if (m == 0xFF) { pos++; continue; }
        if (m == 0xD9) {
            if (!frame) return fail(why, cap, "damaged JPEG: no frame header");
            if (!scans) return fail(why, cap, "damaged JPEG: no image data");
            return 0;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { pos += 2; continue; }
        if (pos + 4 > n) break;
        size_t len = (size_t)(d[pos + 2] << 8 | d[pos + 3]);
        if (len < 2 || pos + 2 + len > n) return fail(why, cap, "damaged JPEG: the file is cut short (a segment runs past its end)");
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            /* libharu embeds baseline and extended sequential DCT, and progressive */
            if (m != 0xC0 && m != 0xC1 && m != 0xC2) return fail(why, cap, "unsupported JPEG (lossless or arithmetic coding)");
            if (len < 8) return fail(why, cap, "damaged JPEG: bad frame header");
            if (frame) return fail(why, cap, "damaged JPEG: two frame headers");
            info->height = d[pos + 5] << 8 | d[pos + 6];
            info->width = d[pos + 7] << 8 | d[pos + 8];
            int comps = d[pos + 9];
            if (info->width <= 0 || info->height <= 0) return fail(why, cap, "damaged JPEG: zero size");
            if (comps != 1 && comps != 3 && comps != 4) return fail(why, cap, "unsupported JPEG colour components");
            if (check_size(info->width, info->height, why, cap) != 0) return -1;
            info->is_png = 0;
            info->color = comps != 1;
            frame = 1;
        }
        pos += 2 + len;
        if (m == 0xDA) {
            /* entropy-coded data: up to the next marker that is not a stuffed 0xFF00 or a restart */
            if (!frame) return fail(why, cap, "damaged JPEG: image data before the frame header");
            scans++;
            while (pos + 1 < n && !(d[pos] == 0xFF && d[pos + 1] != 0 && !(d[pos + 1] >= 0xD0 && d[pos + 1] <= 0xD7)))
                pos++;
        }
    }
    return fail(why, cap, frame ? "damaged JPEG: the file is cut short (no end-of-image marker)"
                                : "damaged JPEG: no frame header");
}

int image_check(const char *path, image_info *info, char *why, size_t cap)
{
    size_t n = 0;
    int err;
    unsigned char *d = file_read_all(path, FOLIO_MAX_IMAGE_BYTES, &n, &err);
    int rc;
    memset(info, 0, sizeof *info);
    if (!d && err == EFBIG) {
        snprintf(why, cap, "the file is larger than %ld MB, the limit", FOLIO_MAX_IMAGE_BYTES >> 20);
        return -1;
    }
    if (!d) return fail(why, cap, err == EINVAL ? "it is not a regular file" : "cannot read the file");
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) rc = check_png(d, n, info, why, cap);
    else if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8) rc = check_jpeg(d, n, info, why, cap);
    else rc = fail(why, cap, "not a PNG or JPEG file");
    free(d);
    return rc;
}
