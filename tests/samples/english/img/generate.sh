#!/bin/sh
# generate.sh - draws letters.png (run from this folder): four marked letters in
# Ghostscript's own Times-Roman (URW Nimbus Roman), on coloured tiles. No
# imaging library is needed; the output is deterministic.
set -e
cat > letters.ps <<'PS'
%!PS
<< /PageSize [400 130] >> setpagedevice
/tile { % r g b x
  /x exch def setrgbcolor x 15 85 100 rectfill } def
0.80 0.88 0.95 15 tile   0.95 0.85 0.75 110 tile
0.85 0.93 0.80 205 tile  0.93 0.82 0.90 300 tile
/Times-Roman findfont 72 scalefont setfont
0.12 0.30 0.47 setrgbcolor
27 38 moveto /AE glyphshow
133 38 moveto /Eacute glyphshow
225 38 moveto /Ntilde glyphshow
320 38 moveto /Odieresis glyphshow
showpage
PS
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=png16m -r150 -dTextAlphaBits=4 -dGraphicsAlphaBits=4 \
   -sOutputFile=letters.png letters.ps
rm -f letters.ps
