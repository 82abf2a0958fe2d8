service "cognito" {
  role        = "auth"
  criticality = "critical"
  depends_on "kinesis" {
    impact = "degraded"
    note   = "analytics"
    buffer {
      capacity  = "2GiB"
      fill_rate = "34MiB/min"
      on_full   = "block"
    }
  }
  depends_on "logs" {
    impact = "none"
    buffer {
      fills_in = "1h"
      on_full  = "drop"
      tested   = true
    }
  }
  depends_on "metrics" {
    impact = "none"
    buffer {
      fills_in = "30m"
      on_full  = "fail"
    }
  }
}
service "kinesis" { criticality = "critical" }
service "logs" {}
service "metrics" {}
service "status" {
  role     = "status"
  monitors = ["kinesis", "cognito"]
  depends_on "cognito" {}
}
