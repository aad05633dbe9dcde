package state

// Auxiliary records: data the application derives deterministically from
// consensus inputs and keeps with each block (so a restart resumes with
// it), but that is not part of the app hash. They live under x/<name>.
var prefixAux = []byte("x/")

func auxKey(name string) []byte { return append(append([]byte{}, prefixAux...), name...) }

// Aux returns the committed auxiliary record name.
func (s *State) Aux(name string) ([]byte, bool, error) { return s.db.Get(auxKey(name)) }

// Aux returns the auxiliary record name as of the staged changes.
func (b *Block) Aux(name string) ([]byte, bool, error) { return b.batch.Get(auxKey(name)) }

// PutAux stages the auxiliary record name.
func (b *Block) PutAux(name string, v []byte) error { return b.batch.Set(auxKey(name), v) }
