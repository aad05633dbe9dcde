/**
 * Parses an amount of STG such as "1.5" or "0.000001" into µSTG. Rejects
 * negative amounts, more than 6 decimals and amounts above
 * Number.MAX_SAFE_INTEGER µSTG.
 */
export declare function parseSTG(text: string): number;
/** Formats µSTG as STG, with no trailing zeros: 1500000 → "1.5". */
export declare function formatSTG(micro: number): string;
