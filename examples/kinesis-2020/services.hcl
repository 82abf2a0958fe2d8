# The Amazon Kinesis event in US-EAST-1, 2020-11-25, as a blast model.
#
# What happened, in short: at 02:44 PST a small capacity addition to the Kinesis
# front-end fleet began (done at 03:47). Every front-end server keeps one OS thread
# per peer, so each server's thread count grows with the fleet. Over the next hour
# or so, as servers learned of their new peers, every server crossed its OS thread
# limit at once. Threads could not be created, shard-map caches could not be built,
# and the whole front end served errors while its processes stayed alive. Alarms
# fired at 05:15. CloudWatch, EventBridge and Firehose failed with Kinesis, Lambda
# an hour later (metric buffers crowding out memory), Cognito at 07:01 (a "best
# effort" analytics buffer that blocked when full), and the Service Health
# Dashboard could not be updated because its publishing tool signed in through
# Cognito. A full restart began at 07:51; servers could only rejoin a few hundred
# per hour, so Kinesis was not fully back until 22:23.
#
# Run:   blast analyze examples/kinesis-2020
#        blast cascade examples/kinesis-2020 --fail kinesis-frontend --at 2020-11-25T05:15:00-08:00
#        blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25

locals {
  # Linux's default pid_max (PID_MAX_DEFAULT): every thread takes a PID, so it is
  # the likeliest ceiling. AWS named only "an operating system configuration".
  os_thread_limit = 32768

  # Threads a front-end server needs whatever the fleet size: request handling,
  # throttling and shard-map construction.
  base_threads = 1000

  # Threads per peer. AWS says "threads for each of the other servers"; the exact
  # number is not public. Seven per peer puts the crossing point just above
  # today's fleet, which is what "a relatively small addition" implies.
  threads_per_peer = 7
}

# ---------------------------------------------------------------------------
# Kinesis Data Streams
# ---------------------------------------------------------------------------

service "kinesis-frontend" {
  title       = "Kinesis front-end fleet"
  criticality = "critical"
  tags        = ["kinesis", "data-plane"]

  # Many thousands of servers, one monolithic fleet: every server talks to
  # every other one. cells = 1 is the design choice that made the failure
  # fleet-wide.
  fleet {
    servers      = 4300
    cells        = 1
    restart_rate = 350  # "a few hundred servers per hour" could safely rejoin
    cold_start   = "2h" # restart decided 07:51, first servers took traffic at 10:07
    rto          = "4h" # what a team would want for its core data plane
  }

  # One thread per peer: O(N) per server, O(N^2) across the fleet.
  resource "threads" {
    per_server = local.base_threads + local.threads_per_peer * (N - 1)
    limit      = local.os_thread_limit
    unit       = "threads"
  }

  # The shard-map cache is built from three sources: a membership microservice,
  # DynamoDB (authoritative configuration) and messages from the other front-end
  # servers.
  depends_on "fleet-membership" {
    impact = "outage"
    after  = "10m"
    note   = "membership vended to build the shard map"
  }
  depends_on "dynamodb" {
    impact = "outage"
    after  = "10m"
    note   = "authoritative shard configuration"
  }
  depends_on "kinesis-backend" {
    impact = "outage"
    note   = "requests are routed to the back-end cell that owns the shard"
  }
}

service "kinesis-backend" {
  title       = "Kinesis back-end cells"
  role        = "storage"
  criticality = "critical"
  tags        = ["kinesis"]
  # Already cellularized in 2020, and it survived: no dependency on the front end.
}

service "fleet-membership" {
  title       = "Front-end fleet membership service"
  role        = "control-plane"
  criticality = "high"
  tags        = ["kinesis"]
}

service "dynamodb" {
  title       = "Amazon DynamoDB"
  role        = "storage"
  criticality = "critical"
}

# ---------------------------------------------------------------------------
# Monitoring that runs on what it monitors
# ---------------------------------------------------------------------------

service "cloudwatch" {
  title       = "Amazon CloudWatch"
  role        = "monitoring"
  criticality = "critical"
  monitors    = ["kinesis-frontend", "lambda", "cognito", "eventbridge", "autoscaling"]

  # PutMetricData and PutLogEvents go through Kinesis Data Streams. Errors began
  # at 05:15, with Kinesis; alarms went to INSUFFICIENT_DATA.
  depends_on "kinesis-frontend" {
    impact = "outage"
    note   = "metric and log processing runs on Kinesis"
  }
}

service "autoscaling" {
  title       = "Reactive AutoScaling"
  role        = "control-plane"
  criticality = "high"

  # Reactive policies had no metrics to react to: delayed, not down.
  depends_on "cloudwatch" {
    impact = "degraded"
    note   = "scaling policies consume CloudWatch metrics"
  }
}

service "lambda" {
  title       = "AWS Lambda"
  criticality = "critical"
  tags        = ["compute"]

  # Invocations publish metrics to CloudWatch. When CloudWatch was down, the
  # metric agents buffered locally; the buffers grew until they crowded out
  # memory on the invocation hosts, and invocation errors began at 06:15,
  # an hour after CloudWatch failed.
  depends_on "cloudwatch" {
    impact = "none"
    note   = "metrics are best effort, in theory"

    buffer {
      fills_in = "1h"
      on_full  = "fail"
      tested   = false
    }
  }
}

# ---------------------------------------------------------------------------
# Authentication and the untested failsafe
# ---------------------------------------------------------------------------

service "cognito" {
  title       = "Amazon Cognito"
  role        = "auth"
  criticality = "critical"

  # API access analytics go to Kinesis, "best effort": a local buffer was meant
  # to absorb Kinesis latency or short outages. Under a long outage a latent bug
  # made the webservers block on the full buffer; errors rose sharply at 07:01,
  # 1h46m after Kinesis failed. Dropping the data would have kept sign-in up.
  depends_on "kinesis-frontend" {
    impact = "none"
    note   = "API access analytics"

    buffer {
      capacity  = "3604MiB"
      fill_rate = "34MiB/min" # full after 1h46m
      on_full   = "block"
      tested    = false
    }
  }
}

service "workspaces" {
  title = "Amazon WorkSpaces"
  tags  = ["end-user"]

  depends_on "cognito" {
    impact = "outage"
    note   = "users sign in through Cognito"
  }
}

# ---------------------------------------------------------------------------
# Events and the services that run on them
# ---------------------------------------------------------------------------

service "eventbridge" {
  title       = "Amazon EventBridge / CloudWatch Events"
  criticality = "high"

  depends_on "kinesis-frontend" {
    impact = "outage"
    note   = "the event-processing pipeline runs on Kinesis"
  }
}

service "ecs" {
  title       = "Amazon ECS"
  criticality = "high"
  tags        = ["compute"]

  # Provisioning, scaling and task de-provisioning workflows are driven by
  # EventBridge: running tasks kept running.
  depends_on "eventbridge" {
    impact = "degraded"
  }
}

service "eks" {
  title       = "Amazon EKS"
  criticality = "high"
  tags        = ["compute"]

  depends_on "eventbridge" {
    impact = "degraded"
  }
}

service "s3-event-notifications" {
  title = "Amazon S3 event notifications"

  depends_on "eventbridge" {
    impact = "outage"
  }
}

service "firehose" {
  title = "Amazon Data Firehose"

  depends_on "kinesis-frontend" {
    impact = "outage"
    note   = "delivery streams are built on Kinesis"
  }
}

service "iot" {
  title = "AWS IoT"

  depends_on "kinesis-frontend" {
    impact = "degraded"
    note   = "reported to use Kinesis internally"
  }
}

service "redshift" {
  title       = "Amazon Redshift"
  criticality = "low"

  depends_on "cloudwatch" {
    impact = "degraded"
    note   = "logging and metrics"
  }
}

service "glue" {
  title       = "AWS Glue"
  criticality = "low"

  depends_on "cloudwatch" {
    impact = "degraded"
    note   = "logging and metrics"
  }
}

# ---------------------------------------------------------------------------
# The status page that could not report the outage
# ---------------------------------------------------------------------------

service "service-health-dashboard" {
  title       = "AWS Service Health Dashboard"
  role        = "status"
  criticality = "critical"
  monitors    = ["kinesis-frontend", "cloudwatch", "lambda", "cognito", "eventbridge"]

  # Updates are posted through either tool: a redundancy group. The primary
  # tool signs in through Cognito; the backup has minimal dependencies but was
  # "more manual and less familiar", so updates through it were slow.
  depends_on "shd-console" {
    group = "publish"
  }
  depends_on "shd-backup-tool" {
    group  = "publish"
    tested = false
    note   = "operators had not drilled on it"
  }
}

service "shd-console" {
  title = "Service Health Dashboard publishing tool"
  role  = "tooling"

  depends_on "cognito" {
    impact = "outage"
    note   = "operators sign in through Cognito"
  }
}

service "shd-backup-tool" {
  title = "Service Health Dashboard backup tool"
  role  = "tooling"
  # Minimal dependencies by design.
}
