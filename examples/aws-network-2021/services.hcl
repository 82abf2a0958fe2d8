# AWS us-east-1, 2021-12-07: congestion between AWS's internal network and
# its main network impaired the control planes of many services, the
# operators' monitoring, the Service Health Dashboard and support, for about
# seven hours.
#
# Source: AWS, "Summary of the AWS Service Event in the Northern Virginia
# (US-EAST-1) Region", 2021-12-10, https://aws.amazon.com/message/12721/
# The facts below are the summary's, in our own words. Two times come from
# our own reading of it and were not in the excerpts we could check again:
# the devices fully recovered at 2:22 PM, and support cases impaired from
# 7:33 AM to 2:25 PM. What the summary does not say is marked "assumption".
# The customers' retry count is AWS's documentation, not the summary's:
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html
# and https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-retries.html
#
# What happened, in short. AWS runs foundational services (monitoring,
# internal DNS, authorization services, parts of the EC2 control plane) on
# an internal network, joined to the main AWS network, where customer
# workloads run, by several geographically separate networking devices. At
# 7:30 AM PST an automated activity that scaled capacity of a service in
# the main network set off unexpected behaviour in a large number of
# clients inside the internal network: a surge of connections overwhelmed
# the devices between the two networks. Delays caused retries, retries
# more congestion, and the congestion persisted: a latent flaw in the
# clients' back-off, in production for years, kept them from backing off.
# Real-time monitoring went with it, so operators worked from logs. They
# moved internal DNS traffic off the congested paths (improvement at 9:28
# AM), and the devices were fully recovered at 2:22 PM. Customer workloads
# on the main network kept running; what failed were the control planes
# used to create and manage resources (EC2 APIs and launches, API Gateway,
# STS, Console sign-in, EventBridge, container launches, Connect). The
# Service Health Dashboard's tooling could not fail over to its standby
# region, and the Support Contact Center, which also runs on the internal
# network, could not take cases from 7:33 AM to 2:25 PM.
#
# Run:   blast analyze examples/aws-network-2021
#        blast cascade examples/aws-network-2021 --fail internal-interconnect --at 2021-12-07T07:30:00-08:00
#
# What blast finds: the interconnect is a single point of failure of every
# control plane that runs on the internal network and of their users; the
# operators' monitoring fails with what it watches; the status page's
# standby region is defeated by the same failure (its failover tooling needs
# the internal network); support fails three minutes in; and the retries
# stack (retry-amplification): one customer call to the EC2 APIs can become
# 15 connection attempts across the devices, the SDK's 5 tries times the
# control plane's 3. That product rests on counts the summary does not
# give (the SDK's is AWS's documented default of the time, the control
# plane's an assumption; standard mode at both layers would make 9, under
# the policy's 10); that retries at each layer multiply at the devices does
# not. What it must not flag: customer workloads on the main network, which
# kept running.
#
# What the language cannot say yet (next language work):
# - the trigger and the persistence as a replay: a surge of connections
#   congested the devices, and retries that did not back off kept them
#   congested (a metastable failure). blast simulate replays that kind of
#   failure, but here the summary gives no figure to replay: no connection
#   rates, no device capacity, no count of clients, no timeouts, no
#   duration of the surge. And the trigger was a surge of load, where a
#   `disturbance` is a loss of capacity and `load` is constant. So there is
#   no load scenario, only the retries above;
# - back-off that fails: `backoff = "0s"` is the nearest setting, but the
#   clients had a back-off that a rare trigger kept from working, a latent
#   bug rather than a setting;
# - why the interconnect's several devices did not help: redundancy against
#   a device failing, not against congestion all of them carry; the model
#   can only say the devices fail together (one service), not why;
# - API Gateway servers that had to be replaced before they served again
#   (recovery needs a fleet count the summary does not give).
# No `scenario`, no `fleet`: the summary gives no fleet sizes, rates or
# per-server laws.

# ---------------------------------------------------------------------------
# The internal network and what it hosts
# ---------------------------------------------------------------------------

service "internal-interconnect" {
  title       = "Networking devices between the internal network and the main AWS network"
  role        = "network"
  criticality = "critical"
  # "Multiple geographically isolated networking devices", scaled with
  # margin: redundant against a device failing. The surge congested all of
  # them at once, so for this failure they are one service.
}

service "internal-dns" {
  title       = "Internal DNS"
  role        = "network"
  criticality = "critical"
  # Foundational: the operators first saw elevated internal DNS errors, and
  # moving its traffic off the congested paths was the first improvement
  # (9:28 AM).
  depends_on "internal-interconnect" {
    note = "its clients in the main network reach it through the interconnect"
  }
}

service "authorization" {
  title       = "Internal authorization services"
  role        = "auth"
  criticality = "critical"
  depends_on "internal-interconnect" {}
  depends_on "internal-dns" {}
}

service "ec2-control-plane" {
  title       = "EC2 control plane (APIs, instance launches)"
  role        = "control-plane"
  criticality = "critical"
  # Parts of it are hosted on the internal network.
  depends_on "internal-interconnect" {
    note = "connections between its parts on the two networks"
    # Delays across the devices brought errors, and errors "even more
    # connection attempts and retries". How many tries, the summary does
    # not say (assumption: 3, the AWS SDKs' standard mode).
    retry {
      attempts = 3
      # The root cause: a latent issue kept these clients from backing off
      # adequately. The nearest setting: no wait at all.
      backoff = "0s"
    }
  }
  depends_on "authorization" {}
}

service "customer-api-clients" {
  title = "Customers' SDKs and CLIs calling the EC2 APIs"
  # Not in the summary, which speaks of the clients inside AWS: customers'
  # calls failed too, and AWS's SDKs retry a failed call by default. AWS's
  # documentation (the boto3 and AWS CLI "Retries" guides, cited above): 5
  # tries in legacy mode, boto3's and CLI v1's default in 2021; 3 in
  # standard mode. Each retry is a new call into the control plane, and through it
  # across the devices.
  depends_on "ec2-control-plane" {
    note = "describe, launch and change instances"
    retry {
      attempts = 5    # legacy mode
      backoff  = "1s" # waits that double ...
      jitter   = true # ... each drawn at random (assumption: from a second)
    }
  }
}

# ---------------------------------------------------------------------------
# Monitoring that ran on what it monitored
# ---------------------------------------------------------------------------

service "internal-monitoring" {
  title       = "Real-time monitoring for AWS's operations teams"
  role        = "monitoring"
  criticality = "critical"
  monitors    = ["internal-interconnect", "internal-dns", "ec2-control-plane", "api-gateway"]
  # Hosted on the internal network: it went with the congestion, and the
  # operators fell back on logs.
  depends_on "internal-interconnect" {}
}

# ---------------------------------------------------------------------------
# Control planes and their users (main network)
# ---------------------------------------------------------------------------

service "api-gateway" {
  title       = "Amazon API Gateway"
  criticality = "critical"
  # Its servers could not reach the internal network early on; many ended in
  # a state where they had to be replaced.
  depends_on "internal-interconnect" {}
}

service "sts" {
  title       = "AWS Security Token Service"
  role        = "auth"
  criticality = "critical"
  depends_on "authorization" {}
}

service "console-sign-in" {
  title       = "AWS Management Console sign-in"
  role        = "auth"
  criticality = "high"
  depends_on "sts" {}
}

service "eventbridge" {
  title       = "Amazon EventBridge"
  criticality = "high"
  depends_on "internal-interconnect" {}
}

service "container-launches" {
  title       = "Fargate, ECS and EKS task and pod launches"
  criticality = "high"
  depends_on "ec2-control-plane" {}
}

service "connect" {
  title       = "Amazon Connect"
  criticality = "high"
  depends_on "internal-interconnect" {}
}

# ---------------------------------------------------------------------------
# Customer workloads: the main network kept working
# ---------------------------------------------------------------------------

service "main-network" {
  title       = "Main AWS network"
  role        = "network"
  criticality = "critical"
}

service "customer-workloads" {
  title       = "Running customer EC2 instances"
  criticality = "critical"
  # Already running: they need the main network, not the control plane.
  depends_on "main-network" {}
  # New capacity needs the control plane: launches failed, running instances
  # did not.
  depends_on "ec2-control-plane" {
    impact = "degraded"
    note   = "launching and changing instances"
  }
}

# ---------------------------------------------------------------------------
# Telling customers: the status page and support
# ---------------------------------------------------------------------------

service "service-health-dashboard" {
  title       = "AWS Service Health Dashboard"
  role        = "status"
  criticality = "critical"
  monitors    = ["ec2-control-plane", "api-gateway", "sts", "eventbridge", "connect"]

  # Served from us-east-1, with a standby region to fail over to.
  depends_on "shd-us-east-1" {
    group = "publish"
  }
  depends_on "shd-standby" {
    group = "publish"
  }
}

service "shd-us-east-1" {
  title = "Service Health Dashboard, us-east-1"
  role  = "tooling"
  depends_on "internal-interconnect" {}
}

service "shd-standby" {
  title = "Service Health Dashboard, standby region"
  role  = "tooling"
  # The congestion kept the dashboard's tooling from failing over to it.
  depends_on "shd-failover-tooling" {}
}

service "shd-failover-tooling" {
  title = "Service Health Dashboard failover tooling"
  role  = "tooling"
  depends_on "internal-interconnect" {}
}

service "support-contact-center" {
  title       = "AWS Support Contact Center"
  role        = "tooling"
  criticality = "critical"
  # Also runs on the internal network: no new cases from 7:33 AM to 2:25 PM,
  # three minutes after the congestion began.
  depends_on "internal-interconnect" {
    after = "3m"
  }
}
