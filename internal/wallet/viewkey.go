package wallet

import (
	"encoding/hex"

	"github.com/stegos-go/stegos/api"
)

// ViewKey exports an account's secret view key after checking its
// password. With the address it makes a view-only account elsewhere; it
// reveals every payment to the account but cannot spend.
func (s *Service) ViewKey(ref, password string) (api.ViewKeyResult, error) {
	_, rec, file, err := s.readKeyFile(ref)
	if err != nil {
		return api.ViewKeyResult{}, err
	}
	sec, err := openSecrets(password, file)
	if err != nil {
		return api.ViewKeyResult{}, err
	}
	defer sec.zero()
	return api.ViewKeyResult{Account: rec.ID, Address: rec.Address, ViewKey: hex.EncodeToString(sec.view.Bytes())}, nil
}
