package sim

import (
	"math"
	"math/rand/v2"
	"time"
)

// The request mode simulates every call: Poisson arrivals from outside,
// each service a first-in first-out queue in front of Workers servers with
// exponential service times (an M/M/c queue, bounded when it has a queue
// bound), each call's tries with their timeouts, backoffs and jitter. It
// is the fluid model's reference: slow (events per call), exact in
// distribution, and what the Erlang C check runs on.

// rreq is one request at a service.
type rreq struct {
	done    bool // answered
	svc     int32
	try     ref // the try that brought it; noRef from outside
	arrived time.Duration
	// per need (unit of Services[svc].Needs): calls of it that failed for
	// good; a unit with a success is marked by -1
	failed  []int32
	pending int32 // needs without a success yet
}

// rcall is one call of a request along an edge, over its tries.
type rcall struct {
	req   ref // noRef for a call nobody waits on
	edge  int32
	unit  int32 // the need it serves; -1 when not needed
	tries int32
}

// rtry is one try of a call, released once it is answered or given up on
// at its timeout.
type rtry struct {
	call ref
}

type revent struct {
	at   time.Duration
	seq  uint64
	kind uint8
	i    int32 // service, disturbance or pool index, per kind
	r    ref
}

func (e revent) before(o revent) bool { return e.at < o.at || (e.at == o.at && e.seq < o.seq) }

const (
	rkArrive   uint8 = iota // a request from outside at service i
	rkDone                  // service i finishes request r
	rkTimeout               // try r times out
	rkRetry                 // call r tries again
	rkCapacity              // the disturbances change
	rkBucket                // the recorder's bucket ends
)

type rsvc struct {
	busy, limit int
	queue       []ref
	head        int
}

type requests struct {
	cfg    LoadConfig
	rng    *rand.Rand
	q      minHeap[revent]
	seq    uint64
	now    time.Duration
	rec    *recorder
	svcs   []rsvc
	reqs   slab[rreq]
	calls  slab[rcall]
	tries  slab[rtry]
	factor float64
	unitOf [][]int32 // per service, per call: its need, or -1
	tokens []float64
	rate   []float64 // per edge: exponentially weighted first tries per second
	rateAt []time.Duration
}

func runRequests(cfg LoadConfig) *LoadResult {
	bucket := cfg.Sample / ((cfg.Sample + 100*time.Millisecond - 1) / (100 * time.Millisecond))
	r := &requests{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed10ad)), rec: newRecorder(cfg, bucket),
		svcs: make([]rsvc, len(cfg.Services)), factor: 1, tokens: make([]float64, len(cfg.Edges)),
		rate: make([]float64, len(cfg.Edges)), rateAt: make([]time.Duration, len(cfg.Edges))}
	for i, s := range cfg.Services {
		r.svcs[i].limit = s.Workers
		units := make([]int32, len(s.Calls))
		for j, k := range s.Calls {
			units[j] = -1
			for u, need := range s.Needs {
				if containsInt(need, k) {
					units[j] = int32(u)
				}
			}
		}
		r.unitOf = append(r.unitOf, units)
		if s.Load > 0 {
			r.schedule(r.exp(s.Load), rkArrive, int32(i), noRef)
		}
	}
	for _, d := range cfg.Disturbances {
		r.schedule(d.At, rkCapacity, 0, noRef)
		r.schedule(d.At+d.For, rkCapacity, 0, noRef)
	}
	r.schedule(bucket, rkBucket, 0, noRef)
	for len(r.q) > 0 {
		e := r.q.pop()
		if e.at > cfg.Duration {
			break
		}
		r.now = e.at
		r.handle(e)
	}
	return r.rec.finish()
}

func (r *requests) exp(rate float64) time.Duration {
	return time.Duration(r.rng.ExpFloat64() / rate * float64(time.Second))
}

func (r *requests) schedule(at time.Duration, kind uint8, i int32, x ref) {
	r.seq++
	r.q.push(revent{at: at, seq: r.seq, kind: kind, i: i, r: x})
}

func (r *requests) handle(e revent) {
	switch e.kind {
	case rkArrive:
		r.arrive(int(e.i), noRef, true)
		r.schedule(r.now+r.exp(r.cfg.Services[e.i].Load), rkArrive, e.i, noRef)
	case rkDone:
		s := &r.svcs[e.i]
		s.busy--
		r.dispatch(e.r)
		r.startWaiting(int(e.i))
	case rkTimeout:
		if r.tries.ok(e.r) {
			r.tryFailed(e.r)
		}
	case rkRetry:
		if !r.calls.ok(e.r) {
			return
		}
		if c := r.calls.at(e.r); c.req != noRef && !r.reqLive(c.req) {
			r.calls.release(e.r)
			return
		}
		r.send(e.r)
	case rkCapacity:
		r.factor = capacityFactor(r.cfg.Disturbances, r.now, r.now+1)
		tg := r.cfg.Target
		r.svcs[tg].limit = int(math.Round(float64(r.cfg.Services[tg].Workers) * r.factor))
		r.startWaiting(tg)
	case rkBucket:
		tg := r.cfg.Target
		r.rec.closeBucket(r.now, r.cfg.Services[tg].Capacity*r.factor, float64(len(r.svcs[tg].queue)-r.svcs[tg].head))
		if next := r.now + r.rec.bucket; next <= r.cfg.Duration {
			r.schedule(next, rkBucket, 0, noRef)
		}
	}
}

func (r *requests) reqLive(x ref) bool {
	return r.reqs.ok(x) && !r.reqs.at(x).done
}

// arrive brings a request to service s, from try t or from outside.
func (r *requests) arrive(s int, t ref, first bool) {
	if s == r.cfg.Target {
		r.rec.offered++
		if first {
			r.rec.needed++
		}
	}
	x := r.newReq(s, t)
	cfg := &r.cfg.Services[s]
	if cfg.Capacity <= 0 {
		r.dispatch(x)
		return
	}
	sv := &r.svcs[s]
	if sv.busy < sv.limit {
		r.start(s, x)
		return
	}
	if cfg.Queue >= 0 && len(sv.queue)-sv.head >= cfg.Queue {
		// Refused: the try fails at once.
		r.reqs.release(x)
		if t != noRef {
			r.answerTry(t, s, false, true)
		}
		return
	}
	sv.queue = append(sv.queue, x)
}

func (r *requests) start(s int, x ref) {
	cfg := &r.cfg.Services[s]
	r.svcs[s].busy++
	if s == r.cfg.Target {
		r.rec.started++
		r.rec.waited += (r.now - r.reqs.at(x).arrived).Seconds()
	}
	mu := cfg.Capacity / float64(cfg.Workers)
	r.schedule(r.now+r.exp(mu), rkDone, int32(s), x)
}

func (r *requests) startWaiting(s int) {
	sv := &r.svcs[s]
	for sv.busy < sv.limit && sv.head < len(sv.queue) {
		x := sv.queue[sv.head]
		sv.head++
		r.start(s, x)
	}
	if sv.head == len(sv.queue) {
		sv.queue, sv.head = sv.queue[:0], 0
	} else if sv.head > 1024 && sv.head > len(sv.queue)/2 {
		sv.queue = append(sv.queue[:0], sv.queue[sv.head:]...)
		sv.head = 0
	}
}

// dispatch makes a served request's calls, one along each call edge; a
// request that needs none of them is answered at once.
func (r *requests) dispatch(x ref) {
	s := int(r.reqs.at(x).svc)
	cfg := &r.cfg.Services[s]
	for j, k := range cfg.Calls {
		owner := x
		if r.unitOf[s][j] < 0 {
			owner = noRef
		}
		c := r.newCall(owner, k, r.unitOf[s][j])
		if e := &r.cfg.Edges[k]; e.HasBudget {
			r.deposit(k)
		}
		r.send(c)
	}
	// A call answered at once may have answered the request already.
	if r.reqLive(x) && r.reqs.at(x).pending == 0 {
		r.answer(x, true)
	}
}

// deposit earns edge k's retry budget its share of a first try, within
// what ten seconds of first tries earn (the bucket's cap).
func (r *requests) deposit(k int) {
	const tau = 10.0
	dt := (r.now - r.rateAt[k]).Seconds()
	r.rate[k] = r.rate[k]*math.Exp(-dt/tau) + 1/tau
	r.rateAt[k] = r.now
	b := r.cfg.Edges[k].Budget
	r.tokens[k] = min(r.tokens[k]+b, b*r.rate[k]*tau+b)
}

// send makes a call's next try.
func (r *requests) send(c ref) {
	call := r.calls.at(c)
	call.tries++
	e := &r.cfg.Edges[call.edge]
	t, tr := r.tries.alloc()
	tr.call = c
	if e.Timeout > 0 {
		r.schedule(r.now+e.Timeout, rkTimeout, 0, t)
	}
	r.arrive(e.To, t, call.tries == 1)
}

// answer answers a request, to the try that brought it.
func (r *requests) answer(x ref, ok bool) {
	q := r.reqs.at(x)
	q.done = true
	s := int(q.svc)
	if s == r.cfg.Target {
		r.rec.answered++
		r.rec.latency += (r.now - q.arrived).Seconds()
	}
	t := q.try
	r.reqs.release(x)
	if t == noRef {
		if s == r.cfg.Target && ok {
			r.rec.good++
		}
		return
	}
	r.answerTry(t, s, ok, false)
}

// answerTry delivers an answer (or a refusal) to a try: after its timeout
// it is wasted; in time it decides the try.
func (r *requests) answerTry(t ref, callee int, ok, refused bool) {
	if !r.tries.ok(t) {
		if callee == r.cfg.Target && !refused {
			r.rec.wasted++
		}
		return
	}
	if ok {
		if callee == r.cfg.Target {
			r.rec.good++
		}
		c := r.tries.at(t).call
		r.tries.release(t)
		r.callDone(c, true)
		return
	}
	r.tryFailed(t)
}

// tryFailed retries a failed try's call after its wait while tries and the
// budget last; else the call fails for good.
func (r *requests) tryFailed(t ref) {
	c := r.tries.at(t).call
	r.tries.release(t)
	call := r.calls.at(c)
	k := int(call.edge)
	e := &r.cfg.Edges[k]
	if int(call.tries) < e.Attempts && (call.req == noRef || r.reqLive(call.req)) {
		if !e.HasBudget || r.tokens[k] >= 1 {
			if e.HasBudget {
				r.tokens[k]--
			}
			wait := e.wait(int(call.tries))
			if e.Jitter {
				wait = time.Duration(r.rng.Float64() * float64(wait))
			}
			r.schedule(r.now+wait, rkRetry, 0, c)
			return
		}
	}
	r.callDone(c, false)
}

// callDone settles a call and, through it, its request's need.
func (r *requests) callDone(c ref, ok bool) {
	call := *r.calls.at(c)
	r.calls.release(c)
	if call.req == noRef || !r.reqLive(call.req) {
		return
	}
	q := r.reqs.at(call.req)
	u := call.unit
	if q.failed[u] < 0 {
		return // the need already has its success
	}
	if ok {
		q.failed[u] = -1
		if q.pending--; q.pending == 0 {
			r.answer(call.req, true)
		}
		return
	}
	q.failed[u]++
	if int(q.failed[u]) == len(r.cfg.Services[q.svc].Needs[u]) {
		r.answer(call.req, false)
	}
}

func (r *requests) newReq(s int, t ref) ref {
	x, q := r.reqs.alloc()
	needs := len(r.cfg.Services[s].Needs)
	failed := q.failed[:0]
	for range needs {
		failed = append(failed, 0)
	}
	*q = rreq{svc: int32(s), try: t, arrived: r.now, failed: failed, pending: int32(needs)}
	return x
}

func (r *requests) newCall(owner ref, edge int, unit int32) ref {
	c, call := r.calls.alloc()
	*call = rcall{req: owner, edge: int32(edge), unit: unit}
	return c
}
