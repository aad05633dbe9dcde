package txbuilder

// Shuffle exposes shuffle to the external tests.
var Shuffle = shuffle
