// The bus helpers of the SDK: base64 both ways, the app check and the
// client-side filter of bus.packet.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  base64OfBytes,
  busPacketMatches,
  busSendParams,
  bytesOfBase64,
  isValidApp,
  textOfBase64,
  type BusPacket,
} from "../index.js";

test("base64 round trips bytes of every value and 64 KiB", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(base64OfBytes(all), Buffer.from(all).toString("base64"));
  assert.deepEqual(bytesOfBase64(base64OfBytes(all)), all);
  const big = new Uint8Array(65_536).map((_, i) => (i * 7) & 0xff);
  assert.deepEqual(bytesOfBase64(base64OfBytes(big)), big);
  assert.equal(textOfBase64(base64OfBytes(new TextEncoder().encode("ping ✓"))), "ping ✓");
});

test("busSendParams sends bytes as base64 and strings as they are", () => {
  assert.equal(busSendParams({ to: "a", app: "x", data: new Uint8Array([104, 105]) }).data, "aGk=");
  assert.equal(busSendParams({ to: "a", app: "x", data: "aGk=" }).data, "aGk=");
});

test("isValidApp", () => {
  for (const ok of ["a", "chat", "my-app.v1_2", "x".repeat(32)]) assert.ok(isValidApp(ok), ok);
  for (const bad of ["", "Chat", "a b", "a/b", "x".repeat(33), "чат"]) assert.ok(!isValidApp(bad), bad);
});

test("busPacketMatches filters by app and account", () => {
  const p = (app: string, account: string, complete = true): BusPacket => ({
    packetId: "p", account, app, data: "", seq: 0, height: 1, time: "", txIds: [], complete, received: 1, count: 1,
  });
  assert.ok(busPacketMatches({}, p("chat", "a")));
  assert.ok(busPacketMatches({ app: "ping" }, p("ping", "a")));
  assert.ok(!busPacketMatches({ app: "ping" }, p("chat", "a")));
  assert.ok(busPacketMatches({ app: "ping" }, p("", "a", false)), "an incomplete packet of unknown app goes to every app");
  assert.ok(!busPacketMatches({ account: "b" }, p("ping", "a")));
  assert.ok(busPacketMatches({ app: "ping", account: "a" }, p("ping", "a")));
});
