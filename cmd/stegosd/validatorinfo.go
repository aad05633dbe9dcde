package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/node"
)

// validatorInfo is the --json output of 'stegosd validator-info'.
type validatorInfo struct {
	Validator string `json:"validator"`
	VRFKey    string `json:"vrfKey"`
}

func newValidatorInfoCommand(e env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "validator-info",
		Short: "Print this node's validator keys, to stake to it",
		Long: `validator-info prints the public keys a stake to this node needs: its
ed25519 consensus key (the one CometBFT signs blocks with) and its VRF key
(for the randomness beacon, derived from the consensus key). Give both to
'stegos stake AMOUNT --validator KEY --vrf-key KEY' for the node's first stake.
Only public keys are printed; the node may be running.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeDir(cmd, e, "")
			if err != nil {
				return err
			}
			k, err := node.LoadProposerKeys(home)
			if err != nil {
				return explain(home, err)
			}
			info := validatorInfo{Validator: hex.EncodeToString(k.Consensus[:]), VRFKey: hex.EncodeToString(k.VRF.Public().Bytes())}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(info)
			}
			fmt.Fprintf(e.stdout, "validator  %s\nvrf key    %s\n\nStake to this node from a wallet with:\n  stegos stake 1000 --validator %s --vrf-key %s\n",
				info.Validator, info.VRFKey, info.Validator, info.VRFKey)
			return nil
		},
	}
	cmd.Flags().String("home", "", "node home directory (default: the XDG home)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
