// Package chat is the anonymous chat of issue 11: 1:1 conversations,
// groups and channels on the private message bus (internal/bus, ADR
// 0022), whose packets ride in zero-value outputs that look exactly like
// payments. Nothing is registered and nothing is on chain but outputs: an
// identity is a wallet account (its address), a display name travels
// inside messages, and every message lives for the payload retention
// window (params.PayloadRetention blocks, ADR 0020).
//
// # Messages
//
// A chat message is the data of one bus packet: Version ‖ kind ‖ body,
// decoded strictly (message.go, group.go). The kinds are Text (id, the
// sender's order in the conversation, time, display name, optional reply
// and edit, body), Receipt (ids received), Invite, Roster, Rekey and Leave
// (groups). Apps: AppDirect ("chat") between two accounts, AppGroup
// ("chat.group") to a group account, AppChannel ("chat.channel") to a
// channel account. Texts are signed packets, so the recipient knows the
// sender's address; the recipient's client answers texts with a signed
// Receipt. A text without a receipt once the retention window has passed
// since it was sent is "not delivered".
//
// # Groups
//
// A group is a wallet account created from a fresh recovery phrase: its
// address receives the group's messages, and every member holds the
// account (recovered from the phrase's entropy, the group secret), so one
// scan of the group's view key finds them and members can sweep its
// zero-value outputs. The owner (and admins) invite with a signed 1:1
// Invite (secret, name, roster, epoch, roster revision) and post the new
// Roster to the group; members post signed texts to the group address and
// accept only those whose sender is on the roster. A roster or rekey from
// an admin never replaces the owner.
//
// Removing a member re-keys: the remover creates the next epoch's account
// and sends one signed Rekey to the old group address holding an Envelope
// per remaining member (EnvelopeSize = 80 bytes: ephemeral key 32 ‖
// ChaCha20-Poly1305 of the 32-byte secret under a key from ECDH with the
// member's view key; 5 whole envelopes per 472-byte fragment body) and the
// new roster sealed under the new secret. A removed member sees the packet
// and opens nothing; the others recover the new account and leave the old
// one, whose view key still reads the old history only. A rekey for 100
// members is 14.5 KB: 32 outputs in 3 transactions. A member who leaves
// posts a Leave and drops the group; the owner then re-keys without it.
//
// # Channels
//
// A channel is an account of its owner; the owner posts signed texts to
// it from their own account. The invite is a URI carrying the channel's
// address, its secret view key and the owner's address: a reader imports
// a view-only account and never sends anything, so nobody learns who
// reads.
//
// # State
//
// Contacts, histories, groups and channels are records of the identity
// account in the wallet (sealed at rest with its other records),
// namespaces "chat.contacts", "chat.history", "chat.groups" and
// "chat.channels". The Service receives packets from the bus (OnPacket),
// records them, answers texts with receipts and publishes api.ChatEvent
// notifications on api.TopicChatMessage. A packet that cannot be sent yet
// (all coins pending, the wallet a block behind) waits in "chat.queue"
// and goes out in order. The formats, statuses and sizes are in
// docs/chat.md.
package chat
