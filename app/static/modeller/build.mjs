// Build the modeller bundle into app/static/vendor/modeller/: `npm run vendor:modeller` at the repository root.
// The running app serves the result as it is; node is needed only to rebuild it.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = join(root, "app", "static", "vendor", "modeller");
async function compileLintConfig() {
  const compileConfig = require("bpmnlint/lib/support/compile-config");
  const config = JSON.parse(readFileSync(join(here, ".bpmnlintrc"), "utf8"));
  const code = await compileConfig(config);
  mkdirSync(join(here, "build"), { recursive: true });
  writeFileSync(join(here, "build", "bpmnlint-config.js"), code);
}

// The page's policy allows images from FlowDesk only (img-src 'self'): write each inline SVG picture of the
// style sheets to a file of its own and point the rule at it.
function externaliseDataImages(cssPath) {
  let count = 0;
  const css = readFileSync(cssPath, "utf8").replace(/url\((["'])data:image\/svg\+xml(?:;utf8)?,(.*?)\1\)/g,
    (match, quote, body) => {
      count += 1;
      const name = `picture-${count}.svg`;
      writeFileSync(join(out, name), decodeURIComponent(body));
      return `url("${name}")`;
    });
  writeFileSync(cssPath, css);
}

// Every npm package with code in the bundle, as esbuild's metafile lists the files it read.
function bundledPackages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) {
      names.add(match[1]);
    }
  }
  return [...names].sort();
}

function copyLicences(names) {
  mkdirSync(join(out, "licences"), { recursive: true });
  for (const name of names) {
    const folder = join(root, "node_modules", name);
    const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license", "LICENCE"].find((n) => existsSync(join(folder, n)));
    const target = join(out, "licences", `${name.replace("/", "__")}.txt`);
    if (file) {
      copyFileSync(join(folder, file), target);
      continue;
    }
    const about = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    const author = typeof about.author === "object" ? about.author.name : about.author;
    writeFileSync(target, `${name} ${about.version}: licensed under ${about.license} as its package.json says `
      + `(the package ships no licence file)${author ? `; author: ${author}` : ""}.\n`);
  }
}

// FlowDesk's policy forbids style attributes (style-src 'self'): where a library writes one into HTML, move it to
// the style sheet (the panel's two containers, src/modeller.css) or to SVG presentation attributes (icons).
function svgPresentation(source) {
  return source.replace(/ style="([^"]*)"/g, (match, rules) => rules.split(";").filter(Boolean)
    .map((rule) => { const [name, value] = rule.split(":"); return ` ${name.trim()}="${value.trim()}"`; }).join(""));
}

const PATCHES = [
  [/bpmn-js-properties-panel[\\/]dist[\\/]index\.esm\.js$/, (source) => source
    .replace(`<div style="height: 100%" tabindex="-1"`, `<div tabindex="-1"`)
    .replace(`<div style="flex: none; height: auto" class="bio-properties-panel bio-theme-parent`,
      `<div class="bio-properties-panel bio-theme-parent`)],
  [/bpmn-js[\\/]lib[\\/]features[\\/](align|distribute)-elements[\\/]\w+Icons\.js$/, svgPresentation],
];

const withoutStyleAttributes = {
  name: "without-style-attributes",
  setup(builder) {
    for (const [filter, patch] of PATCHES) {
      builder.onLoad({ filter }, (args) => ({ contents: patch(readFileSync(args.path, "utf8")), loader: "js" }));
    }
  },
};

await compileLintConfig();
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { modeller: join(here, "src", "modeller.js"), "modeller-style": join(here, "src", "modeller.css") },
  bundle: true, minify: true, metafile: true, format: "iife", target: "es2020", outdir: out,
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file", ".svg": "file" },
  assetNames: "[name]", legalComments: "linked",
  plugins: [withoutStyleAttributes],
  jsx: "automatic", jsxImportSource: "preact",
  alias: { react: "@bpmn-io/properties-panel/preact/compat", "react-dom": "@bpmn-io/properties-panel/preact/compat" },
});
externaliseDataImages(join(out, "modeller-style.css"));
copyLicences(bundledPackages(result.metafile));
