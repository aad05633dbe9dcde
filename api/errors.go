package api

import "fmt"

// JSON-RPC error codes. The -326xx and -32700 codes are JSON-RPC 2.0's;
// -32001…-32007 are transport and load errors of the server; -32010 and
// below are application errors a caller can branch on.
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternal       = -32603

	CodeUnauthorized         = -32001
	CodeTransport            = -32002
	CodeTooManyConnections   = -32003
	CodeTooLarge             = -32004
	CodeRateLimited          = -32005
	CodeTooManySubscriptions = -32006
	// CodeBusy: the server is running as many password checks (argon2id
	// key derivations) as it allows at once; retry in a moment. Nothing
	// was done.
	CodeBusy = -32007

	// CodeWrongPassword: the password does not unlock the account.
	CodeWrongPassword = -32010
	// CodeLocked: the account must be unlocked first (wallet.unlock).
	CodeLocked = -32011
	// CodeAccountNotFound: no account has this name or id.
	CodeAccountNotFound = -32012
	// CodeAccountExists: an account with this name or these keys exists.
	CodeAccountExists = -32013
	// CodeInsufficientFunds: available funds do not cover amount and fee;
	// Data is an InsufficientFundsData.
	CodeInsufficientFunds = -32014
	// CodeInvalidAddress: the address does not parse or is for another
	// network; the message says why.
	CodeInvalidAddress = -32015
	// CodeSyncing: the account has not scanned up to the chain tip yet;
	// Data is a SyncStatus.
	CodeSyncing = -32016
	// CodeViewOnly: a view-only account cannot spend.
	CodeViewOnly = -32017
	// CodeNotFound: no such block, transaction or output.
	CodeNotFound = -32018
	// CodeTxRejected: the node rejected the transaction; the message has
	// the ledger's reason.
	CodeTxRejected = -32019
	// CodeInvalidPhrase: the recovery phrase is wrong (unknown word, bad
	// checksum); the message names the problem.
	CodeInvalidPhrase = -32020
	// CodeInvalidProof: a payment proof does not decode or does not verify.
	CodeInvalidProof = -32021
	// CodeNodeUnavailable: the node the wallet uses cannot be reached.
	CodeNodeUnavailable = -32022
	// CodeStaking: a staking operation is not possible now (the account
	// does not own the validator, the stake is still locked, no rewards,
	// not jailed or jailed too recently); the message says which.
	CodeStaking = -32023
	// CodePacketTooLarge: a bus packet's data is over 65 536 bytes.
	CodePacketTooLarge = -32024
	// CodeInvalidApp: a bus app name is not 1 to 32 bytes of a-z, 0-9,
	// '.', '_' and '-'.
	CodeInvalidApp = -32025
	// CodeNotAllowed: the account's role does not allow this chat
	// operation (only a group's owner and admins invite and remove, only a
	// channel's owner posts); the message says which.
	CodeNotAllowed = -32026
)

// Error is a JSON-RPC error object as the server sends it and the Go client
// returns it.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	// Data is optional structured detail (see the codes above).
	Data any `json:"data,omitempty"`
}

// Error implements error.
func (e *Error) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// InsufficientFundsData is the Data of CodeInsufficientFunds.
type InsufficientFundsData struct {
	Available uint64 `json:"available"`
	Needed    uint64 `json:"needed"`
	// Pending is what will become available when pending transactions
	// confirm.
	Pending uint64 `json:"pending"`
}
