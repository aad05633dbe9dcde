package keystore

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

const keySize = chacha20poly1305.KeySize

// kdf derives the file key. Tests substitute a cheap one; production code
// always uses argon2idKey.
type kdf func(password []byte, salt []byte, p Params) []byte

func argon2idKey(password, salt []byte, p Params) []byte {
	return argon2.IDKey(password, salt, p.Time, p.MemoryKiB, p.Parallelism, keySize)
}

// Encrypt seals plaintext under password in a new keystore file, with a
// fresh salt and nonce from rand (crypto/rand.Reader in production).
func Encrypt(rand io.Reader, password, plaintext []byte, params Params) ([]byte, error) {
	return encrypt(rand, password, plaintext, params, argon2idKey)
}

func encrypt(rand io.Reader, password, plaintext []byte, params Params, derive kdf) ([]byte, error) {
	if len(password) == 0 {
		return nil, ErrEmptyPassword
	}
	if err := params.Validate(); err != nil {
		return nil, err
	}
	if len(plaintext) > MaxPlaintextSize {
		return nil, fmt.Errorf("keystore: plaintext of %d bytes exceeds %d", len(plaintext), MaxPlaintextSize)
	}
	h := &Header{Version: Version, Params: params, CiphertextLen: uint32(len(plaintext) + TagSize)}
	if _, err := io.ReadFull(rand, h.Salt[:]); err != nil {
		return nil, fmt.Errorf("keystore: reading randomness: %w", err)
	}
	if _, err := io.ReadFull(rand, h.Nonce[:]); err != nil {
		return nil, fmt.Errorf("keystore: reading randomness: %w", err)
	}

	key := derive(password, h.Salt[:], params)
	defer clear(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}

	out := make([]byte, 0, HeaderSize+int(h.CiphertextLen)+ChecksumSize)
	out = h.AppendEncode(out)
	out = aead.Seal(out, h.Nonce[:], plaintext, out[:HeaderSize])
	sum := sha256.Sum256(out)
	return append(out, sum[:]...), nil
}

// Decrypt opens a keystore file. It returns ErrWrongPassword if the file is
// intact but password is not the one it was sealed with, and an error
// matching ErrInvalidFile if the file is damaged or not a keystore. The
// caller owns the plaintext and should clear it after use.
func Decrypt(password, file []byte) ([]byte, error) {
	return decrypt(password, file, argon2idKey)
}

func decrypt(password, file []byte, derive kdf) ([]byte, error) {
	h, ct, err := parseFile(file)
	if err != nil {
		return nil, err
	}
	key := derive(password, h.Salt[:], h.Params)
	defer clear(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	pt, err := aead.Open(nil, h.Nonce[:], ct, file[:HeaderSize])
	if err != nil {
		return nil, ErrWrongPassword
	}
	return pt, nil
}

// ChangePassword re-encrypts a keystore file under newPassword with fresh
// salt and nonce and the given params (pass DefaultParams to upgrade old
// files). The intermediate plaintext is wiped.
func ChangePassword(rand io.Reader, oldPassword, newPassword, file []byte, params Params) ([]byte, error) {
	return changePassword(rand, oldPassword, newPassword, file, params, argon2idKey)
}

func changePassword(rand io.Reader, oldPassword, newPassword, file []byte, params Params, derive kdf) ([]byte, error) {
	if len(newPassword) == 0 {
		return nil, ErrEmptyPassword
	}
	if err := params.Validate(); err != nil {
		return nil, err
	}
	pt, err := decrypt(oldPassword, file, derive)
	if err != nil {
		if errors.Is(err, ErrWrongPassword) {
			return nil, fmt.Errorf("keystore: old password: %w", err)
		}
		return nil, err
	}
	defer clear(pt)
	return encrypt(rand, newPassword, pt, params, derive)
}
