// Tests of the home and token-file rules (internal/config.DefaultHome and
// cmd/stegosd's homeDir) and of readTokenFile.

import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";

import { defaultDevHome, defaultHome, defaultTokenFiles, readTokenFile, resolveToken, tokenFilePath } from "../index.js";

const userHome = () => "/home/u";

describe("defaultHome", () => {
  test("STEGOS_HOME wins, made absolute", () => {
    assert.equal(defaultHome({ env: { STEGOS_HOME: "/srv/stegos/", XDG_DATA_HOME: "/x" }, userHome }), "/srv/stegos");
    assert.equal(defaultHome({ env: { STEGOS_HOME: "rel" }, userHome }), path.resolve("rel"));
  });
  test("an empty STEGOS_HOME is ignored", () => {
    assert.equal(defaultHome({ env: { STEGOS_HOME: "", XDG_DATA_HOME: "/x" }, userHome }), "/x/stegos");
  });
  test("an absolute XDG_DATA_HOME is used, a relative one ignored", () => {
    assert.equal(defaultHome({ env: { XDG_DATA_HOME: "/data" }, userHome }), "/data/stegos");
    assert.equal(defaultHome({ env: { XDG_DATA_HOME: "data" }, userHome }), "/home/u/.local/share/stegos");
  });
  test("else ~/.local/share/stegos", () => {
    assert.equal(defaultHome({ env: {}, userHome }), "/home/u/.local/share/stegos");
  });
  test("the dev home is <default home>/dev, STEGOS_HOME included", () => {
    assert.equal(defaultDevHome({ env: {}, userHome }), "/home/u/.local/share/stegos/dev");
    assert.equal(defaultDevHome({ env: { STEGOS_HOME: "/s" }, userHome }), "/s/dev");
    assert.deepEqual(defaultTokenFiles({ env: { STEGOS_HOME: "/s" }, userHome }), ["/s/api.token", "/s/dev/api.token"]);
  });
});

describe("readTokenFile", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "stegos-sdk-token-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("reads a token and trims the newline", async () => {
    const tok = "0123456789abcdef".repeat(4);
    await writeFile(tokenFilePath(dir), tok + "\n", { mode: 0o600 });
    await chmod(tokenFilePath(dir), 0o600);
    assert.equal(await readTokenFile(tokenFilePath(dir)), tok);
    assert.equal(await resolveToken({ home: dir }), tok);
    assert.equal(await resolveToken({ tokenFile: tokenFilePath(dir) }), tok);
    assert.equal(await resolveToken({ token: "given", home: dir }), "given");
  });

  test("names a missing file", async () => {
    await assert.rejects(readTokenFile(path.join(dir, "nope", "api.token")), /nope\/api\.token does not exist/);
  });

  test("refuses a file without a 64-digit hex token", async () => {
    const f = path.join(dir, "bad.token");
    await writeFile(f, "not a token\n");
    await assert.rejects(readTokenFile(f), /does not hold a 64-digit hex API token/);
  });
});
