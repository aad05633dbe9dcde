// bus-pingpong: two accounts of a running stegosd exchange a 10 KiB packet
// each way over the message bus ("ping", then "pong"), printing what
// arrives.
//
// Usage (from the repository root, with a dev node running: `stegosd dev`):
//
//   (cd sdk/ts && npm ci && npm run build)     # build the SDK
//   sdk/ts/node_modules/.bin/tsc -p examples/ts   # compile the examples
//   node examples/ts/bus-pingpong/bus-pingpong.js
//
// The ping account (default "demo") must be unlocked and funded; stegosd dev
// unlocks its demo account itself. The pong account (default "pong") is
// created if the wallet has none of that name, and ping pays it 1 STG for
// its fees when it has less. Each packet is signed by its sender: 23 outputs
// in two transactions, the second sent once the change of the first
// confirms.
//
// Environment:
//   STEGOS_API_URL     WebSocket URL of the API (default ws://127.0.0.1:3145)
//   STEGOS_TOKEN_FILE  the API token file (default: <home>/api.token of the
//                      default home, then of the dev home)
//   PING, PONG         the two accounts (default "demo" and "pong")
//   PONG_PASSWORD      the pong account's password if it is created ("pong")

import { randomBytes } from "node:crypto";

import {
  StegosClient,
  base64OfBytes,
  bytesOfBase64,
  isAccountNotFound,
  isSyncing,
  type Balance,
  type BusPacket,
} from "../../../sdk/ts/dist/index.js";

/** The bus app name of the example's packets. */
const app = "pingpong";
/** The size of each packet. */
const packetSize = 10 * 1024;
/** What ping pays a pong account that has less, in µSTG. */
const pongFunds = 1_000_000;

/** A packet sent, waiting to arrive. */
interface Sent {
  packetId: string;
  data: string; // base64, as it comes back
  at: number;
}

async function main(): Promise<number> {
  const ping = process.env["PING"] ?? "demo";
  const pong = process.env["PONG"] ?? "pong";
  const client = await StegosClient.connect({
    url: process.env["STEGOS_API_URL"],
    tokenFile: process.env["STEGOS_TOKEN_FILE"],
  });
  try {
    // Subscribe first, so no packet is missed. The node sends every app's
    // packets: the filter keeps this app's.
    // A packet can arrive before busSend has answered with its id: keep it.
    const waiting = new Map<string, (p: BusPacket) => void>();
    const early = new Map<string, BusPacket>();
    const stop = await client.onBusPacket((p) => {
      const w = waiting.get(p.packetId);
      if (w) w(p);
      else early.set(p.packetId, p);
    }, { app });
    const arrival = (packetId: string) =>
      new Promise<BusPacket>((resolve) => {
        const p = early.get(packetId);
        if (p) resolve(p);
        else waiting.set(packetId, resolve);
      });

    const pingAcct = await client.address(ping);
    const pongAcct = await ensurePong(client, ping, pong);

    const sentPing = await send(client, ping, pongAcct.address, "ping");
    const got = await receive(await arrival(sentPing.packetId), pong, sentPing);
    if (got.from !== pingAcct.address) throw new Error(`the ping names ${got.from ?? "nobody"} as its sender`);

    // Pong answers the address the ping was signed by.
    const sentPong = await send(client, pong, got.from!, "pong");
    await receive(await arrival(sentPong.packetId), ping, sentPong);
    await stop();
    console.log("ping-pong done");
    return 0;
  } finally {
    await client.close();
  }
}

/** Returns the pong account's address, creating and funding it if needed. */
async function ensurePong(client: StegosClient, ping: string, pong: string) {
  try {
    await client.address(pong);
  } catch (e) {
    if (!isAccountNotFound(e)) throw e;
    await client.createAccount({ name: pong, password: process.env["PONG_PASSWORD"] ?? "pong" });
    console.log(`created the account ${pong}`);
  }
  const addr = await client.address(pong);
  const bal = await waitBalance(client, pong, () => true);
  if (bal.available + bal.pending < pongFunds / 2) {
    const res = await client.send({ account: ping, to: addr.address, amount: pongFunds, memo: "fees for bus-pingpong" });
    console.log(`${ping} paid ${pong} 1 STG for its fees (tx ${res.txId}); waiting for it to confirm`);
    await waitBalance(client, pong, (b) => b.available >= pongFunds);
  }
  return addr;
}

/** Polls an account's balance until ok holds (and the account has scanned the chain). */
async function waitBalance(client: StegosClient, account: string, ok: (b: Balance) => boolean): Promise<Balance> {
  for (;;) {
    try {
      const b = await client.balance(account);
      if (ok(b)) return b;
    } catch (e) {
      if (!isSyncing(e)) throw e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sends a signed packet of packetSize bytes starting with word. */
async function send(client: StegosClient, account: string, to: string, word: string): Promise<Sent> {
  const data = new Uint8Array(packetSize);
  data.set(new TextEncoder().encode(word + " "));
  data.set(randomBytes(packetSize - word.length - 1), word.length + 1);
  const at = Date.now();
  const res = await client.busSend({ account, to, app, data, sign: true });
  const more = res.pending ? " (the rest follows as the change comes back)" : "";
  console.log(
    `${account} sent a ${data.length}-byte ${word}: packet ${res.packetId}, ${res.fragments} outputs, ` +
      `${res.txIds.length} transaction(s) so far${more}`,
  );
  return { packetId: res.packetId, data: base64OfBytes(data), at };
}

/** Checks and prints a packet that arrived for the account name. */
async function receive(p: BusPacket, name: string, sent: Sent): Promise<BusPacket> {
  if (!p.complete) throw new Error(`packet ${p.packetId} is incomplete: ${p.received} of ${p.count} fragments arrived`);
  if (p.data !== sent.data) throw new Error(`packet ${p.packetId} arrived altered`);
  const bytes = bytesOfBase64(p.data);
  const word = new TextDecoder().decode(bytes.subarray(0, 16)).split(" ")[0];
  console.log(
    `${name} received "${word}" (${bytes.length} bytes) from ${p.from ?? "anonymous"} at block ${p.height}, ` +
      `${p.txIds.length} transaction(s), ${Date.now() - sent.at} ms after sending`,
  );
  return p;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
    process.exit(1);
  },
);
