# GitHub, 2018-10-21: a 43-second network partition, a cross-country database
# failover, and 24 hours and 11 minutes of degraded service.
#
# Source: GitHub, "October 21 post-incident analysis", 2018-10-30,
# https://github.blog/2018-10-30-oct21-post-incident-analysis/
# Read through its public excerpts and the summaries that quote its timeline
# (https://www.postmortems.app/postmortem/4da4ac8a-fb93-426e-9ae7-eb088f115959);
# the facts below are those, in our own words. Four figures come from our
# own reading of the post and were not in the excerpts we could check again:
# restores starting at 00:41, replicas in sync at 16:24, the backlog drained
# at 23:03, and its size. What the post does not say is marked "assumption".
#
# What happened, in short. At 22:52 UTC, maintenance to replace failing 100G
# optical equipment cut the link between the US East Coast network hub and
# GitHub's primary US East Coast data center for 43 seconds. Orchestrator,
# which manages the MySQL topologies and runs Raft across the East and West
# Coast data centers and a public cloud, lost its East Coast member from the
# quorum; the other members promoted West Coast replicas to primaries. When
# the link came back, the application tier (in the East) wrote to primaries
# across the country. The East Coast primaries held a few seconds of writes
# that had never reached the West, and the West had taken writes since, so
# the primaries could not simply fail back. GitHub chose data integrity over
# availability: it locked deployments (23:07), paused webhook delivery and
# Pages builds (23:19), restored the East Coast clusters from backups
# (multiple terabytes from cloud storage; from 00:41, all primaries back in
# the East at 11:12), let replicas catch up (16:24), then drained the
# backlog of about 5 million webhook events and 80,000 Pages builds (done at
# 23:03 on 10-22).
#
# Run:   blast analyze examples/github-2018
#        blast cascade examples/github-2018 --fail mysql-east
#        blast cascade examples/github-2018 --fail east-hub-link
#
# What blast finds: the link from the East Coast hub is a single point of
# failure of the whole site (the partition itself); the cross-country
# failover that every MySQL client falls back on had never been exercised
# (untested-failsafe); failing over leaves the site degraded, not healthy
# (blast cascade --fail mysql-east). What it must not flag: the East Coast
# primaries are not a single point of failure (on paper the failover covers
# them, which is the trap), and the status page, hosted apart, does not
# share the site's fate.
#
# What the language cannot say yet (next language work):
# - a failure that lasts 43 seconds: failures here are permanent states, so
#   "automation acted on a transient failure and its failback took a day"
#   (hysteresis, one-way failover) is not expressible;
# - Raft's quorum: Orchestrator needs two of its three sites, a k-of-n
#   group; a `group` is "any one member suffices";
# - divergent writes (split brain): blast models availability, not
#   consistency;
# - restoring terabytes from backups: `fleet` restart rates model stateless
#   restarts, not restore throughput and data size;
# - pausing webhooks and Pages as a decision, and the day it took to drain
#   their backlog. A load scenario can pause a service (a `disturbance` of
#   capacity 0) and shows its queue draining, but it judges a service by
#   the calls it answers within their caller's `timeout`: webhook events
#   have no caller waiting, so the hours each waited count as answered in
#   time, and the run reports "recovered" the moment delivery resumes. How
#   late work is delivered (a deadline on queued work, not on a call) is
#   not expressible. Nor are the rates: the post gives the backlog's size
#   (a figure we could not check again), not how fast events arrived or
#   could be delivered. Nothing in the post's account was retried either,
#   so there is no `retry` and no load scenario here.
# No fleet `scenario` either: it replays a capacity addition, and no
# resource of this incident grows with a fleet.

# ---------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------

service "east-hub-link" {
  title = "Link between the US East Coast network hub and the primary data center"
  role  = "network"
  # The 100G optical equipment replaced on 10-21. The post: despite redundant
  # layers in the design, sites can still be unable to talk to each other for
  # a while.
}

# ---------------------------------------------------------------------------
# The site and its MySQL primaries
# ---------------------------------------------------------------------------

service "github-web" {
  title       = "GitHub.com application tier (US East Coast data center)"
  criticality = "critical"

  # Users reach the East Coast data center through the hub.
  depends_on "east-hub-link" {
    note = "the edge network reaches the primary data center through the East Coast hub"
  }

  # All non-Git metadata (issues, pull requests, comments, notifications,
  # sign-in, background job queues) is in MySQL. Writes go to the primaries
  # in the East; Orchestrator can promote West Coast replicas instead.
  depends_on "mysql-east" {
    group = "mysql-primary"
  }
  depends_on "mysql-west" {
    group  = "mysql-primary"
    tested = false
    note   = "cross-country primaries: the application tier had never run against them"
  }
}

service "mysql-east" {
  title       = "MySQL primaries, US East Coast"
  role        = "storage"
  criticality = "critical"
}

service "mysql-west" {
  title       = "MySQL replicas, US West Coast (promotable to primaries)"
  role        = "storage"
  criticality = "high"

  # Replicas lag the East: when the East is lost they hold everything but the
  # last writes, so serving from them is degraded, not healthy: on 10-21 the
  # East held a few seconds of writes the West never saw.
  depends_on "mysql-east" {
    impact = "degraded"
    note   = "replication from the East Coast primaries"
  }
  # Promotion is Orchestrator's decision.
  depends_on "orchestrator" {
    note = "only Orchestrator promotes a replica to primary"
  }
}

service "orchestrator" {
  title       = "Orchestrator (MySQL topology management, Raft across three sites)"
  role        = "control-plane"
  criticality = "high"
  # Raft across the East Coast and West Coast data centers and a public
  # cloud: it needs two of three, which a `group` (any one of them) cannot
  # say, so its members are not modelled.
}

# ---------------------------------------------------------------------------
# What runs on the job queues
# ---------------------------------------------------------------------------

service "webhooks" {
  title       = "Webhook delivery"
  criticality = "high"

  # Paused at 23:19 to protect data integrity; about 5 million events queued.
  depends_on "github-web" {
    note = "events come from the application tier's background jobs"
  }
}

service "pages-builds" {
  title       = "GitHub Pages builds"
  criticality = "high"

  # Paused at 23:19; about 80,000 builds queued.
  depends_on "github-web" {}
}

# ---------------------------------------------------------------------------
# The status page, hosted apart
# ---------------------------------------------------------------------------

service "githubstatus" {
  title       = "GitHub status page (hosted outside GitHub's data centers)"
  role        = "status"
  criticality = "high"
  monitors    = ["github-web", "webhooks", "pages-builds"]
  # Went yellow at 23:09 and red at 23:11; no dependency on what it reports
  # on (assumption: the post names no dependency of the status page).
}
