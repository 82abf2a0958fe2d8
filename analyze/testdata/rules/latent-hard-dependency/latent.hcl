# Cognito treats Kinesis as degraded, but its buffer blocks when full: an
# error for a critical service. A none edge whose buffer fails adds its
# after to the fill time, and says what the buffer is for.
service "cognito" {
  role        = "auth"
  criticality = "critical"
  depends_on "kinesis-frontend" { # want error "^cognito treats kinesis-frontend as `degraded`, but its buffer blocks when full: after 1h46m of a kinesis-frontend outage, cognito is out$" path "cognito -> kinesis-frontend"
    impact = "degraded"
    buffer {
      fills_in = "106m"
      on_full  = "block"
    }
  }
}

service "kinesis-frontend" {}

service "a" {
  depends_on "b" { # want warning "^a treats b as `none`, but its buffer \(metrics\) fails when full: after 1h4m of a b outage, a is out$"
    impact = "none"
    after  = "4m"
    note   = "metrics"
    buffer {
      fills_in = "1h"
      on_full  = "fail"
    }
  }
}

service "b" {}

# "an" before a name read with a vowel.
service "checkout" {
  depends_on "order-queue" { # want warning "^checkout treats order-queue as `none`, but its buffer fails when full: after 30m of an order-queue outage, checkout is out$"
    impact = "none"
    buffer {
      fills_in = "30m"
      on_full  = "fail"
    }
  }
}

service "order-queue" {}
