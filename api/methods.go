package api

import _ "embed"

// Method names, by namespace.
const (
	MethodNodeStatus = "node.status"

	MethodChainBlock = "chain.block"
	MethodChainTx    = "chain.tx"

	MethodChainValidators = "chain.validators"
	MethodChainAwardPool  = "chain.awardPool"
	MethodChainAwards     = "chain.awards"

	MethodWalletCreateAccount      = "wallet.createAccount"
	MethodWalletRecoverAccount     = "wallet.recoverAccount"
	MethodWalletImportViewOnly     = "wallet.importViewOnly"
	MethodWalletListAccounts       = "wallet.listAccounts"
	MethodWalletUnlock             = "wallet.unlock"
	MethodWalletLock               = "wallet.lock"
	MethodWalletChangePassword     = "wallet.changePassword"
	MethodWalletDeleteAccount      = "wallet.deleteAccount"
	MethodWalletAddress            = "wallet.address"
	MethodWalletBalance            = "wallet.balance"
	MethodWalletSyncStatus         = "wallet.syncStatus"
	MethodWalletViewKey            = "wallet.viewKey"
	MethodWalletSend               = "wallet.send"
	MethodWalletEstimateFee        = "wallet.estimateFee"
	MethodWalletHistory            = "wallet.history"
	MethodWalletPaymentProof       = "wallet.paymentProof"
	MethodWalletVerifyPaymentProof = "wallet.verifyPaymentProof"

	MethodWalletStake           = "wallet.stake"
	MethodWalletUnstake         = "wallet.unstake"
	MethodWalletStakes          = "wallet.stakes"
	MethodWalletWithdrawRewards = "wallet.withdrawRewards"
	MethodWalletUnjail          = "wallet.unjail"

	// MethodSubscribe and MethodUnsubscribe work over WebSocket only; a
	// notification arrives as {"method":"subscription","params":
	// {"subscription":ID,"result":PAYLOAD}}.
	MethodSubscribe   = "subscribe"
	MethodUnsubscribe = "unsubscribe"
	// MethodAuth authenticates a WebSocket opened without an Authorization
	// header (browsers); it must be the first message.
	MethodAuth = "auth"
	// MethodDiscover returns the OpenRPC document.
	MethodDiscover = "rpc.discover"
)

// Subscription topics and the type of their notification payloads.
const (
	// TopicNewBlock delivers a NewBlockEvent for every committed block.
	TopicNewBlock = "chain.newBlock"
	// TopicBalance delivers a BalanceEvent when an account's balance changes.
	TopicBalance = "wallet.balance"
	// TopicTxStatus delivers a TxStatusEvent when a wallet transaction
	// changes status (pending, confirmed, retried, failed).
	TopicTxStatus = "wallet.txStatus"
	// TopicSync delivers a SyncEvent while an account scans the chain.
	TopicSync = "wallet.sync"
)

// Topics lists every subscription topic.
var Topics = []string{TopicNewBlock, TopicBalance, TopicTxStatus, TopicSync, TopicBusPacket, TopicChatMessage}

// OpenRPC is the committed OpenRPC 1.2 document of the API (openrpc.json).
//
//go:embed openrpc.json
var OpenRPC []byte

// DefaultAddr is where the API listens unless configured otherwise.
const DefaultAddr = "127.0.0.1:3145"

// TokenFile is the name of the API token file in a node's home.
const TokenFile = "api.token"

// Version is the version of the API contract, in the OpenRPC document's
// info object. It changes when a method, type or error code does.
const Version = "0.6.0"
