#!/usr/bin/env bash
# cli.sh - the command line people expect.
#
# - -h/--help and --version after every command (and `folio help build`);
# - watch refuses -o - (it writes a file that viewers reload);
# - -o - writes the PDF to standard output (no file named "-");
# - `pages changed` names pages by their printed folios ("vii, 3-5"): an edit
#   is reported with the folios of exactly the pages whose model changed;
# - the manual page renders; the bash completion completes commands, options
#   and layout names;
# - a mistyped command or option gets "did you mean".
source "$(dirname "$0")/lib.bash"
for cmd in build check watch; do
    for h in -h --help; do
        out=$("$FOLIO" $cmd $h 2>/dev/null); rc=$?
        check "folio $cmd $h: exit 0, its usage on stdout" sh -c "[ $rc -eq 0 ] && echo \"\$1\" | grep -q '^usage: folio $cmd'" _ "$out"
    done
    out=$("$FOLIO" $cmd --version 2>/dev/null); rc=$?
    check "folio $cmd --version: exit 0, the version" sh -c "[ $rc -eq 0 ] && echo \"\$1\" | grep -Eq '^folio [0-9]+\.[0-9]+'" _ "$out"
    # -h wins over a manuscript that does not exist: nothing runs
    "$FOLIO" $cmd no-such-book.xml -h >/dev/null 2>&1
    check "folio $cmd FILE -h: help, not a run" test $? -eq 0
done
"$FOLIO" help check | grep -q '^usage: folio check'
check "folio help check" test $? -eq 0
"$FOLIO" biuld 2>"$TMP/err"
check "a mistyped command: exit 2 and did you mean" sh -c "[ $? -eq 2 ] && grep -q 'unknown command \"biuld\" (did you mean \"build\"?)' '$TMP/err'"
"$FOLIO" build --strcit tests/samples/ensayo/book.xml 2>"$TMP/err"
check "a mistyped option: did you mean" grep -q 'unknown or incomplete option "--strcit" (did you mean "--strict"?)' "$TMP/err"

# -o -: the PDF on standard output
mkdir -p "$TMP/cwd"
(cd "$TMP/cwd" && "$FOLIO" build -o - "$OLDPWD/tests/samples/ensayo/book.xml" >"$TMP/stdout.pdf" 2>"$TMP/err")
check "-o -: exit 0" test $? -eq 0
check "-o -: a sound PDF on stdout" sh -c "head -c5 '$TMP/stdout.pdf' | grep -q '%PDF-' && qpdf --check '$TMP/stdout.pdf' >/dev/null 2>&1"
check "-o -: no file written (no \"-\", no .pages)" test -z "$(ls -A "$TMP/cwd")"
"$FOLIO" build -o - --diagnostic-format=json tests/samples/ensayo/book.xml >/dev/null 2>&1
check "-o - with json diagnostics: a usage error (both on stdout)" test $? -eq 2

# pages changed, by printed folio
cp -r tests/lang/english "$TMP/book"
"$FOLIO" build -o "$TMP/out.pdf" --trace "$TMP/t1" "$TMP/book/book.xml" 2>/dev/null
# an edit in the second chapter (arabic folios) and in the title (the title page, roman i, and every running head)
sed -i 's|minimising the|carefully minimising the|' "$TMP/book/chapters/02.xml"
"$FOLIO" build -o "$TMP/out.pdf" --trace "$TMP/t2" "$TMP/book/book.xml" 2>"$TMP/log"
want=$(python3 - "$TMP/t1" "$TMP/t2" <<'PY'
import sys
def pages(p):
    out, cur = [], None
    for line in open(p, encoding="utf-8"):
        if line.startswith("page "):
            f = line.split()
            cur = [(f[3], len(f) > 4 and f[4] == "roman"), []]
            out.append(cur)
        elif cur:
            cur[1].append(line)
    return out
a, b = pages(sys.argv[1]), pages(sys.argv[2])
def roman(n):
    ones = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    tens = ["", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"]
    return tens[n // 10] + ones[n % 10]
labels, prev = [], None
for i, (head, body) in enumerate(b):
    changed = i >= len(a) or a[i][1] != body or a[i][0] != head
    if not changed:
        prev = None; continue
    n, r = int(head[0]), head[1]
    lab = roman(n) if r else str(n)
    if prev and prev[1] == r and prev[0] == n - 1:
        labels[-1][1] = lab
    else:
        labels.append([lab, lab])
    prev = (n, r)
print(", ".join(x if x == y else x + "-" + y for x, y in labels) + f" (of {len(b)})")
PY
)
got=$(sed -n 's/^folio: pages changed: //p' "$TMP/log")
check "pages changed lists printed folios: \"$got\" = \"$want\"" test "$got" = "$want"
case $got in *[0-9]*) ok "pages changed: an edit in chapter 2 names arabic folios" ;; *) notok "pages changed: no arabic folio in \"$got\"" ;; esac
sed -i 's|<title>The Appropriate Measure</title>|<title>The Appropriate Measures</title>|' "$TMP/book/book.xml"
"$FOLIO" build -o "$TMP/out.pdf" "$TMP/book/book.xml" 2>"$TMP/log"
check "pages changed: the title page is named by its roman folio" grep -Eq '^folio: pages changed: i(,| |-)' "$TMP/log"

# the manual page and the completion
check "the manual page renders" sh -c "MANWIDTH=80 man -l docs/folio.1 2>/dev/null | grep -q 'folio - typeset a book'"
complete_words() { # complete_words WORD...: what bash completion offers for the last word
    bash -c 'source completion/folio.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _folio; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
check "completion: commands" test "$(complete_words folio b)" = build
check "completion: watch" test "$(complete_words folio w)" = watch
check "completion: watch's options" sh -c "echo \"\$1\" | grep -qx -- --layout" _ "$(complete_words folio watch --la)"
"$FOLIO" watch -o - tests/samples/ensayo/book.xml 2>"$TMP/err"
check "watch -o -: a usage error" sh -c "[ $? -eq 2 ] && grep -q 'watch writes a file, not standard output' '$TMP/err'"
check "completion: build's options" sh -c "echo \"\$1\" | grep -qx -- --strict" _ "$(complete_words folio build --st)"
check "completion: layout names" sh -c "echo \"\$1\" | grep -qx screen" _ "$(complete_words folio build -l s)"
check "completion: diagnostic formats" sh -c "echo \"\$1\" | grep -qx json" _ "$(complete_words folio check --diagnostic-format j)"
finish
