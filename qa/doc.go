// Package qa answers journalists' questions from a corpus with verbatim
// quotes and numbered citations. It knows nothing of Telegram.
//
// The index (index.go, add.go, load.go) tokenises and stems every sentence
// per language (tokenize.go, stem.go) and keeps an inverted index of
// passages ranked with BM25 (bm25.go, walk.go, passage.go, search.go; a
// large search walks two halves of the documents at once, split.go), in
// memory or in segment files beside the store (segment.go, segwrite.go,
// persist.go, parts.go).
//
// A question then goes through stages, a file each, in order:
//
//	retrieve.go     what the question asks (its terms, their related words,
//	                the kind of answer it expects: head.go) and the
//	                documents whose passages rank best
//	candidates.go   every quote unit of those documents' matching
//	                paragraphs: a sentence, or a quotation with its
//	                attribution (units.go)
//	features.go     what each candidate has that an answer has: numbers a
//	                reader can check
//	rank.go         the candidates scored by the fitted model (model.go,
//	                model.json), the question judged answerable or not, and
//	                a short answer taken only when the model is sure
//	compose.go      quotes chosen per part of the question, originals before
//	                copies (rewrite.go), each cited by every document that
//	                prints it; disagreements between versions of one story
//	                (align.go, names.go)
//	attribution.go  every citation checked against the text it credits
//
// Every weight, shape prior, cue word and threshold the stages use is
// fitted by Fit (fit.go; bot fit, go generate) on public question-answering
// data, and measured by EvalSquad (squad.go; bot eval --squad) beside a
// plain BM25 baseline (baseline.go).
package qa
