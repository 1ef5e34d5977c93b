package digest

import (
	"context"
	"crypto/rand"
)

// Several replicas may run the schedule on one shared store; each
// subscriber's digest is delivered by one of them. Before it delivers to
// a subscription, a replica takes the subscription's lease in the store
// (corpus.Leases, kind "digest", keyed by the subscription's id), then
// reads the subscription again, since another replica may have delivered
// in the meantime, and delivers what is still due. It renews the lease
// before each part it sends, stops when the lease was lost, and frees it
// when done, also when its context ended. A replica that dies holding a
// lease holds it until it expires (Options.Lease); then another takes it
// and resumes the pending digest with its first part not marked sent
// (deliver.go): no item is lost and none is sent twice, but the part in
// flight when the replica died.

// newReplicaID returns a name for this Service among the replicas: random,
// so that two processes, or two services in one, never share one.
func newReplicaID() string { return "replica-" + rand.Text()[:12] }

// unlease frees the lease this replica holds on subscription id, so that
// another replica may deliver at once; it runs even after ctx ended.
func (s *Service) unlease(ctx context.Context, id int64) {
	if err := s.leases.Free(context.WithoutCancel(ctx), id); err != nil {
		s.log.Warn("digest lease not freed; it expires", "sub", id, "after", s.o.Lease, "err", err)
	}
}
