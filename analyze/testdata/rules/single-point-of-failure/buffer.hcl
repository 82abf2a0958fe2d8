# A dependency declared none whose buffer blocks when full takes api out in
# time: a single point of failure.
service "api" {
  criticality = "critical"
  depends_on "metrics" { # want "^metrics is a single point of failure of api \(critical\)$" path "api -> metrics"
    impact = "none"
    buffer {
      fills_in = "1h"
      on_full  = "block"
    }
  }
}

service "metrics" {}
