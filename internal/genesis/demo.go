package genesis

import (
	"fmt"

	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// DemoPhrase is the published recovery phrase of the dev network's demo
// accounts (the BIP-39 phrase of 32 zero bytes). Anyone can spend what it
// holds: never send real value to it.
const DemoPhrase = "abandon abandon abandon abandon abandon abandon abandon abandon " +
	"abandon abandon abandon abandon abandon abandon abandon abandon " +
	"abandon abandon abandon abandon abandon abandon abandon art"

// DemoAccounts is how many demo accounts (indexes 0..DemoAccounts-1) the dev
// genesis funds.
const DemoAccounts = 4

// DemoAmount is what each demo account holds at genesis, in µSTG, split
// into DemoOutputs outputs.
const (
	DemoAmount  = 1_000_000 * ledger.STG
	DemoOutputs = 8
)

// DemoKeys returns the stealth keys of demo account i.
func DemoKeys(i uint32) (*stealth.Keys, error) {
	m, err := keys.ParseMnemonic(DemoPhrase)
	if err != nil {
		return nil, fmt.Errorf("genesis: demo phrase: %w", err)
	}
	seed := m.Seed("")
	defer seed.Zero()
	acc := seed.Account(i)
	defer acc.Zero()
	return stealth.NewKeys(acc.View, acc.Spend)
}

// DemoStake is what each genesis validator of a dev or localnet chain has
// bonded, owned by the first demo account (the dev wallet's "demo").
const DemoStake = 100_000 * ledger.STG

// DemoStakes bonds DemoStake to each validator, owned by the first demo
// account: the "demo" account of `stegosd dev` shows the stake and owns
// the validators (it withdraws their rewards, unjails them). Give specs
// with their tokens (ValidatorStakeSpec), so each stake registers its
// validator as app.CheckGenesisStakes requires.
func DemoStakes(validators []StakeSpec) ([]Allocation, error) {
	k, err := DemoKeys(0)
	if err != nil {
		return nil, err
	}
	var out []Allocation
	for i := range validators {
		out = append(out, Allocation{To: k.Address(), Amount: DemoStake, Stake: &validators[i]})
	}
	return out, nil
}

// DemoAllocations funds the demo accounts.
func DemoAllocations() ([]Allocation, error) {
	var out []Allocation
	for i := uint32(0); i < DemoAccounts; i++ {
		k, err := DemoKeys(i)
		if err != nil {
			return nil, err
		}
		out = append(out, Allocation{To: k.Address(), Amount: DemoAmount, Outputs: DemoOutputs, Memo: fmt.Sprintf("dev genesis: demo account %d", i)})
	}
	return out, nil
}
