// typst_compile.js - compile one Typst file to PDF with Typst 0.14 (npm
// @myriaddreamin/typst-ts-node-compiler 0.7), for scripts/bench.sh:
//   node typst_compile.js IN.typ OUT.pdf FONTDIR      (prints "compile MS")
//   node typst_compile.js --version FONTDIR           (prints Typst's version)
// Only FONTDIR's fonts are given (folio's own), so both set the same faces.
const fs = require('fs');
const path = require('path');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const args = process.argv.slice(2);
const version = args[0] === '--version';
const fontDir = version ? args[1] : args[2];
const input = version ? null : path.resolve(args[0]);
const t0 = process.hrtime.bigint();
const compiler = NodeCompiler.create({
  workspace: version ? process.cwd() : path.dirname(input),
  fontArgs: [{ fontPaths: [path.resolve(fontDir)] }],
});
if (version) {
  const r = compiler.compile({ mainFileContent: '#metadata(str(sys.version)) <v>' });
  if (r.hasError()) { r.printErrors(); process.exit(1); }
  console.log(compiler.query(r.result, { selector: '<v>' })[0].value);
  process.exit(0);
}
const r = compiler.compile({ mainFilePath: input });
if (r.hasError()) { r.printErrors(); process.exit(1); }
fs.writeFileSync(args[1], compiler.pdf(r.result));
console.log('compile ' + Number(process.hrtime.bigint() - t0) / 1e6);
