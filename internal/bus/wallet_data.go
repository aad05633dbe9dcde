package bus

import "github.com/stegos-go/stegos/internal/wallet"

// MaxFragmentsPerTx is how many fragments one transaction carries:
// wallet.MaxDataOutputs, the outputs of a transaction less the change.
const MaxFragmentsPerTx = wallet.MaxDataOutputs

// DataOutput is a data output an account received, as the wallet records
// it.
type DataOutput = wallet.DataOutput

// defaultVerify checks signatures made by Wallet.SignData.
var defaultVerify VerifyFunc = wallet.VerifyData

var _ Wallet = (*wallet.Service)(nil)
