// Package intake brings new material into a running bot: documents an
// admin sends (Library.AddFile), files dropped into a watched folder
// (Watcher) and items of RSS and Atom feeds (Feeds). Everything goes
// through one Library, which stores it (corpus.Ingest) and then loads it
// into the question index (qa.Index.Load), so that a new article can be
// asked about as soon as it is stored.
//
// What intake remembers between polls lives in the store's file, in
// tables of its own (see schema.go): the size and modification time of
// each watched file, and per feed its validators for conditional GETs and
// the items already taken. So a restart neither re-reads unchanged files
// nor refetches or re-adds what a feed already gave.
package intake
