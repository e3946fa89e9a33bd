/* pdfimage.c - figures' images as XObjects (see pdfparts.h).
 *
 * A screen edition embeds PNG and JPEG files as they are (libharu's
 * loaders: JPEG passed through, PNG with its transparency as a soft mask).
 * A PDF/X-1a edition may hold only grey and CMYK pixels and no
 * transparency: each image is decoded (libpng, libjpeg), composited over
 * white paper, and a colour image converted with Little CMS from its
 * embedded ICC profile (or sRGB, the web's default, when it has none) to
 * the layout's output profile, perceptual intent with black point
 * compensation (the usual choice for photographs going to press). Grey
 * images stay DeviceGray: they print on the black plate. Images are checked
 * by src/input/image.c before anything here reads them. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <lcms2.h>
#include <png.h>

#include "../base/xalloc.h"
#include "pdfparts.h"

typedef struct loaded {
    char *path;
    HPDF_Image img;
} loaded;

struct pdf_images {
    loaded *v;
    int n, cap;
};

pdf_images *pdf_images_new(void) { return xcalloc(1, sizeof(pdf_images)); }

void pdf_images_free(pdf_images *im)
{
    if (!im) return;
    for (int i = 0; i < im->n; i++) free(im->v[i].path);
    free(im->v);
    free(im);
}

/* Decoded pixels: 1 (grey) or 3 (RGB) 8-bit channels, alpha composited over white. */
typedef struct pixels {
    unsigned char *data;
    long w, h;
    int channels;        /* 1, 3, or 4 (a CMYK JPEG, kept as it is) */
    unsigned char *icc;  /* embedded profile, or NULL */
    size_t icc_len;
} pixels;

static void pixels_free(pixels *px)
{
    free(px->data);
    free(px->icc);
}

/* ---------- PNG (libpng reports errors by longjmp: kept inside this function) ---------- */

static void png_err(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static int read_png(const char *path, pixels *px)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_err, png_warn);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile rgba = NULL;
    volatile int rc = -1;
    if (!png || !info) goto out;
    if (setjmp(png_jmpbuf(png))) goto out;
    png_init_io(png, f);
    png_read_info(png, info);
    png_charp name;
    int comp;
    png_bytep prof;
    png_uint_32 plen;
    if (png_get_iCCP(png, info, &name, &comp, &prof, &plen) && plen > 0) {
        px->icc = xmalloc(plen);
        memcpy(px->icc, prof, plen);
        px->icc_len = plen;
    }
    int ct = png_get_color_type(png, info);
    int gray = !(ct & PNG_COLOR_MASK_COLOR) && ct != PNG_COLOR_TYPE_PALETTE;
    png_set_expand(png);          /* palette, low bit depths and tRNS to 8-bit channels (+ alpha) */
    png_set_strip_16(png);
    if (gray) png_set_gray_to_rgb(png); /* one path below; grey comes back out after compositing */
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    long w = (long)png_get_image_width(png, info), h = (long)png_get_image_height(png, info);
    size_t stride = png_get_rowbytes(png, info);
    if (stride != (size_t)w * 4) goto out;
    rgba = xmalloc(stride * (size_t)h);
    png_bytep *rows = xmalloc(sizeof *rows * (size_t)h);
    for (long y = 0; y < h; y++) rows[y] = rgba + stride * (size_t)y;
    png_read_image(png, rows);
    free(rows);
    /* over white paper: PDF/X-1a has no transparency */
    int ch = gray ? 1 : 3;
    px->data = xmalloc((size_t)w * (size_t)h * (size_t)ch);
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        unsigned a = rgba[i * 4 + 3];
        for (int k = 0; k < ch; k++)
            px->data[i * (size_t)ch + (size_t)k] = (unsigned char)((rgba[i * 4 + (size_t)k] * a + 255 * (255 - a) + 127) / 255);
    }
    px->w = w;
    px->h = h;
    px->channels = ch;
    rc = 0;
out:
    free(rgba);
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    fclose(f);
    return rc;
}

/* ---------- JPEG (libjpeg's error_exit jumps back here) ---------- */

typedef struct jerr {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
} jerr;

static void jpeg_exit(j_common_ptr cinfo) { longjmp(((jerr *)cinfo->err)->jump, 1); }
static void jpeg_quiet(j_common_ptr cinfo, int level) { (void)cinfo; (void)level; }

static int read_jpeg(const char *path, pixels *px)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    struct jpeg_decompress_struct cinfo;
    jerr err;
    volatile int rc = -1;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_exit;
    err.mgr.emit_message = jpeg_quiet;
    if (setjmp(err.jump)) goto out;
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    JOCTET *icc = NULL;
    unsigned icc_len = 0;
    if (jpeg_read_icc_profile(&cinfo, &icc, &icc_len) && icc) {
        px->icc = xmalloc(icc_len);
        memcpy(px->icc, icc, icc_len);
        px->icc_len = icc_len;
        free(icc);
    }
    if (cinfo.jpeg_color_space == JCS_GRAYSCALE) cinfo.out_color_space = JCS_GRAYSCALE;
    else if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) cinfo.out_color_space = JCS_CMYK;
    else cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    int ch = cinfo.output_components;
    size_t stride = (size_t)cinfo.output_width * (size_t)ch;
    px->data = xmalloc(stride * cinfo.output_height);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = px->data + stride * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    /* Adobe's CMYK JPEGs store inverted values */
    if (ch == 4 && cinfo.saw_Adobe_marker)
        for (size_t i = 0; i < stride * cinfo.output_height; i++) px->data[i] = (unsigned char)(255 - px->data[i]);
    px->w = cinfo.output_width;
    px->h = cinfo.output_height;
    px->channels = ch;
    jpeg_finish_decompress(&cinfo);
    rc = 0;
out:
    jpeg_destroy_decompress(&cinfo);
    fclose(f);
    return rc;
}

/* ---------- conversion ---------- */

/* RGB pixels to CMYK for the output profile; returns the new buffer or NULL. */
static unsigned char *to_cmyk(pdf_ctx *x, const pixels *px, const char *path)
{
    cmsHPROFILE in = NULL, out = NULL;
    if (px->icc) {
        in = cmsOpenProfileFromMem(px->icc, (cmsUInt32Number)px->icc_len);
        if (in && cmsGetColorSpace(in) != cmsSigRgbData) {
            cmsCloseProfile(in);
            in = NULL;
        }
    }
    if (!in) in = cmsCreate_sRGBProfile();
    out = cmsOpenProfileFromFile(x->doc->output_profile, "r");
    unsigned char *cmyk = NULL;
    if (!out || cmsGetColorSpace(out) != cmsSigCmykData) {
        diag_error(x->d, diag_at(x->d, x->doc->output_profile, 0, 0),
                   "the output profile is not a CMYK ICC profile; cannot convert %s", path);
    } else {
        cmsHTRANSFORM t = cmsCreateTransform(in, TYPE_RGB_8, out, TYPE_CMYK_8, INTENT_PERCEPTUAL,
                                             cmsFLAGS_BLACKPOINTCOMPENSATION | cmsFLAGS_NOCACHE);
        if (t) {
            size_t n = (size_t)px->w * (size_t)px->h;
            cmyk = xmalloc(n * 4);
            cmsDoTransform(t, px->data, cmyk, (cmsUInt32Number)n);
            cmsDeleteTransform(t);
        } else diag_error(x->d, diag_at(x->d, path, 0, 0), "Little CMS cannot convert this image for print");
    }
    if (out) cmsCloseProfile(out);
    cmsCloseProfile(in);
    return cmyk;
}

static HPDF_Image load_for_print(pdf_ctx *x, const char *path)
{
    pixels px;
    memset(&px, 0, sizeof px);
    size_t n = strlen(path);
    int is_png = n > 4 && (!strcmp(path + n - 4, ".png") || !strcmp(path + n - 4, ".PNG"));
    FILE *probe = fopen(path, "rb");
    if (probe) {
        unsigned char sig[4] = {0};
        if (fread(sig, 1, 4, probe) == 4) is_png = sig[0] == 0x89 && sig[1] == 'P';
        fclose(probe);
    }
    if ((is_png ? read_png(path, &px) : read_jpeg(path, &px)) != 0) {
        diag_error(x->d, diag_at(x->d, path, 0, 0), "cannot decode this image for print");
        pixels_free(&px);
        return NULL;
    }
    HPDF_Image img = NULL;
    if (px.channels == 1)
        img = HPDF_LoadRawImageFromMem(x->pdf, px.data, (HPDF_UINT)px.w, (HPDF_UINT)px.h, HPDF_CS_DEVICE_GRAY, 8);
    else if (px.channels == 4)
        img = HPDF_LoadRawImageFromMem(x->pdf, px.data, (HPDF_UINT)px.w, (HPDF_UINT)px.h, HPDF_CS_DEVICE_CMYK, 8);
    else if (!x->doc->output_profile)
        diag_error(x->d, diag_at(x->d, path, 0, 0),
                   "a colour image in a PDF/X edition needs the layout's output-profile to be converted to CMYK");
    else {
        unsigned char *cmyk = to_cmyk(x, &px, path);
        if (cmyk) img = HPDF_LoadRawImageFromMem(x->pdf, cmyk, (HPDF_UINT)px.w, (HPDF_UINT)px.h, HPDF_CS_DEVICE_CMYK, 8);
        free(cmyk);
    }
    if (img) pdf_fingerprint(x, px.data, (size_t)px.w * (size_t)px.h * (size_t)px.channels);
    pixels_free(&px);
    return img;
}

HPDF_Image pdf_image_get(pdf_ctx *x, const char *path)
{
    pdf_images *im = x->images;
    for (int i = 0; i < im->n; i++)
        if (!strcmp(im->v[i].path, path)) return im->v[i].img;
    HPDF_Image img = NULL;
    const char *saved = x->path;
    x->path = path; /* a libharu error while reading names the image */
    if (x->pdfx) img = load_for_print(x, path);
    else {
        size_t n = strlen(path);
        if (n > 4 && (!strcmp(path + n - 4, ".png") || !strcmp(path + n - 4, ".PNG")))
            img = HPDF_LoadPngImageFromFile(x->pdf, path);
        else img = HPDF_LoadJpegImageFromFile(x->pdf, path);
        pdf_fingerprint(x, path, n);
    }
    x->path = saved;
    if (!img) x->failed = 1; /* no PDF without its figures */
    VEC_GROW(im->v, im->n, im->cap);
    im->v[im->n].path = xstrndup(path, strlen(path));
    im->v[im->n++].img = img;
    return img;
}
