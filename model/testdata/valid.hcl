# A small shop: an API fleet on a cellular store, with a status page.
locals {
  fd_limit   = local.base_fds * 64
  base_fds   = 1024
  per_peer   = 2
}

service "api" {
  title       = "Public API"
  criticality = "critical"
  tags        = ["edge"]

  fleet {
    servers      = 120
    cells        = 4
    cold_start   = "5m"
    restart_rate = 600
    rto          = "1h"
  }

  resource "fds" {
    per_server = 200 + local.per_peer * (N - 1)
    limit      = local.fd_limit
    scope      = "cell"
    unit       = "file descriptors"
  }

  resource "conns" {
    per_server = 50 * ceil(log(N, 2)) + pow(N, 0.5)
    limit      = 10000
  }

  depends_on "store" {
    after = "30s"
  }
  depends_on "auth" {
    impact = "degraded"
    group  = "login"
    buffer {
      capacity  = "64MiB"
      fill_rate = "1MiB/min"
      on_full   = "drop"
    }
  }
  depends_on "auth-backup" {
    impact = "degraded"
    group  = "login"
    tested = false
  }
}

service "store" {
  role        = "storage"
  criticality = "critical"
}

service "auth" {
  role = "auth"
  depends_on "store" {
    buffer {
      fills_in = "2d"
    }
  }
}

service "auth-backup" {
  role = "auth"
}

service "metrics" {
  role     = "monitoring"
  monitors = ["api", "store"]
  depends_on "store" {
    impact = "none"
    buffer {
      capacity  = 10000
      fill_rate = "100/s"
      fills_in  = "100s"
      on_full   = "fail"
      tested    = true
    }
  }
}

scenario "grow-api" {
  service   = "api"
  duration  = "12h"
  seed      = 7
  discovery = "30m"

  add_capacity {
    servers = 40
    over    = "1h"
  }
  add_capacity {
    at      = "3h"
    servers = 10
  }

  alarm {
    on        = "resource"
    threshold = 0.9
  }

  recovery {
    at           = "2h"
    restart_rate = 300
    bootstrap    = "store"
  }
}

policy {
  fail_on  = "warning"
  headroom = 0.5

  ignore "untested-failsafe" {
    subjects = ["api", "auth-backup"]
    reason   = "drilled quarterly"
    until    = "2027-01-31"
  }
}
