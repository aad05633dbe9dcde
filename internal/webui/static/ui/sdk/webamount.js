// Amounts as a wallet screen shows them: always 6 decimals, so columns of
// figures line up and µSTG are never hidden. Exact: no floating point.
import { MicroPerSTG } from "./types.js";
/** Formats µSTG as STG with exactly 6 decimals: 1234500000 → "1234.500000". */
export function formatSTGFixed(micro) {
    if (!Number.isSafeInteger(micro)) {
        throw new RangeError(`not a whole number of µSTG: ${micro}`);
    }
    const neg = micro < 0;
    const abs = BigInt(Math.abs(micro));
    const whole = abs / BigInt(MicroPerSTG);
    const frac = (abs % BigInt(MicroPerSTG)).toString().padStart(6, "0");
    return `${neg ? "-" : ""}${whole}.${frac}`;
}
/**
 * Groups the whole part of a decimal amount in thousands with thin spaces
 * for reading ("1000000.5" → "1 000 000.5"); the text stays parseable by
 * removing them.
 */
export function groupThousands(amount) {
    const m = /^(-?)(\d+)(\.\d*)?$/.exec(amount);
    if (!m)
        return amount;
    return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009")}${m[3] ?? ""}`;
}
