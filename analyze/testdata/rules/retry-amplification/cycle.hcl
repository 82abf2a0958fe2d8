# api and jobs retry each other: every round multiplies the calls by
# 2 x 3 = 6, whatever the limit; reported once, at the largest retry of the
# cycle, and services below the cycle are not reported for it. A chain into
# a critical service is an error, and a tie in the product goes to the
# shorter chain, then the lexically smaller one.
policy {
  max_retry_amplification = 4
}

service "jobs" {
  depends_on "api" {
    retry { # want warning "^api and jobs call each other in a cycle that retries: every round multiplies the calls by 6, so they grow with every round$" path "jobs -> api -> jobs"
      attempts = 3
    }
  }
}

service "api" {
  depends_on "jobs" {
    retry {
      attempts = 2
    }
  }
  depends_on "store" {}
}

service "store" {}

service "a" {
  depends_on "b" {
    retry {
      attempts = 3
    }
  }
  depends_on "c" {
    retry {
      attempts = 2
    }
  }
}

service "b" {
  depends_on "pay" {
    retry { # want error "^pay receives up to 6 calls for each call a makes: 3 tries of b and 2 tries of pay multiply, more than max_retry_amplification \(4\)$" path "a -> b -> pay"
      attempts = 2
    }
  }
}

service "c" {
  depends_on "pay" {
    retry {
      attempts = 3
    }
  }
}

service "pay" {
  criticality = "critical"
}
