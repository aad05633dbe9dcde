package apiserver

import (
	"context"
	"errors"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// RegisterChat registers the chat.* methods of c on srv. The
// chat.message topic is published by the chat itself (chat.Config.Notify).
func RegisterChat(srv *rpcserver.Server, c *chat.Service) {
	registerChatDirect(srv, c)
	registerChatGroups(srv, c)
	registerChatChannels(srv, c)
}

// Error codes of the chat methods.
var (
	chatReadErrs = errs(api.CodeNotFound, api.CodeLocked, api.CodeViewOnly, api.CodeAccountNotFound)
	chatSendErrs = errs(api.CodeNotFound, api.CodeNotAllowed, api.CodeInvalidAddress, api.CodeInsufficientFunds, api.CodeLocked,
		api.CodeViewOnly, api.CodeSyncing, api.CodeTxRejected, api.CodeAccountNotFound, api.CodeNodeUnavailable)
	chatAccountErrs = errs(api.CodeNotFound, api.CodeNotAllowed, api.CodeInvalidAddress, api.CodeInsufficientFunds, api.CodeLocked,
		api.CodeViewOnly, api.CodeSyncing, api.CodeTxRejected, api.CodeAccountNotFound, api.CodeAccountExists, api.CodeNodeUnavailable)
)

// accountDocChat documents the account param of a chat method.
var accountDocChat = map[string]string{"account": "the chat identity: an account name or id; the first account when omitted"}

// chatHandle is handle with the chat's errors mapped.
func chatHandle[P, R any](fn func(context.Context, *P) (R, error)) rpcserver.Handler {
	return handle(func(ctx context.Context, p *P) (R, error) {
		r, err := fn(ctx, p)
		if err != nil {
			return r, chatError(err)
		}
		return r, nil
	})
}

// chatError turns a chat error into the JSON-RPC error a client can act
// on; bus and wallet errors go through busError.
func chatError(err error) error {
	var re *rpcserver.Error
	switch {
	case errors.As(err, &re):
		return re
	case errors.Is(err, chat.ErrNotFound):
		return &rpcserver.Error{Code: api.CodeNotFound, Message: err.Error()}
	case errors.Is(err, chat.ErrNotAllowed):
		return &rpcserver.Error{Code: api.CodeNotAllowed, Message: err.Error()}
	case errors.Is(err, chat.ErrInvalid), errors.Is(err, chat.ErrMalformed):
		return rpcserver.InvalidParams("%s", err.Error())
	case errors.Is(err, chat.ErrClosed):
		return &rpcserver.Error{Code: api.CodeNodeUnavailable, Message: "the chat is shutting down"}
	}
	return busError(err)
}

// registerChatDirect registers the contacts, 1:1 and invite methods.
func registerChatDirect(srv *rpcserver.Server, c *chat.Service) {
	srv.Register(api.MethodChatContactsAdd, chatHandle(func(_ context.Context, p *api.ChatContactParams) (api.ChatContact, error) {
		if err := required("contact", p.Contact); err != nil {
			return api.ChatContact{}, err
		}
		return c.AddContact(*p)
	}), rpcserver.MethodSpec{
		Summary:     "Adds a contact, or renames one",
		Description: "The contact is an address or a `stegos:` URI (docs/chat.md); `name` is the local name to call them by (the URI's suggested name when omitted), unique among the account's contacts. Nothing is sent and nothing goes on chain.",
		Params:      paramsOf(api.ChatContactParams{}, accountDocChat),
		Result:      result("contact", api.ChatContact{}),
		Errors:      errs(api.CodeInvalidAddress, api.CodeLocked, api.CodeViewOnly, api.CodeAccountNotFound),
	})
	srv.Register(api.MethodChatContactsList, chatHandle(func(_ context.Context, p *api.ChatAccountParams) ([]api.ChatContact, error) {
		return c.Contacts(p.Account)
	}), rpcserver.MethodSpec{
		Summary:     "Lists an account's contacts",
		Description: "By local name, then the contacts who wrote first and were not named yet (`unsolicited`), with the display name each chose in their latest message.",
		Params:      paramsOf(api.ChatAccountParams{}, accountDocChat),
		Result:      result("contacts", []api.ChatContact{}),
		Errors:      chatReadErrs,
	})
	srv.Register(api.MethodChatContactsRemove, chatHandle(func(_ context.Context, p *api.ChatContactParams) (api.ChatContact, error) {
		if err := required("contact", p.Contact); err != nil {
			return api.ChatContact{}, err
		}
		return c.RemoveContact(*p)
	}), rpcserver.MethodSpec{
		Summary:     "Removes a contact",
		Description: "Forgets the contact (by local name, address or URI); the conversation's history stays. A message from them later adds them back as unsolicited.",
		Params:      paramsOf(api.ChatContactParams{}, accountDocChat),
		Result:      result("contact", api.ChatContact{}),
		Errors:      chatReadErrs,
	})
	srv.Register(api.MethodChatSend, chatHandle(func(ctx context.Context, p *api.ChatSendParams) (api.ChatMessage, error) {
		if err := required("to", p.To, "text", p.Text); err != nil {
			return api.ChatMessage{}, err
		}
		return c.Send(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary: "Sends a text to a contact",
		Description: "A signed bus packet (app `chat`) in zero-value outputs that look like a payment: the recipient learns the sender's address, the chain learns nothing. " +
			"`to` is a contact's local name, an address or a URI (an address that is not a contact becomes one). The recipient's client answers with a receipt: the status goes from `sent` to `delivered`, " +
			"or to `not delivered` when no receipt came within the retention window after sending (the recipient can no longer get it). " +
			"When all of the account's coins are in pending transactions, or the wallet has not scanned the latest block yet, the message is `queued` and sent as soon as it can be, in order. Each message costs the minimum fee.",
		Params: paramsOf(api.ChatSendParams{}, accountDocChat),
		Result: result("message", api.ChatMessage{}),
		Errors: chatSendErrs,
	})
	srv.Register(api.MethodChatHistory, chatHandle(func(_ context.Context, p *api.ChatHistoryParams) ([]api.ChatMessage, error) {
		if err := required("with", p.With); err != nil {
			return nil, err
		}
		return c.History(*p)
	}), rpcserver.MethodSpec{
		Summary:     "Lists a conversation's messages",
		Description: "The latest messages (up to `limit`) of the conversation with a contact, a group or a channel, oldest first, each with its status. An edited message shows its latest text with `edited`. History is kept in the wallet, sealed with the account's records; the chain keeps messages for the retention window only.",
		Params:      paramsOf(api.ChatHistoryParams{}, accountDocChat),
		Result:      result("messages", []api.ChatMessage{}),
		Errors:      chatReadErrs,
	})
	srv.Register(api.MethodChatInvite, chatHandle(func(_ context.Context, p *api.ChatInviteParams) (api.ChatInvite, error) {
		return c.Invite(*p)
	}), rpcserver.MethodSpec{
		Summary:     "Returns a stegos: URI to hand out",
		Description: "With `channel`: the channel's invite (its address, secret view key and owner): anyone with it reads the channel, nobody learns who does. Without: the account's own contact URI, with the display name it suggests. Groups are joined by invitation (`chat.groups.invite`), not by URI. Show the URI as a QR code.",
		Params:      paramsOf(api.ChatInviteParams{}, accountDocChat),
		Result:      result("invite", api.ChatInvite{}),
		Errors:      errs(api.CodeNotFound, api.CodeNotAllowed, api.CodeLocked, api.CodeViewOnly, api.CodeAccountNotFound),
	})
}

// registerChatGroups registers the chat.groups.* methods.
func registerChatGroups(srv *rpcserver.Server, c *chat.Service) {
	srv.Register(api.MethodChatGroupsCreate, chatHandle(func(ctx context.Context, p *api.ChatGroupCreateParams) (api.ChatGroup, error) {
		if err := required("name", p.Name, "password", p.Password); err != nil {
			return api.ChatGroup{}, err
		}
		return c.CreateGroup(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Creates a group the account owns",
		Description: "A group is a wallet account made from a fresh recovery phrase (encrypted with `password`): its address receives the group's messages, and members hold it too, so one scan of its view key finds them. Nothing is sent until the first invitation.",
		Params:      paramsOf(api.ChatGroupCreateParams{}, accountDocChat),
		Result:      result("group", api.ChatGroup{}),
		Errors:      chatAccountErrs,
	})
	srv.Register(api.MethodChatGroupsInvite, chatHandle(func(ctx context.Context, p *api.ChatGroupMemberParams) (api.ChatGroup, error) {
		if err := required("group", p.Group, "member", p.Member); err != nil {
			return api.ChatGroup{}, err
		}
		return c.InviteGroup(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Invites a member to a group",
		Description: "The owner or an admin sends the invitee, in a signed 1:1 packet, the group's secret, name, roster and epoch, and posts the new roster to the group so members accept the newcomer's messages (two packets). The invitee accepts with `chat.groups.join`. Admins invite members; the owner also invites admins. At most 256 members.",
		Params:      paramsOf(api.ChatGroupMemberParams{}, accountDocChat),
		Result:      result("group", api.ChatGroup{}),
		Errors:      chatSendErrs,
	})
	srv.Register(api.MethodChatGroupsJoin, chatHandle(func(ctx context.Context, p *api.ChatGroupParams) (api.ChatGroup, error) {
		if err := required("group", p.Group, "password", p.Password); err != nil {
			return api.ChatGroup{}, err
		}
		return c.JoinGroup(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Accepts a group invitation",
		Description: "The wallet recovers the group account from the invitation's secret (encrypted with `password`, which also encrypts the group's accounts of later epochs) and reads the group from then on, including the messages of the retention window before the join. Nothing is sent.",
		Params:      paramsOf(api.ChatGroupParams{}, accountDocChat),
		Result:      result("group", api.ChatGroup{}),
		Errors:      chatAccountErrs,
	})
	srv.Register(api.MethodChatGroupsRemove, chatHandle(func(ctx context.Context, p *api.ChatGroupMemberParams) (api.ChatGroup, error) {
		if err := required("group", p.Group, "member", p.Member); err != nil {
			return api.ChatGroup{}, err
		}
		return c.RemoveGroup(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary: "Removes a member and re-keys the group",
		Description: "A new group account (the next epoch) is made, and one signed packet to the old group address carries an envelope per remaining member: the new secret sealed to that member's view key (80 bytes each, five per output), with the new roster sealed under the new secret. " +
			"The removed member sees the packet and opens nothing: it reads nothing sent to the group later. A group of 100 takes 31 outputs in 3 transactions. The owner removes anyone else; admins remove members.",
		Params: paramsOf(api.ChatGroupMemberParams{}, accountDocChat),
		Result: result("group", api.ChatGroup{}),
		Errors: chatAccountErrs,
	})
	srv.Register(api.MethodChatGroupsLeave, chatHandle(func(ctx context.Context, p *api.ChatGroupParams) (api.ChatGroup, error) {
		if err := required("group", p.Group); err != nil {
			return api.ChatGroup{}, err
		}
		return c.LeaveGroup(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Leaves a group, or declines an invitation",
		Description: "A member announces leaving to the group and stops reading it; the owner re-keys without them when it reads the announcement. The owner cannot leave. Declining an invitation sends nothing.",
		Params:      paramsOf(api.ChatGroupParams{}, accountDocChat),
		Result:      result("group", api.ChatGroup{}),
		Errors:      chatSendErrs,
	})
	srv.Register(api.MethodChatGroupsSend, chatHandle(func(ctx context.Context, p *api.ChatSendParams) (api.ChatMessage, error) {
		if err := required("to", p.To, "text", p.Text); err != nil {
			return api.ChatMessage{}, err
		}
		return c.SendGroup(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Posts a text to a group",
		Description: "A signed packet (app `chat.group`) to the group's address: every member reads it with the group's view key and accepts it only from a member on the roster. No receipts.",
		Params:      paramsOf(api.ChatSendParams{}, accountDocChat),
		Result:      result("message", api.ChatMessage{}),
		Errors:      chatSendErrs,
	})
	srv.Register(api.MethodChatGroupsList, chatHandle(func(_ context.Context, p *api.ChatAccountParams) ([]api.ChatGroup, error) {
		return c.Groups(p.Account)
	}), rpcserver.MethodSpec{
		Summary:     "Lists an account's groups and invitations",
		Description: "Each group with its state (`invited`, `member`, `left`, `removed`), the account's role, the epoch, the current group address and the roster.",
		Params:      paramsOf(api.ChatAccountParams{}, accountDocChat),
		Result:      result("groups", []api.ChatGroup{}),
		Errors:      chatReadErrs,
	})
}

// registerChatChannels registers the chat.channels.* methods.
func registerChatChannels(srv *rpcserver.Server, c *chat.Service) {
	srv.Register(api.MethodChatChannelsCreate, chatHandle(func(ctx context.Context, p *api.ChatChannelCreateParams) (api.ChatChannel, error) {
		if err := required("name", p.Name, "password", p.Password); err != nil {
			return api.ChatChannel{}, err
		}
		return c.CreateChannel(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Creates a channel the account owns",
		Description: "A channel is a wallet account (encrypted with `password`) that receives the owner's signed posts; its invite (`uri`, also from `chat.invite`) lets anyone read it.",
		Params:      paramsOf(api.ChatChannelCreateParams{}, accountDocChat),
		Result:      result("channel", api.ChatChannel{}),
		Errors:      chatAccountErrs,
	})
	srv.Register(api.MethodChatChannelsPost, chatHandle(func(ctx context.Context, p *api.ChatSendParams) (api.ChatMessage, error) {
		if err := required("to", p.To, "text", p.Text); err != nil {
			return api.ChatMessage{}, err
		}
		return c.PostChannel(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Posts to a channel the account owns",
		Description: "A signed packet (app `chat.channel`) to the channel's address, paid by the account. Readers show posts signed by the owner only.",
		Params:      paramsOf(api.ChatSendParams{}, accountDocChat),
		Result:      result("message", api.ChatMessage{}),
		Errors:      chatSendErrs,
	})
	srv.Register(api.MethodChatChannelsJoin, chatHandle(func(ctx context.Context, p *api.ChatChannelJoinParams) (api.ChatChannel, error) {
		if err := required("invite", p.Invite, "password", p.Password); err != nil {
			return api.ChatChannel{}, err
		}
		return c.JoinChannel(ctx, *p)
	}), rpcserver.MethodSpec{
		Summary:     "Reads a channel from its invite",
		Description: "The wallet imports the channel account view-only (encrypted with `password`) and shows the owner's posts of the retention window and later. A reader never sends anything, so nobody learns who reads.",
		Params:      paramsOf(api.ChatChannelJoinParams{}, accountDocChat),
		Result:      result("channel", api.ChatChannel{}),
		Errors:      errs(api.CodeInvalidAddress, api.CodeAccountExists, api.CodeLocked, api.CodeViewOnly, api.CodeAccountNotFound),
	})
	srv.Register(api.MethodChatChannelsList, chatHandle(func(_ context.Context, p *api.ChatAccountParams) ([]api.ChatChannel, error) {
		return c.Channels(p.Account)
	}), rpcserver.MethodSpec{
		Summary:     "Lists the channels an account owns or reads",
		Description: "With the invite of each channel the account owns.",
		Params:      paramsOf(api.ChatAccountParams{}, accountDocChat),
		Result:      result("channels", []api.ChatChannel{}),
		Errors:      chatReadErrs,
	})
}
