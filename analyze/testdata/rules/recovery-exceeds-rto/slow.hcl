# A full restart of 4,300 servers at 350 an hour, plus a two-hour cold
# start, takes far longer than the four-hour RTO: an error for a critical
# service, a warning otherwise; a cold start longer than the RTO cannot be
# met at any rate.
service "kinesis-frontend" {
  criticality = "critical"
  fleet {
    servers      = 4300
    restart_rate = 350
    cold_start   = "2h"
    rto          = "4h" # want error "^kinesis-frontend: a full restart of 4,300 servers at 350/h plus a 2h cold start takes 14h17m, over the 4h RTO; meeting it needs 2,150/h$"
  }
}

service "batch" {
  fleet {
    servers      = 1000
    restart_rate = 100
    rto          = "1h" # want warning "^batch: a full restart of 1,000 servers at 100/h takes 10h, over the 1h RTO; meeting it needs 1,000/h$"
  }
}

service "warehouse" {
  fleet {
    servers      = 10
    restart_rate = 100
    cold_start   = "2h"
    rto          = "1h" # want warning "; the cold start alone exceeds it$"
  }
}
