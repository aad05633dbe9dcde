package bus

import (
	"time"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// MaxFragmentsPerTx is how many data outputs one transaction carries
// (wallet.MaxDataOutputs: ledger.MaxOutputs less the change).
const MaxFragmentsPerTx = 15

// DataOutput is a data output an account received (wallet.DataOutput).
type DataOutput struct {
	ID     ledger.OutputID
	TxID   ledger.TxID
	Index  uint32
	Height int64
	Time   time.Time
	Data   []byte
}

// defaultVerify stands for wallet.VerifyData until the wallet has it:
// it verifies nothing, so signed packets are dropped unless Config.Verify
// is set.
var defaultVerify VerifyFunc = func(stealth.Address, string, []byte, [64]byte) bool { return false }
