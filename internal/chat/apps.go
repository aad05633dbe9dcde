package chat

// The bus apps of the chat (packet namespaces, sealed inside packets).
const (
	// AppDirect carries texts, receipts and invitations between two
	// accounts.
	AppDirect = "chat"
	// AppGroup carries texts, rosters, rekeys and leaves to a group
	// account.
	AppGroup = "chat.group"
	// AppChannel carries the owner's posts to a channel account.
	AppChannel = "chat.channel"
)
