// The SDK must mirror the Go contract in api/ exactly. This test reads
// the Go files of api/ (methods.go, types.go, errors.go, bus.go, …) and
// compares them with the SDK: every constant (methods, topics, error codes,
// statuses), and every struct's JSON fields with their optionality and kind.
//
// The field tables below are checked against the TypeScript interfaces by
// the compiler (a missing, extra, wrongly optional or wrongly typed field
// does not compile), and against the Go structs by this test at run time.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";

import * as sdk from "../index.js";
import type * as T from "../types.js";
import type * as B from "../bus.js";
import type * as C from "../chat.js";
import { findRepoRoot } from "../testutil/devnode.js";

const apiDir = path.join(findRepoRoot(), "api");
// Every Go file of the api package but its tests and the generated field docs.
const goSource = readdirSync(apiDir)
  .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go") && f !== "fielddocs.go")
  .sort()
  .map((f) => readFileSync(path.join(apiDir, f), "utf8"))
  .join("\n");

/** Go constants `Prefix<Name> = <value>` in the api package. */
function goConsts(prefix: string): Map<string, string | number> {
  const out = new Map<string, string | number>();
  const re = new RegExp(`^\\s*(?:const\\s+)?(${prefix}\\w*)\\s*=\\s*("[^"]*"|-?\\d+)`, "gm");
  for (const m of goSource.matchAll(re)) {
    out.set(m[1]!, m[2]!.startsWith('"') ? JSON.parse(m[2]!) : Number(m[2]));
  }
  return out;
}

const exported = sdk as unknown as Record<string, unknown>;

describe("constants match api/*.go", () => {
  for (const [prefix, extra] of [
    ["Method", ["MethodSubscriptionNotification"]],
    ["Topic", []],
    ["Code", []],
    ["Status", []],
  ] as const) {
    test(`${prefix}*`, () => {
      const go = goConsts(prefix);
      assert.ok(go.size > 0, `no ${prefix}* constants found in api/`);
      for (const [name, value] of go) {
        assert.equal(exported[name], value, `${name}: Go has ${JSON.stringify(value)}`);
      }
      const ts = Object.keys(exported).filter(
        (k) => k.startsWith(prefix) && /^[A-Z]/.test(k.slice(prefix.length)) && typeof exported[k] !== "object",
      );
      for (const k of ts) {
        if ((extra as readonly string[]).includes(k)) continue;
        assert.ok(go.has(k), `the SDK exports ${k}, which api/ does not define`);
      }
    });
  }

  test("Topics, DefaultAddr, TokenFile", () => {
    assert.deepEqual([...sdk.Topics].sort(), [...goConsts("Topic").values()].sort());
    assert.equal(sdk.DefaultAddr, goConsts("DefaultAddr").get("DefaultAddr"));
    assert.equal(sdk.TokenFile, goConsts("TokenFile").get("TokenFile"));
  });

  test("Methods and ErrorCodes list every constant", () => {
    assert.deepEqual(
      Object.entries(sdk.Methods).map(([k, v]) => [`Method${k}`, v]).sort(),
      [...goConsts("Method")].sort(),
    );
    assert.deepEqual(
      Object.entries(sdk.ErrorCodes).map(([k, v]) => [`Code${k}`, v]).sort(),
      [...goConsts("Code")].sort(),
    );
  });
});

// ---------------------------------------------------------------------------
// Struct fields.

type Kind<V> = V extends number
    ? "number"
    : V extends string
      ? "string"
      : V extends boolean
        ? "boolean"
        : V extends readonly unknown[]
          ? "array"
          : "object";

/** Each field of T: its kind, with "?" when optional. */
type Fields<T> = {
  [K in keyof T]-?: `${unknown extends T[K] ? "unknown" : Kind<NonNullable<T[K]>>}${{} extends Pick<T, K> ? "?" : ""}`;
};

/** The TypeScript interface of each Go struct, described by Fields<>. */
const tsStructs: Record<string, Record<string, string>> = {
  NodeStatus: {
    network: "string", chainId: "string", height: "number", blockHash: "string", blockTime: "string",
    catchingUp: "boolean", peers: "number", version: "string", supply: "number",
  } satisfies Fields<T.NodeStatus>,
  BlockParams: { height: "number?" } satisfies Fields<T.BlockParams>,
  Block: { height: "number", hash: "string", time: "string", proposer: "string", txs: "array" } satisfies Fields<T.Block>,
  TxParams: { id: "string" } satisfies Fields<T.TxParams>,
  Tx: {
    id: "string", height: "number", index: "number", time: "string", confirmations: "number", fee: "number",
    size: "number", inputs: "array", outputs: "array",
  } satisfies Fields<T.Tx>,
  TxOutput: { id: "string", kind: "string", amount: "number?" } satisfies Fields<T.TxOutput>,
  Account: {
    id: "string", name: "string", address: "string", created: "string", viewOnly: "boolean", locked: "boolean",
    scannedHeight: "number",
  } satisfies Fields<T.Account>,
  AccountParams: { account: "string?" } satisfies Fields<T.AccountParams>,
  CreateAccountParams: { name: "string", password: "string" } satisfies Fields<T.CreateAccountParams>,
  CreateAccountResult: { account: "object", phrase: "string" } satisfies Fields<T.CreateAccountResult>,
  RecoverAccountParams: { name: "string", phrase: "string", password: "string" } satisfies Fields<T.RecoverAccountParams>,
  ImportViewOnlyParams: {
    name: "string", address: "string", viewKey: "string", password: "string",
  } satisfies Fields<T.ImportViewOnlyParams>,
  UnlockParams: { account: "string?", password: "string" } satisfies Fields<T.UnlockParams>,
  ChangePasswordParams: {
    account: "string?", password: "string", newPassword: "string",
  } satisfies Fields<T.ChangePasswordParams>,
  DeleteAccountParams: { account: "string", password: "string" } satisfies Fields<T.DeleteAccountParams>,
  DeleteAccountResult: { trash: "string" } satisfies Fields<T.DeleteAccountResult>,
  ViewKeyParams: { account: "string?", password: "string" } satisfies Fields<T.ViewKeyParams>,
  ViewKeyResult: { account: "string", address: "string", viewKey: "string" } satisfies Fields<T.ViewKeyResult>,
  AddressResult: { account: "string", address: "string" } satisfies Fields<T.AddressResult>,
  Balance: {
    account: "string", available: "number", pending: "number", locked: "number", staked: "number", scannedHeight: "number",
  } satisfies Fields<T.Balance>,
  SyncStatus: {
    account: "string", scannedHeight: "number", chainHeight: "number", synced: "boolean", state: "string",
    reason: "string?",
  } satisfies Fields<T.SyncStatus>,
  SendParams: {
    account: "string?", to: "string", amount: "number", memo: "string?", fee: "number?",
  } satisfies Fields<T.SendParams>,
  SendResult: { txId: "string", amount: "number", fee: "number", status: "string" } satisfies Fields<T.SendResult>,
  Validator: {
    key: "string", address: "string", vrfKey: "string", stake: "number", power: "number", rewards: "number",
    active: "boolean", activeSince: "number?", jailed: "boolean", jailedAt: "number?", tombstoned: "boolean",
    periodSigned: "number", periodMissed: "number", eligible: "boolean", unjailAt: "number?", owner: "string?",
    nonce: "number",
  } satisfies Fields<T.Validator>,
  Validators: { height: "number", epoch: "number", nextEpoch: "number", validators: "array" } satisfies Fields<T.Validators>,
  AwardPool: {
    height: "number", pool: "number", periodStart: "number", nextDraw: "number", seedHeight: "number",
    minted: "number", awarded: "number", slashed: "number", beacon: "string",
  } satisfies Fields<T.AwardPool>,
  AwardsParams: { limit: "number?" } satisfies Fields<T.AwardsParams>,
  Award: { height: "number", winner: "string?", amount: "number", eligible: "number", seed: "string" } satisfies Fields<T.Award>,
  EstimateFeeParams: { account: "string?", amount: "number" } satisfies Fields<T.EstimateFeeParams>,
  FeeEstimate: { account: "string", amount: "number", fee: "number", inputs: "number", outputs: "number", size: "number" } satisfies Fields<T.FeeEstimate>,
  HistoryParams: { account: "string?", limit: "number?", offset: "number?" } satisfies Fields<T.HistoryParams>,
  HistoryEntry: {
    txId: "string", direction: "string", kind: "string?", status: "string", reason: "string?", height: "number?", time: "string",
    confirmations: "number", received: "number", sent: "number", fee: "number", payments: "array",
    attempts: "number?",
  } satisfies Fields<T.HistoryEntry>,
  Payment: { index: "number", address: "string?", amount: "number", memo: "string?" } satisfies Fields<T.Payment>,
  PaymentProofParams: { account: "string?", txId: "string", index: "number?" } satisfies Fields<T.PaymentProofParams>,
  PaymentProof: {
    proof: "string", txId: "string", index: "number", address: "string", amount: "number", memo: "string?",
  } satisfies Fields<T.PaymentProof>,
  VerifyPaymentProofParams: { proof: "string" } satisfies Fields<T.VerifyPaymentProofParams>,
  PaymentProofCheck: {
    valid: "boolean", txId: "string", index: "number", address: "string", amount: "number", memo: "string?",
    height: "number", confirmations: "number",
  } satisfies Fields<T.PaymentProofCheck>,
  StakeParams: {
    account: "string?", validator: "string", vrfKey: "string?", amount: "number", fee: "number?", force: "boolean?",
  } satisfies Fields<T.StakeParams>,
  UnstakeParams: {
    account: "string?", validator: "string?", amount: "number?", fee: "number?", all: "boolean?",
  } satisfies Fields<T.UnstakeParams>,
  StakesParams: { account: "string?" } satisfies Fields<T.StakesParams>,
  Stakes: { account: "string", height: "number", stakes: "array", validators: "array" } satisfies Fields<T.Stakes>,
  StakeInfo: {
    id: "string", txId: "string", validator: "string", amount: "number", height: "number", unlockHeight: "number",
    unlocked: "boolean", pending: "boolean?",
  } satisfies Fields<T.StakeInfo>,
  WithdrawRewardsParams: {
    account: "string?", validator: "string?", amount: "number?",
  } satisfies Fields<T.WithdrawRewardsParams>,
  UnjailParams: { account: "string?", validator: "string?" } satisfies Fields<T.UnjailParams>,
  NewBlockEvent: { height: "number", hash: "string", time: "string", txs: "number" } satisfies Fields<T.NewBlockEvent>,
  BalanceEvent: {
    account: "string", available: "number", pending: "number", locked: "number", staked: "number", scannedHeight: "number",
    name: "string",
  } satisfies Fields<T.BalanceEvent>,
  TxStatusEvent: {
    account: "string", txId: "string", status: "string", reason: "string?", height: "number?",
  } satisfies Fields<T.TxStatusEvent>,
  Error: { code: "number", message: "string", data: "unknown?" } satisfies Fields<T.RPCErrorObject>,
  BusSendParams: {
    account: "string?", to: "string", app: "string", data: "string", sign: "boolean?",
  } satisfies Fields<B.BusSendParams>,
  BusSendResult: { packetId: "string", txIds: "array", fragments: "number", pending: "boolean" } satisfies Fields<B.BusSendResult>,
  BusMessagesParams: { account: "string?", app: "string?", since: "number?" } satisfies Fields<B.BusMessagesParams>,
  BusPacket: {
    packetId: "string", account: "string", app: "string", data: "string", from: "string?", seq: "number", height: "number",
    time: "string", txIds: "array", complete: "boolean", received: "number", count: "number",
  } satisfies Fields<B.BusPacket>,
  BusOutboxParams: { account: "string?" } satisfies Fields<B.BusOutboxParams>,
  BusOutboxEntry: {
    packetId: "string", to: "string", app: "string", fragments: "number", sent: "number", txIds: "array", created: "string",
    lastError: "string?",
  } satisfies Fields<B.BusOutboxEntry>,
  ChatContactParams: { account: "string?", contact: "string", name: "string?" } satisfies Fields<C.ChatContactParams>,
  ChatAccountParams: { account: "string?" } satisfies Fields<C.ChatAccountParams>,
  ChatContact: {
    address: "string", name: "string", peerName: "string?", unsolicited: "boolean?", added: "string", uri: "string",
  } satisfies Fields<C.ChatContact>,
  ChatSendParams: {
    account: "string?", to: "string", text: "string", displayName: "string?", replyTo: "string?", edits: "string?",
  } satisfies Fields<C.ChatSendParams>,
  ChatHistoryParams: { account: "string?", with: "string", limit: "number?" } satisfies Fields<C.ChatHistoryParams>,
  ChatMessage: {
    id: "string", conversation: "string", direction: "string", from: "string", fromName: "string?", contact: "string?",
    seq: "number", text: "string", replyTo: "string?", edited: "boolean?", status: "string", time: "string",
    height: "number", txIds: "array?",
  } satisfies Fields<C.ChatMessage>,
  ChatGroupCreateParams: { account: "string?", name: "string", password: "string" } satisfies Fields<C.ChatGroupCreateParams>,
  ChatGroupMemberParams: {
    account: "string?", group: "string", member: "string", role: "string?", displayName: "string?",
  } satisfies Fields<C.ChatGroupMemberParams>,
  ChatGroupParams: { account: "string?", group: "string", password: "string?" } satisfies Fields<C.ChatGroupParams>,
  ChatGroup: {
    id: "string", name: "string", state: "string", role: "string", epoch: "number", address: "string",
    account: "string?", members: "array", invitedBy: "string?",
  } satisfies Fields<C.ChatGroup>,
  ChatMember: { address: "string", role: "string", contact: "string?" } satisfies Fields<C.ChatMember>,
  ChatChannelCreateParams: { account: "string?", name: "string", password: "string" } satisfies Fields<C.ChatChannelCreateParams>,
  ChatChannelJoinParams: { account: "string?", invite: "string", password: "string" } satisfies Fields<C.ChatChannelJoinParams>,
  ChatChannel: {
    address: "string", name: "string", owner: "string", owned: "boolean", account: "string", uri: "string?",
  } satisfies Fields<C.ChatChannel>,
  ChatInviteParams: { account: "string?", channel: "string?", name: "string?" } satisfies Fields<C.ChatInviteParams>,
  ChatInvite: { uri: "string" } satisfies Fields<C.ChatInvite>,
  ChatEvent: { account: "string", kind: "string", message: "object?", group: "object?" } satisfies Fields<C.ChatEvent>,
  InsufficientFundsData: { available: "number", needed: "number", pending: "number" } satisfies Fields<T.InsufficientFundsData>,
};

/** The kind of a Go field type, as Fields<> names it. */
function goKind(typ: string): string {
  const t = typ.replace(/^\*/, "");
  if (t === "[]byte") return "string"; // base64 in JSON
  if (t.startsWith("[]")) return "array";
  if (t === "string" || t === "time.Time") return "string";
  if (t === "bool") return "boolean";
  if (/^(u?int(8|16|32|64)?|float(32|64))$/.test(t)) return "number";
  if (t === "any" || t === "interface{}") return "unknown";
  return "object";
}

/** Every struct of api/*.go, as Fields<> would describe it. */
function goStructs(): Record<string, Record<string, string>> {
  const bodies = new Map<string, string>();
  for (const m of goSource.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
    bodies.set(m[1]!, m[2]!);
  }
  const fields = (name: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const raw of bodies.get(name)!.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      if (line === "") continue;
      const embedded = /^(\w+)$/.exec(line);
      if (embedded) {
        Object.assign(out, fields(embedded[1]!));
        continue;
      }
      const m = /^(\w+)\s+(\S+)\s+`json:"([^"]*)"`$/.exec(line);
      assert.ok(m, `api: cannot read the field line ${JSON.stringify(line)} of ${name}`);
      const [tag, ...opts] = m[3]!.split(",");
      if (tag === "-") continue;
      out[tag!] = goKind(m[2]!) + (opts.includes("omitempty") ? "?" : "");
    }
    return out;
  };
  return Object.fromEntries([...bodies.keys()].map((n) => [n, fields(n)]));
}

describe("structs match the structs of api/*.go", () => {
  const go = goStructs();

  test("every Go struct has a TypeScript interface", () => {
    assert.deepEqual(Object.keys(tsStructs).sort(), Object.keys(go).sort());
  });

  for (const name of Object.keys(go)) {
    test(name, () => {
      assert.deepEqual(tsStructs[name], go[name], `${name}: the TypeScript fields differ from the Go JSON fields`);
    });
  }
});
