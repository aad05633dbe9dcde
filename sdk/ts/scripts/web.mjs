// The browser build of the SDK, which the node's web wallet loads from
// internal/webui/static/ui/sdk/ (committed, so that `go build` alone makes
// a working wallet: no npm step at build time).
//
//   node scripts/web.mjs build   compiles src/web.ts (tsconfig.web.json) into that directory, afresh
//   node scripts/web.mjs check   compiles it into a temporary directory and fails when the
//                                committed files differ (a stale, missing or extra file)

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const sdkRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.resolve(sdkRoot, "../../internal/webui/static/ui/sdk");
const tsc = path.join(sdkRoot, "node_modules", "typescript", "bin", "tsc");

function compile(dir) {
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(sdkRoot, "tsconfig.web.json"), "--outDir", dir], {
    cwd: sdkRoot,
    stdio: "inherit",
  });
  if (r.status !== 0) {
    console.error(`tsc -p tsconfig.web.json failed (status ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function files(dir, prefix = "") {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, prefix + name + "/"));
    else out.push(prefix + name);
  }
  return out;
}

const cmd = process.argv[2];
if (cmd === "build") {
  rmSync(outDir, { recursive: true, force: true });
  compile(outDir);
  console.log(`wrote ${files(outDir).length} files to ${path.relative(process.cwd(), outDir)}`);
} else if (cmd === "check") {
  const tmp = mkdtempSync(path.join(tmpdir(), "stegos-web-sdk-"));
  try {
    compile(tmp);
    const want = files(tmp);
    let have = [];
    try {
      have = files(outDir);
    } catch {
      // no committed build at all: every file is missing
    }
    const problems = [];
    for (const f of want) {
      if (!have.includes(f)) problems.push(`missing: ${f}`);
      else if (!readFileSync(path.join(tmp, f)).equals(readFileSync(path.join(outDir, f)))) problems.push(`stale: ${f}`);
    }
    for (const f of have) {
      if (!want.includes(f)) problems.push(`extra: ${f}`);
    }
    if (problems.length > 0) {
      console.error(`internal/webui/static/ui/sdk is not the build of src/web.ts:\n  ${problems.join("\n  ")}`);
      console.error("run `npm run build:web` in sdk/ts and commit the result");
      process.exit(1);
    }
    console.log(`internal/webui/static/ui/sdk matches src/web.ts (${want.length} files)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  console.error("usage: node scripts/web.mjs build|check");
  process.exit(2);
}
