package corpus

// Loading turns what a journalist collected (files, folders of files,
// archives) into Sources. One walker serves both the operating system's
// files (Sources) and any fs.FS such as the embedded sample corpus
// (SourcesFS): a path on disk is walked as os.DirFS of its folder.
//
// A file's format is its extension's:
//
//	.txt .text             plain text as scraped
//	.html .htm .xhtml      an HTML page
//	.md .markdown          Markdown, with an optional YAML front matter
//	.jsonl .ndjson         an archive, one article per line (see archive.go)
//	.jsonl.gz .ndjson.gz   the same, gzip-compressed, decompressed as it is read
//	.docx                  a Word document (docx.go)
//	.pdf                   a PDF's text layer, page by page (pdf.go)
//	anything else          sniffed: a PDF or a Word document by its first
//	                       bytes, HTML when it starts like a tag document,
//	                       else text when it is UTF-8 text, else ErrBinary
//
// Text in another encoding than UTF-8 is converted when its encoding is
// known or can be told with confidence (see charset.go).
//
// A .json file is refused with a message saying to write JSON Lines.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileSize is the largest article file, in bytes, that the loader reads;
// a larger one is reported with ErrTooLarge. Archives are streamed and have
// no size limit, only a limit per line (MaxLineSize).
const MaxFileSize = 8 << 20

// MaxDocumentSize is the largest Word or PDF file the loader reads: their
// pictures and fonts take room that text does not, and their readers bound
// what they inflate on their own.
const MaxDocumentSize = 32 << 20

// loader loads files and archives within size limits. The zero value uses
// MaxFileSize and MaxLineSize; tests set smaller limits.
type loader struct {
	maxFile int64 // largest article file, in bytes; 0 means MaxFileSize
	maxLine int   // longest archive line, in bytes; 0 means MaxLineSize
}

func (l loader) fileMax() int64 {
	if l.maxFile > 0 {
		return l.maxFile
	}
	return MaxFileSize
}

func (l loader) lineMax() int {
	if l.maxLine > 0 {
		return l.maxLine
	}
	return MaxLineSize
}

// Sources yields the articles in the given files and folders: each path is
// a file, or a folder walked recursively in lexical order, skipping hidden
// files and folders (whose names start with "."). Each article's Origin is
// the path as given, joined with the file's path inside the folder, and
// "#id" for an archive line.
//
// A file or archive line that cannot be loaded (unreadable, binary, not
// UTF-8, empty, too large, malformed) is yielded as a *LoadError naming the
// file and, when it helps, the line and field; loading goes on with the
// rest, and the consumer decides whether to stop.
func Sources(paths ...string) iter.Seq2[Source, error] {
	return loader{}.sources(paths)
}

// SourcesFS is Sources over the file system fsys: it yields the articles in
// root, a file or a folder of fsys walked recursively. Origins are paths of
// fsys, such as "seeds/000.txt".
func SourcesFS(fsys fs.FS, root string) iter.Seq2[Source, error] {
	return loader{}.sourcesFS(fsys, root)
}

func (l loader) sources(paths []string) iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) {
		for _, p := range paths {
			info, err := os.Stat(p)
			var ok bool
			switch {
			case err != nil:
				ok = yield(Source{}, &LoadError{Path: p, Err: cause(err)})
			case info.IsDir():
				ok = l.walk(os.DirFS(p), ".", func(name string) string {
					return filepath.Join(p, filepath.FromSlash(name))
				}, yield)
			default:
				ok = l.walk(os.DirFS(filepath.Dir(p)), filepath.Base(p), func(string) string { return p }, yield)
			}
			if !ok {
				return
			}
		}
	}
}

func (l loader) sourcesFS(fsys fs.FS, root string) iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) {
		l.walk(fsys, root, func(name string) string { return name }, yield)
	}
}

// walk yields the articles of every file under root in fsys, naming each
// file by origin(its path in fsys). It returns false when yield asked to
// stop.
func (l loader) walk(fsys fs.FS, root string, origin func(string) string, yield func(Source, error) bool) bool {
	ok := true
	report := func(name string, err error) error {
		if !yield(Source{}, &LoadError{Path: origin(name), Err: err}) {
			ok = false
			return fs.SkipAll
		}
		return nil
	}
	fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return report(name, cause(err))
		}
		if name != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			// A link, or something stranger: follow a link to a file; do
			// not follow one to a folder, which could lead back up.
			info, err := fs.Stat(fsys, name)
			switch {
			case err != nil:
				return report(name, cause(err))
			case info.IsDir():
				return report(name, errors.New("a link to a folder, not followed: give the folder itself"))
			case !info.Mode().IsRegular():
				return report(name, fmt.Errorf("not a regular file (%v)", info.Mode().Type()))
			}
		}
		if !l.loadFile(fsys, name, origin(name), yield) {
			ok = false
			return fs.SkipAll
		}
		return nil
	})
	return ok
}

// loadFile yields the articles of file name of fsys, called origin. It
// returns false when yield asked to stop.
func (l loader) loadFile(fsys fs.FS, name, origin string, yield func(Source, error) bool) bool {
	fail := func(err error) bool { return yield(Source{}, &LoadError{Path: origin, Err: err}) }
	kind := kindOf(name)
	if kind == kindJSON {
		return fail(errors.New("a .json file is not read: write one article per line as JSON Lines and name the file .jsonl"))
	}
	f, err := fsys.Open(name)
	if err != nil {
		return fail(cause(err))
	}
	defer f.Close()
	switch kind {
	case kindArchive:
		return l.readArchive(f, origin, yield)
	case kindGzipArchive:
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fail(fmt.Errorf("not a gzip file: %w", err))
		}
		defer gz.Close()
		return l.readArchive(gz, origin, yield)
	}

	max := l.fileMax()
	if (kind == kindDOCX || kind == kindPDF || kind == kindUnknown) && l.maxFile == 0 {
		max = MaxDocumentSize // an unknown file may be either; text is held to MaxFileSize below
	}
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	if size > max {
		return fail(fmt.Errorf("%w: %s, more than the %s an article file may have", ErrTooLarge, sizeString(size), sizeString(max)))
	}
	var buf bytes.Buffer
	buf.Grow(int(size) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return fail(cause(err))
	}
	if int64(buf.Len()) > max {
		return fail(fmt.Errorf("%w: more than the %s an article file may have", ErrTooLarge, sizeString(max)))
	}
	src, err := fileSource(buf.Bytes(), kind, origin)
	if err != nil {
		return yield(Source{}, err)
	}
	return yield(src, nil)
}

// fileSource makes the Source of a whole article file of the given kind, or
// says in a *LoadError why it is not one.
func fileSource(b []byte, kind fileKind, origin string) (Source, error) {
	if kind == kindUnknown {
		kind = sniffDocument(b)
	}
	switch kind {
	case kindDOCX:
		return docxSource(b, origin)
	case kindPDF:
		return pdfSource(b, origin)
	}
	if int64(len(b)) > MaxFileSize {
		return Source{}, &LoadError{Path: origin, Err: fmt.Errorf("%w: %s of text, more than the %s an article file may have",
			ErrTooLarge, sizeString(int64(len(b))), sizeString(MaxFileSize))}
	}
	text, charset, line, err := decodeText(b, kind)
	if err != nil {
		if kind == kindUnknown && errors.Is(err, ErrInvalidUTF8) {
			err = fmt.Errorf("%w (%w)", ErrBinary, err)
		}
		return Source{}, &LoadError{Path: origin, Line: line, Err: err}
	}
	if charset != "" {
		slog.Debug("converted to UTF-8", "file", origin, "from", charset)
	}
	src := Source{Origin: origin, Format: Text, Content: text}
	switch kind {
	case kindHTML:
		src.Format = HTML
	case kindMarkdown:
		meta, body, err := ParseFrontMatter(text)
		if err != nil {
			var le *LoadError
			if errors.As(err, &le) {
				le.Path = origin
				return Source{}, le
			}
			return Source{}, &LoadError{Path: origin, Err: err}
		}
		if strings.TrimSpace(body) == "" {
			return Source{}, &LoadError{Path: origin, Err: fmt.Errorf("%w after the front matter", ErrEmpty)}
		}
		src.Format, src.Content, src.Meta = Markdown, body, meta
	case kindUnknown:
		if looksLikeHTML(text) {
			src.Format = HTML
		}
	}
	return src, nil
}

// cause strips the operation and path from a *fs.PathError, which a
// LoadError names itself: "open x: permission denied" becomes "permission
// denied".
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sniffDocument tells a Word document or a PDF by its first bytes, for a
// file whose name does not say (a link, a file sent without extension);
// kindUnknown otherwise.
func sniffDocument(b []byte) fileKind {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")) && bytes.Contains(b[:min(len(b), 64<<10)], []byte("word/")):
		return kindDOCX
	case bytes.HasPrefix(b, oleMagic):
		return kindDOCX // readDOCX says it is a protected or old Word file
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return kindPDF
	}
	return kindUnknown
}

// docxSource makes the Source of a Word document.
func docxSource(b []byte, origin string) (Source, error) {
	d, err := readDOCX(b)
	if err != nil {
		return Source{}, &LoadError{Path: origin, Err: err}
	}
	return Source{Origin: origin, Format: Paragraphs, Content: strings.Join(d.Paras, "\n\n"), Meta: d.Meta}, nil
}

// FetchedSource makes the Source of a document fetched from link, whose
// server said it is of mediaType (such as "text/html"; "" or
// "application/octet-stream" when it did not say): the media type decides
// the format as a file's extension does, and the content is sniffed when
// it is not known. Errors are *LoadErrors naming origin.
func FetchedSource(origin, link, mediaType string, b []byte) (Source, error) {
	kind := kindUnknown
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		kind = kindHTML
	case "text/plain":
		kind = kindText
	case "text/markdown":
		kind = kindMarkdown
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		kind = kindDOCX
	case "application/pdf":
		kind = kindPDF
	}
	if len(b) == 0 {
		return Source{}, &LoadError{Path: origin, Err: ErrEmpty}
	}
	src, err := fileSource(b, kind, origin)
	src.Link = link
	return src, err
}

// pdfSource makes the Source of a PDF: its pages' paragraphs, each with
// its page number, so that a quote can cite the page.
func pdfSource(b []byte, origin string) (Source, error) {
	t, err := readPDF(b)
	if err != nil {
		return Source{}, &LoadError{Path: origin, Err: err}
	}
	var paras []string
	var pages []int
	for i, page := range t.Pages {
		for j, p := range page {
			if j == 0 && len(paras) > 0 && continues(paras[len(paras)-1], p) {
				// A paragraph the page break cut: one paragraph, cited
				// by the page it starts on.
				paras[len(paras)-1] += " " + p
				continue
			}
			paras = append(paras, p)
			pages = append(pages, i+1)
		}
	}
	if len(paras) == 0 {
		return Source{}, &LoadError{Path: origin, Err: fmt.Errorf("%w: no text on any page", ErrNoTextLayer)}
	}
	return Source{Origin: origin, Format: Paragraphs, Content: strings.Join(paras, "\n\n"), Meta: t.Meta, Pages: pages}, nil
}

// continues reports whether paragraph next, first on its page, goes on
// paragraph last, the previous page's last: last stops mid-sentence and
// next starts in lower case.
func continues(last, next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	return !endsSentence(last) && unicode.IsLower(r)
}
