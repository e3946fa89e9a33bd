/* pdftags.c - the logical structure of a tagged PDF (see pdfparts.h).
 *
 * The composer built the structure tree in reading order (pm_doc.structs);
 * the content writer asks here for a marked-content id (MCID) for each run
 * of a page's content that belongs to one element, and the link writer
 * registers each annotation. At the end the tree is written (PDF 1.7,
 * 14.7.2): a StructElem per element that has content somewhere below it
 * (an element whose text was only measured is left out), its kids in
 * reading order - child elements by their creation order, the element's
 * own content by the order it was produced in (pm_item.seq), a child
 * element before content produced after it - then the ParentTree that maps
 * every MCID and annotation back to its element, the IDTree of notes, and
 * the catalog's /MarkInfo, /StructTreeRoot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "pdfparts.h"

/* Content of an element: a marked-content sequence or an annotation. */
typedef struct tag_kid {
    int seq;             /* reading-order key (pm_item.seq) */
    int page;
    int mcid;            /* >= 0: an MCID on page; -1: an annotation */
    HPDF_Dict annot;
} tag_kid;

typedef struct tag_elem {
    tag_kid *kids;
    int nkids, cap;
    int used;            /* it or an element below it has content */
    HPDF_Dict dict;
} tag_elem;

struct pdf_tags {
    const pm_doc *doc;
    tag_elem *e;         /* by sid */
    int n;
    int **mcid_sid;      /* per page: the element of each MCID */
    int *nmcid, *mcid_cap;
    int npages;
    /* annotations: ParentTree keys from npages on */
    int *annot_sid;
    HPDF_Dict *annots;
    int nannots, annots_cap;
};

pdf_tags *pdf_tags_new(const pm_doc *doc)
{
    pdf_tags *t = xcalloc(1, sizeof *t);
    t->doc = doc;
    t->n = doc->nstructs;
    t->e = xcalloc((size_t)t->n + 1, sizeof *t->e);
    t->npages = doc->npages;
    t->mcid_sid = xcalloc((size_t)t->npages + 1, sizeof *t->mcid_sid);
    t->nmcid = xcalloc((size_t)t->npages + 1, sizeof *t->nmcid);
    t->mcid_cap = xcalloc((size_t)t->npages + 1, sizeof *t->mcid_cap);
    return t;
}

void pdf_tags_free(pdf_tags *t)
{
    if (!t) return;
    for (int i = 0; i < t->n; i++) free(t->e[i].kids);
    for (int p = 0; p < t->npages; p++) free(t->mcid_sid[p]);
    free(t->e);
    free(t->mcid_sid);
    free(t->nmcid);
    free(t->mcid_cap);
    free(t->annot_sid);
    free(t->annots);
    free(t);
}

static void mark_used(pdf_tags *t, int sid)
{
    for (; sid >= 0 && sid < t->n && !t->e[sid].used; sid = t->doc->structs[sid].parent) t->e[sid].used = 1;
}

int pdf_tags_known(const pdf_tags *t, int sid) { return sid >= 0 && sid < t->n; }

const char *pdf_tags_role(const pdf_tags *t, int sid) { return pm_role_name((pm_role)t->doc->structs[sid].role); }

int pdf_tags_mcid(pdf_tags *t, int page, int sid, int seq)
{
    int mcid = t->nmcid[page];
    VEC_PUSH(t->mcid_sid[page], t->nmcid[page], t->mcid_cap[page], sid);
    tag_kid k = {seq, page, mcid, NULL};
    VEC_PUSH(t->e[sid].kids, t->e[sid].nkids, t->e[sid].cap, k);
    mark_used(t, sid);
    return mcid;
}

int pdf_tags_annot(pdf_tags *t, int page, int sid, int seq, HPDF_Dict annot)
{
    int key = t->npages + t->nannots;
    if (t->nannots == t->annots_cap) {
        t->annots_cap = t->annots_cap ? t->annots_cap * 2 : 64;
        t->annot_sid = xrealloc(t->annot_sid, sizeof *t->annot_sid * (size_t)t->annots_cap);
        t->annots = xrealloc(t->annots, sizeof *t->annots * (size_t)t->annots_cap);
    }
    t->annot_sid[t->nannots] = sid;
    t->annots[t->nannots++] = annot;
    tag_kid k = {seq, page, -1, annot};
    VEC_PUSH(t->e[sid].kids, t->e[sid].nkids, t->e[sid].cap, k);
    mark_used(t, sid);
    return key;
}

static int kid_order(const void *a, const void *b)
{
    const tag_kid *x = a, *y = b;
    if (x->seq != y->seq) return x->seq < y->seq ? -1 : 1;
    if (x->page != y->page) return x->page < y->page ? -1 : 1;
    return (x->mcid < 0 ? 1 << 30 : x->mcid) - (y->mcid < 0 ? 1 << 30 : y->mcid);
}

/* An attribute object of the Table owner (PDF 1.7, 14.8.5.7). */
static HPDF_Dict table_attrs(pdf_ctx *x, const pm_struct *s)
{
    int scope = s->role == PS_TH ? s->scope : 0;
    if (!scope && s->rowspan <= 1 && s->colspan <= 1) return NULL;
    HPDF_Dict a = HPDF_Dict_New(x->pdf->mmgr);
    HPDF_Dict_AddName(a, "O", "Table");
    if (scope) HPDF_Dict_AddName(a, "Scope", scope == 1 ? "Column" : scope == 2 ? "Row" : "Both");
    if (s->rowspan > 1) HPDF_Dict_AddNumber(a, "RowSpan", s->rowspan);
    if (s->colspan > 1) HPDF_Dict_AddNumber(a, "ColSpan", s->colspan);
    return a;
}

/* The IDTree's names must be sorted by their bytes. */
typedef struct id_entry {
    const char *id;
    HPDF_Dict elem;
} id_entry;

static int id_order(const void *a, const void *b) { return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id); }

int pdf_tags_finish(pdf_ctx *x, HPDF_Page *pages)
{
    pdf_tags *t = x->tags;
    const pm_doc *doc = t->doc;
    HPDF_MMgr mm = x->pdf->mmgr;
    if (t->n == 0) return 0;
    /* every used element an object first: kids and parents refer to each other */
    for (int i = 0; i < t->n; i++) {
        if (!t->e[i].used) continue;
        t->e[i].dict = HPDF_Dict_New(mm);
        if (!t->e[i].dict || HPDF_Xref_Add(x->pdf->xref, t->e[i].dict) != HPDF_OK) return -1;
    }
    HPDF_Dict root = HPDF_Dict_New(mm);
    HPDF_Xref_Add(x->pdf->xref, root);
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    /* each element's children in creation order: one pass over the tree */
    int *first = xmalloc(sizeof *first * (size_t)t->n), *next = xmalloc(sizeof *next * (size_t)t->n),
        *last = xmalloc(sizeof *last * (size_t)t->n);
    for (int i = 0; i < t->n; i++) first[i] = next[i] = last[i] = -1;
    for (int i = 0; i < t->n; i++) {
        int p = doc->structs[i].parent;
        if (!t->e[i].used || p < 0) continue;
        if (last[p] < 0) first[p] = i;
        else next[last[p]] = i;
        last[p] = i;
    }
    id_entry *ids = NULL;
    int nids = 0, ids_cap = 0;
    for (int i = 0; i < t->n; i++) {
        tag_elem *e = &t->e[i];
        if (!e->used) continue;
        const pm_struct *s = &doc->structs[i];
        HPDF_Dict d = e->dict;
        HPDF_Dict_AddName(d, "Type", "StructElem");
        HPDF_Dict_AddName(d, "S", pm_role_name((pm_role)s->role));
        if (s->parent >= 0 && t->e[s->parent].used) HPDF_Dict_Add(d, "P", t->e[s->parent].dict);
        else HPDF_Dict_Add(d, "P", root);
        if (s->lang) HPDF_Dict_Add(d, "Lang", pdf_text_string(x, s->lang));
        if (s->alt) HPDF_Dict_Add(d, "Alt", pdf_text_string(x, s->alt));
        if (s->id) {
            HPDF_Dict_Add(d, "ID", HPDF_Binary_New(mm, (HPDF_BYTE *)s->id, (HPDF_UINT)strlen(s->id)));
            id_entry ie = {s->id, d};
            VEC_PUSH(ids, nids, ids_cap, ie);
        }
        HPDF_Dict attrs = table_attrs(x, s);
        if (attrs) HPDF_Dict_Add(d, "A", attrs);
        /* kids: the element's content and its child elements, merged in reading order */
        if (e->nkids > 1) qsort(e->kids, (size_t)e->nkids, sizeof *e->kids, kid_order);
        int pg = e->nkids ? e->kids[0].page : -1;
        if (pg >= 0) HPDF_Dict_Add(d, "Pg", pages[pg]);
        HPDF_Array k = HPDF_Array_New(mm);
        int ck = first[i], q = 0;
        while (ck >= 0 || q < e->nkids) {
            /* a child element goes before content produced after it (seq >= its id) */
            if (ck >= 0 && (q >= e->nkids || ck <= e->kids[q].seq)) {
                HPDF_Array_Add(k, t->e[ck].dict);
                ck = next[ck];
                continue;
            }
            const tag_kid *kd = &e->kids[q++];
            if (kd->mcid >= 0 && kd->page == pg) HPDF_Array_AddNumber(k, kd->mcid);
            else if (kd->mcid >= 0) {
                HPDF_Dict mcr = HPDF_Dict_New(mm);
                HPDF_Dict_AddName(mcr, "Type", "MCR");
                HPDF_Dict_Add(mcr, "Pg", pages[kd->page]);
                HPDF_Dict_AddNumber(mcr, "MCID", kd->mcid);
                HPDF_Array_Add(k, mcr);
            } else {
                HPDF_Dict objr = HPDF_Dict_New(mm);
                HPDF_Dict_AddName(objr, "Type", "OBJR");
                HPDF_Dict_Add(objr, "Pg", pages[kd->page]);
                HPDF_Dict_Add(objr, "Obj", kd->annot);
                HPDF_Array_Add(k, objr);
            }
        }
        HPDF_Dict_Add(d, "K", k);
    }
    /* the root's kid: the document element (sid 0 when the composer made one) */
    if (t->e[0].used) HPDF_Dict_Add(root, "K", t->e[0].dict);
    /* ParentTree: page i -> its MCIDs' elements; annotation keys after the pages */
    HPDF_Dict ptree = HPDF_Dict_New(mm);
    HPDF_Xref_Add(x->pdf->xref, ptree);
    HPDF_Array nums = HPDF_Array_New(mm);
    for (int p = 0; p < t->npages; p++) {
        HPDF_Array arr = HPDF_Array_New(mm);
        for (int m = 0; m < t->nmcid[p]; m++) HPDF_Array_Add(arr, t->e[t->mcid_sid[p][m]].dict);
        HPDF_Array_AddNumber(nums, p);
        HPDF_Xref_Add(x->pdf->xref, arr); /* each page's array its own object: the tree stays small to parse */
        HPDF_Array_Add(nums, arr);
        HPDF_Dict_AddNumber(pages[p], "StructParents", p);
    }
    for (int a = 0; a < t->nannots; a++) {
        HPDF_Array_AddNumber(nums, t->npages + a);
        HPDF_Array_Add(nums, t->e[t->annot_sid[a]].dict);
    }
    HPDF_Dict_Add(ptree, "Nums", nums);
    HPDF_Dict_Add(root, "ParentTree", ptree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", t->npages + t->nannots);
    if (nids) {
        qsort(ids, (size_t)nids, sizeof *ids, id_order);
        HPDF_Dict idtree = HPDF_Dict_New(mm);
        HPDF_Array names = HPDF_Array_New(mm);
        for (int i = 0; i < nids; i++) {
            HPDF_Array_Add(names, HPDF_Binary_New(mm, (HPDF_BYTE *)ids[i].id, (HPDF_UINT)strlen(ids[i].id)));
            HPDF_Array_Add(names, ids[i].elem);
        }
        HPDF_Dict_Add(idtree, "Names", names);
        HPDF_Dict_Add(root, "IDTree", idtree);
    }
    free(ids);
    free(first);
    free(next);
    free(last);
    HPDF_Dict_Add(x->pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(mm);
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(x->pdf->catalog, "MarkInfo", mark);
    return x->failed ? -1 : 0;
}
