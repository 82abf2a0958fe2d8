service "fe" {
  criticality = "critical"
  fleet {
    servers      = 100
    cells        = 2
    restart_rate = 50
    cold_start   = "10m"
    rto          = "1h"
  }
  resource "threads" {
    per_server = 100 + 7 * (N - 1)
    limit      = 800
    scope      = "fleet"
  }
  depends_on "db" {}
  depends_on "cache" {
    impact = "degraded"
    buffer {
      fills_in = "5m"
    }
  }
}
service "db" { role = "storage" }
service "cache" {
  depends_on "a" { group = "g" }
  depends_on "b" {
    group  = "g"
    tested = false
  }
}
service "a" {}
service "b" {}
scenario "grow" {
  service      = "fe"
  duration     = "3h"
  sample_every = "5m"
  add_capacity {
    servers = 20
    over    = "30m"
  }
  alarm {
    on = "errors"
  }
  recovery {
    at = "1h"
  }
}
