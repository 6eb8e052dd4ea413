// Copy FullCalendar's standard bundle (MIT: month, week, day and list views) into app/static/vendor/fullcalendar/,
// keeping FlowDesk's Content-Security-Policy (style-src 'self'): FullCalendar 6 injects its CSS through a <style>
// element, which the policy refuses, so this writes that CSS to fullcalendar.css and makes the injection a no-op.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const source = "node_modules/fullcalendar";
const core = "node_modules/@fullcalendar/core";
const target = "app/static/vendor/fullcalendar";
mkdirSync(`${target}/locales`, { recursive: true });

const bundle = readFileSync(`${source}/index.global.js`, "utf8");
const styles = [...bundle.matchAll(/var css_248z(?:\$\d+)? = ("(?:[^"\\]|\\.)*");/g)].map((match) => JSON.parse(match[1]));
if (styles.length === 0) throw new Error("no CSS found in the bundle: FullCalendar's build changed; look again");
const injector = "function injectStyles(styleText) {";
if (!bundle.includes(injector)) throw new Error("injectStyles not found: FullCalendar's build changed; look again");
const patched = bundle.replace(injector, `${injector}\n        return; // FlowDesk: the CSS is in fullcalendar.css`);
writeFileSync(`${target}/index.global.js`, patched);
writeFileSync(`${target}/fullcalendar.css`, styles.join("\n"));
copyFileSync(`${core}/locales/zh-cn.global.min.js`, `${target}/locales/zh-cn.global.min.js`);
copyFileSync(`${source}/LICENSE.md`, `${target}/LICENSE.md`);
console.log(`FullCalendar vendored: ${styles.length} style sheets, ${patched.length} bytes of script`);
