package payload

import (
	"errors"
	"fmt"
)

// Errors from Seal, Open and DecodePlaintext. Callers branch with errors.Is.
var (
	// ErrSize means a sealed payload or a plaintext has the wrong length.
	ErrSize = errors.New("payload: wrong size")
	// ErrDecrypt means authentication failed: a wrong key, a payload moved
	// from another output, or a tampered ciphertext.
	ErrDecrypt = errors.New("payload: authentication failed (wrong key, wrong output or tampered ciphertext)")
	// ErrUnknownType means the type byte is not a defined Type.
	ErrUnknownType = errors.New("payload: unknown payload type")
	// ErrBlinding meant that the blinding factor in a plaintext was not a
	// canonical scalar.
	//
	// Deprecated: since ADR 0020 the plaintext holds no blinding factor (it
	// is derived: Blinding) and nothing returns ErrBlinding.
	ErrBlinding = errors.New("payload: blinding factor is not a canonical scalar")
	// ErrDataTooLong means the memo or data exceeds MaxDataSize.
	ErrDataTooLong = errors.New("payload: data too long")
	// ErrPadding means bytes after the data are not zero.
	ErrPadding = errors.New("payload: non-zero padding")
)

// DataTooLongError reports a memo or data packet too long for one payload.
type DataTooLongError struct {
	Len int // length offered
}

// Error implements error and names the maximum.
func (e *DataTooLongError) Error() string {
	return fmt.Sprintf("payload: data is %d bytes, the maximum is %d", e.Len, MaxDataSize)
}

// Is makes errors.Is(err, ErrDataTooLong) true.
func (e *DataTooLongError) Is(target error) bool { return target == ErrDataTooLong }
