// Copy FullCalendar's standard bundle (MIT: month, week, day and list views) into app/static/vendor/fullcalendar/,
// keeping FlowDesk's Content-Security-Policy (style-src 'self', no data: fonts): FullCalendar 6 injects its CSS
// through a <style> element, which the policy refuses, so this writes that CSS to fullcalendar.css, its icon font
// (a data: URL) to fcicons.ttf, and makes the bundle's injection (and the empty <style> it adds) a no-op.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const source = "node_modules/fullcalendar";
const core = "node_modules/@fullcalendar/core";
const target = "app/static/vendor/fullcalendar";
mkdirSync(`${target}/locales`, { recursive: true });

const bundle = readFileSync(`${source}/index.global.js`, "utf8");
const styles = [...bundle.matchAll(/var css_248z(?:\$\d+)? = ("(?:[^"\\]|\\.)*");/g)].map((match) => JSON.parse(match[1]));
if (styles.length === 0) throw new Error("no CSS found in the bundle: FullCalendar's build changed; look again");
let patched = bundle;
for (const injector of ["function injectStyles(styleText) {", "function registerStylesRoot(rootNode) {"]) {
  if (!patched.includes(injector)) throw new Error(`${injector} not found: FullCalendar's build changed; look again`);
  patched = patched.replace(injector, `${injector}\n        return; // FlowDesk: the CSS is in fullcalendar.css`);
}
const font = /url\("data:application\/x-font-ttf;charset=utf-8;base64,([A-Za-z0-9+/=]+)"\)/;
const css = styles.join("\n");
const found = css.match(font);
if (!found) throw new Error("the icon font was not found in the CSS: FullCalendar's build changed; look again");
writeFileSync(`${target}/fcicons.ttf`, Buffer.from(found[1], "base64"));
writeFileSync(`${target}/index.global.js`, patched);
writeFileSync(`${target}/fullcalendar.css`, css.replace(font, 'url("fcicons.ttf")'));
copyFileSync(`${core}/locales/zh-cn.global.min.js`, `${target}/locales/zh-cn.global.min.js`);
copyFileSync(`${source}/LICENSE.md`, `${target}/LICENSE.md`);
console.log(`FullCalendar vendored: ${styles.length} style sheets, ${patched.length} bytes of script`);
