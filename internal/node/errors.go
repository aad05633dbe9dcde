package node

import (
	"errors"
	"fmt"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrHomeLocked means another process (usually another stegosd) has the
	// home's databases open.
	ErrHomeLocked = errors.New("data directory is in use by another process")
	// ErrCorrupt means stored data exists but does not decode.
	ErrCorrupt = errors.New("corrupt data")
	// ErrGenesisMismatch means the genesis file describes another chain
	// than the one in the data directory.
	ErrGenesisMismatch = errors.New("genesis does not match the data directory")
)

// FileError is a problem with one file or directory of a home.
type FileError struct {
	What string // what the file is, e.g. "genesis file"
	Path string
	Err  error
}

// Error formats as "<what> <path>: <err>".
func (e *FileError) Error() string { return fmt.Sprintf("%s %s: %v", e.What, e.Path, e.Err) }

// Unwrap returns the cause, so errors.Is(err, fs.ErrNotExist) works.
func (e *FileError) Unwrap() error { return e.Err }
