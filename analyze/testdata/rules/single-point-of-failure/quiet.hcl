# No single point of failure: a degraded edge, a dropping buffer, two
# independent alternatives, and a service that is not critical.
service "api" {
  criticality = "critical"
  depends_on "cache" { impact = "degraded" }
  depends_on "logs" {
    impact = "none"
    buffer {
      fills_in = "1h"
      on_full  = "drop"
    }
  }
  depends_on "a" { group = "g" }
  depends_on "b" { group = "g" }
}

service "cache" {}
service "logs" {}
service "a" {}
service "b" {}

service "batch" {
  depends_on "a" {}
}
