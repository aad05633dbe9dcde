// Package ledger defines the chain's transactions and outputs, their
// canonical binary encoding, and the stateless validation rules that wallets
// and nodes share.
//
// A transaction spends outputs by id and creates new ones. Confidential
// outputs hide their amount in a Pedersen commitment, proven in range by one
// aggregated Bulletproof per transaction, and carry a fixed-size encrypted
// payload, so a payment and a data packet look the same. Public and stake
// outputs show their amount. Balance is checked over commitments:
//
//	Σ C(inputs) = Σ C(outputs) + fee·H + gamma·G
//
// where gamma, the sum of input blindings minus the sum of output blindings,
// is published in the transaction. One Schnorr signature over the
// MuSig-weighted sum of the inputs' one-time keys proves ownership of every
// input (docs/adr/0011-transaction-format.md, docs/spec/ledger.md).
//
// Every rejection carries a Kind (see errors.go) so nodes, wallets and tests
// can tell the reasons apart.
package ledger
