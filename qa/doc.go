// Package qa answers journalists' questions from a corpus with verbatim
// quotes and numbered citations. It tokenises and stems text per language,
// keeps an inverted index of passages ranked with BM25, recognises what a
// question asks for, and composes answers only from sentences the sources
// said. It knows nothing of Telegram.
package qa
