// Unit tests of the clients against an in-process fake node that speaks the
// transport of internal/rpcserver (bearer auth on HTTP and on the upgrade,
// the auth first message, subscriptions). They need no stegosd.

import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import { WebSocketServer, type WebSocket } from "ws";

import {
  CodeInsufficientFunds,
  CodeMethodNotFound,
  CodeStaking,
  CodeTransport,
  CodeUnauthorized,
  HttpClient,
  StegosClient,
  StegosError,
  StegosTimeoutError,
  StegosTransportError,
  TopicBalance,
  isInsufficientFunds,
  isStaking,
  isTimeout,
  isUnauthorized,
  type BalanceEvent,
  type Stakes,
} from "../index.js";

const token = "ab".repeat(32);

interface Req {
  jsonrpc: string;
  id?: number | string | null;
  method: string;
  params?: Record<string, unknown>;
}

/** Every request the fake node received, with the transport it came over. */
const seen: Array<Req & { via: "ws" | "http" }> = [];
let nextSub = 0;

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="stegos"' });
  res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: CodeUnauthorized, message: "missing or wrong API token" } }));
}

/** Answers one request; undefined means no answer (yet). */
function answer(req: Req, ws: WebSocket | undefined): object | undefined {
  const ok = (result: unknown) => ({ jsonrpc: "2.0", id: req.id, result });
  const err = (code: number, message: string, data?: unknown) => ({ jsonrpc: "2.0", id: req.id, error: { code, message, data } });
  switch (req.method) {
    case "node.status":
      return ok({ network: "dev", chainId: "stegos-dev", height: 7, blockHash: "00", blockTime: "2026-01-02T03:04:05Z", catchingUp: false, peers: 0, version: "test", supply: 1 });
    case "wallet.balance":
      return ok({ account: (req.params?.["account"] as string) ?? "first", available: 5, pending: 0, locked: 0, scannedHeight: 7 });
    case "wallet.send":
      return err(CodeInsufficientFunds, "insufficient funds", { available: 5, needed: 11, pending: 0 });
    case "wallet.lock":
      return ok({ id: "00112233aabbccdd", name: req.params?.["account"], address: "dev1x", created: "2026-01-02T03:04:05Z", viewOnly: false, locked: true, scannedHeight: 7 });
    case "wallet.stake":
    case "wallet.unstake":
    case "wallet.withdrawRewards":
      return ok({ txId: "ab".repeat(32), amount: (req.params?.["amount"] as number) ?? 0, fee: 1, status: "pending" });
    case "wallet.stakes":
      return ok(stakes);
    case "wallet.unjail":
      return err(CodeStaking, "validator is not jailed");
    case "slow":
      return undefined;
    case "subscribe": {
      if (!ws) return err(CodeTransport, "subscriptions need a WebSocket connection");
      const id = (++nextSub).toString(16);
      // Publish before the answer, as the node can.
      ws.send(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: id, result: { account: "a1", name: "alice", available: 1, pending: 0, locked: 0, scannedHeight: 1 } } }));
      setTimeout(() => {
        ws.send(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: id, result: { account: "b2", name: "bob", available: 2, pending: 0, locked: 0, scannedHeight: 2 } } }));
        ws.send(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: id, result: { account: "a1", name: "alice", available: 3, pending: 0, locked: 0, scannedHeight: 3 } } }));
      }, 20);
      return ok(id);
    }
    case "unsubscribe":
      return ok(true);
    case "close":
      setTimeout(() => ws?.close(1001, "server shutting down"), 10);
      return undefined;
    default:
      return err(CodeMethodNotFound, `method not found: "${req.method}"`);
  }
}

const stakes: Stakes = {
  account: "alice",
  height: 9,
  stakes: [{ id: "01", txId: "02", validator: "va", amount: 50, height: 6, unlockHeight: 12, unlocked: false }],
  validators: [{
    key: "va", address: "ad", vrfKey: "vr", stake: 50, power: 50, rewards: 3, active: true, activeSince: 7,
    jailed: false, tombstoned: false, periodSigned: 2, periodMissed: 0, eligible: true, owner: "ow", nonce: 0,
  }],
};

let server: Server;
let wss: WebSocketServer;
let httpUrl: string;
let wsUrl: string;

before(async () => {
  wss = new WebSocketServer({ noServer: true });
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${token}`) return unauthorized(res);
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const r = JSON.parse(body) as Req;
      seen.push({ ...r, via: "http" });
      const a = answer(r, undefined);
      if (!a) return; // never answer: the client must time out
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(a));
    });
  });
  server.on("upgrade", (req, socket, head) => {
    const auth = req.headers.authorization;
    if (auth !== undefined && auth !== `Bearer ${token}`) {
      const body = JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: CodeUnauthorized, message: "missing or wrong API token" } });
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let authed = auth !== undefined;
      ws.on("message", (data) => {
        const r = JSON.parse(data.toString()) as Req;
        seen.push({ ...r, via: "ws" });
        if (!authed) {
          if (r.method !== "auth" || r.params?.["token"] !== token) {
            ws.close(1008, "wrong API token");
            return;
          }
          authed = true;
          ws.send(JSON.stringify({ jsonrpc: "2.0", id: r.id, result: true }));
          return;
        }
        const a = answer(r, ws);
        if (a) ws.send(JSON.stringify(a));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  httpUrl = `http://127.0.0.1:${port}`;
  wsUrl = `ws://127.0.0.1:${port}`;
});

after(async () => {
  for (const c of wss.clients) c.terminate();
  wss.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("StegosClient (WebSocket)", () => {
  test("calls with by-name params and typed results", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token });
    try {
      const s = await c.nodeStatus();
      assert.equal(s.network, "dev");
      assert.equal(s.height, 7);
      const b = await c.balance("alice");
      assert.equal(b.account, "alice");
      const locked = await c.lock("alice");
      assert.equal(locked.locked, true);
      const reqs = seen.filter((r) => r.via === "ws");
      const last = reqs.slice(-3);
      assert.deepEqual(last.map((r) => [r.method, r.params]), [
        ["node.status", {}],
        ["wallet.balance", { account: "alice" }],
        ["wallet.lock", { account: "alice" }],
      ]);
      const ids = last.map((r) => r.id);
      assert.equal(new Set(ids).size, 3, `request ids are not unique: ${ids}`);
    } finally {
      await c.close();
    }
  });

  test("answers many concurrent calls in order of their ids", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token });
    try {
      const got = await Promise.all(Array.from({ length: 20 }, (_, i) => c.balance(`acct${i}`)));
      assert.deepEqual(got.map((b) => b.account), Array.from({ length: 20 }, (_, i) => `acct${i}`));
    } finally {
      await c.close();
    }
  });

  test("an error answer becomes a StegosError with code and data", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token });
    try {
      await assert.rejects(c.send({ to: "x", amount: 11 }), (e: unknown) => {
        assert.ok(e instanceof StegosError);
        assert.ok(isInsufficientFunds(e));
        assert.equal(e.code, CodeInsufficientFunds);
        assert.equal(e.method, "wallet.send");
        assert.deepEqual(e.data, { available: 5, needed: 11, pending: 0 });
        return true;
      });
      await assert.rejects(c.call("no.such"), (e: unknown) => e instanceof StegosError && e.code === CodeMethodNotFound);
    } finally {
      await c.close();
    }
  });

  test("staking calls send by-name params and decode their results", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token });
    try {
      const staked = await c.stake({ account: "alice", validator: "va", vrfKey: "vr", amount: 50 });
      assert.deepEqual(staked, { txId: "ab".repeat(32), amount: 50, fee: 1, status: "pending" });
      assert.equal((await c.unstake()).amount, 0);
      assert.equal((await c.unstake({ validator: "va", amount: 20, fee: 2 })).amount, 20);
      assert.deepEqual(await c.stakes("alice"), stakes);
      await c.stakes();
      assert.equal((await c.withdrawRewards({ validator: "va" })).status, "pending");
      await assert.rejects(c.unjail(), (e: unknown) => {
        assert.ok(isStaking(e));
        assert.equal(e.code, CodeStaking);
        assert.equal(e.method, "wallet.unjail");
        return true;
      });
      const reqs = seen.filter((r) => r.via === "ws").slice(-7);
      assert.deepEqual(reqs.map((r) => [r.method, r.params]), [
        ["wallet.stake", { account: "alice", validator: "va", vrfKey: "vr", amount: 50 }],
        ["wallet.unstake", {}],
        ["wallet.unstake", { validator: "va", amount: 20, fee: 2 }],
        ["wallet.stakes", { account: "alice" }],
        ["wallet.stakes", {}],
        ["wallet.withdrawRewards", { validator: "va" }],
        ["wallet.unjail", {}],
      ]);
    } finally {
      await c.close();
    }
  });

  test("a call times out", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token, timeoutMs: 50 });
    try {
      await assert.rejects(c.call("slow"), (e: unknown) => isTimeout(e) && e instanceof StegosTimeoutError && e.method === "slow");
      // The connection still works after a timeout.
      assert.equal((await c.nodeStatus({ timeoutMs: 5_000 })).network, "dev");
    } finally {
      await c.close();
    }
  });

  test("a wrong token fails connect with -32001", async () => {
    await assert.rejects(StegosClient.connect({ url: wsUrl, token: "cd".repeat(32) }), (e: unknown) => isUnauthorized(e));
    await assert.rejects(StegosClient.connect({ url: wsUrl, token: "cd".repeat(32), auth: "message" }), (e: unknown) => isUnauthorized(e));
  });

  test("authenticates with a first auth message", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token, auth: "message" });
    try {
      assert.equal((await c.nodeStatus()).network, "dev");
    } finally {
      await c.close();
    }
  });

  test("an unreachable node fails connect with a transport error", async () => {
    await assert.rejects(StegosClient.connect({ url: "ws://127.0.0.1:1", token }), (e: unknown) => e instanceof StegosTransportError);
  });

  test("subscriptions deliver payloads, early ones too, and filter by account", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token });
    try {
      const all: BalanceEvent[] = [];
      const alice: BalanceEvent[] = [];
      const unsubAll = await c.subscribe(TopicBalance, (e) => all.push(e));
      const unsubAlice = await c.onBalance((e) => alice.push(e), { account: "alice" });
      await waitUntil(() => all.length === 3 && alice.length === 2);
      assert.deepEqual(all.map((e) => e.available), [1, 2, 3]);
      assert.deepEqual(alice.map((e) => e.available), [1, 3]);
      await unsubAll();
      await unsubAll(); // idempotent
      await unsubAlice();
      assert.ok(seen.some((r) => r.method === "unsubscribe" && typeof r.params?.["id"] === "string"));
    } finally {
      await c.close();
    }
  });

  test("pending calls fail when the node closes the connection", async () => {
    const c = await StegosClient.connect({ url: wsUrl, token });
    let closed: number | undefined;
    c.onClose((code) => (closed = code));
    await assert.rejects(c.call("close"), (e: unknown) => e instanceof StegosTransportError && /1001/.test(e.message));
    assert.equal(closed, 1001);
    assert.ok(c.closed);
    await assert.rejects(c.nodeStatus(), StegosTransportError);
    await c.close();
  });
});

describe("HttpClient", () => {
  test("calls over HTTP POST", async () => {
    const c = new HttpClient({ url: httpUrl, token });
    assert.equal((await c.nodeStatus()).height, 7);
    await assert.rejects(c.send({ to: "x", amount: 11 }), (e: unknown) => isInsufficientFunds(e) && e.data?.needed === 11);
    await assert.rejects(c.call("subscribe", { topic: TopicBalance }), (e: unknown) => e instanceof StegosError && e.code === CodeTransport);
    assert.equal((await c.stakes({ account: "alice" })).stakes[0]?.unlockHeight, 12);
    await assert.rejects(c.unjail({ validator: "va" }), (e: unknown) => isStaking(e));
  });

  test("a wrong token gives -32001 from the 401 body", async () => {
    const c = new HttpClient({ url: httpUrl, token: "cd".repeat(32) });
    await assert.rejects(c.nodeStatus(), (e: unknown) => isUnauthorized(e));
  });

  test("a call times out", async () => {
    const c = new HttpClient({ url: httpUrl, token, timeoutMs: 100 });
    await assert.rejects(c.call("slow"), (e: unknown) => e instanceof StegosTimeoutError && e.timeoutMs === 100);
  });

  test("an unreachable node gives a transport error", async () => {
    const c = new HttpClient({ url: "http://127.0.0.1:1", token, timeoutMs: 5_000 });
    await assert.rejects(c.nodeStatus(), (e: unknown) => e instanceof StegosTransportError && !isTimeout(e));
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
