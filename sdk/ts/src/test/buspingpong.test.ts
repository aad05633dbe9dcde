// examples/ts/bus-pingpong runs as a reader would run it, against a real
// `stegosd dev` this file starts: it compiles the examples, runs the
// ping-pong twice (the second run reuses the funded pong account) and
// checks what it prints.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

import { DevNode } from "../testutil/devnode.js";

const sdkRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const examples = path.resolve(sdkRoot, "..", "..", "examples", "ts");

let node: DevNode | undefined;

after(async () => {
  await node?.stop();
});

/** Runs a compiled example with env, resolving to its exit code and output. */
function runExample(file: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [file], { env: { ...process.env, ...env } });
    let out = "";
    p.stdout.on("data", (b: Buffer) => (out += b.toString()));
    p.stderr.on("data", (b: Buffer) => (out += b.toString()));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, out }));
  });
}

test("examples/ts/bus-pingpong against stegosd dev", { timeout: 10 * 60_000 }, async () => {
  const tsc = path.join(sdkRoot, "node_modules", "typescript", "bin", "tsc");
  const built = spawnSync(process.execPath, [tsc, "-p", examples], { encoding: "utf8" });
  assert.equal(built.status, 0, `tsc -p ${examples} failed:\n${built.stdout}${built.stderr}`);

  node = await DevNode.start();
  await node.waitForApi();
  const env = { STEGOS_API_URL: node.apiWsUrl, STEGOS_TOKEN_FILE: node.tokenFile };
  const file = path.join(examples, "bus-pingpong", "bus-pingpong.js");
  for (const [run, wants] of [
    [1, ["created the account pong", "demo paid pong 1 STG", "demo sent a 10240-byte ping", "23 outputs",
      'pong received "ping" (10240 bytes) from dev1', 'demo received "pong" (10240 bytes) from dev1', "ping-pong done"]],
    [2, ["demo sent a 10240-byte ping", "ping-pong done"]],
  ] as const) {
    const { code, out } = await runExample(file, env);
    console.log(`run ${run}:\n${out}`);
    assert.equal(code, 0, `run ${run} exited ${code}:\n${out}`);
    for (const w of wants) assert.ok(out.includes(w), `run ${run}: the output lacks ${JSON.stringify(w)}:\n${out}`);
    if (run === 2) assert.ok(!out.includes("created the account"), "the second run created the pong account again");
  }
});
