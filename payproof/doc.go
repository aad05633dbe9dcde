// Package payproof makes and checks payment proofs: short tokens a wallet
// hands to anyone (a merchant, an exchange, an arbiter) to show that a
// transaction paid an address, how much, and with which memo, without
// giving away any key.
//
// # Kinds
//
// A sender proof (Create) is made by the payer from the output's tx secret
// r, which the wallet recomputes from its spend key, the transaction's
// inputs and the random salt of that build (kept in its records and in the
// sender's note, internal/wallet, ADR 0017); txbuilder.TxSecret derives
// unsalted secrets for builders that never rebuild a payment. A receipt (CreateReceipt) is made
// by the recipient from its view key. Both reveal the output's stealth
// shared secret S together with a discrete-log-equality proof that S is
// genuine (crypto/stealth.PaymentProof); with S the verifier opens the
// output's payload and checks that the amount and blinding factor in it open
// the output's Pedersen commitment. A proof therefore discloses the amount
// and memo of that one output, to whoever holds the proof, and nothing about
// the wallet's other outputs; it does not let anyone spend.
//
// # Text form
//
// A proof is one bech32m (BIP 350) string with the prefix "stgproof1",
// without bech32's 90-character limit, about 335 characters long:
// copy-pasteable as one word, accepted in either case, and with a checksum
// that catches typos and truncation. It encodes 200 bytes:
//
//	offset  size  field
//	0       1     version (1)
//	1       1     network (1 mainnet, 2 testnet, 3 dev)
//	2       32    transaction id
//	34      4     output index, uint32 little endian
//	38      65    address (stealth binary encoding)
//	103     97    stealth payment proof (kind ‖ S ‖ c ‖ z)
//
// # Verifying
//
// Verify needs the transaction the proof names, as the chain has it. It
// checks that the transaction is the one named, that the output is
// confidential, the discrete-log-equality proof, and the payload against
// the commitment. It does not check that the transaction is valid or
// confirmed: fetch it from a node you trust, or check its inclusion.
package payproof
