// Package keys turns a 24-word recovery phrase into a wallet's keys.
//
// The chain of derivation, specified byte for byte in docs/spec/keys.md, is
//
//	256-bit entropy ⇄ 24 BIP-39 English words            (Mnemonic)
//	phrase, passphrase → 64-byte seed, PBKDF2-HMAC-SHA512 (Seed; BIP-39)
//	seed, index → spend scalar b, view scalar a            (Account)
//	seed, index → validator consensus and VRF key seeds   (Validator…)
//
// The phrase and seed steps are plain BIP-39, so the phrase can be checked
// with any BIP-39 tool; the step from seed to keys is ours (HKDF-SHA512 with
// "stegos/v1/..." labels) and is pinned by vectors in testdata.
//
// Only 24-word phrases are accepted: they carry 256 bits of entropy.
// Phrases are normalized before use (Unicode NFKD, lower case, any run of
// white space read as one separator), so "  Abandon   ABANDON ..." is the same
// phrase as "abandon abandon ...". The passphrase is normalized with NFKD
// only, as BIP-39 says.
//
// Validation errors say what is wrong in words a user can act on: the word
// count, or the position and spelling of an unknown word with the closest
// valid word, or a bad checksum. They quote what the user typed, so show them
// to that user and do not log them.
//
// Secrets never print: Mnemonic, Seed and AccountKeys redact themselves in
// fmt and log/slog output, and offer Zero to wipe their memory.
package keys
