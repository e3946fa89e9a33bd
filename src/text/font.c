/* font.c - see font.h. */
#include "font.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <hb.h>
#include <hb-ot.h>

/* Whether the face's GSUB has a feature (small capitals: 'smcp'). */
static int has_feature(hb_face_t *face, hb_tag_t want)
{
    hb_tag_t tags[64];
    unsigned start = 0, n;
    do {
        n = 64;
        hb_ot_layout_table_get_feature_tags(face, HB_OT_TAG_GSUB, start, &n, tags);
        for (unsigned i = 0; i < n; i++)
            if (tags[i] == want) return 1;
        start += n;
    } while (n == 64);
    return 0;
}

#include "../base/bounds.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"

static int load_face(fontset *fs, const char *path, diag_loc where, diag_sink *d)
{
    for (int i = 0; i < fs->nfonts; i++)
        if (strcmp(fs->fonts[i].path, path) == 0) return i;
    /* a regular file of a sane size: a FIFO would block FreeType's read, a
     * huge file be read whole by the PDF writer (base/bounds.h) */
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(d, where, "cannot open the font file \"%s\": %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > FOLIO_MAX_AUX_BYTES) {
        diag_error(d, where, S_ISREG(st.st_mode) ? "the font file \"%s\" is larger than %ld MB, the limit"
                                                 : "\"%s\" is not a font file (not a regular file)",
                   path, FOLIO_MAX_AUX_BYTES >> 20);
        return -1;
    }
    FT_Face face;
    FT_Error err = FT_New_Face((FT_Library)fs->ft_library, path, 0, &face);
    if (err) {
        FILE *f = fopen(path, "rb");
        if (!f) diag_error(d, where, "cannot open the font file \"%s\"", path);
        else {
            fclose(f);
            if (err == FT_Err_Unknown_File_Format)
                diag_error(d, where, "\"%s\" is not a font file: the layout needs TrueType fonts (.ttf)", path);
            else
                diag_error(d, where, "\"%s\" is a damaged font file: FreeType cannot read it", path);
        }
        return -1;
    }
    FT_ULong glyf_len = 0;
    if (!FT_IS_SFNT(face) || !FT_Get_Sfnt_Table(face, FT_SFNT_HEAD) ||
        FT_Load_Sfnt_Table(face, FT_MAKE_TAG('g', 'l', 'y', 'f'), 0, NULL, &glyf_len) != 0 || glyf_len == 0) {
        /* libharu embeds only TrueType outlines (architecture.md) */
        diag_error(d, where, "\"%s\" is not a TrueType (glyf) font; the PDF writer cannot embed it", path);
        FT_Done_Face(face);
        return -1;
    }
    fo_font *f = &fs->fonts[fs->nfonts];
    memset(f, 0, sizeof *f);
    f->path = path;
    const char *slash = strrchr(path, '/');
    f->name = slash ? slash + 1 : path;
    f->ft_face = face;
    f->units_per_em = face->units_per_EM;
    f->max_advance = face->max_advance_width > 0 ? face->max_advance_width : 2 * face->units_per_EM;
    f->ascender = face->ascender;
    f->descender = face->descender;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    f->x_height = os2 && os2->sxHeight ? os2->sxHeight : f->units_per_em / 2;
    f->cap_height = os2 && os2->sCapHeight ? os2->sCapHeight : f->units_per_em * 7 / 10;
    /* HarfBuzz reads the same file with its own OpenType functions, so that
     * its positions are exact font units (scale = units per em), unhinted. */
    hb_blob_t *blob = hb_blob_create_from_file(path);
    hb_face_t *hface = hb_face_create(blob, 0);
    hb_font_t *hb = hb_font_create(hface);
    hb_font_set_scale(hb, f->units_per_em, f->units_per_em);
    f->has_smcp = has_feature(hface, HB_TAG('s', 'm', 'c', 'p'));
    hb_face_destroy(hface);
    hb_blob_destroy(blob);
    f->hb_font = hb;
    return fs->nfonts++;
}

/* Whether the font pattern p belongs to family (one of its family names). */
static int in_family(FcPattern *p, const char *family)
{
    FcChar8 *name;
    for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &name) == FcResultMatch; k++)
        if (strcasecmp((const char *)name, family) == 0) return 1;
    return 0;
}

/* The installed family nearest to a mistyped name, for "did you mean". */
static void nearest_family(const char *family, char *out, size_t cap)
{
    FcPattern *all = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)0);
    FcFontSet *set = FcFontList(NULL, all, os);
    suggest sg;
    suggest_init(&sg, family);
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *name;
        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &name) == FcResultMatch) suggest_add(&sg, (const char *)name);
    }
    snprintf(out, cap, "%s", suggest_best(&sg) ? suggest_best(&sg) : "");
    if (set) FcFontSetDestroy(set);
    FcObjectSetDestroy(os);
    FcPatternDestroy(all);
}

/* The file of the installed face of family with the given weight and slant,
 * through fontconfig. 1: found with that style; 0: the family is installed
 * without that style (out holds nothing); -1: no such family. */
static int fontconfig_used; /* fontconfig was started: fontset_free ends it (FcFini) */

static int find_installed(const char *family, int bold, int italic, char *out, size_t cap)
{
    fontconfig_used = 1;
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddInteger(pat, FC_WIDTH, FC_WIDTH_NORMAL);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    int found = -1;
    if (m && in_family(m, family)) {
        int w = 0, sl = 0;
        FcChar8 *file;
        FcPatternGetInteger(m, FC_WEIGHT, 0, &w);
        FcPatternGetInteger(m, FC_SLANT, 0, &sl);
        /* fontconfig gives the nearest face: it must really have the style asked for */
        int ok = (bold ? w >= FC_WEIGHT_DEMIBOLD : w < FC_WEIGHT_DEMIBOLD) && (italic ? sl != FC_SLANT_ROMAN : sl == FC_SLANT_ROMAN);
        found = 0;
        if (ok && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
            snprintf(out, cap, "%s", (const char *)file);
            found = 1;
        }
    }
    if (m) FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return found;
}

/* The face of family fam given by name (lf->query[face]): its file, or an
 * error at the layout's attribute. Returns the font id, or -1. */
static int load_named_face(fontset *fs, const layout_family *lf, int face, diag_sink *d, int *missing_style)
{
    static const char *style_name[FACE_COUNT] = {"regular", "bold", "italic", "bold italic"};
    char file[4096];
    *missing_style = 0;
    int r = find_installed(lf->query[face], face == FACE_BOLD || face == FACE_BOLD_ITALIC,
                           face == FACE_ITALIC || face == FACE_BOLD_ITALIC, file, sizeof file);
    if (r < 0) {
        char near[256];
        nearest_family(lf->query[face], near, sizeof near);
        if (near[0])
            diag_error(d, lf->loc[face], "no font family \"%s\" is installed (did you mean \"%s\"?)", lf->query[face], near);
        else
            diag_error(d, lf->loc[face], "no font family \"%s\" is installed (fc-list : family lists the installed ones)",
                       lf->query[face]);
        return -1;
    }
    if (r == 0) {
        *missing_style = 1;
        /* font="Family": a face the family lacks falls back to regular, as a face left out does */
        if (!lf->implied[face])
            diag_error(d, lf->loc[face], "the installed family \"%s\" has no %s face", lf->query[face], style_name[face]);
        return -1;
    }
    /* the path must outlive this call: the fontset keeps it */
    char *keep = xstrdup(file);
    int id = load_face(fs, keep, lf->loc[face], d);
    if (id < 0 || strcmp(fs->fonts[id].path, keep) != 0) free(keep);
    else fs->owned[fs->nowned++] = keep;
    return id;
}

static int load_any_face(fontset *fs, const layout_family *lf, int face, diag_sink *d)
{
    int missing_style = 0;
    if (lf->path[face]) return load_face(fs, lf->path[face], lf->loc[face], d);
    if (lf->query[face]) return load_named_face(fs, lf, face, d, &missing_style);
    return -1;
}

int fontset_load(fontset *fs, const layout *l, diag_sink *d)
{
    FT_Library lib;
    int errors0 = d->errors;
    memset(fs, 0, sizeof *fs);
    if (FT_Init_FreeType(&lib)) {
        diag_error(d, diag_at(d, NULL, 0, 0), "internal error: FreeType does not start");
        return -1;
    }
    fs->ft_library = lib;
    for (int fam = 0; fam < l->nfamilies; fam++) {
        const layout_family *lf = &l->families[fam];
        int regular = load_any_face(fs, lf, FACE_REGULAR, d);
        for (int face = 0; face < FACE_COUNT; face++) {
            int id = regular;
            /* a family name not installed is reported once, at its regular face */
            int same_missing = regular < 0 && lf->query[face] && lf->query[FACE_REGULAR] &&
                               !strcmp(lf->query[face], lf->query[FACE_REGULAR]);
            if (face != FACE_REGULAR && (lf->path[face] || lf->query[face]) && !same_missing) {
                id = load_any_face(fs, lf, face, d);
                if (id < 0) id = regular;
            }
            fs->by_family[fam][face] = id < 0 ? 0 : id;
            if (id >= 0) {
                fs->fonts[id].family = fam;
                if (face != FACE_REGULAR && id != regular) fs->fonts[id].face = (layout_face)face;
            }
        }
    }
    return d->errors > errors0 ? -1 : 0;
}

void fontset_free(fontset *fs)
{
    for (int i = 0; i < fs->nfonts; i++) {
        hb_font_destroy((hb_font_t *)fs->fonts[i].hb_font);
        FT_Done_Face((FT_Face)fs->fonts[i].ft_face);
    }
    if (fs->ft_library) FT_Done_FreeType((FT_Library)fs->ft_library);
    for (int i = 0; i < fs->nowned; i++) free(fs->owned[i]);
    memset(fs, 0, sizeof *fs);
    /* fontconfig keeps its configuration until told to let go (else a leak
     * at exit for the sanitizers and valgrind); it starts again if needed */
    if (fontconfig_used) {
        FcFini();
        fontconfig_used = 0;
    }
}

int fontset_pick(const fontset *fs, int family, int bold, int italic)
{
    layout_face face = bold && italic ? FACE_BOLD_ITALIC : bold ? FACE_BOLD : italic ? FACE_ITALIC : FACE_REGULAR;
    return fs->by_family[family][face];
}

uint32_t font_glyph(const fontset *fs, int id, uint32_t cp)
{
    return FT_Get_Char_Index((FT_Face)fs->fonts[id].ft_face, cp);
}

int font_advance(const fontset *fs, int id, uint32_t gid)
{
    return (int)hb_font_get_glyph_h_advance((hb_font_t *)fs->fonts[id].hb_font, gid);
}

void font_ink(const fontset *fs, int id, uint32_t gid, int *top, int *bottom)
{
    hb_glyph_extents_t e;
    *top = *bottom = 0;
    if (!hb_font_get_glyph_extents((hb_font_t *)fs->fonts[id].hb_font, gid, &e)) return;
    *top = (int)e.y_bearing;
    *bottom = (int)(e.y_bearing + e.height); /* hb's height runs downwards (negative) */
}
