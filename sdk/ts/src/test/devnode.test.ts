// End-to-end tests of the SDK against a real `stegosd dev` node that this
// file builds from the repository and starts on free loopback ports.
//
// STEGOSD_BIN=/path/to/stegosd skips the build; SDK_TEST_KEEP=1 keeps the
// node's temporary home and log.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  CodeAccountExists,
  CodeAccountNotFound,
  CodeInsufficientFunds,
  CodeInvalidAddress,
  CodeInvalidParams,
  CodeMethodNotFound,
  CodeStaking,
  CodeTransport,
  CodeUnauthorized,
  CodeViewOnly,
  CodeWrongPassword,
  HttpClient,
  MethodNodeStatus,
  StatusConfirmed,
  StegosClient,
  StegosError,
  TopicBalance,
  isInsufficientFunds,
  isStaking,
  type BalanceEvent,
  type CreateAccountResult,
  type InsufficientFundsData,
} from "../index.js";
import { DevNode, waitFor } from "../testutil/devnode.js";

const testTimeout = 60_000;
const flowTimeout = 120_000;

let node: DevNode | undefined;
let nodeError: Error | undefined;
let apiError: Error | undefined;
let ws: StegosClient | undefined;
let http: HttpClient | undefined;

before(
  async () => {
    try {
      node = await DevNode.start();
    } catch (e) {
      nodeError = e as Error;
      return;
    }
    try {
      await node.waitForApi();
      ws = await StegosClient.connect({ url: node.apiWsUrl, tokenFile: node.tokenFile, timeoutMs: 30_000 });
      http = await HttpClient.create({ url: node.apiHttpUrl, tokenFile: node.tokenFile });
    } catch (e) {
      apiError = e as Error;
      console.error(`# the API is not available, so every API test fails:\n${apiError.message}`);
    }
  },
  { timeout: 20 * 60_000 },
);

after(async () => {
  await ws?.close();
  const stopped = await node?.stop();
  if (stopped?.killed) {
    console.error("# stegosd did not stop within 15 s of SIGTERM and was killed");
  }
});

/** The running node; the harness test reports a start failure in full, the others by its first line. */
function runningNode(full = false): DevNode {
  if (nodeError) {
    if (full) throw nodeError;
    throw new Error(`dev node not running (see the harness test): ${nodeError.message.split("\n")[0]}`);
  }
  assert.ok(node, "no dev node");
  return node;
}

/** The node and its clients, or the reason the API is not available. */
function api(): { node: DevNode; ws: StegosClient; http: HttpClient } {
  const n = runningNode();
  if (apiError) {
    // The full reason, with the node's log, was printed once by before().
    throw new Error(`API not available: ${apiError.message.split("\n")[0]}`);
  }
  assert.ok(ws && http);
  return { node: n, ws, http };
}

/** Asserts that p rejects with a StegosError of the given code; returns it. */
async function rejectsWithCode(p: Promise<unknown>, code: number, what: string): Promise<StegosError> {
  try {
    const v = await p;
    assert.fail(`${what}: expected error ${code}, got result ${JSON.stringify(v)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(e instanceof StegosError, `${what}: expected a StegosError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, `${what}: expected code ${code}, got ${e.code} (${e.message})`);
    return e;
  }
}

/** Waits until the account has scanned up to the chain tip. */
async function waitSynced(c: StegosClient, account: string): Promise<void> {
  await waitFor(`account ${account} to be synced`, async () => (await c.syncStatus(account)).synced, {
    timeoutMs: 45_000,
  });
}

describe("harness", () => {
  test("builds stegosd, starts a dev chain that commits blocks", { timeout: testTimeout }, async () => {
    const n = runningNode(true);
    n.checkAlive();
    const h0 = await n.cometHeight();
    assert.ok(h0 !== undefined && h0 >= 1, `height ${h0}`);
    await waitFor("a new block", async () => ((await n.cometHeight()) ?? 0) > h0, { timeoutMs: 30_000 });
  });
});

describe("node.status and transport errors", () => {
  test("node.status reports network dev and a growing height", { timeout: testTimeout }, async () => {
    const { ws, http } = api();
    const s0 = await ws.nodeStatus();
    assert.equal(s0.network, "dev");
    assert.equal(typeof s0.chainId, "string");
    assert.equal(typeof s0.height, "number");
    assert.ok(!Number.isNaN(Date.parse(s0.blockTime)), `blockTime ${s0.blockTime} is not RFC 3339`);
    const s1 = await waitFor("node.status height to grow", async () => {
      const s = await http.nodeStatus();
      return s.height > s0.height ? s : undefined;
    });
    assert.equal(s1.network, "dev");
  });

  test("a wrong token is rejected with -32001", { timeout: testTimeout }, async () => {
    const { node } = api();
    const wrong = "0".repeat(64);
    await rejectsWithCode(new HttpClient({ url: node.apiHttpUrl, token: wrong }).nodeStatus(), CodeUnauthorized, "HTTP");
    await rejectsWithCode(StegosClient.connect({ url: node.apiWsUrl, token: wrong }), CodeUnauthorized, "WebSocket header");
    await rejectsWithCode(
      StegosClient.connect({ url: node.apiWsUrl, token: wrong, auth: "message" }),
      CodeUnauthorized,
      "WebSocket auth message",
    );
  });

  test("a WebSocket can authenticate with an auth message", { timeout: testTimeout }, async () => {
    const { node } = api();
    const c = await StegosClient.connect({ url: node.apiWsUrl, tokenFile: node.tokenFile, auth: "message" });
    try {
      assert.equal((await c.nodeStatus()).network, "dev");
    } finally {
      await c.close();
    }
  });

  test("an unknown method gives -32601", { timeout: testTimeout }, async () => {
    const { ws, http } = api();
    await rejectsWithCode(ws.call("node.noSuchMethod"), CodeMethodNotFound, "WebSocket");
    await rejectsWithCode(http.call("node.noSuchMethod"), CodeMethodNotFound, "HTTP");
  });

  test("bad params give -32602", { timeout: testTimeout }, async () => {
    const { ws, http } = api();
    await rejectsWithCode(ws.call("chain.block", { height: "tall" }), CodeInvalidParams, "chain.block height string");
    await rejectsWithCode(http.call("chain.tx", { id: 42 }), CodeInvalidParams, "chain.tx id number");
    await rejectsWithCode(ws.call("wallet.balance", { noSuchParam: true }), CodeInvalidParams, "unknown param");
  });

  test("subscriptions need a WebSocket (-32002 over HTTP)", { timeout: testTimeout }, async () => {
    const { http } = api();
    await rejectsWithCode(http.call("subscribe", { topic: TopicBalance }), CodeTransport, "HTTP subscribe");
  });

  test("rpc.discover lists node.status", { timeout: testTimeout }, async () => {
    const { ws } = api();
    const doc = await ws.discover();
    assert.ok(doc.methods.some((m) => m.name === MethodNodeStatus), "node.status is not in the OpenRPC document");
  });
});

/** What the payment test leaves for the tests after it. */
let payment: { txId: string; alice: CreateAccountResult; memo: string } | undefined;

describe("wallet: demo pays alice", () => {
  test("send 1.5 STG from demo to a new account and watch it arrive", { timeout: flowTimeout }, async () => {
    const { ws } = api();

    const created = await ws.createAccount({ name: "alice", password: "pw" });
    assert.equal(created.account.name, "alice");
    assert.equal(created.phrase.trim().split(/\s+/).length, 24, `phrase: ${created.phrase}`);
    const { address } = await ws.address("alice");
    assert.equal(address, created.account.address);

    const events: BalanceEvent[] = [];
    const unsubscribe = await ws.onBalance((e) => events.push(e), { account: "alice" });
    // The same filter by id, to check that the filter matches either.
    const byId: BalanceEvent[] = [];
    const unsubscribeById = await ws.onBalance((e) => byId.push(e), { account: created.account.id });

    await waitSynced(ws, "demo");
    await waitFor(
      "the demo account to have 1.5 STG available",
      async () => (await ws.balance("demo")).available > 1_500_000,
      { timeoutMs: 30_000 },
    );
    const memo = "sdk test: 1.5 STG for alice";
    const sent = await ws.send({ account: "demo", to: address, amount: 1_500_000, memo });
    assert.match(sent.txId, /^[0-9a-f]{64}$/);
    assert.equal(sent.amount, 1_500_000);
    assert.ok(sent.fee > 0, `fee ${sent.fee}`);

    await waitFor("a wallet.balance event for alice", () => events.length > 0 || undefined);
    assert.ok(events.every((e) => e.name === "alice" || e.account === created.account.id));
    await waitFor("alice's balance.available to be 1500000", async () => {
      const b = await ws.balance("alice");
      return b.available === 1_500_000 ? b : undefined;
    });
    await waitFor("a wallet.balance event for alice with available 1500000", () =>
      events.some((e) => e.available === 1_500_000),
    );
    assert.ok(byId.length > 0, "the account-id filter saw no event");
    await unsubscribe();
    await unsubscribeById();

    const inEntry = await waitFor("alice's history to show the payment", async () =>
      (await ws.history("alice")).find((h) => h.direction === "in" && h.txId === sent.txId),
    );
    assert.equal(inEntry.received, 1_500_000);
    assert.ok(
      inEntry.payments.some((p) => p.memo === memo && p.amount === 1_500_000),
      `payments: ${JSON.stringify(inEntry.payments)}`,
    );

    const outEntry = await waitFor("demo's history to show the payment confirmed", async () =>
      (await ws.history({ account: "demo", limit: 20 })).find(
        (h) => h.txId === sent.txId && h.direction === "out" && h.status === StatusConfirmed,
      ),
    );
    assert.equal(outEntry.sent, 1_500_000);
    assert.equal(outEntry.fee, sent.fee);
    payment = { txId: sent.txId, alice: created, memo };
  });

  test("the payment on chain, its proof, view keys, recovery", { timeout: flowTimeout }, async () => {
    const { ws, http } = api();
    assert.ok(payment, "needs the payment of the test before");
    const { txId, alice, memo } = payment;

    const tx = await http.tx(txId);
    assert.equal(tx.id, txId);
    assert.ok(tx.outputs.length >= 1);
    const block = await ws.block(tx.height);
    assert.equal(block.height, tx.height);
    assert.ok(block.txs.some((t) => t.id === txId), "the block does not list the transaction");

    const proof = await ws.paymentProof({ account: "demo", txId });
    assert.equal(proof.address, alice.account.address);
    assert.equal(proof.amount, 1_500_000);
    const check = await http.verifyPaymentProof(proof.proof);
    assert.equal(check.valid, true);
    assert.equal(check.txId, txId);
    assert.equal(check.amount, 1_500_000);
    assert.equal(check.memo, memo);

    const names = (await ws.listAccounts()).map((a) => a.name);
    assert.ok(names.includes("demo") && names.includes("alice"), `accounts: ${names}`);

    // A view-only copy of alice sees her funds and cannot spend.
    await rejectsWithCode(ws.viewKey({ account: "alice", password: "nope" }), CodeWrongPassword, "viewKey");
    const vk = await ws.viewKey({ account: "alice", password: "pw" });
    assert.match(vk.viewKey, /^[0-9a-f]{64}$/);
    const watch = await ws.importViewOnly({ name: "alice-watch", address: vk.address, viewKey: vk.viewKey, password: "w" });
    assert.equal(watch.viewOnly, true);
    await waitFor("the view-only account to see 1.5 STG", async () => (await ws.balance("alice-watch")).available === 1_500_000);
    await rejectsWithCode(
      ws.send({ account: "alice-watch", to: alice.account.address, amount: 1 }),
      CodeViewOnly,
      "send from a view-only account",
    );

    // Change the password, delete the account, recover it from its phrase.
    assert.equal(await ws.changePassword({ account: "alice", password: "pw", newPassword: "pw2" }), true);
    await rejectsWithCode(ws.deleteAccount({ account: "alice", password: "pw" }), CodeWrongPassword, "delete, old password");
    const del = await ws.deleteAccount({ account: "alice", password: "pw2" });
    assert.equal(typeof del.trash, "string");
    await rejectsWithCode(ws.balance("alice"), CodeAccountNotFound, "balance of a deleted account");
    const back = await ws.recoverAccount({ name: "alice2", phrase: alice.phrase, password: "pw3" });
    assert.equal(back.address, alice.account.address);
    await waitFor("the recovered account to see 1.5 STG", async () => (await ws.balance("alice2")).available === 1_500_000);
  });
});

describe("wallet error paths", () => {
  test("send with insufficient funds gives -32014 with data", { timeout: testTimeout }, async () => {
    const { ws } = api();
    await waitSynced(ws, "demo");
    const { address } = await ws.address("demo");
    const amount = 10_000_000 * 1_000_000; // 10 million STG: more than demo holds
    const e = await rejectsWithCode(ws.send({ account: "demo", to: address, amount }), CodeInsufficientFunds, "send");
    assert.ok(isInsufficientFunds(e));
    const data = e.data as InsufficientFundsData;
    assert.equal(typeof data.available, "number", `data: ${JSON.stringify(e.data)}`);
    assert.equal(typeof data.pending, "number", `data: ${JSON.stringify(e.data)}`);
    assert.ok(data.needed >= amount, `needed ${data.needed} < amount ${amount}`);
    assert.ok(data.available < data.needed);
  });

  test("send to an invalid address gives -32015", { timeout: testTimeout }, async () => {
    const { ws } = api();
    await rejectsWithCode(
      ws.send({ account: "demo", to: "dev1thisisnotanaddress", amount: 1 }),
      CodeInvalidAddress,
      "send to an invalid address",
    );
  });

  test("unlock with a wrong password gives -32010", { timeout: testTimeout }, async () => {
    const { ws } = api();
    await ws.createAccount({ name: "bob", password: "right" });
    await rejectsWithCode(ws.createAccount({ name: "bob", password: "other" }), CodeAccountExists, "duplicate name");
    assert.equal((await ws.lock("bob")).locked, true);
    await rejectsWithCode(ws.unlock({ account: "bob", password: "wrong" }), CodeWrongPassword, "unlock");
    assert.equal((await ws.unlock({ account: "bob", password: "right" })).locked, false);
  });
});

describe("staking", () => {
  test("chain.validators, chain.awardPool and chain.awards describe the dev validator", { timeout: testTimeout }, async () => {
    const { ws, http } = api();
    const vs = await http.validators();
    assert.ok(vs.height >= 1 && vs.nextEpoch > vs.height, `height ${vs.height}, next epoch ${vs.nextEpoch}`);
    const v = vs.validators.find((x) => x.active);
    assert.ok(v, `no active validator: ${JSON.stringify(vs.validators)}`);
    assert.match(v.key, /^[0-9a-f]{64}$/);
    assert.match(v.vrfKey, /^[0-9a-f]{64}$/);
    assert.ok(v.stake > 0 && v.power > 0, `stake ${v.stake}, power ${v.power}`);
    assert.equal(typeof v.nonce, "number");
    assert.equal(v.jailed, false);

    const pool = await ws.awardPool();
    assert.ok(pool.nextDraw > pool.periodStart, JSON.stringify(pool));
    assert.ok(pool.minted > 0, `minted ${pool.minted}`);
    assert.match(pool.beacon, /^[0-9a-f]+$/);
    const awards = await ws.awards(5);
    assert.ok(Array.isArray(awards) && awards.length <= 5, JSON.stringify(awards));
  });

  test("demo stakes 2 STG to the dev validator; the stake is locked", { timeout: flowTimeout }, async () => {
    const { ws } = api();
    const v = (await ws.validators()).validators.find((x) => x.active);
    assert.ok(v, "no active validator");
    await waitSynced(ws, "demo");

    const amount = 2_000_000;
    const staked = await ws.stake({ account: "demo", validator: v.key, amount });
    assert.match(staked.txId, /^[0-9a-f]{64}$/);
    assert.equal(staked.amount, amount);
    assert.ok(staked.fee > 0, `fee ${staked.fee}`);

    const entry = await waitFor("demo's history to show the stake confirmed", async () =>
      (await ws.history({ account: "demo", limit: 20 })).find((h) => h.txId === staked.txId && h.status === StatusConfirmed),
    );
    assert.equal(entry.kind, "stake");

    const stakes = await waitFor("wallet.stakes to list the stake", async () => {
      const s = await ws.stakes("demo");
      return s.stakes.some((x) => x.txId === staked.txId) ? s : undefined;
    });
    assert.ok(stakes.account, "no account in the result");
    const info = stakes.stakes.find((x) => x.txId === staked.txId)!;
    assert.equal(info.validator, v.key);
    assert.equal(info.amount, amount);
    assert.equal(info.unlocked, false);
    assert.ok(info.unlockHeight > stakes.height, `unlock height ${info.unlockHeight}, chain at ${stakes.height}`);
    assert.ok((await ws.balance("demo")).staked >= amount);
    assert.ok((await ws.validators()).validators.find((x) => x.key === v.key)!.stake >= v.stake + amount);

    // The stake is locked for the lock period.
    const e = await rejectsWithCode(ws.unstake({ account: "demo", validator: v.key }), CodeStaking, "unstake of locked stake");
    assert.ok(isStaking(e));
  });

  test("withdrawRewards and unjail of a validator the account does not own give -32023", { timeout: testTimeout }, async () => {
    const { ws } = api();
    await ws.createAccount({ name: "carol", password: "pw" });
    await waitSynced(ws, "carol");
    assert.deepEqual((await ws.stakes("carol")).stakes, []);
    await rejectsWithCode(ws.withdrawRewards({ account: "carol" }), CodeStaking, "withdrawRewards");
    await rejectsWithCode(ws.unjail({ account: "carol" }), CodeStaking, "unjail");
  });
});
