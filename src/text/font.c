/* font.c - see font.h. */
#include "font.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

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
        int regular = lf->path[FACE_REGULAR] ? load_face(fs, lf->path[FACE_REGULAR], lf->loc[FACE_REGULAR], d) : -1;
        for (int face = 0; face < FACE_COUNT; face++) {
            int id = regular;
            if (face != FACE_REGULAR && lf->path[face]) {
                id = load_face(fs, lf->path[face], lf->loc[face], d);
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
    memset(fs, 0, sizeof *fs);
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
