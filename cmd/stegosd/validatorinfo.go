package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
)

// validatorInfo is the --json output of 'stegosd validator-info'.
type validatorInfo struct {
	Validator string `json:"validator"`
	VRFKey    string `json:"vrfKey"`
	ChainID   string `json:"chainId"`
	// Token is what a first stake to the node needs (ADR 0016).
	Token string `json:"token"`
}

func newValidatorInfoCommand(e env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "validator-info",
		Short: "Print this node's validator token, to stake to it",
		Long: `validator-info prints this node's validator token: one checksummed string
(stgval1…) that carries its ed25519 consensus key (the one CometBFT signs
blocks with), its VRF key (for the randomness beacon, derived from the
consensus key) and proofs that this node holds both, for the chain of the
home's genesis. The node's first stake needs it:

  stegos stake 1000 --validator TOKEN

The token also holds the secret that lets a wallet make itself the
validator's owner (the one that withdraws its rewards and unjails it) with
that first stake: give it only to the wallet that is to own this node.
Once the node is staked the token is of no further use. It never contains
the consensus key itself; the node may be running.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, "")
			if err != nil {
				return err
			}
			gen, err := node.LoadGenesis(home)
			if err != nil {
				return explain(home, err)
			}
			tok, err := genesis.LoadValidatorToken(home, gen.ChainID)
			if err != nil {
				return explain(home, err)
			}
			info := validatorInfo{Validator: hex.EncodeToString(tok.Validator[:]), VRFKey: hex.EncodeToString(tok.VRFKey[:]), ChainID: gen.ChainID, Token: tok.Text()}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(info)
			}
			fmt.Fprintf(e.stdout, "validator  %s\nvrf key    %s\nchain      %s\n\ntoken (give it only to the wallet that is to own this validator):\n%s\n\nStake to this node from that wallet with:\n  stegos stake 1000 --validator %s\n",
				info.Validator, info.VRFKey, info.ChainID, info.Token, info.Token)
			return nil
		},
	}
	cmd.Flags().String("home", "", "node home directory (default: the XDG home)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
