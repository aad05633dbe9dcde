// Unit tests of the browser entry (web.ts): WebClient against an in-process
// fake node that, like internal/rpcserver, wants an auth call as the first
// message of a WebSocket opened without a header and closes the socket
// with 1008 on a wrong token. Node 20 has no global WebSocket, so the tests
// hand WebClient the standard-API WebSocket of package ws, as a page's
// global one would be.

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import WebSocket, { WebSocketServer } from "ws";

import {
  CodeInsufficientFunds,
  CodeUnauthorized,
  StegosError,
  StegosTransportError,
  WebClient,
  formatSTG,
  formatSTGFixed,
  groupThousands,
  isInsufficientFunds,
  parseSTG,
  webSocketURL,
  type BalanceEvent,
  type WebSocketConstructor,
} from "../web.js";

const token = "cd".repeat(32);
const WS = WebSocket as unknown as WebSocketConstructor;

/** The first message of every connection the fake node accepted. */
const firstMessages: unknown[] = [];

let server: Server;
let wss: WebSocketServer;
let url: string;

before(async () => {
  wss = new WebSocketServer({ noServer: true });
  server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (req.headers.authorization !== undefined) {
      socket.destroy(); // a browser cannot send one: the test must not either
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let authed = false;
      ws.on("message", (data) => {
        const r = JSON.parse(data.toString()) as { id: number; method: string; params?: Record<string, unknown> };
        if (!authed) {
          firstMessages.push(r);
          if (r.method !== "auth" || r.params?.["token"] !== token) {
            ws.close(1008, "wrong API token");
            return;
          }
          authed = true;
          ws.send(JSON.stringify({ jsonrpc: "2.0", id: r.id, result: true }));
          return;
        }
        const ok = (result: unknown) => ws.send(JSON.stringify({ jsonrpc: "2.0", id: r.id, result }));
        switch (r.method) {
          case "wallet.balance":
            ok({ account: r.params?.["account"] ?? "first", available: 1_234_500_000, pending: 0, locked: 0, staked: 0, scannedHeight: 3 });
            return;
          case "wallet.send":
            ws.send(JSON.stringify({ jsonrpc: "2.0", id: r.id, error: { code: CodeInsufficientFunds, message: "insufficient funds", data: { available: 1, needed: 2, pending: 0 } } }));
            return;
          case "subscribe": {
            const ev = (account: string, available: number): BalanceEvent => ({ account, name: account, available, pending: 0, locked: 0, staked: 0, scannedHeight: 4 });
            // A notification before the answer, as the node may send it.
            ws.send(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: "s1", result: ev("a1", 1) } }));
            ok("s1");
            setTimeout(() => {
              ws.send(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: "s1", result: ev("b2", 2) } }));
              ws.send(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: "s1", result: ev("a1", 3) } }));
            }, 10);
            return;
          }
          case "unsubscribe":
            ok(true);
            return;
          case "bye":
            ws.close(1001, "server shutting down");
            return;
        }
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(async () => {
  for (const c of wss.clients) c.terminate();
  wss.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("WebClient", () => {
  test("authenticates with an auth call first, then calls", async () => {
    const c = await WebClient.connect({ url, token, WebSocket: WS });
    try {
      assert.deepEqual(firstMessages.at(-1), { jsonrpc: "2.0", id: 1, method: "auth", params: { token } });
      const b = await c.balance("alice");
      assert.equal(b.account, "alice");
      assert.equal(formatSTGFixed(b.available), "1234.500000");
      await assert.rejects(c.send({ to: "dev1x", amount: 5 }), (e: unknown) => {
        assert.ok(isInsufficientFunds(e));
        assert.equal(e.message, "insufficient funds");
        assert.deepEqual(e.data, { available: 1, needed: 2, pending: 0 });
        return true;
      });
    } finally {
      await c.close();
    }
    assert.equal(c.closed, true);
  });

  test("a wrong token rejects with -32001 and the node's reason", async () => {
    await assert.rejects(WebClient.connect({ url, token: "00".repeat(32), WebSocket: WS }), (e: unknown) => {
      assert.ok(e instanceof StegosError);
      assert.equal(e.code, CodeUnauthorized);
      assert.equal(e.message, "wrong API token");
      return true;
    });
  });

  test("subscriptions deliver early and filtered events", async () => {
    const c = await WebClient.connect({ url, token, WebSocket: WS });
    try {
      const got: number[] = [];
      const done = new Promise<void>((resolve) => {
        void c.onBalance(
          (e) => {
            got.push(e.available);
            if (got.length === 2) resolve();
          },
          { account: "a1" },
        );
      });
      await done;
      assert.deepEqual(got, [1, 3]);
    } finally {
      await c.close();
    }
  });

  test("a close fails waiting calls and tells onClose", async () => {
    const c = await WebClient.connect({ url, token, WebSocket: WS });
    const closed = new Promise<[number, string]>((resolve) => c.onClose((code, reason) => resolve([code, reason])));
    await assert.rejects(c.call("bye"), StegosTransportError);
    assert.deepEqual(await closed, [1001, "server shutting down"]);
    await assert.rejects(c.nodeStatus(), StegosTransportError);
  });

  test("an unreachable node rejects with a transport error", async () => {
    await assert.rejects(
      WebClient.connect({ url: "ws://127.0.0.1:1/", token, WebSocket: WS, connectTimeoutMs: 5_000 }),
      StegosTransportError,
    );
  });
});

describe("web helpers", () => {
  test("webSocketURL follows the page's origin", () => {
    assert.equal(webSocketURL({ protocol: "http:", host: "127.0.0.1:3145" }), "ws://127.0.0.1:3145/");
    assert.equal(webSocketURL({ protocol: "https:", host: "wallet.lan" }), "wss://wallet.lan/");
  });

  test("formatSTGFixed always shows 6 decimals, exactly", () => {
    assert.equal(formatSTGFixed(0), "0.000000");
    assert.equal(formatSTGFixed(1), "0.000001");
    assert.equal(formatSTGFixed(2_500_000), "2.500000");
    assert.equal(formatSTGFixed(Number.MAX_SAFE_INTEGER), "9007199254.740991");
    assert.equal(formatSTGFixed(parseSTG("1234.5")), "1234.500000");
    assert.equal(formatSTG(parseSTG("1234.5")), "1234.5");
    assert.throws(() => formatSTGFixed(0.5), RangeError);
  });

  test("groupThousands", () => {
    assert.equal(groupThousands("1000000.500000"), "1\u2009000\u2009000.500000");
    assert.equal(groupThousands("999.1"), "999.1");
    assert.equal(groupThousands("abc"), "abc");
  });
});
