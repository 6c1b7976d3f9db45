// Builds the portal's web root from src/ and the design system's files (npm @gouvfr/dsfr):
//   node build.mjs --src web/src --modules NODE_MODULES --out WEB_ROOT
// Everything but index.html goes below assets/<hash>/, where <hash> is a digest of every file
// there: a new build has a new folder, so the server may let browsers keep those files for a
// year (dms-server/server/static_files.h), and index.html, revalidated at each visit, names the
// current folder. Text files get .br and .gz copies beside them, which the server sends to the
// browsers that accept them. Only the design system's files that the page uses are copied:
// its main stylesheet, its script, the Marianne fonts, the icons the stylesheet names.
// Runs at build time only: no node process serves anything.
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';

function argument(name) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0 || !process.argv[index + 1]) {
    console.error(`usage: node build.mjs --src DIR --modules DIR --out DIR (missing --${name})`);
    process.exit(2);
  }
  return path.resolve(process.argv[index + 1]);
}

const source = argument('src');
const modules = argument('modules');
const out = argument('out');
const dsfr = path.join(modules, '@gouvfr', 'dsfr', 'dist');

const assets = new Map();  // path below assets/<hash>/ → bytes

function addTree(directory, prefix, keep = () => true) {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) addTree(full, `${relative}/`, keep);
    else if (entry.isFile() && keep(relative)) assets.set(relative, fs.readFileSync(full));
  }
}

// Source maps are not shipped: their comments would only make browsers ask for them.
const withoutSourceMap = (bytes) =>
  Buffer.from(bytes.toString('utf8').replace(/\n?\/[*/]# sourceMappingURL=\S+( \*\/)?\s*$/, '\n'));

addTree(path.join(source, 'app'), 'app/', (name) => name.endsWith('.js'));
assets.set('portal.css', fs.readFileSync(path.join(source, 'portal.css')));
const stylesheet = withoutSourceMap(fs.readFileSync(path.join(dsfr, 'dsfr.main.min.css')));
assets.set('dsfr/dsfr.main.min.css', stylesheet);
assets.set('dsfr/dsfr.module.min.js', withoutSourceMap(fs.readFileSync(path.join(dsfr, 'dsfr.module.min.js'))));
addTree(path.join(dsfr, 'fonts'), 'dsfr/fonts/', (name) => name.endsWith('.woff2'));
addTree(path.join(dsfr, 'favicon'), 'dsfr/favicon/');
for (const [, url] of stylesheet.toString('utf8').matchAll(/url\(["']?(icons\/[^"')]+)["']?\)/g)) {
  const file = path.join(dsfr, url);
  if (fs.existsSync(file)) assets.set(`dsfr/${url}`, fs.readFileSync(file));
  else console.warn(`build: the design system names ${url}, which it does not ship`);
}

// The design system's icons are classes of a large stylesheet (icons.main.min.css): only the
// rules of the classes the portal's code names are kept, with the icons they draw.
const used = new Set();
for (const [name, bytes] of assets) {
  if (name.startsWith('app/')) for (const [icon] of bytes.toString('utf8').matchAll(/fr-icon-[a-z0-9-]+/g)) used.add(icon);
}
const iconRules = [];
const iconSheet = fs.readFileSync(path.join(dsfr, 'utility', 'icons', 'icons.main.min.css'), 'utf8');
for (const [rule, selectors] of iconSheet.matchAll(/([^{}]+)\{[^{}]*\}/g)) {
  const names = selectors.match(/fr-icon-[a-z0-9-]+/g) || [];
  if (!names.length || !names.every((name) => used.has(name))) continue;
  iconRules.push(rule.replaceAll('../../icons/', 'icons/'));
  for (const [, url] of rule.matchAll(/url\(\.\.\/\.\.\/(icons\/[^)]+)\)/g)) {
    assets.set(`dsfr/${url}`, fs.readFileSync(path.join(dsfr, url)));
  }
}
assets.set('dsfr/icons.css', Buffer.from(`${iconRules.join('\n')}\n`));

const digest = createHash('sha256');
for (const name of [...assets.keys()].sort()) {
  digest.update(name).update('\0').update(assets.get(name)).update('\0');
}
const hash = digest.digest('hex').slice(0, 16);

const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|webmanifest)$/;
const staging = `${out}.new`;
fs.rmSync(staging, { recursive: true, force: true });

function write(relative, bytes) {
  const file = path.join(staging, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  if (COMPRESSIBLE.test(relative) && bytes.length >= 256) {
    fs.writeFileSync(`${file}.br`, brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }));
    fs.writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

for (const [name, bytes] of assets) write(`assets/${hash}/${name}`, bytes);
const index = fs.readFileSync(path.join(source, 'index.html'), 'utf8').replaceAll('@ASSETS@', `assets/${hash}`);
write('index.html', Buffer.from(index));

// The new root replaces the old one in two renames; the server opens the root anew per request.
const previous = `${out}.old`;
fs.rmSync(previous, { recursive: true, force: true });
if (fs.existsSync(out)) fs.renameSync(out, previous);
fs.renameSync(staging, out);
fs.rmSync(previous, { recursive: true, force: true });

let total = 0;
for (const bytes of assets.values()) total += bytes.length;
console.log(`portal: ${assets.size} files (${Math.round(total / 1024)} KiB) in ${path.relative(process.cwd(), out) || out}/assets/${hash}`);
