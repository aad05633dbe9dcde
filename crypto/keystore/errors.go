package keystore

import (
	"errors"
	"fmt"
)

// ErrWrongPassword is returned when an intact file does not decrypt with the
// given password.
var ErrWrongPassword = errors.New("keystore: wrong password")

// ErrEmptyPassword is returned by Encrypt for an empty password.
var ErrEmptyPassword = errors.New("keystore: empty password")

// ErrInvalidFile is matched by every error about the file's bytes, as
// opposed to the password.
var ErrInvalidFile = errors.New("keystore: invalid keystore file")

// Specific causes; each matches ErrInvalidFile.
var (
	ErrNotKeystore        = fmt.Errorf("%w: not a Stegos keystore (bad magic)", ErrInvalidFile)
	ErrUnsupportedVersion = fmt.Errorf("%w: unsupported version", ErrInvalidFile)
	ErrTruncated          = fmt.Errorf("%w: file is truncated", ErrInvalidFile)
	ErrTrailingData       = fmt.Errorf("%w: data after the end of the file", ErrInvalidFile)
	ErrTooLarge           = fmt.Errorf("%w: payload larger than the format allows", ErrInvalidFile)
	ErrChecksum           = fmt.Errorf("%w: checksum mismatch, the file is damaged", ErrInvalidFile)
)
