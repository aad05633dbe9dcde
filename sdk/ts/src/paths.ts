// Where a stegosd home is and how to read its API token. The rules mirror
// internal/config.DefaultHome and cmd/stegosd's homeDir.

import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import * as path from "node:path";

import { TokenFile } from "./types.js";

/** The environment variable that sets the home directory (config.EnvHome). */
export const EnvHome = "STEGOS_HOME";

/** The subdirectory of the default home that `stegosd dev` uses. */
export const DevSubdir = "dev";

/** The subdirectory of the default home that `stegosd localnet` uses. */
export const LocalnetSubdir = "localnet";

/** Where defaultHome looks; the defaults are the process's. */
export interface HomeLookup {
  env?: Record<string, string | undefined>;
  /** The user's home directory; os.homedir() by default. */
  userHome?: () => string;
}

/**
 * The home directory stegosd uses when --home is not given: $STEGOS_HOME,
 * else $XDG_DATA_HOME/stegos, else ~/.local/share/stegos. As the XDG
 * specification asks, a relative $XDG_DATA_HOME is ignored. The result is
 * absolute, as stegosd makes it.
 */
export function defaultHome(lookup: HomeLookup = {}): string {
  const env = lookup.env ?? process.env;
  const stegosHome = env[EnvHome];
  if (stegosHome) {
    return path.resolve(stegosHome);
  }
  const xdg = env["XDG_DATA_HOME"];
  if (xdg && path.isAbsolute(xdg)) {
    return path.join(xdg, "stegos");
  }
  const u = (lookup.userHome ?? homedir)();
  if (!u) {
    throw new Error("cannot find a home directory: set STEGOS_HOME or XDG_DATA_HOME");
  }
  return path.join(u, ".local", "share", "stegos");
}

/**
 * The home of `stegosd dev` without --home: <default home>/dev. Note that
 * stegosd appends "dev" to $STEGOS_HOME too.
 */
export function defaultDevHome(lookup: HomeLookup = {}): string {
  return path.join(defaultHome(lookup), DevSubdir);
}

/** The API token file of a home: <home>/api.token. */
export function tokenFilePath(home: string): string {
  return path.join(home, TokenFile);
}

/**
 * The token files tried when a client is given neither a token nor a token
 * file, in order: the default home's (`stegosd start`), then the dev home's
 * (`stegosd dev`).
 */
export function defaultTokenFiles(lookup: HomeLookup = {}): string[] {
  return [tokenFilePath(defaultHome(lookup)), tokenFilePath(defaultDevHome(lookup))];
}

/**
 * Reads an API token file (<home>/api.token): 64 hex digits, surrounding
 * white space ignored. It fails with a message that names the file when the
 * file is missing or does not hold a token.
 */
export async function readTokenFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new Error(`API token file ${file} does not exist: is stegosd running with the API enabled, and is this its home?`, {
        cause: e,
      });
    }
    throw new Error(`read API token file ${file}: ${(e as Error).message}`, { cause: e });
  }
  const token = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(token)) {
    throw new Error(`${file} does not hold a 64-digit hex API token`);
  }
  return token;
}

/**
 * Finds the token: the given token, else the given token file, else the
 * first of defaultTokenFiles() that exists.
 */
export async function resolveToken(opts: { token?: string; tokenFile?: string; home?: string }): Promise<string> {
  if (opts.token !== undefined) {
    return opts.token;
  }
  if (opts.tokenFile !== undefined) {
    return readTokenFile(opts.tokenFile);
  }
  if (opts.home !== undefined) {
    return readTokenFile(tokenFilePath(opts.home));
  }
  const files = defaultTokenFiles();
  const errors: string[] = [];
  for (const f of files) {
    try {
      return await readTokenFile(f);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  throw new Error(`no API token given and none found: ${errors.join("; ")}`);
}
