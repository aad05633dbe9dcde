package bulletproofs

import "errors"

// Sentinel errors. Functions wrap them with detail (which field, which
// statement), so test them with errors.Is.
var (
	// ErrInvalidProof is returned when a proof, or a batch of proofs, does
	// not verify against its commitments and context.
	ErrInvalidProof = errors.New("bulletproofs: invalid proof")

	// ErrProofLength is returned by Decode for a length that is not one of
	// ProofSize(1), ProofSize(2), ProofSize(4), ProofSize(8), ProofSize(16).
	ErrProofLength = errors.New("bulletproofs: invalid proof length")

	// ErrNonCanonicalScalar is returned by Decode for a scalar encoding that
	// is not reduced modulo the group order ℓ.
	ErrNonCanonicalScalar = errors.New("bulletproofs: non-canonical scalar encoding")

	// ErrInvalidPoint is returned by Decode for a 32-byte string that is not
	// the canonical encoding of a ristretto255 element (RFC 9496 §4.3.1).
	ErrInvalidPoint = errors.New("bulletproofs: invalid or non-canonical point encoding")

	// ErrAggregationSize is returned when the number of values or
	// commitments is not between 1 and MaxAggregation.
	ErrAggregationSize = errors.New("bulletproofs: number of values must be between 1 and 16")

	// ErrSizeMismatch is returned by Verify and BatchVerify when a proof was
	// made for a different (padded) number of values than the number of
	// commitments given.
	ErrSizeMismatch = errors.New("bulletproofs: proof size does not match the number of commitments")

	// ErrInvalidInput is returned for nil proofs, commitments or blindings,
	// and for values and blindings of different lengths.
	ErrInvalidInput = errors.New("bulletproofs: invalid input")
)
