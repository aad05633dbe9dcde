// Test harness: builds stegosd from this repository, runs a throwaway dev
// chain on free loopback ports, and stops it. Not part of the SDK's API.

import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { HttpClient } from "../client.js";
import { readTokenFile, tokenFilePath } from "../paths.js";
import type { NodeStatus } from "../types.js";

/** The Go module path that marks the repository root. */
const goModule = "github.com/stegos-go/stegos";

/** Finds the repository root: the nearest ancestor of `from` whose go.mod declares the module. */
export function findRepoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(from);
  for (;;) {
    const mod = path.join(dir, "go.mod");
    if (existsSync(mod) && new RegExp(`^module\\s+${goModule.replace(/[.]/g, "\\.")}\\s*$`, "m").test(readFileSync(mod, "utf8"))) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no go.mod of ${goModule} above ${from}`);
    dir = up;
  }
}

/** Returns n distinct free TCP ports on 127.0.0.1 (held open together, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import("node:net").Server>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import("node:net").AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Runs a command; rejects with its output when it fails or runs longer than timeoutMs. */
function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GOTOOLCHAIN: process.env["GOTOOLCHAIN"] ?? "local" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(" ")}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed (${signal ?? `exit ${code}`}):\n${out}`));
    });
  });
}

/** Polls fn until it returns a value other than undefined/false, or fails after timeoutMs with the last error. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 60_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = "never tried";
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? `${last.name}: ${last.message}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${why})`, { cause: last });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface DevNodeOptions {
  /** Block interval passed as --consensus-timeout-commit (default 500ms). */
  blockInterval?: string;
  /** How long to wait for go build (default 15 min: a cold build fetches and compiles CometBFT). */
  buildTimeoutMs?: number;
  /** How long to wait for the node's first block and for its API (default 60 s each). */
  startTimeoutMs?: number;
}

/**
 * A running `stegosd dev` on free loopback ports, in a temporary home.
 *
 * STEGOSD_BIN, when set, names a prebuilt stegosd to use instead of
 * building one; SDK_TEST_KEEP=1 keeps the temporary directory.
 */
export class DevNode {
  readonly dir: string;
  readonly home: string;
  readonly bin: string;
  readonly apiPort: number;
  readonly rpcPort: number;
  readonly p2pPort: number;
  /** The node's log (stderr and stdout), in full. */
  readonly logFile: string;
  private proc: ChildProcess | undefined;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private tail: string[] = [];
  private log: WriteStream | undefined;
  private killOnExit = () => this.proc?.kill("SIGKILL");
  /** Set once the API answered node.status. */
  token: string | undefined;

  private constructor(dir: string, bin: string, ports: number[], attempt: number) {
    this.dir = dir;
    this.home = path.join(dir, `home${attempt}`);
    this.bin = bin;
    [this.apiPort, this.rpcPort, this.p2pPort] = ports as [number, number, number];
    this.logFile = path.join(dir, `stegosd${attempt}.log`);
  }

  get apiHttpUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }
  get apiWsUrl(): string {
    return `ws://127.0.0.1:${this.apiPort}`;
  }
  get tokenFile(): string {
    return tokenFilePath(this.home);
  }

  /** Builds stegosd (unless STEGOSD_BIN is set) and starts a dev chain; resolves once it commits blocks. */
  static async start(opts: DevNodeOptions = {}): Promise<DevNode> {
    const dir = await mkdtemp(path.join(tmpdir(), "stegos-sdk-test-"));
    let bin = process.env["STEGOSD_BIN"];
    if (!bin) {
      bin = path.join(dir, "stegosd");
      try {
        await run("go", ["build", "-o", bin, "./cmd/stegosd"], findRepoRoot(), opts.buildTimeoutMs ?? 15 * 60_000);
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    }
    // The free ports are released before stegosd binds them, so another
    // process can take one meanwhile: then start again on other ports.
    for (let attempt = 1; ; attempt++) {
      const node = new DevNode(dir, bin, await freePorts(3), attempt);
      try {
        await node.spawn(opts.blockInterval ?? "500ms");
        await node.waitForBlocks(opts.startTimeoutMs ?? 60_000);
        return node;
      } catch (e) {
        const portTaken = /address already in use/i.test(node.logTail(200));
        await node.kill();
        if (!portTaken || attempt >= 3) {
          await node.cleanup();
          throw e;
        }
      }
    }
  }

  private spawn(blockInterval: string): Promise<void> {
    const args = [
      "dev",
      "--home", this.home,
      "--rpc-listen", `127.0.0.1:${this.rpcPort}`,
      "--p2p-listen", `127.0.0.1:${this.p2pPort}`,
      "--api-listen", `127.0.0.1:${this.apiPort}`,
      "--consensus-timeout-commit", blockInterval,
    ];
    this.log = createWriteStream(this.logFile);
    this.log.write(`$ ${this.bin} ${args.join(" ")}\n`);
    const proc = spawn(this.bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.proc = proc;
    process.on("exit", this.killOnExit);
    const keep = (d: Buffer) => {
      this.log?.write(d);
      this.tail.push(...d.toString().split("\n").filter((l) => l !== ""));
      if (this.tail.length > 300) this.tail.splice(0, this.tail.length - 200);
    };
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    proc.on("exit", (code, signal) => {
      this.exited = { code, signal };
    });
    return new Promise((resolve, reject) => {
      proc.once("spawn", resolve);
      proc.once("error", (e) => reject(new Error(`start ${this.bin}: ${e.message}`)));
    });
  }

  /** The last lines the node logged. */
  logTail(lines = 40): string {
    return this.tail.slice(-lines).join("\n");
  }

  /** Throws, with the node's log, if the node has exited. */
  checkAlive(): void {
    if (this.exited) {
      throw new Error(
        `stegosd exited (${this.exited.signal ?? `exit ${this.exited.code}`}); its last log lines:\n${this.logTail()}`,
      );
    }
  }

  /** Wraps an error with the node's recent log, to explain a failure. */
  explain(e: unknown): Error {
    const msg = e instanceof Error ? e.message : String(e);
    return new Error(`${msg}\n--- stegosd log (last lines; full log: ${this.logFile}) ---\n${this.logTail()}`, { cause: e });
  }

  /** The latest height CometBFT's RPC reports, or undefined before the first block. */
  async cometHeight(): Promise<number | undefined> {
    const res = await fetch(`http://127.0.0.1:${this.rpcPort}/status`, { signal: AbortSignal.timeout(5_000) });
    const j = (await res.json()) as { result?: { sync_info?: { latest_block_height?: string } } };
    const h = Number(j.result?.sync_info?.latest_block_height);
    return Number.isFinite(h) ? h : undefined;
  }

  private async waitForBlocks(timeoutMs: number): Promise<void> {
    try {
      await waitFor(
        "the dev chain to commit its first block (CometBFT RPC /status)",
        async () => {
          this.checkAlive();
          const h = await this.cometHeight();
          return h !== undefined && h >= 1;
        },
        { timeoutMs },
      );
    } catch (e) {
      throw this.explain(e);
    }
  }

  /**
   * Waits until <home>/api.token exists and the API answers node.status;
   * returns the status. Sets `token`.
   */
  async waitForApi(timeoutMs = 60_000): Promise<NodeStatus> {
    try {
      return await waitFor(
        `the API on ${this.apiHttpUrl} to answer node.status`,
        async () => {
          this.checkAlive();
          const token = await readTokenFile(this.tokenFile);
          const status = await new HttpClient({ url: this.apiHttpUrl, token, timeoutMs: 5_000 }).nodeStatus();
          this.token = token;
          return status;
        },
        { timeoutMs },
      );
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** Stops the node (see kill) and removes the temporary directory unless SDK_TEST_KEEP=1. */
  async stop(graceMs = 15_000): Promise<{ killed: boolean; code: number | null; signal: NodeJS.Signals | null } | undefined> {
    const r = await this.kill(graceMs);
    await this.cleanup();
    return r;
  }

  /** Stops the node: SIGTERM, then SIGKILL after graceMs; killed tells whether SIGKILL was needed. */
  async kill(graceMs = 15_000): Promise<{ killed: boolean; code: number | null; signal: NodeJS.Signals | null } | undefined> {
    const proc = this.proc;
    let result: { killed: boolean; code: number | null; signal: NodeJS.Signals | null } | undefined;
    if (proc) {
      let killed = false;
      if (!this.exited) {
        const done = new Promise<void>((r) => proc.once("exit", () => r()));
        proc.kill("SIGTERM");
        const timer = setTimeout(() => {
          killed = true;
          proc.kill("SIGKILL");
        }, graceMs);
        await done;
        clearTimeout(timer);
      }
      process.off("exit", this.killOnExit);
      result = { killed, code: this.exited?.code ?? null, signal: this.exited?.signal ?? null };
    }
    await new Promise<void>((r) => (this.log && !this.log.writableEnded ? this.log.end(r) : r()));
    return result;
  }

  /** Removes the temporary directory (binary, homes, logs) unless SDK_TEST_KEEP=1. */
  async cleanup(): Promise<void> {
    if (process.env["SDK_TEST_KEEP"] === "1") {
      console.error(`# kept ${this.dir}`);
    } else {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
