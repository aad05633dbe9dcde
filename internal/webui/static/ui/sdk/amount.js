// Conversions between STG (decimal text, as people write it) and µSTG (the
// integers of the API), exact: no floating-point arithmetic on amounts.
import { MicroPerSTG } from "./types.js";
const decimals = 6;
/**
 * Parses an amount of STG such as "1.5" or "0.000001" into µSTG. Rejects
 * negative amounts, more than 6 decimals and amounts above
 * Number.MAX_SAFE_INTEGER µSTG.
 */
export function parseSTG(text) {
    const m = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(text);
    if (!m) {
        throw new RangeError(`not an amount of STG: ${JSON.stringify(text)}`);
    }
    const frac = m[2] ?? "";
    if (frac.length > decimals) {
        throw new RangeError(`${text}: STG has at most ${decimals} decimals`);
    }
    const micro = BigInt(m[1]) * BigInt(MicroPerSTG) + BigInt((frac + "0".repeat(decimals)).slice(0, decimals));
    if (micro > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new RangeError(`${text} STG is too large`);
    }
    return Number(micro);
}
/** Formats µSTG as STG, with no trailing zeros: 1500000 → "1.5". */
export function formatSTG(micro) {
    if (!Number.isSafeInteger(micro)) {
        throw new RangeError(`not a whole number of µSTG: ${micro}`);
    }
    const neg = micro < 0;
    const abs = BigInt(Math.abs(micro));
    const whole = abs / BigInt(MicroPerSTG);
    const frac = (abs % BigInt(MicroPerSTG)).toString().padStart(decimals, "0").replace(/0+$/, "");
    return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}
