// The examples in examples/ts must type-check against the built SDK.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const sdkRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const examples = path.resolve(sdkRoot, "..", "..", "examples", "ts");

test("examples/ts type-checks", { timeout: 120_000 }, () => {
  const tsc = path.join(sdkRoot, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", examples, "--noEmit"], { encoding: "utf8" });
  assert.equal(r.status, 0, `tsc -p ${examples} failed:\n${r.stdout}${r.stderr}`);
});
