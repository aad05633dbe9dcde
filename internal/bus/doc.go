// Package bus is the private message and data bus (ADR 0022): apps send
// packets of up to MaxData bytes to addresses, carried in zero-value
// confidential outputs that look exactly like payments, and receive the
// packets sent to their accounts.
//
// The package has three layers:
//
//   - The codec (fragment.go, packet.go): a packet is encoded as flags ‖
//     app ‖ sequence ‖ data ‖ optional sender and signature ‖ digest, and
//     cut into fragments of at most FragmentBody bytes, each the data of
//     one output's payload (payload.MaxDataSize bytes) with a version, the
//     packet id and its index and count. Decoding is strict: an encoding
//     decodes only if encoding the result gives the same bytes, and every
//     rejection is one of the errors of errors.go.
//   - Reassembly (reassemble.go): the fragments an account received, as the
//     wallet recorded them, grouped by packet id, deduplicated and checked
//     (digest, signature). A packet that fails a check is dropped and
//     logged, never delivered; one whose fragments stop arriving is
//     reported incomplete once the retention window has passed.
//   - The Service (service.go, send.go, outbox.go, receive.go): Send
//     validates and fragments a packet and sends it through the Wallet in
//     one transaction when it fits (MaxFragmentsPerTx fragments), or
//     records it in an outbox (wallet records, namespace "bus.outbox") and
//     sends its groups of fragments as the account's coins allow, resuming
//     on the next poll and after a restart. Received packets are published
//     on the api.TopicBusPacket topic through Config.Notify and to
//     in-process handlers (OnPacket); Messages answers from the records.
//
// The wallet (internal/wallet) knows nothing of packets: it sends chunks as
// data outputs and records the data outputs it receives. The bus reaches it
// through the Wallet interface.
package bus
