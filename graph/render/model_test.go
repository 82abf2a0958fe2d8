package render

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// dep is a shorthand for a tested dependency.
func dep(to string, impact model.Impact) *model.Dependency {
	return &model.Dependency{To: to, Impact: impact, Tested: true}
}

func svc(id string, role model.Role, crit model.Criticality, deps ...*model.Dependency) *model.Service {
	s := &model.Service{ID: id, Title: id, Role: role, Criticality: crit, DependsOn: deps}
	for _, d := range deps {
		d.From = id
	}
	return s
}

// kinesisModel mimics examples/kinesis-2020: the 2020-11-25 us-east-1 event,
// where everything that used Kinesis internally went down with its front-end.
func kinesisModel() *model.Model {
	out, deg, none := model.ImpactOutage, model.ImpactDegraded, model.ImpactNone
	kin := func() *model.Dependency { return dep("kinesis-frontend", out) }

	lambdaCW := dep("cloudwatch", deg)
	lambdaCW.Buffer = &model.Buffer{FillsIn: time.Hour, OnFull: model.OnFullBlock}
	lambdaCW.Note = "metrics buffered in memory"

	cognitoKin := dep("kinesis-frontend", none)
	cognitoKin.Buffer = &model.Buffer{FillsIn: 106 * time.Minute, OnFull: model.OnFullBlock}
	cognitoKin.Note = "graceful-degradation buffer with a latent bug"

	shdConsole := dep("shd-console", out)
	shdConsole.Group = "publish"
	shdBackup := dep("shd-backup-tool", out)
	shdBackup.Group = "publish"
	shdBackup.Tested = false

	cw := svc("cloudwatch", model.RoleMonitoring, model.Critical, kin())
	cw.Monitors = []string{"kinesis-frontend"}
	shd := svc("service-health-dashboard", model.RoleStatus, model.High, shdConsole, shdBackup)
	shd.Title = "Service Health Dashboard"
	shd.Monitors = []string{"kinesis-frontend", "cognito"}

	m := &model.Model{Services: []*model.Service{
		svc("kinesis-frontend", model.RoleService, model.Critical,
			dep("fleet-membership", out), dep("dynamodb", out), dep("kinesis-backend", out)),
		svc("kinesis-backend", model.RoleStorage, model.Critical),
		svc("fleet-membership", model.RoleControlPlane, model.High),
		svc("dynamodb", model.RoleStorage, model.Critical),
		cw,
		svc("autoscaling", model.RoleControlPlane, model.High, dep("cloudwatch", out)),
		svc("lambda", model.RoleService, model.Critical, lambdaCW, kin()),
		svc("cognito", model.RoleAuth, model.Critical, cognitoKin),
		svc("eventbridge", model.RoleService, model.High, kin()),
		svc("ecs", model.RoleService, model.High, kin()),
		svc("eks", model.RoleService, model.High, kin()),
		svc("s3-event-notifications", model.RoleService, model.Medium, kin()),
		svc("firehose", model.RoleService, model.High, kin()),
		svc("iot", model.RoleService, model.Medium, kin()),
		svc("workspaces", model.RoleService, model.Medium, dep("kinesis-frontend", deg)),
		svc("redshift", model.RoleService, model.Medium, dep("kinesis-frontend", deg)),
		svc("glue", model.RoleService, model.Low, dep("kinesis-frontend", deg)),
		shd,
		svc("shd-console", model.RoleTooling, model.Medium, dep("cognito", out)),
		svc("shd-backup-tool", model.RoleTooling, model.Low),
	}}
	m.Reindex()
	return m
}

// kinesisMarks is the cascade of a kinesis-frontend failure, as the lead
// computes it from graph's cascade (hand-written here so these tests do not
// depend on that package).
func kinesisMarks() map[string]Mark {
	marks := map[string]Mark{"kinesis-frontend": {Failed: true}}
	// Hard users of the front-end, and what needs CloudWatch, go out at once.
	for _, id := range []string{"cloudwatch", "autoscaling", "lambda", "eventbridge", "ecs", "eks", "s3-event-notifications", "firehose", "iot"} {
		marks[id] = Mark{State: model.ImpactOutage}
	}
	for _, id := range []string{"workspaces", "redshift", "glue"} {
		marks[id] = Mark{State: model.ImpactDegraded}
	}
	// Behind cognito's 106-minute buffer.
	marks["cognito"] = Mark{State: model.ImpactOutage, At: 106 * time.Minute}
	marks["shd-console"] = Mark{State: model.ImpactOutage, At: 106 * time.Minute}
	marks["service-health-dashboard"] = Mark{State: model.ImpactDegraded, At: 106 * time.Minute}
	return marks
}

// cycleModel has a cold-start cycle a -> b -> c -> a, a degraded back edge
// that is not a cycle, and a redundancy group.
func cycleModel() *model.Model {
	out, deg := model.ImpactOutage, model.ImpactDegraded
	g1 := dep("d", out)
	g1.Group = "pair"
	g2 := dep("e", out)
	g2.Group = "pair"
	g2.After = 5 * time.Minute
	m := &model.Model{Services: []*model.Service{
		svc("a", model.RoleService, model.Critical, dep("b", out)),
		svc("b", model.RoleNetwork, model.High, dep("c", out)),
		svc("c", model.RoleAuth, model.Medium, dep("a", out), g1, g2),
		svc("d", model.RoleStorage, model.Low, dep("c", deg)),
		svc("e", model.RoleStorage, model.Low),
	}}
	m.Services[0].Tags = []string{"edge"}
	m.Services[1].Tags = []string{"edge", "x"}
	m.Services[3].Tags = []string{"data"}
	m.Reindex()
	return m
}

// largeModel generates a layered service architecture of n services: each
// service depends on 1-3 services of lower layers, some edges degraded or
// buffered, with a few redundancy groups. Deterministic for a seed.
func largeModel(n int, seed uint64) *graph.Graph {
	r := rand.New(rand.NewPCG(seed, 0))
	roles := model.Roles
	crits := model.Criticalities
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = &model.Service{ID: fmt.Sprintf("svc-%04d", i), Role: roles[r.IntN(len(roles))], Criticality: crits[r.IntN(len(crits))]}
		svcs[i].Title = svcs[i].ID
		if i == 0 {
			continue
		}
		k := 1 + r.IntN(3)
		seen := map[int]bool{}
		for j := 0; j < k; j++ {
			t := r.IntN(i)
			if seen[t] {
				continue
			}
			seen[t] = true
			d := &model.Dependency{From: svcs[i].ID, To: svcs[t].ID, Impact: model.Impact(r.IntN(3)), Tested: r.IntN(10) > 0}
			if r.IntN(20) == 0 {
				d.Buffer = &model.Buffer{FillsIn: time.Duration(1+r.IntN(120)) * time.Minute, OnFull: model.OnFullBlock}
			}
			if k > 1 && r.IntN(5) == 0 {
				d.Group = "alt"
			}
			svcs[i].DependsOn = append(svcs[i].DependsOn, d)
		}
	}
	m := &model.Model{Services: svcs}
	m.Reindex()
	return graph.New(m)
}
