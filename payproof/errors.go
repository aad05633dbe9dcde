package payproof

import "errors"

// Errors from Parse and Decode. Callers branch with errors.Is; the returned
// errors add detail.
var (
	// ErrPrefix means the text does not start with "stgproof1": it is not a
	// payment proof (for example an address pasted by mistake).
	ErrPrefix = errors.New(`payproof: not a payment proof (it must start with "stgproof1")`)
	// ErrChecksum means the checksum does not match: the proof was mistyped
	// or not copied whole.
	ErrChecksum = errors.New("payproof: checksum mismatch, the proof was mistyped or not copied whole")
	// ErrEncoding means the text or the bytes are not a well-formed proof: a
	// character outside the bech32 alphabet, mixed case, a bech32 rather
	// than bech32m checksum, an unknown network, an invalid address or an
	// invalid stealth proof encoding.
	ErrEncoding = errors.New("payproof: malformed payment proof")
	// ErrLength means the proof holds too few or too many bytes: it was
	// truncated, or has data appended.
	ErrLength = errors.New("payproof: wrong length, the proof is truncated or has extra data")
	// ErrVersion means the proof has a version this software does not read.
	ErrVersion = errors.New("payproof: unknown proof version")
)

// Errors from Create, CreateReceipt and Verify.
var (
	// ErrTxMismatch means the transaction given is not the one the proof
	// names.
	ErrTxMismatch = errors.New("payproof: the proof is for another transaction")
	// ErrNotConfidential means the output is public or a stake: it has no
	// payload to open, and its amount is visible in the transaction.
	ErrNotConfidential = errors.New("payproof: the output is not confidential")
	// ErrInvalid means the proof does not hold for the transaction: it was
	// forged or altered, or names an output, address or network other than
	// the one it was made for. It wraps stealth.ErrInvalidProof when the
	// discrete-log-equality proof fails.
	ErrInvalid = errors.New("payproof: the proof is invalid")
	// ErrBadOutput means the proof is valid but the amount and blinding
	// factor of the output's core do not open its commitment: the payer
	// built a broken output, which the recipient cannot spend. (A payload
	// that does not open only makes the memo unreadable:
	// Result.MemoUnreadable.)
	ErrBadOutput = errors.New("payproof: the output's encrypted amount does not match its commitment, the recipient cannot spend it")
)
