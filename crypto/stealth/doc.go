// Package stealth implements stealth addresses with separate view and spend
// keys over ristretto255: a payer derives, for every output, a one-time key
// that only the recipient can recognise and spend, so outputs paid to one
// address cannot be linked to it or to each other.
//
// # Keys and addresses
//
// A wallet holds a view scalar a and a spend scalar b; its address is
// (A = a·G, B = b·G). Whoever holds a and B (a ViewKey) can find the wallet's
// outputs and decrypt their payloads but cannot spend them; spending needs b
// too (Keys). The address text is bech32m (BIP 350) with a per-network prefix
// (stg mainnet, stt testnet, dev dev) over 65 bytes: a version byte (0), A
// and B. It is 114 characters long; at that length the checksum detects every
// substitution of up to three characters.
//
// # Outputs
//
// For output i of a transaction the payer draws a fresh r and publishes
//
//	R   = r·G                                                  tx key
//	S   = r·A  (the recipient computes a·R)                    shared secret
//	P   = Hs("stegos/v1/stealth/onetime", S, i)·G + B          one-time key
//	tag = SHA-512("stegos/v1/stealth/viewtag", S, i)[0]         view tag
//
// with Hs and the tagged SHA-512 framed as in package schnorr (every input
// length-prefixed) and i a 4-byte little-endian uint32. The recipient spends
// P with the one-time private key x = Hs(S, i) + b. The payload key seed is
// SHA-512("stegos/v1/stealth/payload-key", S, i)[:32] (see package payload).
//
// # Scanning
//
// ViewKey.Scan computes S = a·R (one variable-base scalar multiplication),
// rejects the output unless the view tag matches (255 of 256 foreign outputs
// stop there), and only then derives P and compares it with the output's.
// Comparisons of values derived from secrets are constant time.
//
// # Payment proofs
//
// A PaymentProof reveals one output's S with a Chaum–Pedersen
// (discrete-log-equality) proof that it is genuine, so that anyone holding
// the output, its index and the address can check that the output pays the
// address and can open its payload. The payer proves log_G(R) = log_A(S)
// with r (ProvePayment; NewOutputWithSecret lets it choose r so it can
// recompute it later), the recipient log_G(A) = log_R(S) with a
// (ViewKey.ProveReceipt). The Fiat–Shamir challenge
// Hs("stegos/v1/stealth/payproof", ...) binds the kind, both bases, both
// points, the output (R, P, view tag), its index and the address.
//
// Private key types redact themselves when printed.
package stealth
