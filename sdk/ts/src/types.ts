// The Stegos JSON-RPC 2.0 API contract, mirrored from the Go package
// github.com/stegos-go/stegos/api (methods.go, types.go, errors.go).
//
// Field names are the Go `json:"..."` tags. A field tagged `omitempty` is
// optional here (the node leaves it out when it is zero). time.Time values
// are RFC 3339 strings. Amounts are integers in µSTG (1 STG = 1,000,000
// µSTG); the whole supply stays below 2^53 µSTG, so JavaScript numbers hold
// them exactly. Heights are block heights; identifiers (transaction and
// output ids, hashes) are lowercase hex.

import type { Timestamp } from "./timestamp.js";
import {
  CodeInvalidApp,
  CodePacketTooLarge,
  MethodBusMessages,
  MethodBusOutbox,
  MethodBusSend,
  TopicBusPacket,
  type BusMessagesParams,
  type BusOutboxEntry,
  type BusOutboxParams,
  type BusPacket,
  type BusSendParams,
  type BusSendResult,
} from "./bus.js";
import {
  CodeNotAllowed,
  MethodChatChannelsCreate,
  MethodChatChannelsJoin,
  MethodChatChannelsList,
  MethodChatChannelsPost,
  MethodChatContactsAdd,
  MethodChatContactsList,
  MethodChatContactsRemove,
  MethodChatGroupsCreate,
  MethodChatGroupsInvite,
  MethodChatGroupsJoin,
  MethodChatGroupsLeave,
  MethodChatGroupsList,
  MethodChatGroupsRemove,
  MethodChatGroupsSend,
  MethodChatHistory,
  MethodChatInvite,
  MethodChatSend,
  TopicChatMessage,
  type ChatAccountParams,
  type ChatChannel,
  type ChatChannelCreateParams,
  type ChatChannelJoinParams,
  type ChatContact,
  type ChatContactParams,
  type ChatEvent,
  type ChatGroup,
  type ChatGroupCreateParams,
  type ChatGroupMemberParams,
  type ChatGroupParams,
  type ChatHistoryParams,
  type ChatInvite,
  type ChatInviteParams,
  type ChatMessage,
  type ChatSendParams,
} from "./chat.js";

/** µSTG in one STG. */
export const MicroPerSTG = 1_000_000;

export type { Timestamp } from "./timestamp.js";

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
} as const;

export type MethodName = (typeof Methods)[keyof typeof Methods];

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
export const Topics = [TopicNewBlock, TopicBalance, TopicTxStatus, TopicSync, TopicBusPacket, TopicChatMessage] as const;

export type Topic = (typeof Topics)[number];

/** The notification payload type of each topic. */
export interface TopicPayloads {
  [TopicNewBlock]: NewBlockEvent;
  [TopicBalance]: BalanceEvent;
  [TopicTxStatus]: TxStatusEvent;
  [TopicSync]: SyncEvent;
  [TopicBusPacket]: BusPacket;
  [TopicChatMessage]: ChatEvent;
}

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
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** A JSON-RPC error object as the server sends it. */
export interface RPCErrorObject {
  code: number;
  message: string;
  /** Optional structured detail (see the codes above). */
  data?: unknown;
}

/** The data of CodeInsufficientFunds. */
export interface InsufficientFundsData {
  available: number;
  needed: number;
  /** What will become available when pending transactions confirm. */
  pending: number;
}

// ---------------------------------------------------------------------------
// Enumerations that the Go contract documents as strings.

/** NodeStatus.network. */
export type Network = "dev" | "testnet" | "mainnet";

/** TxOutput.kind. */
export type OutputKind = "confidential" | "public" | "stake";

/** SyncStatus.state; reason explains the last two. */
export type SyncState = "synced" | "scanning" | "locked" | "waiting for node";

/** HistoryEntry.direction: received, sent, or sent to itself. */
export type Direction = "in" | "out" | "self";

/**
 * HistoryEntry.kind: absent for a payment; otherwise the staking operation
 * ("withdraw" withdraws validator rewards), "restored" (found in the UTXO
 * set after the retention window) or "data" (message-bus data sent: nothing
 * sent but the fee, one payment row naming the recipient with amount 0;
 * data received makes no entry).
 */
export type HistoryKind = "stake" | "unstake" | "withdraw" | "unjail" | "restored" | "data";

/** Broadcast, not yet in a block. */
export const StatusPending = "pending";
/** In a block. */
export const StatusConfirmed = "confirmed";
/** Dropped by the node, being resubmitted. */
export const StatusRetrying = "retrying";
/** Rejected; its inputs were released. */
export const StatusFailed = "failed";

/** Transaction statuses in history and TxStatusEvent. */
export const TxStatuses = [StatusPending, StatusConfirmed, StatusRetrying, StatusFailed] as const;

export type TxStatus = (typeof TxStatuses)[number];

// ---------------------------------------------------------------------------
// Params and results (api/types.go).

/** The result of node.status. */
export interface NodeStatus {
  /** "dev", "testnet" or "mainnet". */
  network: Network;
  /** The CometBFT chain id. */
  chainId: string;
  /** Height, blockHash and blockTime describe the latest committed block. */
  height: number;
  blockHash: string;
  blockTime: Timestamp;
  /** True while the node syncs blocks from peers. */
  catchingUp: boolean;
  peers: number;
  version: string;
  /** The µSTG in unspent outputs after the latest block. */
  supply: number;
}

/** Selects a block; a zero or missing height means the latest. */
export interface BlockParams {
  height?: number;
}

/** The result of chain.block. */
export interface Block {
  height: number;
  hash: string;
  time: Timestamp;
  proposer: string;
  /** The block's transactions that the ledger accepted, in order. */
  txs: Tx[];
}

/** Names a transaction by its id (64 hex digits). */
export interface TxParams {
  id: string;
}

/** A transaction as the chain shows it: amounts of confidential outputs are hidden. */
export interface Tx {
  id: string;
  /** The block that includes it. */
  height: number;
  /** Its position in the block. */
  index: number;
  time: Timestamp;
  confirmations: number;
  fee: number;
  size: number;
  inputs: string[];
  outputs: TxOutput[];
}

/** One output of a transaction. */
export interface TxOutput {
  id: string;
  /** "confidential", "public" or "stake". */
  kind: OutputKind;
  /** Set for public and stake outputs only. */
  amount?: number;
}

/** Describes a wallet account. */
export interface Account {
  /** A stable short id derived from the address (16 hex digits). */
  id: string;
  name: string;
  address: string;
  created: Timestamp;
  /** View-only accounts see incoming funds but cannot spend. */
  viewOnly: boolean;
  /** True until wallet.unlock; a locked account keeps its data but neither scans nor spends. */
  locked: boolean;
  /** The last block the account has scanned. */
  scannedHeight: number;
}

/** Names an account by name or id; empty or missing means the first (oldest) account. */
export interface AccountParams {
  account?: string;
}

/** The params of wallet.createAccount. */
export interface CreateAccountParams {
  name: string;
  password: string;
}

/** The new account and its 24-word recovery phrase, which the node never shows again. */
export interface CreateAccountResult {
  account: Account;
  phrase: string;
}

/**
 * The params of wallet.recoverAccount. The account starts unlocked and
 * rescans the chain from the first block; progress is reported by
 * wallet.syncStatus and the wallet.sync topic.
 */
export interface RecoverAccountParams {
  name: string;
  phrase: string;
  password: string;
}

/** The params of wallet.importViewOnly: the account's address and its secret view key (64 hex digits). */
export interface ImportViewOnlyParams {
  name: string;
  address: string;
  viewKey: string;
  password: string;
}

/** The params of wallet.unlock. */
export interface UnlockParams {
  account?: string;
  password: string;
}

/** The params of wallet.changePassword. */
export interface ChangePasswordParams {
  account?: string;
  password: string;
  newPassword: string;
}

/** The params of wallet.deleteAccount; the password confirms the deletion. */
export interface DeleteAccountParams {
  account: string;
  password: string;
}

/** Where the account's files went: they are moved to the wallet's trash directory, never destroyed. */
export interface DeleteAccountResult {
  trash: string;
}

/** The params of wallet.viewKey; the password confirms the export. */
export interface ViewKeyParams {
  account?: string;
  password: string;
}

/**
 * An account's secret view key (64 hex digits) with its address: together
 * they make a view-only account (wallet.importViewOnly) that sees every
 * payment to the address and can spend nothing.
 */
export interface ViewKeyResult {
  account: string;
  address: string;
  viewKey: string;
}

/** The params of wallet.estimateFee. */
export interface EstimateFeeParams {
  /** The account that pays; the first account when omitted. */
  account?: string;
  /** The µSTG to pay. */
  amount: number;
}

/** What wallet.send would spend for the amount now. */
export interface FeeEstimate {
  account: string;
  amount: number;
  /** The minimum fee in µSTG for the transaction's size. */
  fee: number;
  /** Inputs and outputs of the transaction (a payment and the change). */
  inputs: number;
  outputs: number;
  /** The encoded size in bytes. */
  size: number;
}

/** The result of wallet.address. */
export interface AddressResult {
  account: string;
  address: string;
}

/** The result of wallet.balance, in µSTG. */
export interface Balance {
  account: string;
  /** Can be spent now: confirmed outputs not reserved by a pending transaction. */
  available: number;
  /**
   * On its way in and not yet in a block: outputs to this account seen in
   * the node's mempool, and change of its own pending transactions.
   */
  pending: number;
  /** Confirmed but reserved as inputs of pending transactions; released if they fail. */
  locked: number;
  /** Bonded to validators in the account's stake outputs. */
  staked: number;
  /** The block the figures are correct for. */
  scannedHeight: number;
}

/** The result of wallet.syncStatus and the payload of the wallet.sync topic. */
export interface SyncStatus {
  account: string;
  scannedHeight: number;
  chainHeight: number;
  /** True when the account has scanned the latest block. */
  synced: boolean;
  /** "synced", "scanning", "locked" or "waiting for node"; reason explains the last two. */
  state: SyncState;
  reason?: string;
}

/** The params of wallet.send. A zero or missing fee means the minimum fee. */
export interface SendParams {
  account?: string;
  to: string;
  amount: number;
  memo?: string;
  fee?: number;
}

/** The result of wallet.send: the transaction was accepted into the node's mempool and is pending. */
export interface SendResult {
  txId: string;
  amount: number;
  fee: number;
  status: TxStatus;
}

/** The params of wallet.history: the most recent limit entries (default 100) after skipping offset. */
export interface HistoryParams {
  account?: string;
  limit?: number;
  offset?: number;
}

/** One transaction that touched an account. */
export interface HistoryEntry {
  txId: string;
  /** "in" (received), "out" (sent) or "self" (to itself). */
  direction: Direction;
  /** Absent for a payment, or "stake", "unstake", "withdraw" (validator rewards), "unjail" or "restored" (an output a restore found in the UTXO set after the retention window: no transaction id, time or memo). */
  kind?: HistoryKind;
  status: TxStatus;
  /** Explains a failed or retrying status. */
  reason?: string;
  height?: number;
  time: Timestamp;
  confirmations: number;
  /** What came in to this account (change excluded). */
  received: number;
  /** What went to others. */
  sent: number;
  /** What the account paid (outgoing only). */
  fee: number;
  /** The outputs: for "in", the ones received; for "out", the ones paid, with the recipient's address. */
  payments: Payment[];
  /** Counts submissions of an outgoing transaction. */
  attempts?: number;
}

/** One output of a history entry. */
export interface Payment {
  index: number;
  address?: string;
  amount: number;
  memo?: string;
}

/**
 * The params of wallet.paymentProof: a transaction this account sent and
 * the output to prove (default: its first payment).
 */
export interface PaymentProofParams {
  account?: string;
  txId: string;
  index?: number;
}

/** The result of wallet.paymentProof. */
export interface PaymentProof {
  /** The text anyone can check with wallet.verifyPaymentProof. */
  proof: string;
  txId: string;
  index: number;
  address: string;
  amount: number;
  memo?: string;
}

/** The params of wallet.verifyPaymentProof. */
export interface VerifyPaymentProofParams {
  proof: string;
}

/** What a verified proof shows: amount µSTG (and memo) went to address in transaction txId, confirmed at height. */
export interface PaymentProofCheck {
  valid: boolean;
  txId: string;
  index: number;
  address: string;
  amount: number;
  memo?: string;
  height: number;
  confirmations: number;
}

/** The payload of the chain.newBlock topic. */
export interface NewBlockEvent {
  height: number;
  hash: string;
  time: Timestamp;
  txs: number;
}

/** The payload of the wallet.balance topic: a Balance (embedded in Go) plus the account's name. */
export interface BalanceEvent extends Balance {
  name: string;
}

/** The payload of the wallet.txStatus topic. */
export interface TxStatusEvent {
  account: string;
  txId: string;
  status: TxStatus;
  reason?: string;
  height?: number;
}

/** The payload of the wallet.sync topic. */
export type SyncEvent = SyncStatus;

/** The params of subscribe. */
export interface SubscribeParams {
  topic: string;
}

/** The params of unsubscribe. */
export interface UnsubscribeParams {
  id: string;
}

/** The params of auth. */
export interface AuthParams {
  token: string;
}

/** The OpenRPC 1.2 document that rpc.discover returns (the parts a client reads). */
export interface OpenRPCDocument {
  openrpc: string;
  info: { title: string; version: string; [key: string]: unknown };
  methods: OpenRPCMethod[];
  [key: string]: unknown;
}

/** One method of an OpenRPC document. */
export interface OpenRPCMethod {
  name: string;
  summary?: string;
  description?: string;
  paramStructure?: string;
  params: Array<{ name: string; description?: string; required?: boolean; schema: unknown }>;
  result: { name: string; description?: string; schema: unknown };
  errors?: Array<{ code: number; message: string }>;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------
// Method signatures: params and result of every method.
//
// api/methods.go names each method's params type; where it names no result
// type, the result is what internal/apiserver registers: wallet.recoverAccount,
// wallet.importViewOnly, wallet.unlock and wallet.lock give the Account,
// wallet.listAccounts an Account[], wallet.history a HistoryEntry[] and
// wallet.changePassword true.

/** Params and result of every method, for the generic `call`. */
export interface MethodSignatures {
  [MethodNodeStatus]: { params: Record<string, never>; result: NodeStatus };
  [MethodChainBlock]: { params: BlockParams; result: Block };
  [MethodChainTx]: { params: TxParams; result: Tx };
  [MethodChainValidators]: { params: Record<string, never>; result: Validators };
  [MethodChainAwardPool]: { params: Record<string, never>; result: AwardPool };
  [MethodChainAwards]: { params: AwardsParams; result: Award[] };
  [MethodWalletCreateAccount]: { params: CreateAccountParams; result: CreateAccountResult };
  [MethodWalletRecoverAccount]: { params: RecoverAccountParams; result: Account };
  [MethodWalletImportViewOnly]: { params: ImportViewOnlyParams; result: Account };
  [MethodWalletListAccounts]: { params: Record<string, never>; result: Account[] };
  [MethodWalletUnlock]: { params: UnlockParams; result: Account };
  [MethodWalletLock]: { params: AccountParams; result: Account };
  [MethodWalletChangePassword]: { params: ChangePasswordParams; result: boolean };
  [MethodWalletDeleteAccount]: { params: DeleteAccountParams; result: DeleteAccountResult };
  [MethodWalletAddress]: { params: AccountParams; result: AddressResult };
  [MethodWalletBalance]: { params: AccountParams; result: Balance };
  [MethodWalletSyncStatus]: { params: AccountParams; result: SyncStatus };
  [MethodWalletViewKey]: { params: ViewKeyParams; result: ViewKeyResult };
  [MethodWalletSend]: { params: SendParams; result: SendResult };
  [MethodWalletEstimateFee]: { params: EstimateFeeParams; result: FeeEstimate };
  [MethodWalletHistory]: { params: HistoryParams; result: HistoryEntry[] };
  [MethodWalletPaymentProof]: { params: PaymentProofParams; result: PaymentProof };
  [MethodWalletVerifyPaymentProof]: { params: VerifyPaymentProofParams; result: PaymentProofCheck };
  [MethodWalletStake]: { params: StakeParams; result: SendResult };
  [MethodWalletUnstake]: { params: UnstakeParams; result: SendResult };
  [MethodWalletStakes]: { params: StakesParams; result: Stakes };
  [MethodWalletWithdrawRewards]: { params: WithdrawRewardsParams; result: SendResult };
  [MethodWalletUnjail]: { params: UnjailParams; result: SendResult };
  [MethodBusSend]: { params: BusSendParams; result: BusSendResult };
  [MethodBusMessages]: { params: BusMessagesParams; result: BusPacket[] };
  [MethodBusOutbox]: { params: BusOutboxParams; result: BusOutboxEntry[] };
  [MethodChatContactsAdd]: { params: ChatContactParams; result: ChatContact };
  [MethodChatContactsList]: { params: ChatAccountParams; result: ChatContact[] };
  [MethodChatContactsRemove]: { params: ChatContactParams; result: ChatContact };
  [MethodChatSend]: { params: ChatSendParams; result: ChatMessage };
  [MethodChatHistory]: { params: ChatHistoryParams; result: ChatMessage[] };
  [MethodChatInvite]: { params: ChatInviteParams; result: ChatInvite };
  [MethodChatGroupsCreate]: { params: ChatGroupCreateParams; result: ChatGroup };
  [MethodChatGroupsInvite]: { params: ChatGroupMemberParams; result: ChatGroup };
  [MethodChatGroupsJoin]: { params: ChatGroupParams; result: ChatGroup };
  [MethodChatGroupsRemove]: { params: ChatGroupMemberParams; result: ChatGroup };
  [MethodChatGroupsLeave]: { params: ChatGroupParams; result: ChatGroup };
  [MethodChatGroupsSend]: { params: ChatSendParams; result: ChatMessage };
  [MethodChatGroupsList]: { params: ChatAccountParams; result: ChatGroup[] };
  [MethodChatChannelsCreate]: { params: ChatChannelCreateParams; result: ChatChannel };
  [MethodChatChannelsPost]: { params: ChatSendParams; result: ChatMessage };
  [MethodChatChannelsJoin]: { params: ChatChannelJoinParams; result: ChatChannel };
  [MethodChatChannelsList]: { params: ChatAccountParams; result: ChatChannel[] };
  [MethodSubscribe]: { params: SubscribeParams; result: string };
  [MethodUnsubscribe]: { params: UnsubscribeParams; result: boolean };
  [MethodAuth]: { params: AuthParams; result: boolean };
  [MethodDiscover]: { params: Record<string, never>; result: OpenRPCDocument };
}

/** One validator as chain.validators shows it. */
export interface Validator {
  /** The ed25519 consensus public key (hex). */
  key: string;
  /** Its CometBFT address (hex). */
  address: string;
  /** The key of its beacon contributions (hex). */
  vrfKey: string;
  /** µSTG bonded to it. */
  stake: number;
  /** Its voting power in CometBFT. */
  power: number;
  /** µSTG earned and not withdrawn. */
  rewards: number;
  active: boolean;
  activeSince?: number;
  jailed: boolean;
  jailedAt?: number;
  tombstoned: boolean;
  /** Blocks of the current award period it signed and missed. */
  periodSigned: number;
  periodMissed: number;
  /** Whether it would be in the award draw if the period ended now. */
  eligible: boolean;
  /** The first height at which a jailed, not tombstoned validator may unjail. */
  unjailAt?: number;
  /**
   * The key registered by its first stake, which authorizes withdrawing its
   * rewards and unjailing it (hex; absent for a genesis validator without stake).
   */
  owner?: string;
  /** Counts the owner's operations (withdrawals and unjails). */
  nonce: number;
}

/** The result of chain.validators. */
export interface Validators {
  height: number;
  epoch: number;
  /** The height at which the set changes next. */
  nextEpoch: number;
  validators: Validator[];
}

/** The result of chain.awardPool: the Validator Service Award. */
export interface AwardPool {
  height: number;
  /** What the next winner gets so far, in µSTG. */
  pool: number;
  periodStart: number;
  nextDraw: number;
  /** The block whose beacon seeds the next draw. */
  seedHeight: number;
  minted: number;
  awarded: number;
  slashed: number;
  /** The randomness beacon after the latest block (hex). */
  beacon: string;
}

/** The params of chain.awards. */
export interface AwardsParams {
  /** At most this many draws (default 20). */
  limit?: number;
}

/** One draw of the Validator Service Award. */
export interface Award {
  height: number;
  /** The consensus key drawn (hex); absent when nobody was eligible. */
  winner?: string;
  amount: number;
  eligible: number;
  seed: string;
}

/** The params of wallet.stake: bond amount µSTG to a validator. */
export interface StakeParams {
  /** The account that stakes and owns the stake; the first account when omitted. */
  account?: string;
  /**
   * The validator's token (stgval1…, as `stegosd validator-info` prints
   * it), which its first stake needs; for a validator already staked, also
   * its consensus key (hex) or a unique prefix of it (at least 4 hex digits).
   */
  validator: string;
  /** Optional (the token carries the VRF key): if given, it must be the validator's. */
  vrfKey?: string;
  /** The µSTG to bond; a validator's first stake must be at least the network's minimum stake. */
  amount: number;
  /** The µSTG fee; 0 or absent pays the minimum. */
  fee?: number;
  /**
   * Stake even to a validator that another account owns, that is jailed or
   * that is tombstoned; without it such a stake rejects (isStaking) with the
   * reason.
   */
  force?: boolean;
}

/** The params of wallet.unstake: spend unlocked stake outputs back into the account's balance. */
export interface UnstakeParams {
  account?: string;
  /** Limits the unstake to one validator: its key (hex) or a unique prefix of it. */
  validator?: string;
  /**
   * The µSTG to unbond; 0 or absent unbonds every unlocked stake. A part of
   * an output is unbonded by bonding the rest anew (which starts a new lock
   * for the rest).
   */
  amount?: number;
  fee?: number;
  /**
   * Allows an unstake without `validator` to spend more than one stake
   * output; without either, such an unstake rejects with the list of
   * validators.
   */
  all?: boolean;
}

/** The params of wallet.stakes. */
export interface StakesParams {
  account?: string;
}

/** The result of wallet.stakes: the account's stake outputs and the validators it owns. */
export interface Stakes {
  account: string;
  /** The chain height the lock states refer to. */
  height: number;
  stakes: StakeInfo[];
  /** The validators whose owner key is the account's: their rewards are the account's to withdraw. */
  validators: Validator[];
}

/** One stake output of an account. */
export interface StakeInfo {
  id: string;
  txId: string;
  validator: string;
  amount: number;
  /** The block that bonded it. */
  height: number;
  /** The first block in which it may be spent. */
  unlockHeight: number;
  unlocked: boolean;
  /** True while a transaction of the account spends it. */
  pending?: boolean;
}

/** The params of wallet.withdrawRewards. */
export interface WithdrawRewardsParams {
  account?: string;
  /** The validator (hex) whose rewards to withdraw; may be absent when the account owns exactly one. */
  validator?: string;
  /** The µSTG to withdraw (the fee is paid from it); 0 or absent withdraws everything accrued. */
  amount?: number;
}

/** The params of wallet.unjail. */
export interface UnjailParams {
  account?: string;
  /** The jailed validator (hex); may be absent when the account owns exactly one. */
  validator?: string;
}
