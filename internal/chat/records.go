package chat

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stegos-go/stegos/api"
)

// Record namespaces of the chat in the identity account's records.
const (
	// nsContacts: contacts by address text.
	nsContacts = "chat.contacts"
	// nsGroups: groups by group id.
	nsGroups = "chat.groups"
	// nsChannels: channels by channel address text.
	nsChannels = "chat.channels"
	// nsPending: sent texts awaiting a receipt, by message id.
	nsPending = "chat.pending"
	// nsReceipts: receipts to send, by the texts' sender address text.
	nsReceipts = "chat.receipts"
	// nsQueue: packets waiting for the account's coins, by time ‖ id.
	nsQueue = "chat.queue"
	// nsMeta: the identity's cursors.
	nsMeta = "chat.meta"
	// nsHistoryPrefix starts the namespace of one conversation's messages
	// (by message id): "chat.h." and 16 hex digits of SHA-256 of the
	// conversation key, so a history is read without the others.
	nsHistoryPrefix = "chat.h."
)

// Conversation keys (api.ChatMessage.Conversation).
func contactConv(addr string) string { return "contact:" + addr }
func groupConv(id GroupID) string    { return "group:" + id.String() }
func channelConv(addr string) string { return "channel:" + addr }

// historyNS is the namespace of a conversation's messages.
func historyNS(conv string) string {
	sum := sha256.Sum256([]byte(conv))
	return nsHistoryPrefix + hex.EncodeToString(sum[:8])
}

// contactRecord is a contact.
type contactRecord struct {
	Address     string    `json:"address"`
	Name        string    `json:"name"`
	PeerName    string    `json:"peerName,omitempty"`
	Unsolicited bool      `json:"unsolicited,omitempty"`
	Added       time.Time `json:"added"`
	// NextSeq is this account's next order number in the conversation.
	NextSeq uint64 `json:"nextSeq"`
}

// messageRecord is a message of a conversation.
type messageRecord struct {
	ID        string `json:"id"`
	Conv      string `json:"conv"`
	Direction string `json:"direction"`
	From      string `json:"from"`
	FromName  string `json:"fromName,omitempty"`
	Seq       uint64 `json:"seq"`
	Text      string `json:"text"`
	ReplyTo   string `json:"replyTo,omitempty"`
	Edited    bool   `json:"edited,omitempty"`
	// EditOf is set on the record of an edit, which History does not
	// list: the edited message carries the new text.
	EditOf string    `json:"editOf,omitempty"`
	Status string    `json:"status"`
	Time   time.Time `json:"time"`
	Height int64     `json:"height"`
	TxIDs  []string  `json:"txIds,omitempty"`
}

// api returns the message as the API shows it.
func (m *messageRecord) api(contacts map[string]string) api.ChatMessage {
	peer := m.From
	if to, ok := strings.CutPrefix(m.Conv, "contact:"); ok && m.Direction == "out" {
		peer = to
	}
	return api.ChatMessage{
		ID: m.ID, Conversation: m.Conv, Direction: m.Direction, From: m.From, FromName: m.FromName,
		Contact: contacts[peer], Seq: m.Seq, Text: m.Text, ReplyTo: m.ReplyTo, Edited: m.Edited,
		Status: m.Status, Time: m.Time, Height: m.Height, TxIDs: m.TxIDs,
	}
}

// pendingRecord is a sent text awaiting its receipt.
type pendingRecord struct {
	Conv   string `json:"conv"`
	Height int64  `json:"height"`
}

// queueRecord is a packet waiting for the account's coins. Conv and ID,
// when set, name the message whose status becomes sent; Receipt marks a
// text that expects a receipt.
type queueRecord struct {
	To      string `json:"to"`
	App     string `json:"app"`
	Data    []byte `json:"data"`
	Conv    string `json:"conv,omitempty"`
	ID      string `json:"id,omitempty"`
	Receipt bool   `json:"receipt,omitempty"`
}

// memberRecord is a roster entry.
type memberRecord struct {
	Address string `json:"address"`
	Role    string `json:"role"`
}

// oldAccount is the account of an earlier epoch, still read for texts
// members sent before they switched.
type oldAccount struct {
	Epoch   uint32 `json:"epoch"`
	Account string `json:"account"`
	Cursor  int64  `json:"cursor"`
}

// Group states (api.ChatGroup.State).
const (
	stateInvited = "invited"
	stateMember  = "member"
	stateLeft    = "left"
	stateRemoved = "removed"
)

// groupRecord is a group an identity belongs to or was invited to.
type groupRecord struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	Role  string `json:"role"`
	Epoch uint32 `json:"epoch"`
	// Secret is the current epoch's group secret (hex).
	Secret string `json:"secret"`
	// Account and Address are the current group account ("" while
	// invited); Password encrypts the group accounts in this wallet.
	Account  string         `json:"account,omitempty"`
	Address  string         `json:"address"`
	Password string         `json:"password,omitempty"`
	Members  []memberRecord `json:"members"`
	// Rev is the roster's revision within the epoch.
	Rev       uint32 `json:"rev"`
	InvitedBy string `json:"invitedBy,omitempty"`
	// NextSeq is this identity's next order number in the group.
	NextSeq uint64 `json:"nextSeq"`
	// Cursor is the height up to which the group account's packets were
	// read.
	Cursor int64        `json:"cursor"`
	Old    []oldAccount `json:"old,omitempty"`
	// RekeyDue is set when a member left: the owner re-keys without them.
	RekeyDue bool `json:"rekeyDue,omitempty"`
}

// channelRecord is a channel an identity owns or reads.
type channelRecord struct {
	Address string `json:"address"`
	Name    string `json:"name"`
	Owner   string `json:"owner"`
	Owned   bool   `json:"owned"`
	Account string `json:"account"`
	// Secret is the channel account's secret (hex), the owner's only.
	Secret   string `json:"secret,omitempty"`
	Password string `json:"password,omitempty"`
	NextSeq  uint64 `json:"nextSeq"`
	Cursor   int64  `json:"cursor"`
}

// metaRecord holds an identity's cursors.
type metaRecord struct {
	// Direct is the height up to which 1:1 packets were read.
	Direct int64 `json:"direct"`
}

// decodeJSON unmarshals a record value.
func decodeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }

// get reads a JSON record; ok is false when there is none.
func (s *Service) get(account, ns string, key []byte, v any) (bool, error) {
	b, ok, err := s.w.GetRecord(account, ns, key)
	if err != nil || !ok {
		return false, err
	}
	return true, decodeJSON(b, v)
}

// put writes a JSON record.
func (s *Service) put(account, ns string, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.w.PutRecord(account, ns, key, b)
}

// contacts returns an identity's contacts by address.
func (s *Service) contacts(account string) (map[string]*contactRecord, error) {
	out := map[string]*contactRecord{}
	err := s.w.ForEachRecord(account, nsContacts, nil, func(_, v []byte) error {
		var c contactRecord
		if err := decodeJSON(v, &c); err != nil {
			return err
		}
		out[c.Address] = &c
		return nil
	})
	return out, err
}

// contactNames maps contacts' addresses to their local names.
func (s *Service) contactNames(account string) map[string]string {
	cs, _ := s.contacts(account)
	out := make(map[string]string, len(cs))
	for a, c := range cs {
		if c.Name != "" {
			out[a] = c.Name
		}
	}
	return out
}

// message reads one message of a conversation.
func (s *Service) message(account, conv string, id MessageID) (*messageRecord, bool, error) {
	var m messageRecord
	ok, err := s.get(account, historyNS(conv), id[:], &m)
	if err != nil || !ok {
		return nil, ok, err
	}
	return &m, true, nil
}

// putMessage writes a message.
func (s *Service) putMessage(account string, m *messageRecord) error {
	id, err := ParseMessageID(m.ID)
	if err != nil {
		return err
	}
	return s.put(account, historyNS(m.Conv), id[:], m)
}

// history returns a conversation's messages in order: by height, then the
// sender's time, then the sender's order.
func (s *Service) history(account, conv string) ([]*messageRecord, error) {
	var out []*messageRecord
	err := s.w.ForEachRecord(account, historyNS(conv), nil, func(_, v []byte) error {
		var m messageRecord
		if err := decodeJSON(v, &m); err != nil {
			return err
		}
		if m.Conv == conv {
			out = append(out, &m)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *messageRecord) int {
		switch {
		case a.Height != b.Height:
			return cmpInt(a.Height, b.Height)
		case !a.Time.Equal(b.Time):
			return a.Time.Compare(b.Time)
		case a.Seq != b.Seq:
			return cmpInt(int64(a.Seq), int64(b.Seq))
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// queueKey orders queued packets by time.
func queueKey(t time.Time, id []byte) []byte {
	k := binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano()))
	return append(k, id...)
}

// sortFunc sorts in place (slices.SortStableFunc).
func sortFunc[T any](xs []T, cmp func(a, b T) int) { slices.SortStableFunc(xs, cmp) }
