# Within the RTO, or no RTO declared: nothing to report.
service "kinesis-frontend" {
  fleet {
    servers      = 600
    restart_rate = 350
    cold_start   = "2h"
    rto          = "4h"
  }
}

service "batch" {
  fleet {
    servers      = 1000
    restart_rate = 100
  }
}
