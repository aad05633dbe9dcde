package txbuilder

import (
	"encoding/binary"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// TagTxSecret is the purpose under which TxSecret derives tx secrets from
// a spend key (stealth.SpendKey.DeriveScalar).
const TagTxSecret = "stegos/v1/wallet/txsecret"

// TxSecret returns the tx secret r of the output at position index of a
// transaction that spends inputs (their ids in transaction order), derived
// from the wallet's spend key:
//
//	r = spend.DeriveScalar("stegos/v1/wallet/txsecret", id_1, ..., id_n, index)
//
// with index as 4 little-endian bytes. A wallet builds with
//
//	Options{TxSecret: func(i uint32) *ristretto255.Scalar { return TxSecret(spend, ids, i) }}
//
// and later recomputes r from its spend key and the transaction's Inputs
// to prove a payment (package payproof). An output is spent only once, so
// no two confirmed transactions share inputs and no r repeats on chain.
//
// A wallet that builds a second, different transaction from the same inputs
// (to replace one that did not confirm) gets the same secrets again; if that
// transaction pays the same address at the same position, the two outputs
// share their one-time key and payload key, and anyone who sees both
// payloads learns the XOR of their plaintexts. Replace a transaction with
// random secrets (Options.TxSecret nil), or rebuild it identically. The
// wallet (internal/wallet) therefore mixes a fresh random salt, stored
// before broadcast, into every build's secrets instead of using TxSecret.
func TxSecret(spend *stealth.SpendKey, inputs []ledger.OutputID, index uint32) *ristretto255.Scalar {
	parts := make([][]byte, 0, len(inputs)+1)
	for i := range inputs {
		parts = append(parts, inputs[i][:])
	}
	var ib [4]byte
	binary.LittleEndian.PutUint32(ib[:], index)
	parts = append(parts, ib[:])
	return spend.DeriveScalar(TagTxSecret, parts...)
}
