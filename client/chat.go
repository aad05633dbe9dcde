package client

import (
	"context"

	"github.com/stegos-go/stegos/api"
)

// The chat (docs/chat.md): 1:1 conversations, groups and channels on the
// message bus. Every method takes the account that is the chat identity
// (an empty account means the first account); group and channel accounts
// are made and used by the chat itself.

// ChatAddContact calls chat.contacts.add: p.Contact is an address or a
// stegos: URI, p.Name the local name to give it (a URI's suggested name
// when empty).
func (c *Client) ChatAddContact(ctx context.Context, p api.ChatContactParams) (*api.ChatContact, error) {
	return call[api.ChatContact](ctx, c, api.MethodChatContactsAdd, p)
}

// ChatContacts calls chat.contacts.list: the account's address book.
func (c *Client) ChatContacts(ctx context.Context, account string) ([]api.ChatContact, error) {
	return callList[api.ChatContact](ctx, c, api.MethodChatContactsList, api.ChatAccountParams{Account: account})
}

// ChatRemoveContact calls chat.contacts.remove and returns the contact
// removed (p.Contact is its local name, address or URI).
func (c *Client) ChatRemoveContact(ctx context.Context, p api.ChatContactParams) (*api.ChatContact, error) {
	return call[api.ChatContact](ctx, c, api.MethodChatContactsRemove, p)
}

// ChatSend calls chat.send: a 1:1 message to the contact p.To. The
// message comes back with its status ("queued" or "sent"); the
// chat.message topic (SubscribeChat) reports when it is delivered.
func (c *Client) ChatSend(ctx context.Context, p api.ChatSendParams) (*api.ChatMessage, error) {
	return call[api.ChatMessage](ctx, c, api.MethodChatSend, p)
}

// ChatHistory calls chat.history: the latest messages (p.Limit, 100 when
// 0) of a conversation with a contact, a group or a channel, oldest first.
func (c *Client) ChatHistory(ctx context.Context, p api.ChatHistoryParams) ([]api.ChatMessage, error) {
	return callList[api.ChatMessage](ctx, c, api.MethodChatHistory, p)
}

// ChatInvite calls chat.invite: the account's own contact URI, or with
// p.Channel the invite of a channel it owns.
func (c *Client) ChatInvite(ctx context.Context, p api.ChatInviteParams) (*api.ChatInvite, error) {
	return call[api.ChatInvite](ctx, c, api.MethodChatInvite, p)
}

// ChatCreateGroup calls chat.groups.create: a group the account owns,
// whose group accounts p.Password encrypts in this wallet.
func (c *Client) ChatCreateGroup(ctx context.Context, p api.ChatGroupCreateParams) (*api.ChatGroup, error) {
	return call[api.ChatGroup](ctx, c, api.MethodChatGroupsCreate, p)
}

// ChatInviteToGroup calls chat.groups.invite: the owner or an admin
// invites p.Member (as p.Role, "member" when empty).
func (c *Client) ChatInviteToGroup(ctx context.Context, p api.ChatGroupMemberParams) (*api.ChatGroup, error) {
	return call[api.ChatGroup](ctx, c, api.MethodChatGroupsInvite, p)
}

// ChatJoinGroup calls chat.groups.join: accepts an invitation (a group in
// state "invited"); p.Password encrypts the group's accounts here.
func (c *Client) ChatJoinGroup(ctx context.Context, p api.ChatGroupParams) (*api.ChatGroup, error) {
	return call[api.ChatGroup](ctx, c, api.MethodChatGroupsJoin, p)
}

// ChatRemoveFromGroup calls chat.groups.remove: the owner or an admin
// removes p.Member, which re-keys the group.
func (c *Client) ChatRemoveFromGroup(ctx context.Context, p api.ChatGroupMemberParams) (*api.ChatGroup, error) {
	return call[api.ChatGroup](ctx, c, api.MethodChatGroupsRemove, p)
}

// ChatLeaveGroup calls chat.groups.leave.
func (c *Client) ChatLeaveGroup(ctx context.Context, p api.ChatGroupParams) (*api.ChatGroup, error) {
	return call[api.ChatGroup](ctx, c, api.MethodChatGroupsLeave, p)
}

// ChatSendGroup calls chat.groups.send: a message to the group p.To (its
// id or name).
func (c *Client) ChatSendGroup(ctx context.Context, p api.ChatSendParams) (*api.ChatMessage, error) {
	return call[api.ChatMessage](ctx, c, api.MethodChatGroupsSend, p)
}

// ChatGroups calls chat.groups.list: the groups the account belongs to or
// was invited to.
func (c *Client) ChatGroups(ctx context.Context, account string) ([]api.ChatGroup, error) {
	return callList[api.ChatGroup](ctx, c, api.MethodChatGroupsList, api.ChatAccountParams{Account: account})
}

// ChatCreateChannel calls chat.channels.create: a channel the account
// owns and posts to; chat.invite with the channel gives its invite.
func (c *Client) ChatCreateChannel(ctx context.Context, p api.ChatChannelCreateParams) (*api.ChatChannel, error) {
	return call[api.ChatChannel](ctx, c, api.MethodChatChannelsCreate, p)
}

// ChatPostChannel calls chat.channels.post: a post to the channel p.To
// (its address or name) the account owns.
func (c *Client) ChatPostChannel(ctx context.Context, p api.ChatSendParams) (*api.ChatMessage, error) {
	return call[api.ChatMessage](ctx, c, api.MethodChatChannelsPost, p)
}

// ChatJoinChannel calls chat.channels.join: reads the channel of the
// invite p.Invite through a view-only account p.Password encrypts.
func (c *Client) ChatJoinChannel(ctx context.Context, p api.ChatChannelJoinParams) (*api.ChatChannel, error) {
	return call[api.ChatChannel](ctx, c, api.MethodChatChannelsJoin, p)
}

// ChatChannels calls chat.channels.list: the channels the account owns or
// reads.
func (c *Client) ChatChannels(ctx context.Context, account string) ([]api.ChatChannel, error) {
	return callList[api.ChatChannel](ctx, c, api.MethodChatChannelsList, api.ChatAccountParams{Account: account})
}

// SubscribeChat subscribes to api.TopicChatMessage and delivers the events
// of one chat identity (its account id, as api.Account.ID; every
// account's when empty): the node sends the events of every unlocked
// account, and the subscription keeps account's.
func (c *Client) SubscribeChat(ctx context.Context, account string) (*Subscription[api.ChatEvent], error) {
	return subscribeFiltered(ctx, c, api.TopicChatMessage, func(e api.ChatEvent) bool {
		return account == "" || e.Account == account
	})
}

// callList is call for a method whose result is a list.
func callList[T any](ctx context.Context, c *Client, method string, params any) ([]T, error) {
	res, err := call[[]T](ctx, c, method, params)
	if err != nil {
		return nil, err
	}
	return *res, nil
}
