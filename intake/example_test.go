package intake_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/intake"
	"github.com/newsdesk/newsdesk/qa"
)

// A document an admin sent is stored and can be asked about at once.
func ExampleLibrary_AddFile() {
	ctx := context.Background()
	store, err := corpus.Open(ctx, "") // in memory
	if err != nil {
		panic(err)
	}
	defer store.Close()
	ix := qa.NewIndex(qa.DefaultOptions())
	lib := intake.NewLibrary(store, ix, slog.New(slog.NewTextHandler(io.Discard, nil)))

	note := []byte(`---
title: Night buses return to the ring road
outlet: City Desk
published: 2025-05-05
---

Night buses will run on the ring road again from Monday, the transport office said, after drivers agreed new shift patterns.
`)
	sum, err := lib.AddFile(ctx, "night-buses.md", note)
	fmt.Println(sum.Added, err)
	for _, h := range ix.Search("night buses ring road", 1) {
		fmt.Println(h.Doc.Title, "|", h.Doc.Outlet, "|", h.Doc.Published.Format("2 Jan 2006"))
	}

	_, err = lib.AddFile(ctx, "photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
	fmt.Println(err)
	// Output:
	// 1 <nil>
	// Night buses return to the ring road | City Desk | 5 May 2025
	// photo.jpg: binary content, not text: NUL byte at offset 4
}
