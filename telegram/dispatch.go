package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Handler answers one update. The bot's handlers implement it; the
// Dispatcher calls it.
type Handler interface {
	Handle(ctx context.Context, u tgbotapi.Update)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, u tgbotapi.Update)

// Handle calls f(ctx, u).
func (f HandlerFunc) Handle(ctx context.Context, u tgbotapi.Update) { f(ctx, u) }

// ErrDispatcherClosed is returned by Dispatch once Close was called.
var ErrDispatcherClosed = errors.New("telegram: dispatcher closed")

// ErrClaim is in the chain of Dispatch's error when the claim on an update
// could not be made (the store did not answer): the update was not
// queued, and should be delivered again later.
var ErrClaim = errors.New("telegram: update not claimed")

// Claimer decides which of several replicas handles an update: Claim
// reports true to the first caller for an update id, across every process
// sharing it, and false to all the others. corpus.Claims is one, kept in
// the shared store.
type Claimer interface {
	Claim(ctx context.Context, updateID int64) (bool, error)
}

// DispatcherOptions bound a Dispatcher's work. Zero fields take defaults.
type DispatcherOptions struct {
	// Workers bounds the handlers running at once (default 16).
	Workers int
	// Queue bounds the updates accepted and not yet handled, running ones
	// included (default 256). Dispatch waits for room, so a backlog
	// slows the poller down instead of growing memory.
	Queue int
	// Logger receives handler panics and dropped updates (default
	// slog.Default()).
	Logger *slog.Logger
	// Claims, when set, is asked for every update before it is queued;
	// an update claimed by another replica is dropped. Replicas sharing a
	// store set it, so that an update reaching several of them (Telegram
	// redelivering a webhook post to another replica behind the load
	// balancer, or two pollers) is answered once.
	Claims Claimer
}

// A Dispatcher runs a Handler on updates: concurrently across chats, so a
// slow answer never holds up another chat, and one at a time, in the order
// dispatched, within a chat, so a chat's answers come in the order of its
// questions.
//
// How it schedules: updates are queued per chat (see chatKeyOf). A chat
// with queued updates and none running sits once in a FIFO of ready
// chats; each of Workers goroutines takes a chat from it, handles that
// chat's oldest update, and puts the chat back at the end if more are
// queued. So chats take turns, and a chat with a long backlog cannot
// starve the others.
//
// It also tracks completion for the poller's offset: Handled is the
// highest update id up to which every update dispatched has been handled.
type Dispatcher struct {
	h       Handler
	log     *slog.Logger
	claims  Claimer
	slots   chan struct{}   // one token per update accepted and not finished
	ready   chan *chatQueue // chats whose oldest update may run now
	stop    chan struct{}   // closed by Close: Dispatch stops waiting for room
	ctx     context.Context // the handlers' context, cancelled when Close gives up
	cancel  context.CancelCauseFunc
	workers sync.WaitGroup
	once    sync.Once

	mu       sync.Mutex
	closed   bool
	chats    map[chatKey]*chatQueue
	inflight int           // updates accepted and not finished
	idle     chan struct{} // closed when inflight drops to 0
	order    []int         // ids accepted and not yet below the watermark, ascending
	done     map[int]bool  // ids in order that were handled
	handled  int           // the watermark
}

// chatQueue is one chat's updates, oldest first; the first is running or
// waiting in the ready FIFO whenever the queue is not empty.
type chatQueue struct {
	key     chatKey
	updates []tgbotapi.Update
}

// NewDispatcher starts a Dispatcher running h; stop it with Close.
func NewDispatcher(h Handler, opts DispatcherOptions) *Dispatcher {
	if opts.Workers <= 0 {
		opts.Workers = 16
	}
	if opts.Queue <= 0 {
		opts.Queue = 256
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	d := &Dispatcher{
		h:      h,
		log:    opts.Logger,
		claims: opts.Claims,
		slots:  make(chan struct{}, opts.Queue),
		// At most Queue chats have queued updates, so sends never block.
		ready: make(chan *chatQueue, opts.Queue),
		stop:  make(chan struct{}),
		chats: make(map[chatKey]*chatQueue),
		done:  make(map[int]bool),
	}
	d.ctx, d.cancel = context.WithCancelCause(context.Background())
	d.workers.Add(opts.Workers)
	for range opts.Workers {
		go d.work()
	}
	return d
}

// Dispatch queues u behind the earlier updates of its chat. It waits while
// the queue is full, and returns ctx's cause if ctx ends first, or
// ErrDispatcherClosed after Close. With Claims set, it first claims u: an
// update another replica claimed is dropped (nil, and it counts as
// handled for Handled), and a claim that fails returns an error wrapping
// ErrClaim, u not queued. Dispatch each update id once.
func (d *Dispatcher) Dispatch(ctx context.Context, u tgbotapi.Update) error {
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-d.stop:
		return ErrDispatcherClosed
	}
	if d.claims != nil {
		won, err := d.claims.Claim(ctx, int64(u.UpdateID))
		if err != nil || !won {
			<-d.slots
		}
		if err != nil {
			return fmt.Errorf("%w %d: %w", ErrClaim, u.UpdateID, err)
		}
		if !won {
			d.log.Debug("telegram update claimed by another replica, dropped", "update", u.UpdateID)
			d.mu.Lock()
			d.accept(u.UpdateID)
			d.retire(u.UpdateID)
			d.mu.Unlock()
			return nil
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		<-d.slots
		return ErrDispatcherClosed
	}
	if d.inflight == 0 {
		d.idle = make(chan struct{})
	}
	d.inflight++
	d.accept(u.UpdateID)
	key := chatKeyOf(u)
	q := d.chats[key]
	if q == nil {
		q = &chatQueue{key: key}
		d.chats[key] = q
		d.ready <- q
	}
	q.updates = append(q.updates, u)
	return nil
}

// Handled returns the highest update id up to which every dispatched
// update has been handled (0 before any): the poller persists Handled()+1
// as the offset to resume from. A handler that panicked counts as having
// handled its update; an update dropped by Close does not, and holds the
// watermark below it.
func (d *Dispatcher) Handled() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.handled
}

// Wait blocks until every update dispatched so far has been handled, or
// returns ctx's cause if ctx ends first.
func (d *Dispatcher) Wait(ctx context.Context) error {
	d.mu.Lock()
	if d.inflight == 0 {
		d.mu.Unlock()
		return nil
	}
	idle := d.idle
	d.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Close stops accepting updates and lets the queued and running ones
// finish. If ctx ends first, it cancels the handlers' context, drops the
// updates not started (logged), waits for the running handlers to return,
// and reports ctx's cause. Handlers must return once their context ends.
// Close is idempotent.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		close(d.stop)
	}
	d.mu.Unlock()
	err := d.Wait(ctx)
	if err != nil {
		d.cancel(fmt.Errorf("telegram: dispatcher shutdown: %w", err))
		_ = d.Wait(context.Background())
	}
	d.once.Do(func() { close(d.ready) })
	d.workers.Wait()
	return err
}

// work handles the oldest update of one ready chat at a time.
func (d *Dispatcher) work() {
	defer d.workers.Done()
	for q := range d.ready {
		d.mu.Lock()
		u := q.updates[0]
		d.mu.Unlock()
		handled := d.ctx.Err() == nil
		if handled {
			d.handle(u)
		} else {
			d.log.Warn("telegram update dropped at shutdown", "update", u.UpdateID, "chat", q.key.String())
		}
		d.finish(q, u.UpdateID, handled)
	}
}

// handle runs the handler on u; a panic is logged and the bot goes on.
func (d *Dispatcher) handle(u tgbotapi.Update) {
	defer func() {
		if r := recover(); r != nil {
			d.log.Error("telegram handler panicked", "update", u.UpdateID, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	d.h.Handle(d.ctx, u)
}

// finish retires q's oldest update, id, and requeues q if it has more.
func (d *Dispatcher) finish(q *chatQueue, id int, handled bool) {
	d.mu.Lock()
	q.updates[0] = tgbotapi.Update{}
	q.updates = q.updates[1:]
	if handled {
		d.retire(id)
	}
	if len(q.updates) > 0 {
		d.ready <- q
	} else {
		delete(d.chats, q.key)
	}
	d.inflight--
	if d.inflight == 0 {
		close(d.idle)
	}
	d.mu.Unlock()
	<-d.slots
}

// accept records id as dispatched, not yet handled. d.mu is held.
func (d *Dispatcher) accept(id int) {
	if i, found := slices.BinarySearch(d.order, id); !found {
		d.order = slices.Insert(d.order, i, id)
	}
}

// retire records id as handled and moves the watermark over the ids
// handled without a gap. d.mu is held.
func (d *Dispatcher) retire(id int) {
	d.done[id] = true
	for len(d.order) > 0 && d.done[d.order[0]] {
		delete(d.done, d.order[0])
		d.handled = max(d.handled, d.order[0])
		d.order = d.order[1:]
	}
}

// chatKey names the queue an update waits in.
type chatKey struct {
	kind byte // 'c' chat, 'u' user, 'n' update of neither
	id   int64
}

func (k chatKey) String() string { return fmt.Sprintf("%c%d", k.kind, k.id) }

// chatKeyOf returns the chat an update belongs to: the chat of a message,
// an edited message, a channel post, the message under a pressed button,
// or a membership change; else the user who sent it (inline queries,
// buttons under inline messages, payments); else the update itself, which
// then waits for nothing.
func chatKeyOf(u tgbotapi.Update) chatKey {
	var chat *tgbotapi.Chat
	switch {
	case u.Message != nil:
		chat = u.Message.Chat
	case u.EditedMessage != nil:
		chat = u.EditedMessage.Chat
	case u.ChannelPost != nil:
		chat = u.ChannelPost.Chat
	case u.EditedChannelPost != nil:
		chat = u.EditedChannelPost.Chat
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		chat = u.CallbackQuery.Message.Chat
	case u.MyChatMember != nil:
		chat = &u.MyChatMember.Chat
	case u.ChatMember != nil:
		chat = &u.ChatMember.Chat
	}
	if chat != nil {
		return chatKey{'c', chat.ID}
	}
	if from := u.SentFrom(); from != nil {
		return chatKey{'u', from.ID}
	}
	if u.PollAnswer != nil {
		return chatKey{'u', u.PollAnswer.User.ID}
	}
	return chatKey{'n', int64(u.UpdateID)}
}
