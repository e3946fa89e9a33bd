/* pdffont.c - fonts embedded as subset CID fonts (see pdfparts.h).
 *
 * Every glyph HarfBuzz chose is printed by its glyph id: a Type 0 font with
 * encoding Identity-H over a CIDFontType2 whose CIDToGIDMap is Identity, so
 * the two-byte code in the content stream is the glyph id itself (PDF 1.7,
 * 9.7.4). Ligatures, small capitals and contextual forms print like any
 * glyph. Glyph ids are kept when the font is subset (HarfBuzz's hb-subset
 * with RETAIN_GIDS), so a page's content can be written before the last page
 * says which glyphs the font needs.
 *
 * ToUnicode maps each glyph to the text it stands for: a glyph the font's
 * cmap reaches from a character maps to that character (the lowest, when
 * several reach it); any other glyph (a ligature, a small capital) to the
 * text of the first cluster it was printed for ("fi", "a"). Where a glyph
 * stands for other text than its mapping (a repeated compound hyphen stands
 * for nothing), the content writer wraps it in an ActualText span. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "pdfparts.h"

struct pdf_font_use {
    int id;
    char resname[12];
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem, nglyphs;
    int32_t *width;       /* per gid, in 1/1000 em; INT32_MIN: not computed yet */
    uint8_t *used;        /* per gid */
    char **text;          /* per gid: the ToUnicode text (UTF-8); NULL: not assigned yet */
    uint32_t *canon;      /* per gid: the lowest character the cmap maps to it, 0 none */
    unsigned space_gid;
    HPDF_Dict type0;
};

struct pdf_fonts {
    pdf_font_use *use[64];
};

static const char EMPTY[] = "";

pdf_fonts *pdf_fonts_new(pdf_ctx *x)
{
    (void)x;
    return xcalloc(1, sizeof(pdf_fonts));
}

void pdf_fonts_free(pdf_fonts *fs)
{
    if (!fs) return;
    for (int i = 0; i < 64; i++) {
        pdf_font_use *f = fs->use[i];
        if (!f) continue;
        for (unsigned g = 0; f->text && g < f->nglyphs; g++)
            if (f->text[g] && f->text[g] != EMPTY) free(f->text[g]);
        free(f->text);
        free(f->width);
        free(f->used);
        free(f->canon);
        hb_font_destroy(f->font);
        hb_face_destroy(f->face);
        hb_blob_destroy(f->blob);
        free(f);
    }
    free(fs);
}

static pdf_font_use *open_font(pdf_ctx *x, int id)
{
    const char *path = x->doc->font_paths[id];
    hb_blob_t *blob = path ? hb_blob_create_from_file_or_fail(path) : NULL;
    if (!blob) {
        diag_error(x->d, diag_at(x->d, path ? path : x->path, 0, 0), "cannot read the font file to embed it");
        return NULL;
    }
    pdf_font_use *f = xcalloc(1, sizeof *f);
    f->id = id;
    snprintf(f->resname, sizeof f->resname, "F%d", id);
    f->blob = blob;
    f->face = hb_face_create(blob, 0);
    f->font = hb_font_create(f->face);
    f->upem = hb_face_get_upem(f->face);
    f->nglyphs = hb_face_get_glyph_count(f->face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    size_t n = f->nglyphs ? f->nglyphs : 1;
    f->width = xmalloc(n * sizeof *f->width);
    for (size_t g = 0; g < n; g++) f->width[g] = INT32_MIN;
    f->used = xcalloc(n, 1);
    f->text = xcalloc(n, sizeof *f->text);
    f->canon = xcalloc(n, sizeof *f->canon);
    /* the reverse cmap: which character reaches each glyph */
    hb_set_t *cps = hb_set_create();
    hb_face_collect_unicodes(f->face, cps);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    while (hb_set_next(cps, &cp)) {
        hb_codepoint_t gid;
        /* not presentation forms (the fi ligature reads "fi", not U+FB01)
         * nor private-use code points, which no reader can search for */
        if ((cp >= 0xFB00 && cp <= 0xFB4F) || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) continue;
        if (hb_font_get_nominal_glyph(f->font, cp, &gid) && gid < f->nglyphs && gid != 0 && !f->canon[gid])
            f->canon[gid] = cp; /* ascending: the lowest character wins */
    }
    hb_set_destroy(cps);
    hb_codepoint_t sp = 0;
    f->space_gid = hb_font_get_nominal_glyph(f->font, ' ', &sp) ? sp : 0;
    /* the Type 0 font object now (pages refer to it); filled in at the end */
    f->type0 = HPDF_Dict_New(x->pdf->mmgr);
    if (!f->type0 || HPDF_Xref_Add(x->pdf->xref, f->type0) != HPDF_OK ||
        HPDF_Dict_Add(x->font_res, f->resname, f->type0) != HPDF_OK)
        x->failed = 1;
    return f;
}

pdf_font_use *pdf_font_get(pdf_ctx *x, int font)
{
    if (font < 0 || font >= 64 || font >= x->doc->nfonts) return NULL;
    if (!x->fonts->use[font]) x->fonts->use[font] = open_font(x, font);
    return x->fonts->use[font];
}

const char *pdf_font_resname(const pdf_font_use *f) { return f->resname; }

unsigned pdf_font_space(pdf_font_use *f) { return f->space_gid; }

int pdf_font_width(pdf_font_use *f, unsigned gid)
{
    if (gid >= f->nglyphs) return 0;
    if (f->width[gid] == INT32_MIN) {
        long adv = (long)hb_font_get_glyph_h_advance(f->font, gid);
        /* integers in /W: the writer positions from these rounded values */
        f->width[gid] = (int32_t)((adv * 1000 + (adv >= 0 ? (long)f->upem / 2 : -(long)f->upem / 2)) / (long)f->upem);
    }
    return f->width[gid];
}

const char *pdf_font_glyph_text(pdf_font_use *f, unsigned gid, const char *text, size_t n)
{
    if (gid >= f->nglyphs) return EMPTY;
    f->used[gid] = 1;
    if (!f->text[gid]) {
        if (f->canon[gid]) {
            char u[8];
            int k = utf8_encode(f->canon[gid], u);
            f->text[gid] = xstrndup(u, (size_t)k);
        } else if (n > 0) f->text[gid] = xstrndup(text, n);
        else f->text[gid] = (char *)EMPTY; /* stands for nothing, for good (see the header) */
    }
    return f->text[gid];
}

int pdf_font_use_glyph(pdf_font_use *f, unsigned gid, const char *text, size_t n)
{
    const char *t = pdf_font_glyph_text(f, gid, text, n);
    return strlen(t) == n && memcmp(t, text, n) == 0;
}

/* ---------- embedding ---------- */

static int be16(const unsigned char *p) { return (int16_t)(p[0] << 8 | p[1]); }

/* The PostScript name, spaces and delimiters left out. */
static void ps_name(pdf_font_use *f, char *out, size_t cap)
{
    char raw[128];
    unsigned len = sizeof raw;
    if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, raw)) raw[0] = 0;
    size_t o = 0;
    for (const char *p = raw; *p && o + 1 < cap; p++)
        if (*p > ' ' && *p < 127 && !strchr("()<>[]{}/%#", *p)) out[o++] = *p;
    out[o] = 0;
    if (!o) snprintf(out, cap, "Font%d", f->id);
}

/* Six capitals naming the subset, from what it holds (same input, same tag). */
static void subset_tag(pdf_font_use *f, char tag[7])
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)f->id;
    for (unsigned g = 0; g < f->nglyphs; g++)
        if (f->used[g]) {
            h ^= g;
            h *= 1099511628211ULL;
        }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

/* UTF-8 to the UTF-16BE hex a CMap wants. */
static void utf16_hex(pdfbuf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int cl;
        uint32_t cp = utf8_decode(s + i, n - i, &cl);
        i += (size_t)cl;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            pdfbuf_hex4(b, 0xD800 + (cp >> 10));
            pdfbuf_hex4(b, 0xDC00 + (cp & 0x3FF));
        } else pdfbuf_hex4(b, cp);
    }
}

static HPDF_Dict to_unicode(pdf_ctx *x, pdf_font_use *f)
{
    pdfbuf b = {0};
    pdfbuf_str(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    unsigned g = 0;
    while (g < f->nglyphs) {
        unsigned block[100], k = 0;
        for (; g < f->nglyphs && k < 100; g++)
            if (f->used[g] && f->text[g] && f->text[g][0]) block[k++] = g;
        if (!k) break;
        pdfbuf_num(&b, k, 0);
        pdfbuf_str(&b, " beginbfchar\n");
        for (unsigned i = 0; i < k; i++) {
            pdfbuf_char(&b, '<');
            pdfbuf_hex4(&b, block[i]);
            pdfbuf_str(&b, "> <");
            utf16_hex(&b, f->text[block[i]]);
            pdfbuf_str(&b, ">\n");
        }
        pdfbuf_str(&b, "endbfchar\n");
    }
    pdfbuf_str(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_Dict s = pdf_stream_object(x, b.data, b.len, 1);
    pdfbuf_free(&b);
    return s;
}

/* /W: runs of consecutive glyph ids with their widths. */
static HPDF_Array widths(pdf_ctx *x, pdf_font_use *f)
{
    HPDF_Array w = HPDF_Array_New(x->pdf->mmgr);
    unsigned g = 0;
    while (g < f->nglyphs) {
        while (g < f->nglyphs && !f->used[g]) g++;
        if (g >= f->nglyphs) break;
        HPDF_Array run = HPDF_Array_New(x->pdf->mmgr);
        HPDF_Array_AddNumber(w, (HPDF_INT32)g);
        for (; g < f->nglyphs && f->used[g]; g++) HPDF_Array_AddNumber(run, pdf_font_width(f, g));
        HPDF_Array_Add(w, run);
    }
    return w;
}

static int embed(pdf_ctx *x, pdf_font_use *f)
{
    HPDF_MMgr mm = x->pdf->mmgr;
    f->used[0] = 1; /* .notdef: every font program needs it */
    pdf_font_width(f, 0);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return -1;
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (unsigned g = 0; g < f->nglyphs; g++)
        if (f->used[g]) hb_set_add(gs, g);
    /* glyph ids kept (the content is written already); no hinting, no
     * layout tables: a PDF viewer draws outlines at positions we give */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *dropped[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "DSIG", "hdmx", "VDMX", "LTSH"};
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub) {
        diag_error(x->d, diag_at(x->d, x->doc->font_paths[f->id], 0, 0), "HarfBuzz could not subset this font");
        return -1;
    }
    hb_blob_t *data = hb_face_reference_blob(sub);
    unsigned dlen;
    const char *bytes = hb_blob_get_data(data, &dlen);
    HPDF_Dict file = pdf_stream_object(x, (const unsigned char *)bytes, dlen, 1);
    if (file) HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)dlen);
    hb_blob_destroy(data);
    hb_face_destroy(sub);
    if (!file) return -1;

    char name[160], tagged[180], tag[7];
    ps_name(f, name, sizeof name);
    subset_tag(f, tag);
    snprintf(tagged, sizeof tagged, "%s+%s", tag, name);

    /* metrics for the descriptor, from the font's own tables (1/1000 em) */
    double k = 1000.0 / (double)f->upem;
    int bbox[4] = {0, -200, 1000, 900}, italic = 0, ascent = 800, descent = -200, cap = 700;
    double angle = 0;
    unsigned len;
    hb_blob_t *t = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(t, &len);
    if (len >= 54) {
        for (int i = 0; i < 4; i++) bbox[i] = (int)(be16(p + 36 + 2 * i) * k);
        italic = (p[45] & 2) != 0; /* macStyle bit 1 */
    }
    hb_blob_destroy(t);
    t = hb_face_reference_table(f->face, HB_TAG('h', 'h', 'e', 'a'));
    p = (const unsigned char *)hb_blob_get_data(t, &len);
    if (len >= 8) {
        ascent = (int)(be16(p + 4) * k);
        descent = (int)(be16(p + 6) * k);
    }
    hb_blob_destroy(t);
    t = hb_face_reference_table(f->face, HB_TAG('O', 'S', '/', '2'));
    p = (const unsigned char *)hb_blob_get_data(t, &len);
    if (len >= 90 && be16(p) >= 2) cap = (int)(be16(p + 88) * k);
    hb_blob_destroy(t);
    t = hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
    p = (const unsigned char *)hb_blob_get_data(t, &len);
    if (len >= 8) angle = (double)(int32_t)((uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7]) / 65536.0;
    hb_blob_destroy(t);

    HPDF_Dict fd = HPDF_Dict_New(mm);
    HPDF_Xref_Add(x->pdf->xref, fd);
    HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    HPDF_Dict_AddName(fd, "FontName", tagged);
    /* 32: non-symbolic (Latin text); 64: italic */
    HPDF_Dict_AddNumber(fd, "Flags", 32 | (italic || angle != 0 ? 64 : 0));
    HPDF_Array bb = HPDF_Array_New(mm);
    for (int i = 0; i < 4; i++) HPDF_Array_AddNumber(bb, bbox[i]);
    HPDF_Dict_Add(fd, "FontBBox", bb);
    HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)angle);
    HPDF_Dict_AddNumber(fd, "Ascent", ascent);
    HPDF_Dict_AddNumber(fd, "Descent", descent);
    HPDF_Dict_AddNumber(fd, "CapHeight", cap);
    HPDF_Dict_AddNumber(fd, "StemV", 80); /* not in TrueType; only a hint for substitution */
    HPDF_Dict_Add(fd, "FontFile2", file);

    HPDF_Dict cid = HPDF_Dict_New(mm);
    HPDF_Xref_Add(x->pdf->xref, cid);
    HPDF_Dict_AddName(cid, "Type", "Font");
    HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    HPDF_Dict_AddName(cid, "BaseFont", tagged);
    HPDF_Dict si = HPDF_Dict_New(mm);
    HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    HPDF_Dict_AddNumber(si, "Supplement", 0);
    HPDF_Dict_Add(cid, "CIDSystemInfo", si);
    HPDF_Dict_Add(cid, "FontDescriptor", fd);
    HPDF_Dict_AddNumber(cid, "DW", pdf_font_width(f, 0));
    HPDF_Dict_Add(cid, "W", widths(x, f));
    HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");

    HPDF_Dict_AddName(f->type0, "Type", "Font");
    HPDF_Dict_AddName(f->type0, "Subtype", "Type0");
    HPDF_Dict_AddName(f->type0, "BaseFont", tagged);
    HPDF_Dict_AddName(f->type0, "Encoding", "Identity-H");
    HPDF_Array desc = HPDF_Array_New(mm);
    HPDF_Array_Add(desc, cid);
    HPDF_Dict_Add(f->type0, "DescendantFonts", desc);
    HPDF_Dict tu = to_unicode(x, f);
    if (!tu) return -1;
    HPDF_Dict_Add(f->type0, "ToUnicode", tu);
    pdf_fingerprint(x, tagged, strlen(tagged));
    return 0;
}

int pdf_fonts_finish(pdf_ctx *x)
{
    for (int i = 0; i < 64; i++)
        if (x->fonts->use[i] && embed(x, x->fonts->use[i]) != 0) x->failed = 1;
    return x->failed ? -1 : 0;
}
