package api

import "time"

// The message bus (docs/adr/0022-message-bus.md): packets of up to 64 KiB
// sent to addresses in zero-value outputs that look like payments, with
// the app name, the optional sender and the fragmentation sealed inside.
const (
	MethodBusSend     = "bus.send"
	MethodBusMessages = "bus.messages"
	MethodBusOutbox   = "bus.outbox"

	// TopicBusPacket delivers a BusPacket for every packet an unlocked
	// account receives (and once for a packet found incomplete), of every
	// app and account unless the subscription has a filter, such as
	// subscribe {"topic":"bus.packet","filter":{"app":"pingpong"}}.
	TopicBusPacket = "bus.packet"
)

// BusSendParams are the params of bus.send.
type BusSendParams struct {
	// Account sends; the first account when empty.
	Account string `json:"account,omitempty"`
	// To is the recipient's address.
	To string `json:"to"`
	// App is the packet's namespace: 1 to 32 bytes of a-z, 0-9, '.', '_' and '-', sealed inside the packet.
	App string `json:"app"`
	// Data is the packet, base64 in JSON: at most 65 536 bytes.
	Data []byte `json:"data"`
	// Sign names the sender: the packet carries the account's address and a signature by its spend key; without it the packet is anonymous.
	Sign bool `json:"sign,omitempty"`
}

// BusSendResult is the result of bus.send.
type BusSendResult struct {
	// PacketID identifies the packet (32 hex digits) for the sender and the recipient.
	PacketID string `json:"packetId"`
	// TxIDs are the transactions sent so far, each pending until confirmed.
	TxIDs []string `json:"txIds"`
	// Fragments is the number of outputs the packet takes (472 bytes of packet each, 15 per transaction).
	Fragments int `json:"fragments"`
	// Pending is true when some fragments wait in the outbox for the account's coins (a packet of over 15 fragments whose transactions cannot all be sent at once); bus.outbox shows the progress.
	Pending bool `json:"pending"`
}

// BusMessagesParams are the params of bus.messages.
type BusMessagesParams struct {
	// Account received the packets; the first account when empty.
	Account string `json:"account,omitempty"`
	// App keeps the packets of one app; all apps when empty. Incomplete packets whose first fragment is missing have no app and are listed for every app.
	App string `json:"app,omitempty"`
	// Since keeps the packets completed at or above this height.
	Since int64 `json:"since,omitempty"`
}

// BusPacket is a received packet: a bus.messages entry and the payload of the bus.packet topic.
type BusPacket struct {
	// PacketID identifies the packet (32 hex digits).
	PacketID string `json:"packetId"`
	// Account is the id of the account it was sent to.
	Account string `json:"account"`
	App     string `json:"app"`
	// Data is the packet, base64 in JSON; empty when incomplete.
	Data []byte `json:"data"`
	// From is the sender's address when the sender signed the packet; empty for an anonymous or incomplete packet.
	From string `json:"from,omitempty"`
	// Seq is the sender's counter for its account and the app: it orders one sender's packets.
	Seq uint64 `json:"seq"`
	// Height is the block that completed the packet (for an incomplete packet, of the last fragment received).
	Height int64     `json:"height"`
	Time   time.Time `json:"time"`
	// TxIDs are the transactions that carried it.
	TxIDs []string `json:"txIds"`
	// Complete is false for a packet whose fragments stopped arriving: Received of Count came, and the retention window has passed since the first.
	Complete bool `json:"complete"`
	Received int  `json:"received"`
	Count    int  `json:"count"`
}

// BusOutboxParams are the params of bus.outbox.
type BusOutboxParams struct {
	// Account sent the packets; the first account when empty.
	Account string `json:"account,omitempty"`
}

// BusOutboxEntry is a packet still being sent.
type BusOutboxEntry struct {
	PacketID string `json:"packetId"`
	// To is the recipient's address.
	To  string `json:"to"`
	App string `json:"app"`
	// Fragments is the packet's number of fragments; Sent how many are in transactions sent so far.
	Fragments int       `json:"fragments"`
	Sent      int       `json:"sent"`
	TxIDs     []string  `json:"txIds"`
	Created   time.Time `json:"created"`
	// LastError is why the last attempt to send more stopped (such as insufficient funds while the change of the previous transaction confirms).
	LastError string `json:"lastError,omitempty"`
}
