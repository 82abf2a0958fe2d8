package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/blast-tool/blast/model"
)

// Event names, fixed by the language contract.
const (
	EvCapacityAdded        = "capacity-added"
	EvFirstServerFailed    = "first-server-failed"
	EvFirstAlarm           = "first-alarm"
	EvFleetFailed          = "fleet-failed"
	EvRecoveryStarted      = "recovery-started"
	EvFirstServerRecovered = "first-server-recovered"
	EvRecovered            = "recovered"
)

// server states.
const (
	stAbsent     uint8 = iota // added server not announced yet
	stHealthy                 // in service, routing correctly
	stLatent                  // over a limit, still routing from its last good map
	stErroring                // over a limit, map useless: serves errors
	stRestarting              // bootstrapping, out of service
	stRemoved                 // failed a health check while bootstrapping; awaits restart
	stGone                    // rolled back
)

// event kinds.
const (
	kJoin uint8 = iota
	kCross
	kErr
	kResAlarm
	kRecovery
	kTick
	kBootNext // the next bootstrap to finish or fail, on the virtual work clock
)

type event struct {
	at   time.Duration
	seq  uint64
	kind uint8
	gen  uint32
	srv  int32
}

// before orders events by (at, seq): ties resolve in scheduling order,
// which keeps runs deterministic.
func (e event) before(o event) bool { return e.at < o.at || (e.at == o.at && e.seq < o.seq) }

// queue is the event queue.
type queue = minHeap[event]

type server struct {
	state uint8
	gen   uint32
	boot  time.Duration // last (re)boot; math.MinInt64 for the original fleet
}

// thresholds are, for one (scope, known, pending) triple, how many more
// peers a server must learn before it reaches the alarm level (kA) and
// crosses a limit (kF); -1 means never, 0 means already.
type thresholds struct{ kA, kF int }

type memoKey struct {
	cell    bool
	base, m int
}

// sim is the state machine. It is single-threaded and does no I/O: time is
// the event clock and randomness comes from the seeded PCG source, so one
// Config always yields one Result (the style of etcd-io/raft's core).
type sim struct {
	cfg  Config
	rng  *rand.Rand
	q    queue
	seq  uint64
	now  time.Duration
	err  error
	dist learnDist

	srv              []server
	n0, nAdd, cells  int
	origCell, addCel []int
	members          int   // announced and not rolled back
	cellMembers      []int // per cell
	joinAt           []time.Duration

	healthy, latent, erroring, restarting, removed int
	bootstrapping                                  float64 // weighted
	boots                                          bootHeap
	vnow                                           float64 // work clock: seconds of full-speed bootstrap work
	vLast                                          time.Duration
	bootGen                                        uint32

	memo     map[memoKey]thresholds
	bootMemo map[[2]int]thresholds

	rolledBack, recoveryArmed, recoveryOn bool
	restartQ                              []int32
	qHead                                 int
	pacerIdle, ticked                     bool
	joined                                int
	lastTick                              time.Duration
	interval                              time.Duration
	alarmThr                              float64 // resource alarm level as a fraction of the limit

	res       *Result
	fired     map[string]bool
	nextStamp time.Duration
	lastT     time.Duration
	errMin    float64
}

// Run simulates cfg. It is pure: the same Config gives the same Result.
// It fails for a Config it cannot simulate and when a law fails to
// evaluate at a fleet size the run reaches.
func Run(cfg Config) (*Result, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	res := &Result{Scenario: cfg.Scenario, Service: cfg.Service, Start: cfg.Start, HasStart: cfg.HasStart}
	s := &sim{cfg: cfg, res: res, fired: map[string]bool{},
		rng:  rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		memo: map[memoKey]thresholds{}, bootMemo: map[[2]int]thresholds{}}
	s.init()
	s.loop()
	if s.err != nil {
		return nil, s.err
	}
	return res, nil
}

func (s *sim) schedule(at time.Duration, kind uint8, srv int, gen uint32) {
	s.seq++
	s.q.push(event{at: at, seq: s.seq, kind: kind, srv: int32(srv), gen: gen})
}

func (s *sim) init() {
	c := s.cfg
	s.n0, s.cells = c.Servers, c.Cells
	for _, a := range c.Adds {
		s.nAdd += a.Servers
	}
	s.dist = newLearnDist(c.Adds, c.Discovery.Seconds())
	total := s.n0 + s.nAdd
	s.srv = make([]server, total)
	s.origCell = make([]int, s.cells)
	s.addCel = make([]int, s.cells)
	s.cellMembers = make([]int, s.cells)
	for i := 0; i < total; i++ {
		if i < s.n0 {
			s.origCell[i%s.cells]++
		} else {
			s.addCel[i%s.cells]++
		}
	}
	s.alarmThr = 2 // beyond any limit: the resource level is not watched
	if c.Alarm.On == "resource" {
		s.alarmThr = c.Alarm.Threshold
	}
	// Added servers join evenly over their block's span, in block order.
	s.joinAt = make([]time.Duration, 0, s.nAdd)
	for _, a := range c.Adds {
		for j := 0; j < a.Servers; j++ {
			at := a.At
			if a.Servers > 1 {
				at += time.Duration(float64(a.Over) * float64(j) / float64(a.Servers-1))
			} else {
				at += a.Over
			}
			s.joinAt = append(s.joinAt, at)
		}
	}
	for i := 0; i < s.n0; i++ {
		s.srv[i] = server{state: stHealthy, boot: math.MinInt64}
		s.members++
		s.cellMembers[i%s.cells]++
		s.healthy++
	}
	for i := 0; i < s.n0 && s.err == nil; i++ {
		s.scheduleCrossing(i)
	}
	for j, at := range s.joinAt {
		s.schedule(at, kJoin, s.n0+j, 0)
	}
	if r := c.Recovery; r != nil {
		s.interval = time.Duration(float64(time.Hour) / r.RestartRate)
		if s.interval <= 0 {
			s.interval = 1
		}
		s.pacerIdle = true
		s.schedule(r.At, kRecovery, -1, 0)
	}
}

// known returns, for server i and a scope, the peers it knows at boot
// (itself included) and the added peers it has yet to learn of.
func (s *sim) known(i int, cell bool) (base, m int) {
	added := i >= s.n0
	if cell && s.cells > 1 {
		c := i % s.cells
		base, m = s.origCell[c], s.addCel[c]
	} else {
		base, m = s.n0, s.nAdd
	}
	if added {
		base, m = base+1, m-1
	}
	return base, m
}

// limits scans N = base..base+m once per distinct triple for the first N
// at the alarm level and the first N over a limit. Scanning (not bisecting)
// is what keeps non-monotone laws (steps) exact.
func (s *sim) limits(cell bool, base, m int) thresholds {
	key := memoKey{cell, base, m}
	if t, ok := s.memo[key]; ok {
		return t
	}
	t := thresholds{kA: -1, kF: -1}
	for k := 0; k <= m && t.kF < 0; k++ {
		a, f := s.overAt(cell, base+k)
		if s.err != nil {
			break
		}
		if a && t.kA < 0 {
			t.kA = k
		}
		if f {
			t.kF = k
		}
	}
	s.memo[key] = t
	return t
}

// overAt reports whether a scope of n servers puts any resource of that
// scope at the alarm level, and over its limit.
func (s *sim) overAt(cell bool, n int) (alarm, fail bool) {
	for _, r := range s.cfg.Resources {
		if (r.Scope == model.ScopeCell && s.cells > 1) != cell {
			continue
		}
		u, err := r.Law(float64(n))
		if err == nil && math.IsNaN(u) {
			err = fmt.Errorf("evaluates to NaN")
		}
		if err != nil {
			s.err = fmt.Errorf("resource %q at N=%d: %w", r.Name, n, err)
			return false, false
		}
		if u >= s.alarmThr*r.Limit {
			alarm = true
		}
		if u > r.Limit {
			fail = true
		}
	}
	return alarm, fail
}

func (s *sim) hasScope(cell bool) bool {
	for _, r := range s.cfg.Resources {
		if (r.Scope == model.ScopeCell && s.cells > 1) == cell {
			return true
		}
	}
	return false
}

// scheduleCrossing samples when server i reaches the alarm level and when it
// crosses a limit, as order statistics of its pending learn times: O(1)
// draws per server instead of one event per peer pair.
func (s *sim) scheduleCrossing(i int) {
	never := time.Duration(math.MaxInt64)
	cross, alarm := never, never
	boot := s.srv[i].boot
	if boot < 0 {
		boot = 0
	}
	for _, cell := range []bool{false, true} {
		if !s.hasScope(cell) {
			continue
		}
		base, m := s.known(i, cell)
		t := s.limits(cell, base, m)
		if s.err != nil {
			return
		}
		kA := t.kA
		if kA < 0 || (t.kF >= 0 && kA > t.kF) {
			kA = t.kF
		}
		kF := t.kF
		if kA < 0 {
			continue
		}
		if kF < 0 {
			kF = kA
		}
		u1, u2 := orderStats(s.rng, m, kA, kF)
		at := func(k int, u float64) time.Duration {
			if k == 0 {
				return boot
			}
			d := time.Duration(s.dist.Quantile(u) * float64(time.Second))
			return max(d, boot)
		}
		if t.kA >= 0 {
			alarm = min(alarm, at(kA, u1))
		}
		if t.kF >= 0 {
			cross = min(cross, at(t.kF, u2))
		}
	}
	g := s.srv[i].gen
	if alarm != never {
		s.schedule(alarm, kResAlarm, i, g)
	}
	if cross != never {
		s.schedule(cross, kCross, i, g)
	}
}

func (s *sim) loop() {
	end := s.cfg.Duration
	for len(s.q) > 0 && s.err == nil {
		e := s.q[0]
		if e.at > end {
			break
		}
		s.q.pop()
		s.advance(e.at)
		s.handle(e)
		s.check()
	}
	if s.err == nil {
		s.advance(end)
		s.stamp(end)
		s.res.ErrorMinutes = s.errMin
	}
}

// advance moves the clock, integrating the error rate and stamping every
// series sample strictly before t with the state that held then.
func (s *sim) advance(t time.Duration) {
	for s.nextStamp < t {
		s.stamp(s.nextStamp)
	}
	s.errMin += s.errorRate() * (t - s.lastT).Minutes()
	s.lastT, s.now = t, t
}

func (s *sim) stamp(at time.Duration) {
	s.res.Series = append(s.res.Series, Sample{At: at, Healthy: s.healthy, Failed: s.latent + s.erroring,
		Restarting: s.restarting + s.removed, Removed: s.res.Removals, ErrorRate: s.errorRate()})
	s.nextStamp = at + s.cfg.Step
}

func (s *sim) inService() int { return s.healthy + s.latent + s.erroring }

// errorRate is the fraction of the load that fails. The load balancer
// spreads requests over the servers in service; failed servers keep their
// share (health checks do not catch a silent failure) and answer it with
// errors once their shard map is stale, and the others serve theirs up to
// their capacity: each can
// carry 1 + ServingHeadroom shares of the load of the fleet before the
// change. So a handful of servers back from a restart does not make the
// errors vanish; they fall as capacity returns.
func (s *sim) errorRate() float64 {
	n := s.inService()
	if n == 0 {
		if s.members > 0 {
			return 1
		}
		return 0
	}
	// Latent servers are over their limit but still route from their last
	// good shard map: they serve correctly until it expires.
	serving := float64(s.healthy + s.latent)
	ok := serving / float64(n)
	if base := s.cfg.Servers; base > 0 {
		ok = math.Min(ok, serving*(1+s.cfg.ServingHeadroom)/float64(base))
	}
	return 1 - ok
}

func (s *sim) emit(name string) {
	if s.fired[name] {
		return
	}
	s.fired[name] = true
	s.res.Events = append(s.res.Events, Event{Name: name, At: s.now})
	if name == EvFirstServerFailed && s.recoveryArmed {
		s.startRecovery()
	}
}

func (s *sim) handle(e event) {
	i := int(e.srv)
	var sv *server
	if i >= 0 {
		sv = &s.srv[i]
		if e.kind != kJoin && e.gen != sv.gen {
			return // stale: the server restarted since
		}
	}
	switch e.kind {
	case kJoin:
		if s.rolledBack {
			sv.state = stGone
			return
		}
		sv.state, sv.boot = stHealthy, s.now
		s.members++
		s.cellMembers[i%s.cells]++
		s.healthy++
		if s.joined++; s.joined == s.nAdd {
			s.emit(EvCapacityAdded)
		}
		s.scheduleCrossing(i)
	case kCross:
		if s.rolledBack || sv.state != stHealthy {
			return // the peers it was learning of are gone
		}
		s.fail(i)
	case kResAlarm:
		if !s.rolledBack && sv.state != stGone && sv.state != stAbsent {
			s.emit(EvFirstAlarm)
		}
	case kErr:
		if sv.state == stLatent {
			sv.state = stErroring
			s.latent--
			s.erroring++
		}
	case kRecovery:
		if s.fired[EvFirstServerFailed] {
			s.startRecovery()
		} else {
			s.recoveryArmed = true // operators act once something has failed
		}
	case kTick:
		s.tick()
	case kBootNext:
		if e.gen != s.bootGen {
			return
		}
		s.updateV()
		top := s.boots.pop()
		s.vnow = math.Max(s.vnow, top.target)
		s.bootstrapping -= s.weight()
		s.restarting--
		s.bootEnd(top)
		s.rescheduleBoots()
	}
}

// bootEnd finishes one bootstrap: a health-check failure removes the server
// and queues it for another restart; otherwise it rejoins, healthy unless
// the membership it boots with puts it over a limit.
func (s *sim) bootEnd(b bootItem) {
	i := int(b.srv)
	sv := &s.srv[i]
	if b.gen != sv.gen {
		return
	}
	if b.fail {
		s.removed++
		s.res.Removals++
		sv.state = stRemoved
		sv.gen++
		s.enqueue(i)
		return
	}
	sv.boot = s.now
	alarm, over := s.bootCheck(i)
	if alarm {
		s.emit(EvFirstAlarm)
	}
	if over {
		sv.state = stErroring // it never built a good map
		s.erroring++
		s.emit(EvFirstServerFailed)
		return
	}
	sv.state = stHealthy
	s.healthy++
	s.emit(EvFirstServerRecovered)
}

// fail moves a healthy server over its limit. It keeps routing from the map
// it last built successfully, until that map is cache_ttl old.
func (s *sim) fail(i int) {
	sv := &s.srv[i]
	sv.state = stLatent
	s.healthy--
	s.latent++
	s.emit(EvFirstServerFailed)
	lastGood := s.now - time.Duration(s.rng.Float64()*float64(s.cfg.CacheRefresh))
	if sv.boot > lastGood {
		lastGood = sv.boot
	}
	if errAt := lastGood + s.cfg.CacheTTL; errAt > s.now {
		s.schedule(errAt, kErr, i, sv.gen)
	} else {
		sv.state = stErroring
		s.latent--
		s.erroring++
	}
	if s.recoveryOn {
		s.enqueue(i)
	}
}

// bootCheck evaluates a restarted server's laws at the membership it boots with.
func (s *sim) bootCheck(i int) (alarm, over bool) {
	for _, cell := range []bool{false, true} {
		if !s.hasScope(cell) {
			continue
		}
		n := s.members
		if cell && s.cells > 1 {
			n = s.cellMembers[i%s.cells]
		}
		key := [2]int{0, n}
		if cell {
			key[0] = 1
		}
		t, ok := s.bootMemo[key]
		if !ok {
			a, f := s.overAt(cell, n)
			t = thresholds{kA: b2i(a), kF: b2i(f)}
			s.bootMemo[key] = t
		}
		alarm = alarm || t.kA == 1
		over = over || t.kF == 1
	}
	return alarm, over
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *sim) startRecovery() {
	if s.recoveryOn {
		return
	}
	s.recoveryOn = true
	s.emit(EvRecoveryStarted)
	if s.cfg.Recovery.Rollback {
		s.rolledBack = true
		for i := s.n0; i < len(s.srv); i++ {
			sv := &s.srv[i]
			switch sv.state {
			case stAbsent:
			case stHealthy:
				s.healthy--
			case stLatent:
				s.latent--
			case stErroring:
				s.erroring--
			default:
				continue // restarting servers are not reached yet
			}
			if sv.state != stAbsent {
				s.members--
				s.cellMembers[i%s.cells]--
			}
			sv.state = stGone
			sv.gen++
		}
	}
	for i := range s.srv {
		if st := s.srv[i].state; st == stLatent || st == stErroring {
			s.enqueue(i)
		}
	}
}

func (s *sim) weight() float64 {
	if s.cfg.Recovery.Bootstrap == "store" {
		return s.cfg.Recovery.StoreFactor
	}
	return 1
}

func (s *sim) enqueue(i int) {
	s.restartQ = append(s.restartQ, int32(i))
	if s.pacerIdle {
		s.pacerIdle = false
		at := s.now
		if s.ticked && s.lastTick+s.interval > at {
			at = s.lastTick + s.interval
		}
		s.schedule(at, kTick, -1, 0)
	}
}

// tick restarts the next queued server. Its bootstrap competes for CPU with
// the others in flight (B weighted bootstraps against a capacity K):
//
//   - processor sharing: all bootstraps progress at min(1, K/B) of full
//     speed, so no restart rate rejoins more than K per cold start;
//   - starvation: it fails its health check with probability
//     1 - exp(-(B-K)+/K) (B counted when it starts), after a uniform share
//     of its work, and is removed and queued again (the thundering herd).
//
// Processor sharing is simulated with a virtual work clock (Kleinrock,
// "Queueing Systems, Vol. 2", 1976, ch. 4): one pending event for the next
// bootstrap to end, rescheduled whenever B changes, so cost stays O(log n).
func (s *sim) tick() {
	s.lastTick, s.ticked = s.now, true
	for s.qHead < len(s.restartQ) {
		i := int(s.restartQ[s.qHead])
		s.qHead++
		sv := &s.srv[i]
		switch sv.state {
		case stLatent:
			s.latent--
		case stErroring:
			s.erroring--
		case stRemoved:
			s.removed--
		default:
			continue // rolled back or already back
		}
		r := s.cfg.Recovery
		sv.state = stRestarting
		sv.gen++
		s.restarting++
		s.updateV()
		s.bootstrapping += s.weight()
		cold := r.ColdStart
		if r.Bootstrap == "store" {
			cold = time.Duration(float64(cold) * r.StoreFactor)
		}
		p := 0.0
		if r.Capacity > 0 && s.bootstrapping > r.Capacity {
			p = 1 - math.Exp(-(s.bootstrapping-r.Capacity)/r.Capacity)
		}
		item := bootItem{target: s.vnow + cold.Seconds(), srv: int32(i), gen: sv.gen}
		if u := s.rng.Float64(); u < p {
			item.target, item.fail = s.vnow+s.rng.Float64()*cold.Seconds(), true
		}
		s.seq++
		item.seq = s.seq
		s.boots.push(item)
		s.rescheduleBoots()
		break
	}
	if s.qHead < len(s.restartQ) {
		s.schedule(s.now+s.interval, kTick, -1, 0)
	} else {
		s.pacerIdle = true
	}
}

// check fires the events that depend on aggregate state.
func (s *sim) check() {
	er := s.errorRate()
	if s.cfg.Alarm.On == "errors" && er >= s.cfg.Alarm.Threshold && s.erroring > 0 {
		s.emit(EvFirstAlarm)
	}
	if !s.res.HasOutage && s.erroring > 0 && er >= s.cfg.OutageThreshold {
		s.res.Outage, s.res.HasOutage = s.now, true
	}
	if f := s.latent + s.erroring; f > s.res.PeakFailed {
		s.res.PeakFailed = f
	}
	if s.healthy == 0 && s.latent+s.erroring > 0 {
		s.emit(EvFleetFailed)
	}
	if s.recoveryOn && s.healthy == s.members && s.restarting+s.removed == 0 && er < s.cfg.OutageThreshold {
		s.emit(EvRecovered)
	}
}

// speed is the fraction of full speed each bootstrap gets.
func (s *sim) speed() float64 {
	k := s.cfg.Recovery.Capacity
	if k <= 0 || s.bootstrapping <= k {
		return 1
	}
	return k / s.bootstrapping
}

// updateV advances the work clock to now at the current speed; call it
// before B changes.
func (s *sim) updateV() {
	if s.cfg.Recovery != nil {
		s.vnow += (s.now - s.vLast).Seconds() * s.speed()
	}
	s.vLast = s.now
}

func (s *sim) rescheduleBoots() {
	s.bootGen++
	if len(s.boots) == 0 {
		return
	}
	dt := (s.boots[0].target - s.vnow) / s.speed()
	s.schedule(s.now+time.Duration(math.Ceil(math.Max(dt, 0)*1e9)), kBootNext, -1, s.bootGen)
}

type bootItem struct {
	target float64 // work-clock time at which it ends
	seq    uint64
	srv    int32
	gen    uint32
	fail   bool
}

// before orders bootstraps by (target, seq).
func (b bootItem) before(o bootItem) bool {
	return b.target < o.target || (b.target == o.target && b.seq < o.seq)
}

// bootHeap holds the bootstraps in progress.
type bootHeap = minHeap[bootItem]
