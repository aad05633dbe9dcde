// Package keystore keeps secrets at rest in a password-protected file:
// argon2id (RFC 9106) stretches the password into a key, and
// XChaCha20-Poly1305 encrypts and authenticates the payload.
//
// # File format, version 1
//
// All integers are big-endian.
//
//	offset  size  field
//	0       8     magic "STEGOSKS"
//	8       1     version = 1
//	9       4     argon2id passes t
//	13      4     argon2id memory m, in KiB
//	17      1     argon2id lanes p
//	18      32    salt
//	50      24    nonce
//	74      4     n = length of the ciphertext (plaintext + 16-byte tag)
//	78      n     XChaCha20-Poly1305(key, nonce, plaintext, AAD = bytes 0..78)
//	78+n    32    SHA-256 of bytes 0..78+n
//
// key = argon2id(password, salt, t, m, p, 32 bytes). The whole header is the
// AEAD's associated data, so no field can be changed without the password.
// The trailing SHA-256 is not a secret check: it tells accidental damage
// (a truncated copy, a flipped bit on disk) apart from a wrong password, and
// it is checked before the expensive key derivation.
//
// # Errors
//
// Decrypt returns ErrWrongPassword when the file is intact but the AEAD
// rejects the password. Every problem with the file itself matches
// ErrInvalidFile, with a more specific error for each cause: ErrNotKeystore,
// ErrUnsupportedVersion, ErrTruncated, ErrTrailingData, ErrBadParams,
// ErrTooLarge, ErrChecksum.
//
// # Limits
//
// ParseHeader checks the argon2id parameters against hard bounds (memory
// 8 MiB to 4 GiB, at most 16 passes, 1 to 255 lanes) and the ciphertext
// length against MaxPlaintextSize before anything is allocated or derived,
// so a hostile file cannot make a reader allocate without bound or spin.
//
// Derived keys are wiped after use. Decrypt's result belongs to the caller,
// who should clear it when done.
package keystore
