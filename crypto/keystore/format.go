package keystore

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

const (
	// Magic starts every keystore file.
	Magic = "STEGOSKS"
	// Version is the format version this package writes and reads.
	Version = 1

	// SaltSize, NonceSize, HeaderSize, TagSize and ChecksumSize are the
	// fixed sizes of the format, in bytes.
	SaltSize     = 32
	NonceSize    = 24
	HeaderSize   = 78
	TagSize      = 16
	ChecksumSize = sha256.Size

	// MaxPlaintextSize bounds the secret a file can hold.
	MaxPlaintextSize = 16 << 20

	maxCiphertext = MaxPlaintextSize + TagSize
	// MaxFileSize is the size of the largest valid file.
	MaxFileSize = HeaderSize + maxCiphertext + ChecksumSize
)

// Header is the fixed-size start of a keystore file.
type Header struct {
	Version       uint8
	Params        Params
	Salt          [SaltSize]byte
	Nonce         [NonceSize]byte
	CiphertextLen uint32
}

// ParseHeader decodes and checks the header at the start of file: magic,
// version, argon2id parameters and ciphertext length. It reads only the
// first HeaderSize bytes and allocates nothing else.
func ParseHeader(file []byte) (*Header, error) {
	if len(file) < len(Magic) || string(file[:len(Magic)]) != Magic {
		if len(file) < len(Magic) && bytes.HasPrefix([]byte(Magic), file) {
			return nil, ErrTruncated
		}
		return nil, ErrNotKeystore
	}
	if len(file) < HeaderSize {
		return nil, ErrTruncated
	}
	h := &Header{Version: file[8]}
	if h.Version != Version {
		return nil, fmt.Errorf("%w %d (this build reads version %d)", ErrUnsupportedVersion, h.Version, Version)
	}
	h.Params = Params{
		Time:        binary.BigEndian.Uint32(file[9:13]),
		MemoryKiB:   binary.BigEndian.Uint32(file[13:17]),
		Parallelism: file[17],
	}
	if d := h.Params.outOfBounds(); d != "" {
		return nil, fmt.Errorf("%w: %w: %s", ErrInvalidFile, ErrBadParams, d)
	}
	copy(h.Salt[:], file[18:50])
	copy(h.Nonce[:], file[50:74])
	h.CiphertextLen = binary.BigEndian.Uint32(file[74:78])
	if h.CiphertextLen < TagSize {
		return nil, fmt.Errorf("%w: ciphertext of %d bytes is shorter than its tag", ErrInvalidFile, h.CiphertextLen)
	}
	if h.CiphertextLen > maxCiphertext {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, h.CiphertextLen-TagSize)
	}
	return h, nil
}

// Encode returns the HeaderSize-byte encoding of h.
func (h *Header) Encode() []byte { return h.AppendEncode(make([]byte, 0, HeaderSize)) }

// AppendEncode appends the encoding of h to b.
func (h *Header) AppendEncode(b []byte) []byte {
	b = append(b, Magic...)
	b = append(b, h.Version)
	b = binary.BigEndian.AppendUint32(b, h.Params.Time)
	b = binary.BigEndian.AppendUint32(b, h.Params.MemoryKiB)
	b = append(b, h.Params.Parallelism)
	b = append(b, h.Salt[:]...)
	b = append(b, h.Nonce[:]...)
	return binary.BigEndian.AppendUint32(b, h.CiphertextLen)
}

// parseFile checks the whole file's structure and checksum and returns its
// header and ciphertext (aliasing file). It does not touch the password.
func parseFile(file []byte) (*Header, []byte, error) {
	h, err := ParseHeader(file)
	if err != nil {
		return nil, nil, err
	}
	end := HeaderSize + int(h.CiphertextLen)
	switch {
	case len(file) < end+ChecksumSize:
		return nil, nil, ErrTruncated
	case len(file) > end+ChecksumSize:
		return nil, nil, ErrTrailingData
	}
	sum := sha256.Sum256(file[:end])
	if !bytes.Equal(sum[:], file[end:]) {
		return nil, nil, ErrChecksum
	}
	return h, file[HeaderSize:end], nil
}
