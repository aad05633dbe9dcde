// The Stegos JSON-RPC 2.0 API contract, mirrored from the Go package
// github.com/stegos-go/stegos/api (methods.go, types.go, errors.go).
//
// Field names are the Go `json:"..."` tags. A field tagged `omitempty` is
// optional here (the node leaves it out when it is zero). time.Time values
// are RFC 3339 strings. Amounts are integers in µSTG (1 STG = 1,000,000
// µSTG); the whole supply stays below 2^53 µSTG, so JavaScript numbers hold
// them exactly. Heights are block heights; identifiers (transaction and
// output ids, hashes) are lowercase hex.
import { CodeInvalidApp, CodePacketTooLarge, MethodBusMessages, MethodBusOutbox, MethodBusSend, TopicBusPacket, } from "./bus.js";
import { CodeNotAllowed, MethodChatChannelsCreate, MethodChatChannelsJoin, MethodChatChannelsList, MethodChatChannelsPost, MethodChatContactsAdd, MethodChatContactsList, MethodChatContactsRemove, MethodChatGroupsCreate, MethodChatGroupsInvite, MethodChatGroupsJoin, MethodChatGroupsLeave, MethodChatGroupsList, MethodChatGroupsRemove, MethodChatGroupsSend, MethodChatHistory, MethodChatInvite, MethodChatSend, TopicChatMessage, } from "./chat.js";
/** µSTG in one STG. */
export const MicroPerSTG = 1_000_000;
// ---------------------------------------------------------------------------
// Method names (api/methods.go).
export const MethodNodeStatus = "node.status";
export const MethodChainBlock = "chain.block";
export const MethodChainTx = "chain.tx";
export const MethodChainValidators = "chain.validators";
export const MethodChainAwardPool = "chain.awardPool";
export const MethodChainAwards = "chain.awards";
export const MethodWalletCreateAccount = "wallet.createAccount";
export const MethodWalletRecoverAccount = "wallet.recoverAccount";
export const MethodWalletImportViewOnly = "wallet.importViewOnly";
export const MethodWalletListAccounts = "wallet.listAccounts";
export const MethodWalletUnlock = "wallet.unlock";
export const MethodWalletLock = "wallet.lock";
export const MethodWalletChangePassword = "wallet.changePassword";
export const MethodWalletDeleteAccount = "wallet.deleteAccount";
export const MethodWalletAddress = "wallet.address";
export const MethodWalletBalance = "wallet.balance";
export const MethodWalletSyncStatus = "wallet.syncStatus";
export const MethodWalletViewKey = "wallet.viewKey";
export const MethodWalletSend = "wallet.send";
export const MethodWalletEstimateFee = "wallet.estimateFee";
export const MethodWalletHistory = "wallet.history";
export const MethodWalletPaymentProof = "wallet.paymentProof";
export const MethodWalletVerifyPaymentProof = "wallet.verifyPaymentProof";
export const MethodWalletStake = "wallet.stake";
export const MethodWalletUnstake = "wallet.unstake";
export const MethodWalletStakes = "wallet.stakes";
export const MethodWalletWithdrawRewards = "wallet.withdrawRewards";
export const MethodWalletUnjail = "wallet.unjail";
/**
 * subscribe and unsubscribe work over WebSocket only; a notification
 * arrives as {"method":"subscription","params":{"subscription":ID,"result":PAYLOAD}}.
 */
export const MethodSubscribe = "subscribe";
export const MethodUnsubscribe = "unsubscribe";
/**
 * auth authenticates a WebSocket opened without an Authorization header
 * (browsers); it must be the first message.
 */
export const MethodAuth = "auth";
/** rpc.discover returns the OpenRPC document. */
export const MethodDiscover = "rpc.discover";
/** The method name of subscription notifications sent by the node. */
export const MethodSubscriptionNotification = "subscription";
/** Every method name, by its Go constant's name. */
export const Methods = {
    NodeStatus: MethodNodeStatus,
    ChainBlock: MethodChainBlock,
    ChainTx: MethodChainTx,
    ChainValidators: MethodChainValidators,
    ChainAwardPool: MethodChainAwardPool,
    ChainAwards: MethodChainAwards,
    WalletCreateAccount: MethodWalletCreateAccount,
    WalletRecoverAccount: MethodWalletRecoverAccount,
    WalletImportViewOnly: MethodWalletImportViewOnly,
    WalletListAccounts: MethodWalletListAccounts,
    WalletUnlock: MethodWalletUnlock,
    WalletLock: MethodWalletLock,
    WalletChangePassword: MethodWalletChangePassword,
    WalletDeleteAccount: MethodWalletDeleteAccount,
    WalletAddress: MethodWalletAddress,
    WalletBalance: MethodWalletBalance,
    WalletSyncStatus: MethodWalletSyncStatus,
    WalletViewKey: MethodWalletViewKey,
    WalletSend: MethodWalletSend,
    WalletEstimateFee: MethodWalletEstimateFee,
    WalletHistory: MethodWalletHistory,
    WalletPaymentProof: MethodWalletPaymentProof,
    WalletVerifyPaymentProof: MethodWalletVerifyPaymentProof,
    WalletStake: MethodWalletStake,
    WalletUnstake: MethodWalletUnstake,
    WalletStakes: MethodWalletStakes,
    WalletWithdrawRewards: MethodWalletWithdrawRewards,
    WalletUnjail: MethodWalletUnjail,
    BusSend: MethodBusSend,
    BusMessages: MethodBusMessages,
    BusOutbox: MethodBusOutbox,
    ChatContactsAdd: MethodChatContactsAdd,
    ChatContactsList: MethodChatContactsList,
    ChatContactsRemove: MethodChatContactsRemove,
    ChatSend: MethodChatSend,
    ChatHistory: MethodChatHistory,
    ChatInvite: MethodChatInvite,
    ChatGroupsCreate: MethodChatGroupsCreate,
    ChatGroupsInvite: MethodChatGroupsInvite,
    ChatGroupsJoin: MethodChatGroupsJoin,
    ChatGroupsRemove: MethodChatGroupsRemove,
    ChatGroupsLeave: MethodChatGroupsLeave,
    ChatGroupsSend: MethodChatGroupsSend,
    ChatGroupsList: MethodChatGroupsList,
    ChatChannelsCreate: MethodChatChannelsCreate,
    ChatChannelsPost: MethodChatChannelsPost,
    ChatChannelsJoin: MethodChatChannelsJoin,
    ChatChannelsList: MethodChatChannelsList,
    Subscribe: MethodSubscribe,
    Unsubscribe: MethodUnsubscribe,
    Auth: MethodAuth,
    Discover: MethodDiscover,
};
// ---------------------------------------------------------------------------
// Subscription topics (api/methods.go).
/** Delivers a NewBlockEvent for every committed block. */
export const TopicNewBlock = "chain.newBlock";
/** Delivers a BalanceEvent when an account's balance changes. */
export const TopicBalance = "wallet.balance";
/**
 * Delivers a TxStatusEvent when a wallet transaction changes status
 * (pending, confirmed, retried, failed).
 */
export const TopicTxStatus = "wallet.txStatus";
/** Delivers a SyncEvent (a SyncStatus) while an account scans the chain. */
export const TopicSync = "wallet.sync";
/** Every subscription topic. */
export const Topics = [TopicNewBlock, TopicBalance, TopicTxStatus, TopicSync, TopicBusPacket, TopicChatMessage];
/** Where the API listens unless configured otherwise. */
export const DefaultAddr = "127.0.0.1:3145";
/** The name of the API token file in a node's home. */
export const TokenFile = "api.token";
// ---------------------------------------------------------------------------
// Error codes (api/errors.go). The -326xx and -32700 codes are JSON-RPC
// 2.0's; -32001…-32007 are transport and load errors of the server; -32010 and below
// are application errors a caller can branch on.
export const CodeParseError = -32700;
export const CodeInvalidRequest = -32600;
export const CodeMethodNotFound = -32601;
export const CodeInvalidParams = -32602;
export const CodeInternal = -32603;
/** A missing or wrong API token. */
export const CodeUnauthorized = -32001;
/** The method needs another transport (subscriptions over HTTP). */
export const CodeTransport = -32002;
/** Too many WebSocket connections. */
export const CodeTooManyConnections = -32003;
/** The request body is over the size limit. */
export const CodeTooLarge = -32004;
/** The connection made calls over the request rate. */
export const CodeRateLimited = -32005;
/** Too many subscriptions on this connection. */
export const CodeTooManySubscriptions = -32006;
/**
 * The server is running as many password checks (argon2id key derivations:
 * create, recover, unlock, …) as it allows at once; try again in a moment.
 */
export const CodeBusy = -32007;
/** The password does not unlock the account. */
export const CodeWrongPassword = -32010;
/** The account must be unlocked first (wallet.unlock). */
export const CodeLocked = -32011;
/** No account has this name or id. */
export const CodeAccountNotFound = -32012;
/** An account with this name or these keys exists. */
export const CodeAccountExists = -32013;
/** Available funds do not cover amount and fee; data is an InsufficientFundsData. */
export const CodeInsufficientFunds = -32014;
/** The address does not parse or is for another network; the message says why. */
export const CodeInvalidAddress = -32015;
/** The account has not scanned up to the chain tip yet; data is a SyncStatus. */
export const CodeSyncing = -32016;
/** A view-only account cannot spend. */
export const CodeViewOnly = -32017;
/** No such block, transaction or output. */
export const CodeNotFound = -32018;
/** The node rejected the transaction; the message has the ledger's reason. */
export const CodeTxRejected = -32019;
/** The recovery phrase is wrong (unknown word, bad checksum); the message names the problem. */
export const CodeInvalidPhrase = -32020;
/** A payment proof does not decode or does not verify. */
export const CodeInvalidProof = -32021;
/** The node the wallet uses cannot be reached. */
export const CodeNodeUnavailable = -32022;
/**
 * A staking operation is not possible now (the account does not own the
 * validator, the stake is still locked, no rewards, not jailed or jailed too
 * recently); the message says which.
 */
export const CodeStaking = -32023;
/** Every error code, by its Go constant's name. */
export const ErrorCodes = {
    ParseError: CodeParseError,
    InvalidRequest: CodeInvalidRequest,
    MethodNotFound: CodeMethodNotFound,
    InvalidParams: CodeInvalidParams,
    Internal: CodeInternal,
    Unauthorized: CodeUnauthorized,
    Transport: CodeTransport,
    TooManyConnections: CodeTooManyConnections,
    TooLarge: CodeTooLarge,
    RateLimited: CodeRateLimited,
    TooManySubscriptions: CodeTooManySubscriptions,
    Busy: CodeBusy,
    WrongPassword: CodeWrongPassword,
    Locked: CodeLocked,
    AccountNotFound: CodeAccountNotFound,
    AccountExists: CodeAccountExists,
    InsufficientFunds: CodeInsufficientFunds,
    InvalidAddress: CodeInvalidAddress,
    Syncing: CodeSyncing,
    ViewOnly: CodeViewOnly,
    NotFound: CodeNotFound,
    TxRejected: CodeTxRejected,
    InvalidPhrase: CodeInvalidPhrase,
    InvalidProof: CodeInvalidProof,
    NodeUnavailable: CodeNodeUnavailable,
    Staking: CodeStaking,
    PacketTooLarge: CodePacketTooLarge,
    InvalidApp: CodeInvalidApp,
    NotAllowed: CodeNotAllowed,
};
/** Broadcast, not yet in a block. */
export const StatusPending = "pending";
/** In a block. */
export const StatusConfirmed = "confirmed";
/** Dropped by the node, being resubmitted. */
export const StatusRetrying = "retrying";
/** Rejected; its inputs were released. */
export const StatusFailed = "failed";
/** Transaction statuses in history and TxStatusEvent. */
export const TxStatuses = [StatusPending, StatusConfirmed, StatusRetrying, StatusFailed];
