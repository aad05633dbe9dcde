// send-and-watch: pay someone from a wallet account of a running stegosd and
// watch the balance change until the payment is confirmed.
//
// Usage (from the repository root, with a dev node running: `stegosd dev`):
//
//   (cd sdk/ts && npm ci && npm run build)     # build the SDK
//   sdk/ts/node_modules/.bin/tsc -p examples/ts   # compile this example
//   node examples/ts/send-and-watch.js <address> <amount in STG> [memo]
//
// Environment:
//   STEGOS_API_URL     WebSocket URL of the API (default ws://127.0.0.1:3145)
//   STEGOS_TOKEN_FILE  the API token file (default: <home>/api.token of the
//                      default home, then of the dev home)
//   STEGOS_ACCOUNT     the paying account (default "demo", the dev chain's
//                      funded demo account)
//
// In your own project, import from "@stegos/sdk" instead of the relative
// path. The SDK is not published to the npm registry: build it in this
// repository (the first line above), then `npm install /path/to/stegos/sdk/ts`
// in your project (or `npm pack` in sdk/ts and install the .tgz it writes).

import {
  StegosClient,
  StatusConfirmed,
  StatusFailed,
  formatSTG,
  isInsufficientFunds,
  isInvalidAddress,
  parseSTG,
} from "../../sdk/ts/dist/index.js";

async function main(): Promise<number> {
  const [to, amountText, memo] = process.argv.slice(2);
  if (!to || !amountText) {
    console.error("usage: node send-and-watch.js <address> <amount in STG> [memo]");
    return 2;
  }
  const account = process.env["STEGOS_ACCOUNT"] ?? "demo";
  const amount = parseSTG(amountText); // µSTG, exactly

  // Connect over WebSocket; the token comes from the node's api.token.
  const client = await StegosClient.connect({
    url: process.env["STEGOS_API_URL"],
    tokenFile: process.env["STEGOS_TOKEN_FILE"],
  });
  try {
    const status = await client.nodeStatus();
    console.log(`connected to a ${status.network} node at height ${status.height}`);

    const before = await client.balance(account);
    console.log(`${account}: ${formatSTG(before.available)} STG available, ${formatSTG(before.pending)} pending`);

    // Subscribe before sending, so no change is missed.
    const stopBalance = await client.onBalance(
      (b) =>
        console.log(
          `balance of ${b.name}: ${formatSTG(b.available)} available, ` +
            `${formatSTG(b.pending)} pending, ${formatSTG(b.locked)} locked (height ${b.scannedHeight})`,
        ),
      { account },
    );

    // Resolves when our transaction is confirmed or has failed. The node can
    // report "pending" before send() returns the id; that event is skipped.
    let txId: string | undefined;
    let settle: (ok: boolean) => void = () => undefined;
    const settled = new Promise<boolean>((resolve) => (settle = resolve));
    const stopTx = await client.onTxStatus((e) => {
      if (e.txId !== txId) return;
      console.log(`transaction ${e.txId.slice(0, 16)}…: ${e.status}${e.reason ? ` (${e.reason})` : ""}`);
      if (e.status === StatusConfirmed) settle(true);
      if (e.status === StatusFailed) settle(false);
    });

    try {
      const sent = await client.send({ account, to, amount, memo });
      txId = sent.txId;
      console.log(`sent ${formatSTG(sent.amount)} STG (fee ${formatSTG(sent.fee)}) in ${sent.txId}: ${sent.status}`);
    } catch (e) {
      if (isInsufficientFunds(e)) {
        console.error(`not enough funds: ${formatSTG(e.data?.available ?? 0)} STG available, ${formatSTG(e.data?.needed ?? 0)} needed`);
        return 1;
      }
      if (isInvalidAddress(e)) {
        console.error(`bad address: ${e.message}`);
        return 1;
      }
      throw e;
    }

    // The status may have changed before txId was known: ask the history too.
    const entry = (await client.history({ account, limit: 20 })).find((h) => h.txId === txId);
    if (entry?.status === StatusConfirmed) settle(true);

    const ok = await settled;
    await stopTx();
    await stopBalance();
    // Balance events can trail the status event: read the balance once more.
    const after = await client.balance(account);
    console.log(`${account}: ${formatSTG(after.available)} STG available, ${formatSTG(after.pending)} pending`);
    return ok ? 0 : 1;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
    process.exit(1);
  },
);
