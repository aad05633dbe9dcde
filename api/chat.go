package api

import "time"

// The chat (internal/chat, docs/chat.md): 1:1 conversations, groups and
// channels on the message bus. Every chat method takes the account that
// is the chat identity (its address); group and channel accounts are
// made and used by the chat itself.
const (
	MethodChatContactsAdd    = "chat.contacts.add"
	MethodChatContactsList   = "chat.contacts.list"
	MethodChatContactsRemove = "chat.contacts.remove"
	MethodChatSend           = "chat.send"
	MethodChatHistory        = "chat.history"
	MethodChatInvite         = "chat.invite"

	MethodChatGroupsCreate = "chat.groups.create"
	MethodChatGroupsInvite = "chat.groups.invite"
	MethodChatGroupsJoin   = "chat.groups.join"
	MethodChatGroupsRemove = "chat.groups.remove"
	MethodChatGroupsLeave  = "chat.groups.leave"
	MethodChatGroupsSend   = "chat.groups.send"
	MethodChatGroupsList   = "chat.groups.list"

	MethodChatChannelsCreate = "chat.channels.create"
	MethodChatChannelsPost   = "chat.channels.post"
	MethodChatChannelsJoin   = "chat.channels.join"
	MethodChatChannelsList   = "chat.channels.list"

	// TopicChatMessage delivers a ChatEvent when a chat message arrives,
	// when the status of a sent one changes (delivered, not delivered)
	// and when a group invitation or re-key arrives, for every account.
	TopicChatMessage = "chat.message"
)

// Message statuses in ChatMessage.
const (
	ChatStatusQueued       = "queued"        // waiting for the account's coins or the wallet's scan
	ChatStatusSent         = "sent"          // in a transaction, no receipt yet
	ChatStatusDelivered    = "delivered"     // the recipient's receipt came back
	ChatStatusNotDelivered = "not delivered" // no receipt within the retention window
	ChatStatusReceived     = "received"      // a message to this account
)

// ChatContactParams name a contact of an account.
type ChatContactParams struct {
	// Account is the chat identity; the first account when empty.
	Account string `json:"account,omitempty"`
	// Contact is the contact's address, a stegos: URI or (except in chat.contacts.add) the local name of a contact.
	Contact string `json:"contact"`
	// Name is the local name to give the contact (chat.contacts.add); a URI's suggested name when empty.
	Name string `json:"name,omitempty"`
}

// ChatAccountParams name the chat identity only.
type ChatAccountParams struct {
	// Account is the chat identity; the first account when empty.
	Account string `json:"account,omitempty"`
}

// ChatContact is an entry of an account's address book.
type ChatContact struct {
	Address string `json:"address"`
	// Name is the local name given to the contact; empty for someone who wrote first and was not named yet.
	Name string `json:"name"`
	// PeerName is the display name the contact chose, from their latest message.
	PeerName string `json:"peerName,omitempty"`
	// Unsolicited is true for a contact added because they wrote first.
	Unsolicited bool      `json:"unsolicited,omitempty"`
	Added       time.Time `json:"added"`
	// URI is the contact's stegos: URI (with the local name).
	URI string `json:"uri"`
}

// ChatSendParams are the params of chat.send, chat.groups.send and chat.channels.post.
type ChatSendParams struct {
	// Account is the chat identity that sends and pays; the first account when empty.
	Account string `json:"account,omitempty"`
	// To is the contact (local name, address or stegos: URI) in chat.send, the group (id or name) in chat.groups.send, the channel (address or name) in chat.channels.post.
	To string `json:"to"`
	// Text is 1 to 16 384 bytes of UTF-8.
	Text string `json:"text"`
	// DisplayName is the name shown to the recipients (at most 64 bytes); it travels inside the message, never on chain. Empty sends none.
	DisplayName string `json:"displayName,omitempty"`
	// ReplyTo is the id of the message this one answers.
	ReplyTo string `json:"replyTo,omitempty"`
	// Edits is the id of the account's earlier message in the conversation that this one replaces.
	Edits string `json:"edits,omitempty"`
}

// ChatHistoryParams are the params of chat.history.
type ChatHistoryParams struct {
	// Account is the chat identity; the first account when empty.
	Account string `json:"account,omitempty"`
	// With is the conversation: a contact (local name, address or URI), a group (id or name) or a channel (address or name).
	With string `json:"with"`
	// Limit is the most messages returned, the latest ones (100 when 0).
	Limit int `json:"limit,omitempty"`
}

// ChatMessage is a message of a conversation.
type ChatMessage struct {
	// ID identifies the message (32 hex digits).
	ID string `json:"id"`
	// Conversation is "contact:ADDRESS", "group:ID" or "channel:ADDRESS".
	Conversation string `json:"conversation"`
	// Direction is "in" (received) or "out" (sent by this account).
	Direction string `json:"direction"`
	// From is the sender's address; FromName the display name the sender chose; Contact the local name of the contact a 1:1 message is from or to, or of a group message's sender.
	From     string `json:"from"`
	FromName string `json:"fromName,omitempty"`
	Contact  string `json:"contact,omitempty"`
	// Seq is the sender's order in the conversation.
	Seq  uint64 `json:"seq"`
	Text string `json:"text"`
	// ReplyTo is the id of the message this one answers.
	ReplyTo string `json:"replyTo,omitempty"`
	// Edited is true when the sender replaced the text since (the text is the latest).
	Edited bool `json:"edited,omitempty"`
	// Status is "queued", "sent", "delivered" or "not delivered" for a message sent 1:1, "sent" for one posted to a group or channel, and "received".
	Status string `json:"status"`
	// Time is when the sender wrote it, by the sender's clock.
	Time time.Time `json:"time"`
	// Height is the block that brought it (received), or the chain height when it was sent.
	Height int64 `json:"height"`
	// TxIDs are the transactions that carried it.
	TxIDs []string `json:"txIds,omitempty"`
}

// ChatGroupCreateParams are the params of chat.groups.create.
type ChatGroupCreateParams struct {
	// Account is the chat identity that owns the group; the first account when empty.
	Account string `json:"account,omitempty"`
	// Name is the group's name (at most 64 bytes), shown to members.
	Name string `json:"name"`
	// Password encrypts the group's accounts in this wallet (the group account and those of later epochs).
	Password string `json:"password"`
}

// ChatGroupMemberParams are the params of chat.groups.invite and chat.groups.remove.
type ChatGroupMemberParams struct {
	// Account is the chat identity, the group's owner or an admin; the first account when empty.
	Account string `json:"account,omitempty"`
	// Group is the group's id or name.
	Group string `json:"group"`
	// Member is the member's address, stegos: URI or contact name.
	Member string `json:"member"`
	// Role is "member" (the default) or "admin" (chat.groups.invite).
	Role string `json:"role,omitempty"`
	// DisplayName is the inviter's name shown to the invitee (chat.groups.invite).
	DisplayName string `json:"displayName,omitempty"`
}

// ChatGroupParams name a group.
type ChatGroupParams struct {
	// Account is the chat identity; the first account when empty.
	Account string `json:"account,omitempty"`
	// Group is the group's id or name.
	Group string `json:"group"`
	// Password encrypts the group's accounts in this wallet (chat.groups.join).
	Password string `json:"password,omitempty"`
}

// ChatGroup is a group an account belongs to or was invited to.
type ChatGroup struct {
	// ID identifies the group across epochs (32 hex digits).
	ID   string `json:"id"`
	Name string `json:"name"`
	// State is "invited" (an invitation waits for chat.groups.join), "member", "left" or "removed".
	State string `json:"state"`
	// Role is the account's role: "owner", "admin" or "member".
	Role string `json:"role"`
	// Epoch counts the group's re-keys; Address is the current group account's address, Account its id in this wallet.
	Epoch   uint32 `json:"epoch"`
	Address string `json:"address"`
	Account string `json:"account,omitempty"`
	// Members is the roster.
	Members []ChatMember `json:"members"`
	// InvitedBy is the address of the member who sent the invitation.
	InvitedBy string `json:"invitedBy,omitempty"`
}

// ChatMember is a roster entry.
type ChatMember struct {
	Address string `json:"address"`
	// Role is "owner", "admin" or "member".
	Role string `json:"role"`
	// Contact is the member's local name, if a contact.
	Contact string `json:"contact,omitempty"`
}

// ChatChannelCreateParams are the params of chat.channels.create.
type ChatChannelCreateParams struct {
	// Account is the chat identity that owns the channel and pays for posts; the first account when empty.
	Account string `json:"account,omitempty"`
	// Name is the channel's name (at most 64 bytes), carried by its invite.
	Name string `json:"name"`
	// Password encrypts the channel account in this wallet.
	Password string `json:"password"`
}

// ChatChannelJoinParams are the params of chat.channels.join.
type ChatChannelJoinParams struct {
	// Account is the chat identity that reads the channel; the first account when empty.
	Account string `json:"account,omitempty"`
	// Invite is the channel's stegos: URI (chat.invite on the owner's side).
	Invite string `json:"invite"`
	// Password encrypts the view-only channel account in this wallet.
	Password string `json:"password"`
}

// ChatChannel is a channel an account owns or reads.
type ChatChannel struct {
	Address string `json:"address"`
	Name    string `json:"name"`
	// Owner is the address whose signed posts the channel shows; Owned is true for the owner's account.
	Owner string `json:"owner"`
	Owned bool   `json:"owned"`
	// Account is the channel account's id in this wallet (view-only for a reader).
	Account string `json:"account"`
	// URI is the invite (owner only): anyone with it reads the channel.
	URI string `json:"uri,omitempty"`
}

// ChatInviteParams are the params of chat.invite.
type ChatInviteParams struct {
	// Account is the chat identity; the first account when empty.
	Account string `json:"account,omitempty"`
	// Channel is the channel (address or name) the account owns; empty gives the account's own contact URI.
	Channel string `json:"channel,omitempty"`
	// Name is the display name the contact URI suggests.
	Name string `json:"name,omitempty"`
}

// ChatInvite is the result of chat.invite.
type ChatInvite struct {
	// URI is the stegos: URI text (show it as a QR code).
	URI string `json:"uri"`
}

// ChatEvent is the payload of the chat.message topic.
type ChatEvent struct {
	// Account is the id of the chat identity concerned.
	Account string `json:"account"`
	// Kind is "message" (a message arrived), "status" (a sent message's status changed), "invite" (a group invitation arrived) or "group" (a group's roster or epoch changed).
	Kind    string       `json:"kind"`
	Message *ChatMessage `json:"message,omitempty"`
	Group   *ChatGroup   `json:"group,omitempty"`
}
