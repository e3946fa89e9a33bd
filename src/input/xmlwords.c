/* xmlwords.c - see xmlwords.h. */
#include "xmlwords.h"

#include <stdio.h>
#include <string.h>

/* ---- places in the text ---- */

static void line_col_of(const char *t, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (t[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)t[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The first opener (such as "<!--") whose closer does not follow it. */
static int unclosed(const char *t, size_t n, const char *open, const char *close, int *line, int *col)
{
    size_t ol = strlen(open), cl = strlen(close);
    for (size_t i = 0; i + ol <= n; i++) {
        if (memcmp(t + i, open, ol) != 0) continue;
        size_t k = i + ol;
        while (k + cl <= n && memcmp(t + k, close, cl) != 0) k++;
        if (k + cl > n) {
            line_col_of(t, i, line, col);
            return 1;
        }
        i = k + cl - 1;
    }
    return 0;
}

/* The last start tag <name on line (1-based). */
static int start_tag_on(const char *t, size_t n, const char *name, int on, int *col)
{
    size_t i = 0, nl = strlen(name);
    for (int l = 1; l < on && i < n; i++)
        if (t[i] == '\n') l++;
    int found = 0;
    for (size_t k = i; k < n && t[k] != '\n'; k++) {
        if (t[k] != '<' || k + 1 + nl > n || memcmp(t + k + 1, name, nl) != 0) continue;
        char after = k + 1 + nl < n ? t[k + 1 + nl] : 0;
        if (after == ' ' || after == '\t' || after == '\r' || after == '\n' || after == '>' || after == '/' || !after) {
            int l;
            line_col_of(t, k, &l, col);
            found = 1;
        }
    }
    return found;
}

/* ---- words ---- */

/* Entities of HTML that editors type in XML: what to write instead. */
static const struct { const char *name; unsigned cp; } html_entities[] = {
    {"nbsp", 0xA0},   {"iexcl", 0xA1},  {"copy", 0xA9},   {"laquo", 0xAB},  {"reg", 0xAE},    {"deg", 0xB0},
    {"ordf", 0xAA},   {"ordm", 0xBA},   {"raquo", 0xBB},  {"iquest", 0xBF}, {"aacute", 0xE1}, {"eacute", 0xE9},
    {"iacute", 0xED}, {"oacute", 0xF3}, {"uacute", 0xFA}, {"ntilde", 0xF1}, {"Ntilde", 0xD1}, {"uuml", 0xFC},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"hellip", 0x2026}, {"euro", 0x20AC}, {"shy", 0xAD},  {"middot", 0xB7},
};

/* libxml2's own message, without its function names and option advice. */
static void cleaned(const char *m, char *out, size_t cap)
{
    if (!m) m = "";
    /* "xmlParseCharRef: …", "ParsePI: …", "AttValue: …" */
    const char *colon = strchr(m, ':');
    if (colon && colon - m < 32 && colon[1] == ' ') {
        int word = 1;
        for (const char *c = m; c < colon; c++)
            if (*c == ' ') word = 0;
        if (word) m = colon + 2;
    }
    snprintf(out, cap, "%s", m);
    char *cut = strstr(out, " use XML_PARSE_HUGE option");
    if (cut) *cut = 0;
    size_t n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == ' ')) out[--n] = 0;
    for (char *c = out; *c; c++)
        if (*c == '\n') *c = ' ';
}

void xml_parser_words(const xmlError *err, const char *text, size_t len, char *msg, size_t cap, int *line, int *col)
{
    const char *m = err->message ? err->message : "";
    const char *s1 = err->str1 ? err->str1 : "?";
    char lib[512];
    cleaned(m, lib, sizeof lib);
    switch (err->code) {
    case XML_ERR_DOCUMENT_EMPTY:
        if (strstr(m, "Start tag expected")) snprintf(msg, cap, "an element was expected here: the file must hold one element (its root) that holds everything else");
        else snprintf(msg, cap, "the file is empty");
        return;
    case XML_ERR_DOCUMENT_START:
        snprintf(msg, cap, "the file does not start with an element");
        return;
    case XML_ERR_DOCUMENT_END:
    case XML_ERR_EXTRA_CONTENT:
        snprintf(msg, cap, "more comes after the end of the root element: everything must be inside it");
        return;
    case XML_ERR_INVALID_HEX_CHARREF:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_CHARREF:
        snprintf(msg, cap, "a character reference here is not a number: write &#233; or &#xE9; (or the character itself)");
        return;
    case XML_ERR_INVALID_CHAR:
        if (strstr(m, "CharRef")) snprintf(msg, cap, "a character reference here names a character XML does not allow");
        else snprintf(msg, cap, "a character XML does not allow (a control character)");
        return;
    case XML_ERR_CHARREF_AT_EOF:
    case XML_ERR_CHARREF_IN_PROLOG:
    case XML_ERR_CHARREF_IN_EPILOG:
    case XML_ERR_ENTITYREF_AT_EOF:
    case XML_ERR_ENTITYREF_IN_PROLOG:
    case XML_ERR_ENTITYREF_IN_EPILOG:
        snprintf(msg, cap, "a reference (&…;) outside the root element: text belongs inside it");
        return;
    case XML_ERR_ENTITYREF_NO_NAME:
    case XML_ERR_NAME_REQUIRED:
        if (strstr(m, "EntityRef")) snprintf(msg, cap, "a bare '&': write &amp; for an ampersand");
        else if (strstr(m, "StartTag")) snprintf(msg, cap, "'<' not followed by an element's name: write &lt; for a less-than sign");
        else if (strstr(m, "attribute")) snprintf(msg, cap, "an attribute (name=\"value\") or the end of the tag ('>') was expected here");
        else snprintf(msg, cap, "a name was expected here");
        return;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_PEREF_SEMICOL_MISSING:
        snprintf(msg, cap, "'&' starts a reference that does not end with ';': write &amp; for an ampersand");
        return;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY: {
        /* the name may come with its '%' and ';' (a parameter entity) */
        char name[64];
        snprintf(name, sizeof name, "%s", s1);
        for (size_t i = 0; i < sizeof html_entities / sizeof html_entities[0]; i++)
            if (!strcmp(name, html_entities[i].name)) {
                snprintf(msg, cap,
                         "unknown entity &%s; (XML knows only &amp; &lt; &gt; &quot; &apos;): write the character "
                         "itself (U+%04X) or &#%u;",
                         name, html_entities[i].cp, html_entities[i].cp);
                return;
            }
        snprintf(msg, cap, "unknown entity &%s; (XML knows only &amp; &lt; &gt; &quot; &apos;): write the character itself",
                 name);
        return;
    }
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_ENCODING_NAME:
    case XML_ERR_MISSING_ENCODING:
        snprintf(msg, cap, "the file is not UTF-8 here: save it as UTF-8");
        return;
    case XML_ERR_STRING_NOT_STARTED:
        snprintf(msg, cap, "a value in quotes was expected here");
        return;
    case XML_ERR_STRING_NOT_CLOSED:
        snprintf(msg, cap, "a value in quotes is not closed here");
        return;
    case XML_ERR_LT_IN_ATTRIBUTE:
        snprintf(msg, cap, "'<' inside an attribute's value: write &lt; (or is the value's closing quote missing?)");
        return;
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
        snprintf(msg, cap, "an attribute's value must be in quotes: name=\"value\"");
        return;
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
        snprintf(msg, cap, "an attribute's value is not closed: its closing quote is missing");
        return;
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        snprintf(msg, cap, "attribute %s has no value: write %s=\"…\"", s1, s1);
        return;
    case XML_ERR_ATTRIBUTE_REDEFINED:
    case XML_NS_ERR_ATTRIBUTE_REDEFINED:
        snprintf(msg, cap, "attribute %s is given twice in this tag", s1);
        return;
    case XML_ERR_COMMENT_NOT_FINISHED:
        if (text) unclosed(text, len, "<!--", "-->", line, col);
        snprintf(msg, cap, "this comment (<!--) is never closed with -->");
        return;
    case XML_ERR_PI_NOT_STARTED:
    case XML_ERR_PI_NOT_FINISHED:
        if (text) unclosed(text, len, "<?", "?>", line, col);
        snprintf(msg, cap, "this processing instruction (<?) is never closed with ?>");
        return;
    case XML_ERR_CDATA_NOT_FINISHED:
        if (text) unclosed(text, len, "<![CDATA[", "]]>", line, col);
        snprintf(msg, cap, "this CDATA section (<![CDATA[) is never closed with ]]>");
        return;
    case XML_ERR_MISPLACED_CDATA_END:
        snprintf(msg, cap, "']]>' may not appear in text: write ]]&gt;");
        return;
    case XML_ERR_HYPHEN_IN_COMMENT:
        snprintf(msg, cap, "'--' may not appear inside a comment");
        return;
    case XML_ERR_RESERVED_XML_NAME:
        snprintf(msg, cap, "the XML declaration (<?xml …?>) must be the very first thing in the file, before any space or line");
        return;
    case XML_ERR_XMLDECL_NOT_STARTED:
    case XML_ERR_XMLDECL_NOT_FINISHED:
    case XML_ERR_VERSION_MISSING:
    case XML_ERR_STANDALONE_VALUE:
    case XML_ERR_UNKNOWN_VERSION:
    case XML_ERR_VERSION_MISMATCH:
    case XML_WAR_UNKNOWN_VERSION:
        snprintf(msg, cap, "the XML declaration is malformed: write <?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return;
    case XML_ERR_SPACE_REQUIRED:
        if (strstr(m, "attributes construct")) snprintf(msg, cap, "this tag is malformed here: attributes are written name=\"value\", with spaces between them");
        else snprintf(msg, cap, "a space is missing here");
        return;
    case XML_ERR_EQUAL_REQUIRED:
        snprintf(msg, cap, "'=' is missing between an attribute's name and its value");
        return;
    case XML_ERR_GT_REQUIRED:
        if (err->str1) snprintf(msg, cap, "the start tag <%s> is not closed with '>'", s1);
        else snprintf(msg, cap, "this tag is not closed with '>'");
        return;
    case XML_ERR_LTSLASH_REQUIRED:
        snprintf(msg, cap, "an end tag (</…>) was expected here");
        return;
    case XML_ERR_TAG_NOT_FINISHED: {
        int c = 0;
        if (text && err->str1 && err->int1 > 0 && start_tag_on(text, len, err->str1, err->int1, &c)) {
            *line = err->int1;
            *col = c;
        }
        snprintf(msg, cap, "<%s> is never closed: the file ends before its </%s>", s1, s1);
        return;
    }
    case XML_ERR_NOT_WELL_BALANCED:
        snprintf(msg, cap, "an entity's text does not balance its elements");
        return;
    case XML_ERR_ENTITY_LOOP:
        snprintf(msg, cap, "the entities declared in the DOCTYPE expand without end here (they refer to one another)");
        return;
    case XML_ERR_NAME_TOO_LONG:
        snprintf(msg, cap, "a name here is too long");
        return;
    case XML_ERR_DOCTYPE_NOT_FINISHED:
    case XML_ERR_EXT_SUBSET_NOT_FINISHED:
    case XML_ERR_ENTITY_NOT_STARTED:
    case XML_ERR_ENTITY_NOT_FINISHED:
    case XML_ERR_LITERAL_NOT_STARTED:
    case XML_ERR_LITERAL_NOT_FINISHED:
    case XML_ERR_NOTATION_NOT_STARTED:
    case XML_ERR_NOTATION_NOT_FINISHED:
    case XML_ERR_ATTLIST_NOT_STARTED:
    case XML_ERR_ATTLIST_NOT_FINISHED:
    case XML_ERR_MIXED_NOT_STARTED:
    case XML_ERR_MIXED_NOT_FINISHED:
    case XML_ERR_ELEMCONTENT_NOT_STARTED:
    case XML_ERR_ELEMCONTENT_NOT_FINISHED:
    case XML_ERR_CONDSEC_NOT_STARTED:
    case XML_ERR_CONDSEC_NOT_FINISHED:
    case XML_ERR_CONDSEC_INVALID:
    case XML_ERR_CONDSEC_INVALID_KEYWORD:
    case XML_ERR_PEREF_AT_EOF:
    case XML_ERR_PEREF_IN_PROLOG:
    case XML_ERR_PEREF_IN_EPILOG:
    case XML_ERR_PEREF_IN_INT_SUBSET:
    case XML_ERR_PEREF_NO_NAME:
    case XML_ERR_ENTITY_PE_INTERNAL:
    case XML_ERR_ENTITYREF_IN_DTD:
    case XML_ERR_CHARREF_IN_DTD:
    case XML_ERR_PUBID_REQUIRED:
    case XML_ERR_URI_REQUIRED:
    case XML_ERR_NMTOKEN_REQUIRED:
    case XML_ERR_SEPARATOR_REQUIRED:
    case XML_ERR_PCDATA_REQUIRED:
    case XML_ERR_VALUE_REQUIRED:
    case XML_ERR_ENTITY_BOUNDARY:
        snprintf(msg, cap, "the DOCTYPE declaration is malformed here (folio manuscripts need no DOCTYPE)");
        return;
    case XML_ERR_UNPARSED_ENTITY:
    case XML_ERR_ENTITY_IS_EXTERNAL:
    case XML_ERR_ENTITY_IS_PARAMETER:
    case XML_ERR_ENTITY_CHAR_ERROR:
    case XML_ERR_ENTITY_PROCESSING:
        snprintf(msg, cap, "the entity %s cannot be used here", s1);
        return;
    case XML_ERR_NO_MEMORY:
        if (strstr(m, "huge")) snprintf(msg, cap, "the text here is too large to read");
        else snprintf(msg, cap, "out of memory while reading the file");
        return;
    case XML_ERR_INTERNAL_ERROR:
        if (strstr(m, "depth")) snprintf(msg, cap, "elements nest too deeply here");
        else if (strstr(m, "Subset") || strstr(m, "DOCTYPE") || strstr(m, "Markup declaration"))
            snprintf(msg, cap, "the DOCTYPE declaration is malformed here (folio manuscripts need no DOCTYPE)");
        else snprintf(msg, cap, "the XML cannot be read from here on (%s)", lib);
        return;
    case XML_WAR_LANG_VALUE:
        snprintf(msg, cap, "xml:lang=\"%s\" is not a language tag such as es or en-US", s1);
        return;
    case XML_WAR_NS_URI:
    case XML_WAR_NS_URI_RELATIVE:
        snprintf(msg, cap, "the namespace \"%s\" is not an absolute address (URI)", s1);
        return;
    case XML_NS_ERR_XML_NAMESPACE:
    case XML_NS_ERR_EMPTY:
        snprintf(msg, cap, "a namespace declaration here is not allowed (%s)", lib);
        return;
    case XML_NS_ERR_UNDEFINED_NAMESPACE:
        if (!strcmp(s1, "xi"))
            snprintf(msg, cap, "the prefix xi: is not declared: add xmlns:xi=\"http://www.w3.org/2001/XInclude\" to the root element");
        else snprintf(msg, cap, "the prefix %s: is not declared (add xmlns:%s=\"…\" to the root element, or drop the prefix)", s1, s1);
        return;
    case XML_NS_ERR_QNAME:
    case XML_NS_ERR_COLON:
        snprintf(msg, cap, "a name here has a misplaced ':' (a name is written name or prefix:name)");
        return;
    default:
        snprintf(msg, cap, "malformed XML: %s", lib);
        return;
    }
}
