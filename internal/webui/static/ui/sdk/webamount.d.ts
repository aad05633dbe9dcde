/** Formats µSTG as STG with exactly 6 decimals: 1234500000 → "1234.500000". */
export declare function formatSTGFixed(micro: number): string;
/**
 * Groups the whole part of a decimal amount in thousands with thin spaces
 * for reading ("1000000.5" → "1 000 000.5"); the text stays parseable by
 * removing them.
 */
export declare function groupThousands(amount: string): string;
