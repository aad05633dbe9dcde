package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/skip2/go-qrcode"
	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// The chat commands (docs/chat.md): contacts, 1:1 messages, groups and
// channels, all through the chat.* methods, and 'chat open' (chatopen.go).

func (a *app) chatCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Chat with contacts, groups and channels over the message bus",
		Long: `Private chat on the message bus: each message travels in outputs that look
exactly like payments, so nobody can tell a chat from a payment or who talks
to whom. The chat identity is the account (--account); its address, or the
stegos: URI 'stegos chat invite' prints, is all a contact needs. Nothing to
register: no phone number, no e-mail.

Every message is a transaction: the account pays its fee. A message is
delivered when the recipient's wallet sees it within the chain's retention
window (dev: 10 minutes); the recipient's receipt marks it delivered.

  stegos chat contacts add stg1… bob
  stegos chat send bob "hello"
  stegos chat open bob          a live view of the conversation`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRun,
	}
	cmd.AddCommand(
		a.chatContactsCommand(),
		a.chatSendCommand(),
		a.chatHistoryCommand(),
		a.chatInviteCommand(),
		a.chatGroupsCommand(),
		a.chatChannelsCommand(),
		a.chatOpenCommand(),
	)
	return cmd
}

func (a *app) chatContactsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contacts",
		Short: "Add, list and remove contacts",
		Args:  cobra.ArbitraryArgs,
		RunE:  groupRun,
	}
	add := &cobra.Command{
		Use:   "add ADDRESS|URI [NAME]",
		Short: "Add a contact (or rename one) by address or stegos: URI",
		Long: `Add a contact by its address or the stegos: URI it handed out ('stegos chat
invite' on its side), under the local NAME (the URI's suggested name when
left out). NAME is how commands name the contact; it stays in this wallet.
Adding a contact again renames it.`,
		Args: rangeArgs([]string{"ADDRESS|URI"}, []string{"NAME"}),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.ChatContactParams{Account: a.account, Contact: strings.TrimSpace(args[0])}
			if len(args) == 2 {
				p.Name = args[1]
			}
			c, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.ChatContact, error) {
				return c.ChatAddContact(ctx, p)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(c)
			}
			fmt.Fprintf(a.env.Stdout, "Added contact %s (%s).\nWrite with: stegos %schat send %s TEXT\n",
				contactLabel(*c), sanitize(c.Address), a.accountFlag(), shellQuote(contactRef(*c)))
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the account's contacts",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cs, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) ([]api.ChatContact, error) {
				return c.ChatContacts(ctx, a.account)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(cs)
			}
			if len(cs) == 0 {
				fmt.Fprintf(a.env.Stdout, "No contacts yet: add one with 'stegos %schat contacts add ADDRESS NAME'.\n", a.accountFlag())
				return nil
			}
			t := a.table()
			row(t, "NAME", "THEIR NAME", "ADDED", "ADDRESS")
			for _, c := range cs {
				name := sanitize(c.Name)
				if name == "" {
					name = "-"
				}
				if c.Unsolicited {
					name += " (wrote first)"
				}
				row(t, name, orDash(sanitize(c.PeerName)), a.formatTime(c.Added), sanitize(c.Address))
			}
			return t.Flush()
		},
	}
	remove := &cobra.Command{
		Use:   "remove CONTACT",
		Short: "Forget a contact (the conversation's history stays)",
		Args:  exactArgs("CONTACT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.ChatContact, error) {
				return c.ChatRemoveContact(ctx, api.ChatContactParams{Account: a.account, Contact: args[0]})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(c)
			}
			fmt.Fprintf(a.env.Stdout, "Removed contact %s (%s).\n", contactLabel(*c), sanitize(c.Address))
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

// contactLabel names a contact for people: its local name, else the name
// it chose (with a ~), else its address.
func contactLabel(c api.ChatContact) string {
	switch {
	case c.Name != "":
		return sanitize(c.Name)
	case c.PeerName != "":
		return "~" + sanitize(c.PeerName)
	}
	return shortAddr(c.Address)
}

// contactRef is how a command names the contact: its name, else its
// address.
func contactRef(c api.ChatContact) string {
	if c.Name != "" {
		return c.Name
	}
	return c.Address
}

// shortAddr shortens an address for message lines.
func shortAddr(addr string) string {
	if len(addr) <= 16 {
		return sanitize(addr)
	}
	return sanitize(addr[:14]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// messageFlags are the flags of the commands that send a message.
type messageFlags struct {
	name    string
	replyTo string
	edits   string
}

func (f *messageFlags) register(cmd *cobra.Command, edits bool) {
	cmd.Flags().StringVar(&f.name, "name", "", "the display name the recipients see (inside the message, never on chain)")
	cmd.Flags().StringVar(&f.replyTo, "reply-to", "", "the id of the message this one answers")
	if edits {
		cmd.Flags().StringVar(&f.edits, "edit", "", "the id of an earlier message of yours that this one replaces")
	}
}

// messageText is TEXT, or all of stdin when TEXT is "-".
func (a *app) messageText(arg string) (string, error) {
	if arg != "-" {
		return arg, nil
	}
	b, err := io.ReadAll(a.in)
	if err != nil {
		return "", fmt.Errorf("read the message from stdin: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// sendMessage sends a message with call and prints the result; to names
// the conversation for people.
func (a *app) sendMessage(ctx context.Context, p api.ChatSendParams, to string, call func(*client.Client, context.Context, api.ChatSendParams) (*api.ChatMessage, error)) error {
	var err error
	if p.Text, err = a.messageText(p.Text); err != nil {
		return err
	}
	if strings.TrimSpace(p.Text) == "" {
		return usagef("the message is empty")
	}
	m, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ChatMessage, error) {
		return call(c, ctx, p)
	})
	if err != nil {
		return err
	}
	if a.json {
		return a.printJSON(m)
	}
	switch m.Status {
	case api.ChatStatusQueued:
		fmt.Fprintf(a.env.Stdout, "Message %s to %s is queued: it goes out once the account can send (its pending coins confirm, its wallet catches up).\n", m.ID, to)
	default:
		fmt.Fprintf(a.env.Stdout, "Message %s to %s is %s.\n", m.ID, to, sanitize(m.Status))
	}
	return nil
}

func (a *app) chatSendCommand() *cobra.Command {
	var f messageFlags
	cmd := &cobra.Command{
		Use:   "send CONTACT TEXT",
		Short: "Send a message to a contact",
		Long: `Send TEXT (or, with -, all of stdin) to CONTACT: its local name, address or
stegos: URI (an address that is not a contact yet becomes one, unnamed).
The message is signed by the account and pays a fee; it is "sent" once in a
transaction and "delivered" when the recipient's receipt comes back ('stegos
chat history' shows it). Messages sent while the account's coins are all in
pending transactions are queued and go out as they confirm.`,
		Args: exactArgs("CONTACT", "TEXT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.ChatSendParams{Account: a.account, To: args[0], Text: args[1], DisplayName: f.name, ReplyTo: f.replyTo, Edits: f.edits}
			return a.sendMessage(cmd.Context(), p, sanitize(args[0]), (*client.Client).ChatSend)
		},
	}
	f.register(cmd, true)
	return cmd
}

func (a *app) chatHistoryCommand() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "history CONTACT|GROUP|CHANNEL",
		Short: "Show the latest messages of a conversation",
		Long: `Show the latest messages (--limit, 100 by default) of the conversation with a
contact (name, address or URI), a group (name or id) or a channel (name or
address), oldest first, with the status of the messages you sent.`,
		Args: exactArgs("CONTACT|GROUP|CHANNEL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("--limit must not be negative")
			}
			ms, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) ([]api.ChatMessage, error) {
				return c.ChatHistory(ctx, api.ChatHistoryParams{Account: a.account, With: args[0], Limit: limit})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(ms)
			}
			if len(ms) == 0 {
				fmt.Fprintf(a.env.Stdout, "No messages with %s yet.\n", sanitize(args[0]))
				return nil
			}
			for _, m := range ms {
				fmt.Fprintln(a.env.Stdout, a.messageLine(m))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 0, "the most messages to show, the latest ones (0: 100)")
	return cmd
}

// messageSender names who wrote m: "you", the contact's local name, the
// name the sender chose (with a ~) or the sender's address.
func messageSender(m api.ChatMessage) string {
	switch {
	case m.Direction == "out":
		return "you"
	case m.Contact != "":
		return sanitize(m.Contact)
	case m.FromName != "":
		return "~" + sanitize(m.FromName)
	case m.From != "":
		return shortAddr(m.From)
	}
	return "?"
}

// messageNotes are the notes after a message: its status if sent by this
// account, edited.
func messageNotes(m api.ChatMessage) string {
	var notes []string
	if m.Direction == "out" && m.Status != "" {
		notes = append(notes, sanitize(m.Status))
	}
	if m.Edited {
		notes = append(notes, "edited")
	}
	if len(notes) == 0 {
		return ""
	}
	return "  (" + strings.Join(notes, ", ") + ")"
}

// messageLine formats a message for people: time, sender, text (its line
// breaks kept, each line made safe to print and indented), notes.
func (a *app) messageLine(m api.ChatMessage) string { return messageText(m, a.formatTime(m.Time)) }

// messageText is messageLine with the time formatted as when.
func messageText(m api.ChatMessage, when string) string {
	head := when + "  " + messageSender(m) + ": "
	if m.ReplyTo != "" {
		head += "[re " + shortID(m.ReplyTo) + "] "
	}
	return head + indentText(m.Text, "    ") + messageNotes(m)
}

// indentText sanitizes each line of s and joins them with a line break
// and indent.
func indentText(s, indent string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = sanitize(l)
	}
	return strings.Join(lines, "\n"+indent)
}

// shortID shortens a message id for people.
func shortID(id string) string {
	if len(id) <= 8 {
		return sanitize(id)
	}
	return sanitize(id[:8])
}

func (a *app) chatInviteCommand() *cobra.Command {
	var channel, name string
	var noQR bool
	cmd := &cobra.Command{
		Use:   "invite",
		Short: "Show the account's contact URI (or a channel's invite), with a QR code",
		Long: `Print the stegos: URI that makes this account a contact ('stegos chat contacts
add URI' on the other side), suggesting --name as its name; with --channel,
the invite of a channel the account owns: anyone with it reads the channel.
On a terminal a QR code follows (--no-qr leaves it out).`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.ChatInvite, error) {
				return c.ChatInvite(ctx, api.ChatInviteParams{Account: a.account, Channel: channel, Name: name})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(res)
			}
			return a.printURI(res.URI, noQR)
		},
	}
	cmd.Flags().StringVar(&channel, "channel", "", "the invite of this channel (its name or address) instead")
	cmd.Flags().StringVar(&name, "name", "", "the name the contact URI suggests")
	cmd.Flags().BoolVar(&noQR, "no-qr", false, "do not print a QR code")
	return cmd
}

// printURI prints a URI, and a QR code of it on a terminal.
func (a *app) printURI(uri string, noQR bool) error {
	uri = sanitize(uri)
	fmt.Fprintln(a.env.Stdout, uri)
	if noQR || !a.env.StdoutTerminal {
		return nil
	}
	q, err := qrcode.New(uri, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	fmt.Fprint(a.env.Stdout, q.ToSmallString(false))
	return nil
}

func (a *app) chatGroupsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "groups",
		Short: "Create groups, invite and remove members, send to a group",
		Long: `A group has its own accounts (one per epoch) whose keys every member holds:
a message to the group is one output that every member finds. The owner
and admins invite and remove members; every removal re-keys the group, so
a removed member reads nothing sent after it. The group's accounts live in
this wallet under a password of their own (asked for by create and join,
from the terminal, $` + EnvPassword + ` or stdin).`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRun,
	}
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a group the account owns",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "Password for the group's accounts: ", EnvPassword)
			if err != nil {
				return err
			}
			g, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ChatGroup, error) {
				return c.ChatCreateGroup(ctx, api.ChatGroupCreateParams{Account: a.account, Name: args[0], Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(g)
			}
			fmt.Fprintf(a.env.Stdout, "Created group %s (id %s).\nInvite members with: stegos %schat groups invite %s CONTACT\n",
				sanitize(g.Name), sanitize(g.ID), a.accountFlag(), shellQuote(g.Name))
			return nil
		},
	}
	var inviter string
	var admin bool
	invite := &cobra.Command{
		Use:   "invite GROUP MEMBER",
		Short: "Invite a member (a contact name, address or URI) to a group",
		Long: `Invite MEMBER to GROUP (its name or id): the invitation travels to the member,
who accepts it with 'stegos chat groups join'. --admin makes the member an
admin, who may invite and remove members too.`,
		Args: exactArgs("GROUP", "MEMBER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.ChatGroupMemberParams{Account: a.account, Group: args[0], Member: args[1], DisplayName: inviter}
			if admin {
				p.Role = "admin"
			}
			g, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.ChatGroup, error) {
				return c.ChatInviteToGroup(ctx, p)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(g)
			}
			as := "a member"
			if p.Role == "admin" {
				as = "an admin"
			}
			fmt.Fprintf(a.env.Stdout, "Invited %s to group %s as %s.\n", sanitize(args[1]), sanitize(g.Name), as)
			return nil
		},
	}
	invite.Flags().BoolVar(&admin, "admin", false, "invite as an admin")
	invite.Flags().StringVar(&inviter, "name", "", "your display name, shown to the invitee")
	remove := &cobra.Command{
		Use:   "remove GROUP MEMBER",
		Short: "Remove a member from a group (the group is re-keyed)",
		Args:  exactArgs("GROUP", "MEMBER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.ChatGroup, error) {
				return c.ChatRemoveFromGroup(ctx, api.ChatGroupMemberParams{Account: a.account, Group: args[0], Member: args[1]})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(g)
			}
			fmt.Fprintf(a.env.Stdout, "Removed %s from group %s: the group is re-keyed (epoch %d, %s left).\n",
				sanitize(args[1]), sanitize(g.Name), g.Epoch, plural(int64(len(g.Members)), "member"))
			return nil
		},
	}
	leave := &cobra.Command{
		Use:   "leave GROUP",
		Short: "Leave a group",
		Args:  exactArgs("GROUP"),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) (*api.ChatGroup, error) {
				return c.ChatLeaveGroup(ctx, api.ChatGroupParams{Account: a.account, Group: args[0]})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(g)
			}
			fmt.Fprintf(a.env.Stdout, "Left group %s.\n", sanitize(g.Name))
			return nil
		},
	}
	var mf messageFlags
	send := &cobra.Command{
		Use:   "send GROUP TEXT",
		Short: "Send a message to a group",
		Long:  `Send TEXT (or, with -, all of stdin) to GROUP (its name or id): one output every member finds.`,
		Args:  exactArgs("GROUP", "TEXT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.ChatSendParams{Account: a.account, To: args[0], Text: args[1], DisplayName: mf.name, ReplyTo: mf.replyTo}
			return a.sendMessage(cmd.Context(), p, "group "+sanitize(args[0]), (*client.Client).ChatSendGroup)
		},
	}
	mf.register(send, false)
	list := &cobra.Command{
		Use:   "list",
		Short: "List the groups the account belongs to or is invited to",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			gs, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) ([]api.ChatGroup, error) {
				return c.ChatGroups(ctx, a.account)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(gs)
			}
			if len(gs) == 0 {
				fmt.Fprintf(a.env.Stdout, "No groups: create one with 'stegos %schat groups create NAME'.\n", a.accountFlag())
				return nil
			}
			t := a.table()
			row(t, "NAME", "STATE", "ROLE", "MEMBERS", "EPOCH", "ID")
			for _, g := range gs {
				state := sanitize(g.State)
				if g.State == "invited" && g.InvitedBy != "" {
					state += " by " + shortAddr(g.InvitedBy)
				}
				row(t, sanitize(g.Name), state, sanitize(g.Role), fmt.Sprint(len(g.Members)), fmt.Sprint(g.Epoch), sanitize(g.ID))
			}
			return t.Flush()
		},
	}
	join := &cobra.Command{
		Use:   "join GROUP",
		Short: "Accept an invitation to a group",
		Long: `Join GROUP (its name or id, as 'stegos chat groups list' shows an invitation):
the group's account is opened in this wallet under a password of its own.`,
		Args: exactArgs("GROUP"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "Password for the group's accounts: ", EnvPassword)
			if err != nil {
				return err
			}
			g, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ChatGroup, error) {
				return c.ChatJoinGroup(ctx, api.ChatGroupParams{Account: a.account, Group: args[0], Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(g)
			}
			fmt.Fprintf(a.env.Stdout, "Joined group %s (%s).\n", sanitize(g.Name), plural(int64(len(g.Members)), "member"))
			return nil
		},
	}
	cmd.AddCommand(create, invite, remove, leave, send, list, join)
	return cmd
}

func (a *app) chatChannelsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "channels",
		Short: "Create, post to, join and list channels",
		Long: `A channel is an account of its own: the owner posts, and anyone with its
invite ('stegos chat invite --channel NAME') reads it through a view-only
account that sends nothing, so nobody learns who reads. The channel account
lives in this wallet under a password of its own (asked for by create and
join, from the terminal, $` + EnvPassword + ` or stdin).`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRun,
	}
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a channel the account owns",
		Args:  exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "Password for the channel's account: ", EnvPassword)
			if err != nil {
				return err
			}
			ch, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ChatChannel, error) {
				return c.ChatCreateChannel(ctx, api.ChatChannelCreateParams{Account: a.account, Name: args[0], Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(ch)
			}
			fmt.Fprintf(a.env.Stdout, "Created channel %s (%s).\n", sanitize(ch.Name), sanitize(ch.Address))
			if ch.URI != "" {
				fmt.Fprintf(a.env.Stdout, "Its invite (anyone with it reads the channel):\n%s\n", sanitize(ch.URI))
			}
			return nil
		},
	}
	var mf messageFlags
	post := &cobra.Command{
		Use:   "post CHANNEL TEXT",
		Short: "Post to a channel the account owns",
		Long:  `Post TEXT (or, with -, all of stdin) to CHANNEL (its name or address).`,
		Args:  exactArgs("CHANNEL", "TEXT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := api.ChatSendParams{Account: a.account, To: args[0], Text: args[1], DisplayName: mf.name, ReplyTo: mf.replyTo}
			return a.sendMessage(cmd.Context(), p, "channel "+sanitize(args[0]), (*client.Client).ChatPostChannel)
		},
	}
	mf.register(post, false)
	join := &cobra.Command{
		Use:   "join INVITE",
		Short: "Read a channel: join it with its invite (a stegos: URI)",
		Args:  exactArgs("INVITE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.preflight(ctx); err != nil {
				return err
			}
			pw, err := a.newPassword(ctx, "Password for the channel's account: ", EnvPassword)
			if err != nil {
				return err
			}
			ch, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ChatChannel, error) {
				return c.ChatJoinChannel(ctx, api.ChatChannelJoinParams{Account: a.account, Invite: strings.TrimSpace(args[0]), Password: pw})
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(ch)
			}
			fmt.Fprintf(a.env.Stdout, "Joined channel %s (%s).\nRead it with: stegos %schat history %s\n",
				sanitize(ch.Name), sanitize(ch.Address), a.accountFlag(), shellQuote(ch.Name))
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the channels the account owns or reads",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cs, err := doResult(cmd.Context(), a, func(ctx context.Context, c *client.Client) ([]api.ChatChannel, error) {
				return c.ChatChannels(ctx, a.account)
			})
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(cs)
			}
			if len(cs) == 0 {
				fmt.Fprintf(a.env.Stdout, "No channels: create one with 'stegos %schat channels create NAME', or join one with its invite.\n", a.accountFlag())
				return nil
			}
			t := a.table()
			row(t, "NAME", "ROLE", "ADDRESS", "OWNER")
			for _, c := range cs {
				role := "reader"
				if c.Owned {
					role = "owner"
				}
				row(t, sanitize(c.Name), role, sanitize(c.Address), shortAddr(c.Owner))
			}
			return t.Flush()
		},
	}
	cmd.AddCommand(create, post, join, list)
	return cmd
}
