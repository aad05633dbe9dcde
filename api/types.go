package api

import "time"

// NodeStatus is the result of node.status.
type NodeStatus struct {
	// Network is "dev", "testnet" or "mainnet"; ChainID the CometBFT chain id.
	Network string `json:"network"`
	ChainID string `json:"chainId"`
	// Height, BlockHash and BlockTime describe the latest committed block.
	Height    int64     `json:"height"`
	BlockHash string    `json:"blockHash"`
	BlockTime time.Time `json:"blockTime"`
	// CatchingUp is true while the node syncs blocks from peers.
	CatchingUp bool   `json:"catchingUp"`
	Peers      int    `json:"peers"`
	Version    string `json:"version"`
	// Supply is the µSTG in unspent outputs after the latest block.
	Supply uint64 `json:"supply"`
}

// BlockParams selects a block; a zero Height means the latest.
type BlockParams struct {
	Height int64 `json:"height,omitempty"`
}

// Block is the result of chain.block.
type Block struct {
	Height   int64     `json:"height"`
	Hash     string    `json:"hash"`
	Time     time.Time `json:"time"`
	Proposer string    `json:"proposer"`
	// Txs are the block's transactions that the ledger accepted, in order.
	Txs []Tx `json:"txs"`
}

// TxParams names a transaction by its id (64 hex digits).
type TxParams struct {
	ID string `json:"id"`
}

// Tx is a transaction as the chain shows it: amounts of confidential
// outputs are hidden.
type Tx struct {
	ID string `json:"id"`
	// Height is the block that includes it; Index its position there.
	Height        int64      `json:"height"`
	Index         int        `json:"index"`
	Time          time.Time  `json:"time"`
	Confirmations int64      `json:"confirmations"`
	Fee           uint64     `json:"fee"`
	Size          int        `json:"size"`
	Inputs        []string   `json:"inputs"`
	Outputs       []TxOutput `json:"outputs"`
}

// TxOutput is one output of a transaction.
type TxOutput struct {
	ID string `json:"id"`
	// Kind is "confidential", "public" or "stake".
	Kind string `json:"kind"`
	// Amount is set for public and stake outputs only.
	Amount *uint64 `json:"amount,omitempty"`
}

// Account describes a wallet account.
type Account struct {
	// ID is a stable short id derived from the address (16 hex digits).
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Address string    `json:"address"`
	Created time.Time `json:"created"`
	// ViewOnly accounts see incoming funds but cannot spend.
	ViewOnly bool `json:"viewOnly"`
	// Locked means the spend key is not in memory: the account cannot
	// spend. After a node start every account is locked and does not scan
	// until wallet.unlock; one locked later with wallet.lock keeps scanning.
	Locked bool `json:"locked"`
	// ScannedHeight is the last block the account has scanned.
	ScannedHeight int64 `json:"scannedHeight"`
}

// AccountParams names an account by name or id; empty means the first
// account (the oldest).
type AccountParams struct {
	Account string `json:"account,omitempty"`
}

// CreateAccountParams are the params of wallet.createAccount.
type CreateAccountParams struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// CreateAccountResult carries the new account and its 24-word recovery
// phrase, which the node never shows again.
type CreateAccountResult struct {
	Account Account `json:"account"`
	Phrase  string  `json:"phrase"`
}

// RecoverAccountParams are the params of wallet.recoverAccount. The
// account starts unlocked and rescans the chain from the first block;
// progress is reported by wallet.syncStatus and the wallet.sync topic.
type RecoverAccountParams struct {
	Name     string `json:"name"`
	Phrase   string `json:"phrase"`
	Password string `json:"password"`
}

// ImportViewOnlyParams are the params of wallet.importViewOnly: the
// account's address and its secret view key (64 hex digits).
type ImportViewOnlyParams struct {
	Name     string `json:"name"`
	Address  string `json:"address"`
	ViewKey  string `json:"viewKey"`
	Password string `json:"password"`
}

// UnlockParams are the params of wallet.unlock.
type UnlockParams struct {
	Account  string `json:"account,omitempty"`
	Password string `json:"password"`
}

// ChangePasswordParams are the params of wallet.changePassword.
type ChangePasswordParams struct {
	Account     string `json:"account,omitempty"`
	Password    string `json:"password"`
	NewPassword string `json:"newPassword"`
}

// DeleteAccountParams are the params of wallet.deleteAccount; the password
// confirms the deletion.
type DeleteAccountParams struct {
	Account  string `json:"account"`
	Password string `json:"password"`
}

// DeleteAccountResult says where the account's files went: they are moved
// to the wallet's trash directory, never destroyed.
type DeleteAccountResult struct {
	Trash string `json:"trash"`
}

// ViewKeyParams are the params of wallet.viewKey; the password confirms
// the export.
type ViewKeyParams struct {
	Account  string `json:"account,omitempty"`
	Password string `json:"password"`
}

// ViewKeyResult is an account's secret view key (64 hex digits) with its
// address: together they make a view-only account (wallet.importViewOnly)
// that sees every payment to the address and can spend nothing.
type ViewKeyResult struct {
	Account string `json:"account"`
	Address string `json:"address"`
	ViewKey string `json:"viewKey"`
}

// AddressResult is the result of wallet.address.
type AddressResult struct {
	Account string `json:"account"`
	Address string `json:"address"`
}

// Balance is the result of wallet.balance, in µSTG.
type Balance struct {
	Account string `json:"account"`
	// Available can be spent now: confirmed outputs not reserved by a
	// pending transaction.
	Available uint64 `json:"available"`
	// Pending is on its way in and not yet in a block: outputs to this
	// account seen in the node's mempool, and change of its own pending
	// transactions.
	Pending uint64 `json:"pending"`
	// Locked is confirmed but reserved as inputs of pending transactions;
	// it is released if they fail.
	Locked uint64 `json:"locked"`
	// Staked is bonded to validators in the account's stake outputs.
	Staked uint64 `json:"staked"`
	// ScannedHeight is the block the figures are correct for.
	ScannedHeight int64 `json:"scannedHeight"`
}

// SyncStatus is the result of wallet.syncStatus and the payload of the
// wallet.sync topic.
type SyncStatus struct {
	Account       string `json:"account"`
	ScannedHeight int64  `json:"scannedHeight"`
	ChainHeight   int64  `json:"chainHeight"`
	// Synced is true when the account has scanned the latest block.
	Synced bool `json:"synced"`
	// State is "synced", "scanning", "locked" or "waiting for node"; Reason
	// explains the last two.
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// SendParams are the params of wallet.send. Fee zero means the minimum fee.
type SendParams struct {
	// Account pays; the first account when empty.
	Account string `json:"account,omitempty"`
	// To is the recipient's address.
	To string `json:"to"`
	// Amount is the µSTG to pay.
	Amount uint64 `json:"amount"`
	// Memo is a private note only the recipient can read (at most 493 bytes).
	Memo string `json:"memo,omitempty"`
	// Fee is the µSTG fee; 0 or absent pays the minimum for the size.
	Fee uint64 `json:"fee,omitempty"`
}

// EstimateFeeParams are the params of wallet.estimateFee.
type EstimateFeeParams struct {
	// Account pays; the first account when empty.
	Account string `json:"account,omitempty"`
	// Amount is the µSTG to pay.
	Amount uint64 `json:"amount"`
}

// FeeEstimate is what wallet.send would spend for the amount now.
type FeeEstimate struct {
	Account string `json:"account"`
	Amount  uint64 `json:"amount"`
	// Fee is the minimum fee in µSTG for the transaction's size.
	Fee uint64 `json:"fee"`
	// Inputs and Outputs count the transaction's inputs and outputs (a
	// payment and the change); Size is its encoded size in bytes.
	Inputs  int `json:"inputs"`
	Outputs int `json:"outputs"`
	Size    int `json:"size"`
}

// SendResult is the result of wallet.send: the transaction was accepted
// into the node's mempool and is pending.
type SendResult struct {
	TxID   string `json:"txId"`
	Amount uint64 `json:"amount"`
	Fee    uint64 `json:"fee"`
	Status string `json:"status"`
}

// Transaction statuses in history and TxStatusEvent.
const (
	StatusPending   = "pending"   // broadcast, not yet in a block
	StatusConfirmed = "confirmed" // in a block
	StatusRetrying  = "retrying"  // dropped by the node, being resubmitted
	StatusFailed    = "failed"    // rejected; its inputs were released
)

// HistoryParams are the params of wallet.history: the most recent Limit
// entries (default 100) after skipping Offset.
type HistoryParams struct {
	Account string `json:"account,omitempty"`
	Limit   int    `json:"limit,omitempty"`
	Offset  int    `json:"offset,omitempty"`
}

// HistoryEntry is one transaction that touched an account.
type HistoryEntry struct {
	TxID string `json:"txId"`
	// Direction is "in" (received), "out" (sent) or "self" (to itself).
	Direction string `json:"direction"`
	// Kind is empty for a payment, or "stake", "unstake", "withdraw"
	// (validator rewards), "unjail", "restored" (an output a restore
	// found in the UTXO set after the retention window: no transaction id,
	// time or memo) or "data" (message-bus data this account sent: direction
	// "out", nothing sent but the fee, one payment row naming the
	// recipient with amount 0; data received makes no entry).
	Kind   string `json:"kind,omitempty"`
	Status string `json:"status"`
	// Reason explains a failed or retrying status.
	Reason        string    `json:"reason,omitempty"`
	Height        int64     `json:"height,omitempty"`
	Time          time.Time `json:"time"`
	Confirmations int64     `json:"confirmations"`
	// Received is what came in to this account (change excluded); Sent what
	// went to others; Fee what the account paid (outgoing only).
	Received uint64 `json:"received"`
	Sent     uint64 `json:"sent"`
	Fee      uint64 `json:"fee"`
	// Payments lists the outputs: for "in", the ones received; for "out",
	// the ones paid, with the recipient's address.
	Payments []Payment `json:"payments"`
	// Attempts counts submissions of an outgoing transaction.
	Attempts int `json:"attempts,omitempty"`
}

// Payment is one output of a history entry.
type Payment struct {
	Index   uint32 `json:"index"`
	Address string `json:"address,omitempty"`
	Amount  uint64 `json:"amount"`
	Memo    string `json:"memo,omitempty"`
}

// PaymentProofParams are the params of wallet.paymentProof: a transaction
// this account sent and the output to prove (default: its first payment).
type PaymentProofParams struct {
	Account string  `json:"account,omitempty"`
	TxID    string  `json:"txId"`
	Index   *uint32 `json:"index,omitempty"`
}

// PaymentProof is the result of wallet.paymentProof.
type PaymentProof struct {
	// Proof is the text anyone can check with wallet.verifyPaymentProof.
	Proof   string `json:"proof"`
	TxID    string `json:"txId"`
	Index   uint32 `json:"index"`
	Address string `json:"address"`
	Amount  uint64 `json:"amount"`
	Memo    string `json:"memo,omitempty"`
}

// VerifyPaymentProofParams are the params of wallet.verifyPaymentProof.
type VerifyPaymentProofParams struct {
	Proof string `json:"proof"`
}

// PaymentProofCheck is what a verified proof shows: Amount µSTG (and Memo)
// went to Address in transaction TxID, confirmed at Height.
type PaymentProofCheck struct {
	Valid         bool   `json:"valid"`
	TxID          string `json:"txId"`
	Index         uint32 `json:"index"`
	Address       string `json:"address"`
	Amount        uint64 `json:"amount"`
	Memo          string `json:"memo,omitempty"`
	Height        int64  `json:"height"`
	Confirmations int64  `json:"confirmations"`
}

// NewBlockEvent is the payload of the chain.newBlock topic.
type NewBlockEvent struct {
	Height int64     `json:"height"`
	Hash   string    `json:"hash"`
	Time   time.Time `json:"time"`
	Txs    int       `json:"txs"`
}

// BalanceEvent is the payload of the wallet.balance topic.
type BalanceEvent struct {
	Balance
	Name string `json:"name"`
}

// TxStatusEvent is the payload of the wallet.txStatus topic.
type TxStatusEvent struct {
	Account string `json:"account"`
	TxID    string `json:"txId"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
	Height  int64  `json:"height,omitempty"`
}

// Validator is one validator as chain.validators shows it.
type Validator struct {
	// Key is the ed25519 consensus public key (hex); Address its CometBFT
	// address (hex); VRFKey the key of its beacon contributions.
	Key     string `json:"key"`
	Address string `json:"address"`
	VRFKey  string `json:"vrfKey"`
	// Stake is the µSTG bonded to it; Power its voting power in CometBFT.
	Stake uint64 `json:"stake"`
	Power int64  `json:"power"`
	// Rewards is what it has earned and not withdrawn, in µSTG.
	Rewards uint64 `json:"rewards"`
	// Active is true while it is in the validator set, since ActiveSince.
	Active      bool  `json:"active"`
	ActiveSince int64 `json:"activeSince,omitempty"`
	// Jailed validators are out of the set (downtime) until they unjail;
	// tombstoned ones (double signing) for good.
	Jailed     bool  `json:"jailed"`
	JailedAt   int64 `json:"jailedAt,omitempty"`
	Tombstoned bool  `json:"tombstoned"`
	// PeriodSigned and PeriodMissed count the blocks of the current award
	// period it signed and missed; Eligible says whether it would be in the
	// draw if the period ended now.
	PeriodSigned int64 `json:"periodSigned"`
	PeriodMissed int64 `json:"periodMissed"`
	Eligible     bool  `json:"eligible"`
	// UnjailAt is the first height at which a jailed, not tombstoned
	// validator may unjail.
	UnjailAt int64 `json:"unjailAt,omitempty"`
	// Owner is the key registered by its first stake, which authorizes
	// withdrawing its rewards and unjailing it (hex; empty for a genesis
	// validator without stake); Nonce counts those operations.
	Owner string `json:"owner,omitempty"`
	Nonce uint64 `json:"nonce"`
}

// Validators is the result of chain.validators.
type Validators struct {
	Height int64 `json:"height"`
	// Epoch is the current epoch; NextEpoch the height at which the set
	// changes next.
	Epoch      int64       `json:"epoch"`
	NextEpoch  int64       `json:"nextEpoch"`
	Validators []Validator `json:"validators"`
}

// AwardPool is the result of chain.awardPool: the Validator Service Award.
type AwardPool struct {
	Height int64 `json:"height"`
	// Pool is what the next winner gets so far, in µSTG.
	Pool uint64 `json:"pool"`
	// PeriodStart and NextDraw bound the current award period.
	PeriodStart int64 `json:"periodStart"`
	NextDraw    int64 `json:"nextDraw"`
	// SeedHeight is the block whose beacon seeds the next draw.
	SeedHeight int64 `json:"seedHeight"`
	// Minted, Awarded and Slashed are totals since genesis, in µSTG.
	Minted  uint64 `json:"minted"`
	Awarded uint64 `json:"awarded"`
	Slashed uint64 `json:"slashed"`
	// Beacon is the randomness beacon after the latest block (hex).
	Beacon string `json:"beacon"`
}

// AwardsParams are the params of chain.awards: the most recent Limit draws
// (default 20).
type AwardsParams struct {
	Limit int `json:"limit,omitempty"`
}

// Award is one draw of the Validator Service Award.
type Award struct {
	// Height is the last block of the award period.
	Height int64 `json:"height"`
	// Winner is the consensus key drawn (hex), empty when nobody was
	// eligible; Amount what it won, in µSTG.
	Winner   string `json:"winner,omitempty"`
	Amount   uint64 `json:"amount"`
	Eligible int    `json:"eligible"`
	// Seed is the beacon value the draw used (hex).
	Seed string `json:"seed"`
}

// StakeParams are the params of wallet.stake: bond Amount to a validator.
type StakeParams struct {
	// Account stakes and owns the stake; the first account when empty.
	Account string `json:"account,omitempty"`
	// Validator is the validator's token (stgval1…, as `stegosd
	// validator-info` prints it), which its first stake needs; for a
	// validator already staked, also its consensus key (hex) or a unique
	// prefix of it (at least 4 hex digits).
	Validator string `json:"validator"`
	// VRFKey is optional (the token carries the VRF key): if given, it must
	// be the validator's.
	VRFKey string `json:"vrfKey,omitempty"`
	// Amount is the µSTG to bond; a validator's first stake must be at
	// least the network's minimum stake.
	Amount uint64 `json:"amount"`
	// Fee is the µSTG fee; 0 or absent pays the minimum.
	Fee uint64 `json:"fee,omitempty"`
	// Force stakes even to a validator that another account owns (its
	// rewards go to that owner), that is jailed or that is tombstoned;
	// without it such a stake is refused with the reason.
	Force bool `json:"force,omitempty"`
}

// UnstakeParams are the params of wallet.unstake: spend unlocked stake
// outputs back into the account's balance.
type UnstakeParams struct {
	Account string `json:"account,omitempty"`
	// Validator limits the unstake to one validator: its key (hex) or a
	// unique prefix of it.
	Validator string `json:"validator,omitempty"`
	// Amount is the µSTG to unbond; 0 or absent unbonds every unlocked
	// stake. A part of an output is unbonded by bonding the rest anew
	// (which starts a new lock for the rest).
	Amount uint64 `json:"amount,omitempty"`
	Fee    uint64 `json:"fee,omitempty"`
	// All allows an unstake without Validator to spend more than one
	// stake output (of any validators); without either, such an unstake
	// is refused with the list of the validators.
	All bool `json:"all,omitempty"`
}

// StakesParams are the params of wallet.stakes.
type StakesParams struct {
	Account string `json:"account,omitempty"`
}

// Stakes is the result of wallet.stakes: the account's stake outputs and
// the validators it owns.
type Stakes struct {
	Account string `json:"account"`
	// Height is the chain height the lock states refer to.
	Height int64       `json:"height"`
	Stakes []StakeInfo `json:"stakes"`
	// Validators are the validators whose owner key is the account's:
	// their rewards are the account's to withdraw.
	Validators []Validator `json:"validators"`
}

// StakeInfo is one stake output of an account.
type StakeInfo struct {
	ID        string `json:"id"`
	TxID      string `json:"txId"`
	Validator string `json:"validator"`
	Amount    uint64 `json:"amount"`
	// Height is the block that bonded it; UnlockHeight the first block in
	// which it may be spent.
	Height       int64 `json:"height"`
	UnlockHeight int64 `json:"unlockHeight"`
	Unlocked     bool  `json:"unlocked"`
	// Pending is true while a transaction of the account spends it.
	Pending bool `json:"pending,omitempty"`
}

// WithdrawRewardsParams are the params of wallet.withdrawRewards.
type WithdrawRewardsParams struct {
	Account string `json:"account,omitempty"`
	// Validator is the validator whose rewards to withdraw: its key (hex)
	// or a unique prefix of it; it may be empty when the account owns
	// exactly one.
	Validator string `json:"validator,omitempty"`
	// Amount is the µSTG to withdraw (the fee is paid from it); 0 or
	// absent withdraws everything accrued.
	Amount uint64 `json:"amount,omitempty"`
}

// UnjailParams are the params of wallet.unjail.
type UnjailParams struct {
	Account string `json:"account,omitempty"`
	// Validator is the jailed validator: its key (hex) or a unique prefix
	// of it; it may be empty when the account owns exactly one.
	Validator string `json:"validator,omitempty"`
}
