package sim

import (
	"math"
	"time"
)

// The fluid model follows call rates, not calls: time advances in steps
// of h, and what arrives at a service in one step is one cohort, a mass of
// calls with a common arrival time, queued first-in first-out (a fluid
// queue: Kulkarni, "Fluid models for single buffer systems", 1997). A
// step's departures from a service are one request cohort; it makes one
// try cohort along each of its calls, which the callee queues in turn.
// Answers flow back up through the cohorts they came from, split in
// proportion to mass, so a caller learns which share of its tries was
// answered and when. At a try's deadline (its timeout) the share not yet
// answered fails, and its retries are scheduled as delayed cohorts on the
// event heap, spread over [0, wait] when waits are jittered. The work a
// service does for a try whose caller gave up is done all the same, and
// wasted. Below saturation a fluid queue is empty; each answer is then
// delayed by the work itself (Workers / Capacity) plus the mean M/M/c
// wait at the step's arrival rate (Erlang C), so latency and timeouts near
// saturation are those of a queue with random arrivals, on average.

// part is a share of a cohort that came from another: a request's share
// of a try (with when it arrived), or a try's share of a request.
type part struct {
	from    ref
	mass    float64
	arrived int64 // step the calls arrived at the service (request parts)
}

// ftry is the tries sent along one edge in one step for one attempt.
type ftry struct {
	edge     int32
	attempt  int32
	deadline int64 // last step an answer counts; math.MaxInt64 without timeout
	mass     float64
	resolved float64 // answered or failed before the deadline
	parts    []part  // the request cohorts whose calls these are
}

// freq is the requests leaving one service's queue in one step.
type freq struct {
	svc                int32
	mass               float64
	parts              []part    // the tries (or outside load) that brought them
	succ, fail         []float64 // per call of the service: mass answered, mass failed for good
	sentSucc, sentFail float64   // what it has answered so far
	// drained is the step it left the queue, extra the time its work and
	// the mean random wait add (rounded to steps for its release).
	drained int64
	extra   float64
}

// qent is one cohort waiting in a service's queue.
type qent struct {
	try     ref
	mass    float64
	arrived int64
}

// fevent is an event of the fluid run: retries falling due.
type fevent struct {
	step    int64
	seq     uint64
	edge    int32
	attempt int32
	r       ref // the request cohort the calls belong to
	mass    float64
}

func (e fevent) before(o fevent) bool { return e.step < o.step || (e.step == o.step && e.seq < o.seq) }

// jitterBuckets is how many delayed cohorts a jittered retry is spread over.
const jitterBuckets = 16

// fluidSvc is one service's state.
type fluidSvc struct {
	queue  []qent
	head   int
	queued float64
	inbox  []ref // tries arriving this step
	out    []ref // requests to dispatch this step
	// Requests held while their work is done: ring[step % len] for the
	// steps from ringBase on.
	ring     [][]ref
	ringBase int64
	held     int
	// Erlang C memo: the arrival rate and capacity factor it was
	// computed for, and the wait.
	memoRate, memoFactor, memoWait float64
}

type fluid struct {
	cfg     LoadConfig
	h       time.Duration
	hs      float64 // h in seconds
	n       int64   // the current step
	rec     *recorder
	svcs    []fluidSvc
	pos     []int // edge -> its position in the caller's Calls
	open    [][]ref
	openAt  []int
	tries   slab[ftry]
	reqs    slab[freq]
	q       minHeap[fevent]
	seq     uint64
	tokens  []float64 // retry budget per edge
	rate    []float64 // per edge: EWMA of first tries per second, for the budget's cap
	pending map[[2]int32]ref
	factor  float64 // the target's capacity factor this step
}

// fluidStep is the fluid model's time step: a tenth of the shortest
// timeout that can expire (so a deadline is met or missed to within 10%),
// at most a second, at least a millisecond, at most two million steps per
// run, and a whole fraction of the series step. A timeout can expire only
// on a call to a service that can be slow: one with a capacity, or one
// that calls such a service; the others answer within the step.
func fluidStep(cfg LoadConfig) time.Duration {
	slow := make([]bool, len(cfg.Services))
	for i := len(cfg.Services) - 1; i >= 0; i-- { // callees before callers
		s := &cfg.Services[i]
		slow[i] = s.Capacity > 0
		for _, k := range s.Calls {
			slow[i] = slow[i] || slow[cfg.Edges[k].To]
		}
	}
	h := time.Second
	for _, e := range cfg.Edges {
		if e.Timeout > 0 && slow[e.To] {
			h = min(h, e.Timeout/10)
		}
	}
	h = max(h, time.Millisecond, cfg.Duration/2_000_000)
	k := (cfg.Sample + h - 1) / h
	return max(cfg.Sample/k, 1)
}

func runFluid(cfg LoadConfig) *LoadResult {
	h := fluidStep(cfg)
	f := &fluid{cfg: cfg, h: h, hs: h.Seconds(), svcs: make([]fluidSvc, len(cfg.Services)), pos: make([]int, len(cfg.Edges)),
		open: make([][]ref, len(cfg.Edges)), openAt: make([]int, len(cfg.Edges)), tokens: make([]float64, len(cfg.Edges)),
		rate: make([]float64, len(cfg.Edges)), pending: map[[2]int32]ref{}}
	for _, s := range cfg.Services {
		for i, k := range s.Calls {
			f.pos[k] = i
		}
	}
	f.rec = newRecorder(cfg, h)
	f.rec.res.Step = h
	steps := int64(cfg.Duration / h)
	for f.n = 0; f.n < steps; f.n++ {
		f.step()
	}
	return f.rec.finish()
}

func (f *fluid) step() {
	t0 := time.Duration(f.n) * f.h
	f.due()
	f.factor = capacityFactor(f.cfg.Disturbances, t0, t0+f.h) // disturbances cut the target only
	for s := range f.svcs {
		factor := 1.0
		if s == f.cfg.Target {
			factor = f.factor
		}
		f.serve(s, factor)
	}
	f.timeouts()
	tg := &f.svcs[f.cfg.Target]
	f.rec.closeBucket(t0+f.h, f.cfg.Services[f.cfg.Target].Capacity*f.factor, tg.queued)
}

// due turns the retries falling due this step into try cohorts, one per
// edge and attempt, queued at the callee.
func (f *fluid) due() {
	clear(f.pending)
	for len(f.q) > 0 && f.q[0].step <= f.n {
		e := f.q.pop()
		key := [2]int32{e.edge, e.attempt}
		t, ok := f.pending[key]
		if !ok {
			t = f.newTry(int(e.edge), int(e.attempt), 0)
			f.pending[key] = t
			f.svcs[f.cfg.Edges[e.edge].To].inbox = append(f.svcs[f.cfg.Edges[e.edge].To].inbox, t)
		}
		tr := f.tries.at(t)
		tr.mass += e.mass
		if e.r != noRef {
			tr.parts = append(tr.parts, part{from: e.r, mass: e.mass})
		}
	}
}

// serve moves one service through one step: arrivals join its queue,
// capacity drains it from the head, the overflow of a bounded queue is
// refused, and what leaves is one request cohort.
func (f *fluid) serve(s int, factor float64) {
	cfg := &f.cfg.Services[s]
	sv := &f.svcs[s]
	target := s == f.cfg.Target
	sv.release(f.n)
	ext := cfg.Load * f.hs
	arrived := ext
	for _, t := range sv.inbox {
		tr := f.tries.at(t)
		arrived += tr.mass
		if target {
			f.rec.offered += tr.mass
			if tr.attempt == 1 {
				f.rec.needed += tr.mass
			}
		}
	}
	if target {
		f.rec.offered += ext
		f.rec.needed += ext
	}
	if arrived == 0 && sv.queued == 0 && len(sv.out) == 0 {
		sv.inbox = sv.inbox[:0]
		return
	}
	if cfg.Capacity <= 0 {
		// No capacity: everything arriving leaves at once.
		if arrived > 0 {
			r := f.newReq(s, arrived)
			rq := f.reqs.at(r)
			if ext > 0 {
				rq.parts = append(rq.parts, part{from: noRef, mass: ext, arrived: f.n})
			}
			for _, t := range sv.inbox {
				rq.parts = append(rq.parts, part{from: t, mass: f.tries.at(t).mass, arrived: f.n})
			}
			sv.out = append(sv.out, r)
		}
	} else {
		if ext > 0 {
			sv.queue = append(sv.queue, qent{try: noRef, mass: ext, arrived: f.n})
		}
		for _, t := range sv.inbox {
			sv.queue = append(sv.queue, qent{try: t, mass: f.tries.at(t).mass, arrived: f.n})
		}
		sv.queued += arrived
		f.drain(s, sv, cfg, factor, arrived)
	}
	sv.inbox = sv.inbox[:0]
	out := sv.out
	sv.out = nil
	for _, r := range out {
		f.dispatch(r)
	}
	sv.out = out[:0]
}

// drain takes this step's capacity off the head of the queue, refuses
// what a bounded queue cannot hold from its tail, and releases the
// departures after the work and the mean random wait.
func (f *fluid) drain(s int, sv *fluidSvc, cfg *LoadService, factor, arrived float64) {
	budget := cfg.Capacity * factor * f.hs
	var r ref
	var rq *freq
	waited := 0.0 // mass x steps waited, of what leaves
	for budget > 0 && sv.head < len(sv.queue) {
		e := &sv.queue[sv.head]
		take := min(e.mass, budget)
		waited += take * float64(f.n-e.arrived)
		if rq == nil {
			r = f.newReq(s, 0)
			rq = f.reqs.at(r)
		}
		rq.mass += take
		rq.parts = append(rq.parts, part{from: e.try, mass: take, arrived: e.arrived})
		e.mass -= take
		budget -= take
		sv.queued -= take
		if e.mass <= 1e-12 {
			sv.queued -= e.mass
			sv.head++
		}
	}
	if sv.head == len(sv.queue) {
		sv.queue, sv.head, sv.queued = sv.queue[:0], 0, 0
	} else if sv.head > 1024 && sv.head > len(sv.queue)/2 {
		sv.queue = append(sv.queue[:0], sv.queue[sv.head:]...)
		sv.head = 0
	}
	if cfg.Queue >= 0 && sv.queued > float64(cfg.Queue) {
		f.refuse(s, sv, sv.queued-float64(cfg.Queue))
	}
	if rq == nil {
		return
	}
	// The work itself, and below saturation the mean M/M/c wait.
	work, wq := float64(cfg.Workers)/cfg.Capacity, 0.0
	if sv.queued <= 1e-9 && factor > 0 {
		wq = f.erlangWait(sv, cfg, arrived/f.hs, factor)
	}
	delay := work + wq
	if s == f.cfg.Target {
		f.rec.started += rq.mass
		f.rec.waited += waited*f.hs + wq*rq.mass
	}
	rq.drained, rq.extra = f.n, delay
	if d := int64(math.Round(delay / f.hs)); d > 0 {
		sv.later(f.n+d, r)
		return
	}
	sv.out = append(sv.out, r)
}

// later holds request r until step at, in a ring of steps that grows to
// the longest delay: the work and mean wait take a few steps at most, so
// a ring beats the event heap.
func (sv *fluidSvc) later(at int64, r ref) {
	if d := at - sv.ringBase; d >= int64(len(sv.ring)) {
		n := max(4, 2*len(sv.ring), int(d)+1)
		ring := make([][]ref, n)
		for i := range sv.ring {
			step := sv.ringBase + int64(i)
			ring[step%int64(n)] = sv.ring[step%int64(len(sv.ring))]
		}
		sv.ring = ring
	}
	i := at % int64(len(sv.ring))
	sv.ring[i] = append(sv.ring[i], r)
	sv.held++
}

// release moves the requests held until step n to out.
func (sv *fluidSvc) release(n int64) {
	sv.ringBase = n
	if sv.held == 0 {
		return
	}
	i := n % int64(len(sv.ring))
	sv.out = append(sv.out, sv.ring[i]...)
	sv.held -= len(sv.ring[i])
	sv.ring[i] = sv.ring[i][:0]
}

// erlangWait is the mean wait in queue of an M/M/c queue at arrival rate
// lambda, memoised while the rate moves less than 0.5%.
func (f *fluid) erlangWait(sv *fluidSvc, cfg *LoadService, lambda, factor float64) float64 {
	if lambda <= 0 {
		return 0
	}
	if math.Abs(lambda-sv.memoRate) <= 0.005*lambda && factor == sv.memoFactor {
		return sv.memoWait
	}
	// The disturbed capacity as c whole servers, each as fast as it takes
	// for c of them to make the fluid capacity.
	c := max(1, int(math.Round(float64(cfg.Workers)*factor)))
	w := mmcWait(lambda, cfg.Capacity*factor/float64(c), c)
	if math.IsInf(w, 1) {
		w = 0 // at saturation the fluid queue holds the wait
	}
	sv.memoRate, sv.memoFactor, sv.memoWait = lambda, factor, w
	return w
}

// refuse drops mass from the tail of the queue (the newest calls): tail
// drop, as a bounded queue refuses a call that does not fit. A refused
// try fails at once.
func (f *fluid) refuse(s int, sv *fluidSvc, over float64) {
	for over > 1e-12 && len(sv.queue) > sv.head {
		e := &sv.queue[len(sv.queue)-1]
		drop := min(e.mass, over)
		e.mass -= drop
		over -= drop
		sv.queued -= drop
		if e.try != noRef {
			f.answerTry(e.try, s, 0, drop, true)
		}
		if e.mass <= 1e-12 {
			sv.queue = sv.queue[:len(sv.queue)-1]
		}
	}
}

// dispatch sends a departed request cohort's calls: one try cohort along
// each call edge, queued at the callee this step. A service that calls
// nothing answers at once.
func (f *fluid) dispatch(r ref) {
	if !f.reqs.ok(r) {
		return
	}
	rq := f.reqs.at(r)
	s := &f.cfg.Services[rq.svc]
	mass := rq.mass
	for _, k := range s.Calls {
		e := &f.cfg.Edges[k]
		t := f.newTry(k, 1, mass)
		tr := f.tries.at(t)
		for _, u := range s.Needs {
			if containsInt(u, k) {
				tr.parts = append(tr.parts, part{from: r, mass: mass})
				break
			}
		}
		if e.HasBudget {
			f.rate[k] += (mass/f.hs - f.rate[k]) * min(1, f.hs/10)
			f.tokens[k] = min(f.tokens[k]+e.Budget*mass, e.Budget*f.rate[k]*10+e.Budget*mass)
		}
		f.svcs[e.To].inbox = append(f.svcs[e.To].inbox, t)
	}
	if len(s.Needs) == 0 {
		f.resolve(r) // callees answer later in the step, or later still
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// resolve answers what a request cohort can answer now: under independent
// calls, the share whose every need has one success, and the share with a
// need whose calls all failed.
func (f *fluid) resolve(r ref) {
	rq := f.reqs.at(r)
	s := &f.cfg.Services[rq.svc]
	m := rq.mass
	ok, notFailed := 1.0, 1.0
	for _, u := range s.Needs {
		if len(u) == 1 {
			p := f.pos[u[0]]
			ok *= min(1, rq.succ[p]/m)
			notFailed *= 1 - min(1, rq.fail[p]/m)
			continue
		}
		none, all := 1.0, 1.0
		for _, k := range u {
			p := f.pos[k]
			none *= 1 - min(1, rq.succ[p]/m)
			all *= min(1, rq.fail[p]/m)
		}
		ok *= 1 - none
		notFailed *= 1 - all
	}
	ds := max(0, m*ok-rq.sentSucc)
	df := max(0, m*(1-notFailed)-rq.sentFail)
	if ds <= 1e-12*m && df <= 1e-12*m {
		return
	}
	rq.sentSucc += ds
	rq.sentFail += df
	parts := rq.parts
	svc := int(rq.svc)
	done := rq.sentSucc+rq.sentFail >= m*(1-1e-9)
	if done {
		f.reqs.release(r)
	}
	for _, p := range parts {
		share := p.mass / m
		if svc == f.cfg.Target {
			f.rec.answered += (ds + df) * share
			f.rec.latency += (ds + df) * share * (float64(rq.drained-p.arrived)*f.hs + rq.extra)
		}
		if p.from == noRef {
			if svc == f.cfg.Target {
				f.rec.good += ds * share // calls from outside wait however long it takes
			}
			continue
		}
		f.answerTry(p.from, svc, ds*share, df*share, false)
	}
}

// answerTry credits a try cohort with answers from its callee (or a
// refusal): in time they resolve its share of each caller's calls; after
// its deadline they are wasted.
func (f *fluid) answerTry(t ref, callee int, ok, failed float64, refused bool) {
	if !f.tries.ok(t) {
		if callee == f.cfg.Target && !refused {
			f.rec.wasted += ok + failed
		}
		return
	}
	tr := f.tries.at(t)
	if callee == f.cfg.Target {
		f.rec.good += ok
	}
	tr.resolved += ok + failed
	pos := f.pos[tr.edge]
	for _, p := range tr.parts {
		if f.reqs.ok(p.from) {
			f.reqs.at(p.from).succ[pos] += ok * p.mass / tr.mass
		}
	}
	if failed > 0 {
		f.failed(t, failed)
	}
	f.resolveParts(tr)
	if f.tries.ok(t) && tr.resolved >= tr.mass*(1-1e-9) {
		f.tries.release(t)
	}
}

// failed handles mass of a try cohort that failed (refused, answered with
// an error, or timed out): retried after the wait while tries and the
// retry budget last, else failed for good.
func (f *fluid) failed(t ref, mass float64) {
	tr := f.tries.at(t)
	k := int(tr.edge)
	e := &f.cfg.Edges[k]
	retry := 0.0
	if int(tr.attempt) < e.Attempts {
		retry = mass
		if e.HasBudget {
			retry = min(mass, f.tokens[k])
			f.tokens[k] -= retry
		}
	}
	final := mass - retry
	if retry > 0 {
		f.scheduleRetry(tr, retry)
	}
	if final > 0 {
		pos := f.pos[k]
		for _, p := range tr.parts {
			if f.reqs.ok(p.from) {
				f.reqs.at(p.from).fail[pos] += final * p.mass / tr.mass
			}
		}
	}
}

// scheduleRetry puts mass of a try cohort back on the heap as its next
// attempt, at least one step later: after the wait, or spread uniformly
// over [0, wait] in up to jitterBuckets cohorts when waits are jittered
// (full jitter).
func (f *fluid) scheduleRetry(tr *ftry, mass float64) {
	e := &f.cfg.Edges[tr.edge]
	wait := e.wait(int(tr.attempt)).Seconds()
	buckets := 1
	if e.Jitter {
		buckets = max(1, min(jitterBuckets, int(wait/f.hs)+1))
	}
	horizon := int64(f.cfg.Duration / f.h)
	for b := range buckets {
		delay := wait
		if e.Jitter {
			delay = wait * (float64(b) + 0.5) / float64(buckets)
		}
		d := max(1, int64(math.Round(delay/f.hs)))
		if f.n+d >= horizon {
			continue // after the end of the run
		}
		share := mass / float64(buckets)
		push := func(r ref, m float64) {
			f.seq++
			f.q.push(fevent{step: f.n + d, seq: f.seq, edge: tr.edge, attempt: tr.attempt + 1, r: r, mass: m})
		}
		if len(tr.parts) == 0 {
			push(noRef, share)
			continue
		}
		for _, p := range tr.parts {
			push(p.from, share*p.mass/tr.mass)
		}
	}
}

// timeouts fails, at the end of their deadline's step, what each try
// cohort has not had answered.
func (f *fluid) timeouts() {
	for k := range f.open {
		q := f.open[k]
		i := f.openAt[k]
		for i < len(q) {
			t := q[i]
			if !f.tries.ok(t) {
				i++
				continue
			}
			tr := f.tries.at(t)
			if tr.deadline > f.n {
				break
			}
			i++
			if left := tr.mass - tr.resolved; left > 1e-12*tr.mass {
				tr.resolved = tr.mass
				f.failed(t, left)
				f.resolveParts(tr)
			}
			f.tries.release(t)
		}
		if i == len(q) {
			f.open[k], f.openAt[k] = q[:0], 0
		} else if i > 1024 && i > len(q)/2 {
			f.open[k], f.openAt[k] = append(q[:0], q[i:]...), 0
		} else {
			f.openAt[k] = i
		}
	}
}

// resolveParts lets each request cohort a try cohort carries answer what
// it can now.
func (f *fluid) resolveParts(tr *ftry) {
	for _, p := range tr.parts {
		if f.reqs.ok(p.from) {
			f.resolve(p.from)
		}
	}
}

func (f *fluid) newTry(edge, attempt int, mass float64) ref {
	t, tr := f.tries.alloc()
	e := &f.cfg.Edges[edge]
	deadline := int64(math.MaxInt64)
	if e.Timeout > 0 {
		deadline = f.n + int64(e.Timeout/f.h)
		f.open[edge] = append(f.open[edge], t)
	}
	*tr = ftry{edge: int32(edge), attempt: int32(attempt), deadline: deadline, mass: mass, parts: tr.parts[:0]}
	return t
}

func (f *fluid) newReq(s int, mass float64) ref {
	r, rq := f.reqs.alloc()
	calls := len(f.cfg.Services[s].Calls)
	succ, fail := rq.succ[:0], rq.fail[:0]
	for range calls {
		succ, fail = append(succ, 0), append(fail, 0)
	}
	*rq = freq{svc: int32(s), mass: mass, parts: rq.parts[:0], succ: succ, fail: fail, drained: f.n}
	return r
}
