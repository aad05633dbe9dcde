/** An RFC 3339 timestamp, as Go's time.Time marshals to JSON. */
export type Timestamp = string;
