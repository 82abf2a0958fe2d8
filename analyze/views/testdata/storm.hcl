# The views' load fixture: api retries orders three times; a one-minute
# brownout at orders starts a storm that outlasts it.
service "api" {
  load = "400/s"
  depends_on "orders" {
    timeout = "1s"
    retry {
      attempts = 3
    }
  }
}

service "orders" {
  criticality = "critical"
  fleet {
    servers = 10
  }
  capacity {
    per_server = "100/s"
  }
}

scenario "storm" {
  service      = "orders"
  start        = "2024-11-12T14:00:00Z"
  duration     = "30m"
  sample_every = "2m"
  disturbance {
    at       = "5m"
    for      = "1m"
    capacity = 0.1
  }
}
