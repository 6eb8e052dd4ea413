// Build the modeller bundle into app/static/vendor/modeller/: `npm run vendor:modeller` at the repository root.
// The running app serves the result as it is; node is needed only to rebuild it.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = join(root, "app", "static", "vendor", "modeller");
const LICENSED = ["bpmn-js", "bpmn-js-properties-panel", "@bpmn-io/properties-panel", "camunda-bpmn-moddle",
  "camunda-bpmn-js-behaviors", "bpmnlint", "bpmn-js-bpmnlint", "diagram-js-minimap", "diagram-js",
  "diagram-js-direct-editing", "bpmn-moddle", "moddle", "moddle-xml", "preact", "@bpmn-io/feel-editor",
  "@bpmn-io/feel-lint", "@codemirror/view", "@codemirror/state", "@lezer/common", "min-dash", "min-dom",
  "tiny-svg", "didi", "ids", "saxen", "focus-trap", "tabbable", "classnames", "htm", "mitt"];

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

function copyLicences() {
  mkdirSync(join(out, "licences"), { recursive: true });
  for (const name of LICENSED) {
    let folder;
    try {
      folder = dirname(require.resolve(`${name}/package.json`));
    } catch {
      continue;
    }
    for (const file of ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"]) {
      try {
        copyFileSync(join(folder, file), join(out, "licences", `${name.replace("/", "__")}.txt`));
        break;
      } catch {
        // try the next spelling
      }
    }
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
await build({
  entryPoints: { modeller: join(here, "src", "modeller.js"), "modeller-style": join(here, "src", "modeller.css") },
  bundle: true, minify: true, format: "iife", target: "es2020", outdir: out,
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file", ".svg": "file" },
  assetNames: "[name]", legalComments: "linked",
  plugins: [withoutStyleAttributes],
  jsx: "automatic", jsxImportSource: "preact",
  alias: { react: "@bpmn-io/properties-panel/preact/compat", "react-dom": "@bpmn-io/properties-panel/preact/compat" },
});
externaliseDataImages(join(out, "modeller-style.css"));
copyLicences();
