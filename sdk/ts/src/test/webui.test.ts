// Static checks of the web wallet's files (internal/webui/static), which
// stegosd embeds as they are committed: nothing the CSP would block (no
// inline script or style, no on…= handler), nothing from another origin,
// a service worker that caches exactly the app shell, a manifest whose
// icons exist at their sizes, and vendored libraries that match the
// checksums in vendor/VERSIONS.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";

import { findRepoRoot } from "../testutil/devnode.js";

const staticDir = path.join(findRepoRoot(), "internal", "webui", "static");

/** Every file under dir, as paths relative to staticDir with forward slashes. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(path.relative(staticDir, p).split(path.sep).join("/"));
  }
  return out;
}

const read = (rel: string) => readFileSync(path.join(staticDir, rel), "utf8");
const files = walk(staticDir);
// The wallet's own files: the explorer's stylesheet belongs to the
// server-rendered explorer, the vendored libraries are checked by checksum.
const appFiles = files.filter((f) => !f.startsWith("ui/vendor/") && f !== "ui/explorer.css");

describe("the web wallet's static files", () => {
  test("index.html loads scripts and styles from this origin only, with nothing inline", () => {
    const html = read("index.html");
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      assert.match(m[1]!, /\bsrc="\/[^/]/, `a <script> without a same-origin src: ${m[0].slice(0, 80)}`);
      assert.equal(m[2]!.trim(), "", "an inline script");
    }
    assert.doesNotMatch(html, /<style\b/i, "an inline <style>");
    assert.doesNotMatch(html, /\sstyle\s*=/i, "a style= attribute");
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "an on…= handler attribute");
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/gi)) {
      assert.match(m[1]!, /^\/(?!\/)/, `a reference to another origin: ${m[1]}`);
    }
  });

  test("no app file references another origin, inline handlers or eval", () => {
    for (const f of appFiles.filter((f) => /\.(js|css|html|webmanifest)$/.test(f))) {
      // Comments may name URLs (docs); code may not.
      const code = read(f)
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
      for (const m of code.matchAll(/\b(?:https?|wss?):\/\/[^\s"'`)<]+/g)) {
        // Text shown to people that names the loopback origin is no request.
        assert.match(m[0], /^https?:\/\/(127\.0\.0\.1|localhost)\b/, `${f}: a reference to another origin: ${m[0]}`);
      }
      assert.doesNotMatch(code, /\beval\s*\(|new\s+Function\s*\(/, `${f}: eval`);
      assert.doesNotMatch(code, /\bstyle\s*=\s*["$]/, `${f}: a style attribute`);
      assert.doesNotMatch(code, /\son(?:click|input|change|submit|load|error)\s*=\s*"/i, `${f}: an on…= handler attribute`);
      assert.doesNotMatch(code, /innerHTML|insertAdjacentHTML|document\.write/, `${f}: HTML from strings`);
    }
  });

  test("the service worker caches the app shell, and only that", () => {
    const sw = read("sw.js");
    const list = /const SHELL = \[([\s\S]*?)\];/.exec(sw);
    assert.ok(list, "sw.js has no SHELL list");
    const shell = [...list[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    for (const p of shell) {
      if (p === "/") continue;
      assert.ok(files.includes(p.slice(1)), `sw.js caches ${p}, which is not a file of static/`);
    }
    // Every script and style of the wallet is in the shell, so that it
    // starts offline.
    for (const f of files) {
      if (/^ui\/.*\.(js|css)$/.test(f) && f !== "ui/explorer.css") {
        assert.ok(shell.includes(`/${f}`), `sw.js does not cache /${f}`);
      }
    }
    assert.ok(shell.includes("/manifest.webmanifest"));
    // It answers GET requests of the shell only (never the API, never the explorer).
    assert.match(sw, /request\.method !== "GET"/);
    assert.doesNotMatch(sw, /explorer"\s*,/);
    assert.doesNotMatch(sw, /localStorage|stegos\.token/, "the service worker must never touch the token");
  });

  test("the manifest's icons exist at their sizes, 192 and 512 among them", () => {
    const m = JSON.parse(read("manifest.webmanifest")) as {
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string }[];
    };
    assert.equal(m.start_url, "/");
    assert.equal(m.display, "standalone");
    const sizes = new Set<string>();
    for (const icon of m.icons) {
      const rel = icon.src.replace(/^\//, "");
      assert.ok(files.includes(rel), `manifest icon ${icon.src} is missing`);
      if (icon.type === "image/png") {
        const png = readFileSync(path.join(staticDir, rel));
        assert.equal(png.subarray(1, 4).toString(), "PNG", `${icon.src} is not a PNG`);
        const w = png.readUInt32BE(16);
        const h = png.readUInt32BE(20);
        assert.equal(`${w}x${h}`, icon.sizes, `${icon.src} is ${w}x${h}, the manifest says ${icon.sizes}`);
        sizes.add(icon.sizes);
      }
    }
    assert.ok(sizes.has("192x192") && sizes.has("512x512"), `PNG icons: ${[...sizes].join(", ")}`);
  });

  test("the vendored libraries match vendor/VERSIONS and have their licenses", () => {
    const versions = read("ui/vendor/VERSIONS");
    const entries = [...versions.matchAll(/^(\S.*?)\s{2,}(\S+)\s+(\S+)\s+(\S+)\s+\S+ package\/\S+\n\s+file sha256\s+([0-9a-f]{64})/gm)];
    assert.ok(entries.length >= 3, `VERSIONS lists ${entries.length} libraries`);
    const listed = new Set<string>();
    for (const e of entries) {
      const file = `ui/vendor/${e[4]}`;
      listed.add(file);
      const sum = createHash("sha256").update(readFileSync(path.join(staticDir, file))).digest("hex");
      assert.equal(sum, e[5], `${file}: sha256 ${sum}, VERSIONS says ${e[5]}`);
      const dir = path.posix.dirname(file);
      assert.ok(files.includes(`${dir}/LICENSE`), `${dir} has no LICENSE`);
    }
    for (const f of files.filter((f) => f.startsWith("ui/vendor/") && f.endsWith(".js"))) {
      assert.ok(listed.has(f), `${f} is vendored but not in VERSIONS`);
    }
  });

  test("the wallet loads the SDK's browser build, not a copy of its own", () => {
    assert.ok(files.includes("ui/sdk/web.js"), "run npm run build:web");
    const lib = read("ui/lib.js");
    assert.match(lib, /from "\.\/sdk\/web\.js"/);
  });
});
