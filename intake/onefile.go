package intake

import (
	"bytes"
	"io/fs"
	"time"
)

// oneFile is a file system holding a single file, name, with the given
// content: it lets corpus.SourcesFS load a document that arrived as bytes
// (an upload) exactly as it loads one from disk, with the same choice of
// format by extension or content, the same checks and the same messages.
type oneFile struct {
	name string
	data []byte
}

// Open opens the file, the only name that exists.
func (f oneFile) Open(name string) (fs.File, error) {
	if name != f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &openFile{Reader: bytes.NewReader(f.data), info: fileInfo{name: name, size: int64(len(f.data))}}, nil
}

// openFile is oneFile's file, open for reading.
type openFile struct {
	*bytes.Reader
	info fileInfo
}

func (o *openFile) Stat() (fs.FileInfo, error) { return o.info, nil }
func (o *openFile) Close() error               { return nil }

// fileInfo describes oneFile's file: a regular, read-only file.
type fileInfo struct {
	name string
	size int64
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return 0o444 }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }
