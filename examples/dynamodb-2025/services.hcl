# AWS us-east-1, 2025-10-19/20: an empty DNS record for DynamoDB's regional
# endpoint, then the EC2 instance-management subsystem's congestive collapse
# while it recovered: about 14 and a half hours from first error to last.
#
# Source: AWS, "Summary of the Amazon DynamoDB Service Disruption in
# Northern Virginia (US-EAST-1) Region", 2025-10,
# https://aws.amazon.com/message/101925/
# The facts below are the summary's, in our own words. Five times come from
# our own reading of it and were not in the excerpts we could check again:
# STS errors from 11:51 PM, leases lapsing until 2:24 AM, throttling from
# 4:14 AM, leases back at 5:28 AM, NLB failover disabled at 9:36 AM. What the
# summary does not say is marked "assumption".
#
# What happened, in short. DynamoDB's DNS records are kept by automation in
# two parts: a DNS Planner that builds plans and three DNS Enactors (one
# per Availability Zone) that apply them to Route 53. A latent race between
# two Enactors (one applying an old plan late while another cleaned old
# plans up) left the regional endpoint dynamodb.us-east-1.amazonaws.com
# with an empty record at 11:48 PM PDT, in a state the automation could not
# repair. Nothing could open a new connection to DynamoDB in the Region,
# AWS's own services included. Engineers restored the record by 2:25 AM and
# clients recovered by 2:40 AM, as their cached answers expired. EC2's
# DropletWorkflow Manager (DWFM), which holds a lease on every physical
# server ("droplet") and checks its state in DynamoDB, had let leases lapse:
# new instances could not be placed. Once DynamoDB was back, DWFM tried to
# re-establish every lease at once, the work timed out before it finished
# and was queued again: a congestive collapse. Engineers throttled work and
# restarted DWFM hosts (from 4:14 AM); leases were back at 5:28 AM. Network
# Manager then had a backlog of network state to propagate, so new
# instances came up without connectivity until 10:36 AM; Network Load
# Balancer health checks failed those instances and moved capacity away
# (5:30 AM to 2:09 PM; automatic failover disabled at 9:36 AM). Lambda,
# STS, Console sign-in, ECS/EKS/Fargate, Connect and Redshift failed with
# DynamoDB, EC2 launches or NLB; the last Redshift clusters recovered at
# 4:05 AM on 10-21.
#
# Run:   blast analyze examples/dynamodb-2025
#        blast cascade examples/dynamodb-2025 --fail dynamodb-dns-record --at 2025-10-19T23:48:00-07:00
#        blast simulate examples/dynamodb-2025 --scenario dwfm-lease-collapse
#
# What blast finds: the one DNS record is a single point of failure of
# DynamoDB and, through it, of EC2 launches, Lambda, STS and the services
# on them; the three Enactors are no redundancy for it (the record and the
# Planner are shared: a failure of either takes out every Enactor path, and
# a wrong plan is not a failure the others mask); EC2's lease on every
# droplet, held in DynamoDB, is a latent hard dependency: "none" while
# leases last, an outage once they lapse. blast simulate replays DWFM's
# congestive collapse (scenario.hcl): with DynamoDB's outage as the
# disturbance, lease work that times out and is queued again keeps DWFM
# down after DynamoDB is back (metastable), as it stayed until engineers
# stepped in; a bounded queue, the nearest the language comes to
# restarting hosts to clear their queues, lets it recover in minutes. What
# it must not flag: instances already running, which stayed healthy; and
# retry-amplification: DWFM's collapse needs no chain of retries that
# multiply (three tries at one layer are under the policy's 10), only
# work done after its deadline on an unbounded queue, which the
# simulation shows and no static rule does.
#
# What the language cannot say yet (next language work):
# - the collapse's own figures: the summary gives no count of droplets or
#   DWFM hosts, no rates, no lease deadline and no retry count, so the
#   simulation's are assumptions. It shows the mechanism and which single
#   change breaks it, not how long the real recovery took;
# - what operators did, as actions in time: throttling work and
#   restarting hosts to empty their queues (from 4:14 AM). A load
#   scenario's `load` is constant and a `disturbance` only takes capacity
#   away, so nothing drops the load or empties a queue at 4:14; the
#   what-ifs change the design for the whole run instead;
# - leases as state: DWFM had to re-establish every lapsed lease at once,
#   one per droplet. The simulation has no lapsed leases, only lease work
#   that queued while DynamoDB was out, so its backlog grows with the
#   outage's length times the lease work's rate, not with the number of
#   droplets;
# - Network Manager's backlog: once launches worked again, network state
#   for their instances arrived faster than it could be propagated (new
#   instances without connectivity until 10:36 AM). That is a surge of
#   load after recovery; a disturbance is a loss of capacity, and only the
#   scenario's service is disturbed, so it needs a time-varying `load` and
#   a second service under load in the same run;
# - NLB's health checks flapping: instances whose network state had not
#   arrived failed their checks, came back, failed again, and NLB moved
#   capacity out of DNS and back, until automatic failover was disabled
#   (9:36 AM). Automation that acts on a failure and deepens it, and
#   capacity taken away by a health check's verdict rather than by a
#   declared disturbance, are not expressible, nor is the fix of turning
#   it off;
# - a component that does harm rather than failing: an Enactor applying a
#   stale plan is not "unavailable", so redundancy among Enactors makes it
#   more likely, not less; blast's failures are unavailability only.
# No fleet `scenario` (the kind that replays a capacity addition): no
# resource here grows with a fleet.

# ---------------------------------------------------------------------------
# DynamoDB's DNS automation and the record it broke
# ---------------------------------------------------------------------------

service "dns-planner" {
  title       = "DynamoDB DNS Planner"
  role        = "control-plane"
  criticality = "high"
  # Builds DNS plans from the health and capacity of DynamoDB's load
  # balancers; the Enactors apply them.
}

service "dns-enactor-a" {
  title = "DNS Enactor, first Availability Zone"
  role  = "control-plane"
  depends_on "dns-planner" {}
}

service "dns-enactor-b" {
  title = "DNS Enactor, second Availability Zone"
  role  = "control-plane"
  depends_on "dns-planner" {}
}

service "dns-enactor-c" {
  title = "DNS Enactor, third Availability Zone"
  role  = "control-plane"
  depends_on "dns-planner" {}
}

service "dns-automation" {
  title       = "DynamoDB DNS automation (plans applied to Route 53)"
  role        = "control-plane"
  criticality = "high"
  # Three Enactors, one per Availability Zone, each able to apply plans on
  # its own: redundant against an Enactor failing.
  depends_on "dns-enactor-a" { group = "enactors" }
  depends_on "dns-enactor-b" { group = "enactors" }
  depends_on "dns-enactor-c" { group = "enactors" }
}

service "dynamodb-dns-record" {
  title       = "DNS record of dynamodb.us-east-1.amazonaws.com"
  role        = "network"
  criticality = "critical"
  # One record for the whole regional endpoint. It needs the automation only
  # to change, not to answer: without updates it goes stale, it does not go
  # away (the empty record of 10-19 was the automation's doing, not its
  # absence).
  depends_on "dns-automation" {
    impact = "degraded"
    note   = "capacity changes and failures no longer reach the record"
  }
}

service "dynamodb" {
  title       = "Amazon DynamoDB, us-east-1 regional endpoint"
  role        = "storage"
  criticality = "critical"
  # Clients resolve the endpoint to open new connections: API errors began
  # at 11:48 PM, with the record. (On the way back, cached answers delayed
  # recovery from 2:25 AM to 2:40 AM.)
  depends_on "dynamodb-dns-record" {
    note = "new connections need the name to resolve"
  }
}

# ---------------------------------------------------------------------------
# EC2: leases on droplets, launches, network state
# ---------------------------------------------------------------------------

service "ec2-dwfm" {
  title       = "EC2 DropletWorkflow Manager"
  role        = "control-plane"
  criticality = "critical"
  # Each droplet has a lease, checked against state in DynamoDB. Without
  # DynamoDB the checks fail and leases lapse, slowly (11:48 PM to 2:24 AM);
  # a droplet without a lease takes no new instance. The lease length is
  # not public (assumption: an hour). Recovering every lease at once had
  # not been exercised at this scale (assumption: tested = false, the
  # default).
  #
  # For the load simulation (scenario.hcl): the summary gives no count of
  # DWFM hosts or of what each completes. These two figures are a unit,
  # not a fact (assumption): 1,000 lease operations per second in all.
  # What decides the outcome is their ratio to the lease work below.
  fleet {
    servers = 100 # assumption
  }
  capacity {
    per_server = "10/s" # assumption: lease operations one host completes per second
    # No `queue`: timed-out work was queued again behind everything already
    # waiting, and the hosts kept working through it (restarting them is
    # what cleared their queues).
  }
  depends_on "dynamodb" {
    impact = "none"
    note   = "droplet lease state checks"
    buffer {
      fills_in = "1h"
      on_full  = "fail"
    }
  }
}

service "droplet-leases" {
  title       = "Lease work for every droplet, queued on DWFM's hosts"
  role        = "control-plane"
  criticality = "high"
  # What DWFM does for each droplet: establish and keep its lease. The
  # summary gives no rate (assumption: 400 lease operations per second,
  # 40% of DWFM's capacity, so that it keeps up in normal times).
  load = "400/s"
  depends_on "ec2-dwfm" {
    # Re-establishing every lease at once took long enough that the work
    # could not finish before it timed out; the deadline is not public
    # (assumption: a minute).
    timeout = "1m"
    retry {
      # Timed-out work was queued again to reattempt the lease; how often
      # is not said (assumption: three tries in all, none after a wait).
      attempts = 3
    }
  }
}

service "ec2-network-manager" {
  title       = "EC2 Network Manager (network state propagation)"
  role        = "control-plane"
  criticality = "high"
}

service "ec2-launches" {
  title       = "EC2 instance launches"
  role        = "control-plane"
  criticality = "critical"
  depends_on "ec2-dwfm" {
    note = "a new instance needs a droplet with a live lease"
  }
  # New instances without network state had no connectivity until 10:36 AM.
  depends_on "ec2-network-manager" {
    impact = "degraded"
  }
}

service "running-instances" {
  title       = "EC2 instances already running"
  criticality = "critical"
  # They stayed healthy throughout: a lapsed lease stops changes to a
  # droplet, not what already runs on it. No dependency on DWFM.
}

service "nlb" {
  title       = "Network Load Balancer"
  role        = "network"
  criticality = "critical"
  # Health checks failed new instances whose network state had not arrived
  # and took capacity out of service: connection errors, not an outage of
  # every load balancer.
  depends_on "ec2-network-manager" {
    impact = "degraded"
    note   = "health checks of instances without network state"
  }
}

# ---------------------------------------------------------------------------
# The services that failed with them
# ---------------------------------------------------------------------------

service "lambda" {
  title       = "AWS Lambda"
  criticality = "critical"
  depends_on "dynamodb" {
    note = "function and event-source metadata"
  }
  depends_on "ec2-launches" {
    impact = "degraded"
    note   = "new execution capacity"
  }
  depends_on "nlb" {
    impact = "degraded"
  }
}

service "sts" {
  title       = "AWS Security Token Service"
  role        = "auth"
  criticality = "critical"
  # Errors from 11:51 PM, three minutes after the record emptied.
  depends_on "dynamodb" {
    after = "3m"
  }
}

service "console-sign-in" {
  title       = "AWS Management Console sign-in (IAM users)"
  role        = "auth"
  criticality = "high"
  depends_on "sts" {}
}

service "container-launches" {
  title       = "ECS, EKS and Fargate task launches"
  criticality = "high"
  depends_on "ec2-launches" {}
}

service "connect" {
  title       = "Amazon Connect"
  criticality = "high"
  depends_on "dynamodb" {}
  depends_on "lambda" {
    impact = "degraded"
  }
}

service "redshift" {
  title       = "Amazon Redshift"
  role        = "storage"
  criticality = "high"
  depends_on "dynamodb" {
    impact = "degraded"
    note   = "query processing failed while DynamoDB was out"
  }
  # Clusters waiting to replace a node needed an EC2 launch; the last
  # recovered at 4:05 AM on 10-21.
  depends_on "ec2-launches" {
    impact = "degraded"
  }
}

service "support-center" {
  title = "AWS Support Center (case creation)"
  role  = "tooling"
  depends_on "dynamodb" {}
}
