# A small model of the 2020-11-25 Kinesis outage for the views' golden files:
# a front-end fleet whose thread law crosses its limit, its dependents with a
# delay, a blocking buffer and a redundancy group, and an unrelated corner
# (search over db-a or db-b) for the cut sets.

service "kinesis-frontend" {
  fleet {
    servers      = 4300
    cells        = 1
    restart_rate = 350
    cold_start   = "2h"
    rto          = "4h"
  }
  resource "threads" {
    per_server = 1000 + 7 * (N - 1)
    limit      = 32768
    unit       = "threads"
  }
}

service "cloudwatch" {
  role = "monitoring"
  depends_on "kinesis-frontend" {
    impact = "degraded"
    after  = "5m"
  }
}

service "lambda" {
  depends_on "cloudwatch" {
    impact = "degraded"
  }
}

service "cognito" {
  depends_on "kinesis-frontend" {
    impact = "degraded"
    buffer {
      fills_in = "106m"
      on_full  = "block"
    }
  }
}

service "status-tool" {
  depends_on "cognito" {}
}

service "health-dashboard" {
  depends_on "status-tool" {
    impact = "degraded"
  }
}

service "sqs-bridge" {
  depends_on "cognito" {}
}

service "eventbridge" {
  depends_on "kinesis-frontend" {
    after = "30m"
    group = "ingest"
  }
  depends_on "sqs-bridge" {
    group = "ingest"
  }
}

service "ecs" {
  depends_on "eventbridge" {
    impact = "degraded"
    after  = "15m"
  }
}

service "iot" {
  depends_on "kinesis-frontend" {}
}

service "s3" {}

service "search" {
  depends_on "db-a" {
    group = "db"
  }
  depends_on "db-b" {
    group = "db"
  }
}

service "db-a" {}

service "db-b" {
  depends_on "s3" {}
}

scenario "capacity-addition-2020-11-25" {
  service      = "kinesis-frontend"
  start        = "2020-11-25T02:44:00-08:00"
  duration     = "24h"
  sample_every = "1h" # a readable golden series
  seed         = 1
  discovery    = "60m"

  add_capacity {
    at      = "0s"
    servers = 500
    over    = "63m"
  }

  alarm {
    on        = "errors"
    threshold = 0.05
  }

  recovery {
    at           = "5h7m"
    rollback     = true
    restart_rate = 350
    bootstrap    = "peers"
  }
}
