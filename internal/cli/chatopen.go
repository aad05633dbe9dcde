package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// 'stegos chat open': the conversation with a contact, group or channel,
// live. On a terminal it is a full-screen view (bubbletea): the messages
// above, new ones appearing as the chat.message topic delivers them, and
// a line to type in below. Otherwise (or with --json) it is line by line:
// the history and each new message printed as a line, each line read from
// stdin sent.

// chatConv is the conversation 'chat open' shows.
type chatConv struct {
	// kind is "contact", "group" or "channel"; to is what the send
	// methods take (the contact's address, the group's id, the channel's
	// address); key is api.ChatMessage.Conversation.
	kind, to, key string
	// title names the conversation for people.
	title string
	// readOnly, if set, says why nothing can be sent here.
	readOnly string
}

func (a *app) chatOpenCommand() *cobra.Command {
	var limit int
	var name string
	cmd := &cobra.Command{
		Use:   "open CONTACT|GROUP|CHANNEL",
		Short: "Open a live view of a conversation and chat in it",
		Long: `Show the conversation with a contact (its name or address; an address or
stegos: URI that is not a contact yet is added), a group or a channel, and
the new messages as they arrive; what you type is sent when you press Enter.

On a terminal this is a full-screen view: PgUp and PgDn scroll, Esc or
Ctrl-C quits. Otherwise (or with --json) it works line by line: the last
--limit messages and each new one are printed as a line (a JSON object
with --json, a message again when its status changes), and each line read
from stdin is sent; the end of input quits.`,
		Args: exactArgs("CONTACT|GROUP|CHANNEL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("--limit must not be negative")
			}
			ctx := cmd.Context()
			c, err := a.api()
			if err != nil {
				return err
			}
			id, err := doResult(ctx, a, a.chatIdentity)
			if err != nil {
				return err
			}
			conv, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) (chatConv, error) {
				return a.findConversation(ctx, c, args[0])
			})
			if err != nil {
				return err
			}
			// Subscribe before reading the history, so nothing falls in
			// between; what comes twice is merged by id.
			sub, err := c.SubscribeChat(ctx, id)
			if err != nil {
				return err
			}
			defer sub.Close()
			history, err := doResult(ctx, a, func(ctx context.Context, c *client.Client) ([]api.ChatMessage, error) {
				return c.ChatHistory(ctx, api.ChatHistoryParams{Account: a.account, With: conv.key[strings.IndexByte(conv.key, ':')+1:], Limit: limit})
			})
			if err != nil {
				return err
			}
			send := func(ctx context.Context, text string) (*api.ChatMessage, error) {
				return doResult(ctx, a, func(ctx context.Context, c *client.Client) (*api.ChatMessage, error) {
					p := api.ChatSendParams{Account: a.account, To: conv.to, Text: text, DisplayName: name}
					switch conv.kind {
					case "group":
						return c.ChatSendGroup(ctx, p)
					case "channel":
						return c.ChatPostChannel(ctx, p)
					}
					return c.ChatSend(ctx, p)
				})
			}
			if a.env.StdinTerminal && a.env.StdoutTerminal && !a.json {
				return a.chatView(ctx, conv, history, sub, send)
			}
			return a.chatLines(ctx, conv, history, sub, send)
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 50, "how many earlier messages to show")
	cmd.Flags().StringVar(&name, "name", "", "the display name the recipients see (inside the messages, never on chain)")
	return cmd
}

// chatIdentity returns the id of the account --account names (the first
// account without it): chat.message events name the account by id.
func (a *app) chatIdentity(ctx context.Context, c *client.Client) (string, error) {
	accts, err := c.ListAccounts(ctx)
	if err != nil {
		return "", err
	}
	if len(accts) == 0 {
		return "", &api.Error{Code: api.CodeAccountNotFound, Message: "the wallet has no account"}
	}
	if a.account == "" {
		return accts[0].ID, nil
	}
	for _, acct := range accts {
		if acct.ID == a.account || acct.Name == a.account {
			return acct.ID, nil
		}
	}
	return "", &api.Error{Code: api.CodeAccountNotFound, Message: fmt.Sprintf("no account %q", a.account)}
}

// findConversation finds what ref names, in the order chat.history tries:
// a group (name or id), a channel (name or address), a contact (name or
// address). An address or URI that is none of them is added as a contact.
func (a *app) findConversation(ctx context.Context, c *client.Client, ref string) (chatConv, error) {
	ref = strings.TrimSpace(ref)
	groups, err := c.ChatGroups(ctx, a.account)
	if err != nil {
		return chatConv{}, err
	}
	for _, g := range groups {
		if g.ID == ref || strings.EqualFold(g.Name, ref) {
			conv := chatConv{kind: "group", to: g.ID, key: "group:" + g.ID,
				title: fmt.Sprintf("group %s (%s)", sanitize(g.Name), plural(int64(len(g.Members)), "member"))}
			switch g.State {
			case "member":
			case "invited":
				conv.readOnly = fmt.Sprintf("you are invited: join with 'stegos %schat groups join %s' to write", a.accountFlag(), shellQuote(g.Name))
			default:
				conv.readOnly = "you " + sanitize(g.State) + " this group"
			}
			return conv, nil
		}
	}
	channels, err := c.ChatChannels(ctx, a.account)
	if err != nil {
		return chatConv{}, err
	}
	for _, ch := range channels {
		if ch.Address == ref || strings.EqualFold(ch.Name, ref) {
			conv := chatConv{kind: "channel", to: ch.Address, key: "channel:" + ch.Address, title: "channel " + sanitize(ch.Name)}
			if !ch.Owned {
				conv.readOnly = "only the channel's owner posts"
			}
			return conv, nil
		}
	}
	contacts, err := c.ChatContacts(ctx, a.account)
	if err != nil {
		return chatConv{}, err
	}
	contact := func(ct api.ChatContact) chatConv {
		return chatConv{kind: "contact", to: ct.Address, key: "contact:" + ct.Address,
			title: contactLabel(ct) + " (" + shortAddr(ct.Address) + ")"}
	}
	for _, ct := range contacts {
		if ct.Address == ref || (ct.Name != "" && strings.EqualFold(ct.Name, ref)) {
			return contact(ct), nil
		}
	}
	if strings.HasPrefix(strings.ToLower(ref), "stegos:") || len(ref) > 40 {
		ct, err := c.ChatAddContact(ctx, api.ChatContactParams{Account: a.account, Contact: ref})
		if err != nil {
			return chatConv{}, err
		}
		return contact(*ct), nil
	}
	return chatConv{}, usagef("no contact, group or channel %q: add a contact with 'stegos %schat contacts add ADDRESS NAME'", ref, a.accountFlag())
}

// sendFunc sends one message of the conversation.
type sendFunc func(ctx context.Context, text string) (*api.ChatMessage, error)

// chatLines is 'chat open' line by line.
func (a *app) chatLines(ctx context.Context, conv chatConv, history []api.ChatMessage, sub *client.Subscription[api.ChatEvent], send sendFunc) error {
	var mu sync.Mutex // one line at a time on stdout
	show := func(m api.ChatMessage) {
		mu.Lock()
		defer mu.Unlock()
		if a.json {
			_ = a.printJSONLine(m)
			return
		}
		fmt.Fprintln(a.env.Stdout, a.messageLine(m))
	}
	for _, m := range history {
		show(m)
	}
	how := "each line typed is sent; the end of input quits"
	if conv.readOnly != "" {
		how = "read only: " + conv.readOnly + "; the end of input quits"
	}
	fmt.Fprintf(a.env.Stderr, "Chat with %s: %s.\n", conv.title, how)

	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range sub.Events() {
			if ev.Message != nil && ev.Message.Conversation == conv.key {
				show(*ev.Message)
			}
		}
	}()
	for {
		line, err := a.readLine(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if conv.readOnly != "" {
			fmt.Fprintf(a.env.Stderr, "stegos: not sent: %s\n", conv.readOnly)
			continue
		}
		m, err := send(ctx, line)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(a.env.Stderr, "stegos: not sent: %s\n", a.explain(err))
			continue
		}
		show(*m)
	}
	sub.Close()
	<-done
	return nil
}

// chatView is 'chat open' on a terminal.
func (a *app) chatView(ctx context.Context, conv chatConv, history []api.ChatMessage, sub *client.Subscription[api.ChatEvent], send sendFunc) error {
	m := newChatModel(conv, history, a.env.Location, sub.Events(), func(text string) tea.Cmd {
		return func() tea.Msg {
			msg, err := send(ctx, text)
			return chatSentMsg{msg: msg, err: err, text: text}
		}
	}, a.explain)
	p := tea.NewProgram(m, tea.WithInput(a.env.Stdin), tea.WithOutput(a.env.Stdout), tea.WithContext(ctx), tea.WithAltScreen())
	_, err := p.Run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// The messages of the chat view besides bubbletea's.
type (
	// chatEventMsg is an event of the chat.message topic.
	chatEventMsg api.ChatEvent
	// chatEventsEndedMsg says the subscription ended (err says why).
	chatEventsEndedMsg struct{ err error }
	// chatSentMsg is the result of sending text.
	chatSentMsg struct {
		msg  *api.ChatMessage
		err  error
		text string
	}
)

// chatModel is the chat view's bubbletea model: the conversation's
// messages in a viewport, a status line and the input line.
type chatModel struct {
	conv    chatConv
	loc     *time.Location
	msgs    []api.ChatMessage
	index   map[string]int // message id -> position in msgs
	events  <-chan api.ChatEvent
	send    func(text string) tea.Cmd
	explain func(error) string

	input         textinput.Model
	view          viewport.Model
	width, height int
	sized         bool
	sending       int    // messages on their way to the API
	note          string // the status line
}

// The chat view's layout: a title line, the messages, a status line and
// the input line.
const chatChrome = 3

func newChatModel(conv chatConv, history []api.ChatMessage, loc *time.Location, events <-chan api.ChatEvent, send func(string) tea.Cmd, explain func(error) string) *chatModel {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 16384
	if conv.readOnly != "" {
		in.Placeholder = "read only: " + conv.readOnly
	} else {
		in.Placeholder = "type a message, Enter sends"
	}
	in.Focus()
	m := &chatModel{conv: conv, loc: loc, index: map[string]int{}, events: events, send: send, explain: explain, input: in}
	m.view = viewport.New(80, 20)
	m.view.KeyMap.Up.SetKeys("up")
	m.view.KeyMap.Down.SetKeys("down")
	m.view.KeyMap.PageUp.SetKeys("pgup")
	m.view.KeyMap.PageDown.SetKeys("pgdown")
	m.view.KeyMap.HalfPageUp.SetEnabled(false)
	m.view.KeyMap.HalfPageDown.SetEnabled(false)
	m.view.KeyMap.Left.SetEnabled(false)
	m.view.KeyMap.Right.SetEnabled(false)
	for _, msg := range history {
		m.upsert(msg)
	}
	m.refresh()
	return m
}

// waitEvent waits for the next chat event.
func waitEvent(events <-chan api.ChatEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return chatEventsEndedMsg{}
		}
		return chatEventMsg(ev)
	}
}

func (m *chatModel) Init() tea.Cmd {
	return tea.Batch(textinput.Blink, waitEvent(m.events))
}

func (m *chatModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height, m.sized = msg.Width, msg.Height, true
		m.view.Width = msg.Width
		m.view.Height = max(msg.Height-chatChrome, 1)
		m.input.Width = max(msg.Width-len(m.input.Prompt)-1, 1)
		m.refresh()
		return m, nil
	case tea.KeyMsg:
		switch msg.Type {
		case tea.KeyCtrlC, tea.KeyEsc:
			return m, tea.Quit
		case tea.KeyEnter:
			return m, m.submit()
		case tea.KeyPgUp, tea.KeyPgDown, tea.KeyUp, tea.KeyDown:
			var cmd tea.Cmd
			m.view, cmd = m.view.Update(msg)
			return m, cmd
		}
	case chatEventMsg:
		m.event(api.ChatEvent(msg))
		return m, waitEvent(m.events)
	case chatEventsEndedMsg:
		m.note = "live updates stopped: new messages show after 'stegos chat open' again"
		if msg.err != nil {
			m.note += " (" + m.explain(msg.err) + ")"
		}
		return m, nil
	case chatSentMsg:
		m.sending--
		if msg.err != nil {
			m.note = "not sent: " + m.explain(msg.err)
			if m.input.Value() == "" {
				m.input.SetValue(msg.text) // to try again
				m.input.CursorEnd()
			}
			return m, nil
		}
		m.note = ""
		if msg.msg != nil {
			m.upsert(*msg.msg)
			m.refresh()
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// submit sends what was typed.
func (m *chatModel) submit() tea.Cmd {
	text := m.input.Value()
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if m.conv.readOnly != "" {
		m.note = "not sent: " + m.conv.readOnly
		return nil
	}
	m.input.Reset()
	m.sending++
	m.note = "sending…"
	return m.send(text)
}

// event takes in a chat.message event: a message of this conversation
// (new, or a status change), or a change of this group.
func (m *chatModel) event(ev api.ChatEvent) {
	if ev.Message != nil && ev.Message.Conversation == m.conv.key {
		m.upsert(*ev.Message)
		m.refresh()
	}
	if ev.Group != nil && "group:"+ev.Group.ID == m.conv.key && ev.Kind == "group" {
		m.note = fmt.Sprintf("the group changed: %s, epoch %d", plural(int64(len(ev.Group.Members)), "member"), ev.Group.Epoch)
		if ev.Group.State != "member" {
			m.conv.readOnly = "you " + sanitize(ev.Group.State) + " this group"
		}
	}
}

// upsert adds a message, or replaces the one with its id (a status
// change, an edit), keeping the order of arrival.
func (m *chatModel) upsert(msg api.ChatMessage) {
	if i, ok := m.index[msg.ID]; ok {
		m.msgs[i] = msg
		return
	}
	m.index[msg.ID] = len(m.msgs)
	m.msgs = append(m.msgs, msg)
}

// refresh lays the messages out in the viewport, following the newest
// unless the user scrolled up.
func (m *chatModel) refresh() {
	follow := m.view.AtBottom() || m.view.TotalLineCount() <= m.view.Height
	var b strings.Builder
	if len(m.msgs) == 0 {
		b.WriteString("No messages yet.")
	}
	for i, msg := range m.msgs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(messageText(msg, msg.Time.In(m.loc).Format("Jan 2 15:04")))
	}
	content := b.String()
	if m.view.Width > 0 {
		content = lipgloss.NewStyle().Width(m.view.Width).Render(content)
	}
	m.view.SetContent(content)
	if follow {
		m.view.GotoBottom()
	}
}

var (
	chatTitleStyle = lipgloss.NewStyle().Bold(true)
	chatNoteStyle  = lipgloss.NewStyle().Faint(true)
)

func (m *chatModel) View() string {
	title := "Chat with " + m.conv.title + "  (Enter sends, PgUp/PgDn scroll, Esc quits)"
	note := m.note
	if note == "" && m.conv.readOnly != "" {
		note = "read only: " + m.conv.readOnly
	}
	return chatTitleStyle.Render(title) + "\n" + m.view.View() + "\n" + chatNoteStyle.Render(note) + "\n" + m.input.View()
}
