# Retries at one layer only, or capped by a budget, stay within the limit:
# 3 x 3 = 9 at most, and a 10% budget counts 1.1. A cycle without retries
# multiplies nothing, but it carries the product on: orders and ledger need
# each other without retries, so ledger gets orders' 9 (still quiet), and
# bank, below ledger, 9 x 2 = 18 on a chain through the cycle.
service "web" {
  depends_on "api" {
    retry {
      attempts = 3
    }
  }
}

service "api" {
  depends_on "orders" {
    retry {
      attempts = 3
    }
  }
  depends_on "audit" {
    retry {
      attempts = 100
      budget   = 0.1
    }
  }
}

service "orders" {
  depends_on "ledger" {}
}

service "ledger" {
  depends_on "orders" {}
  depends_on "bank" {
    retry { # want "^bank receives up to 18 calls for each call web makes: 3 tries of api, 3 tries of orders and 2 tries of bank multiply" path "web -> api -> orders -> ledger -> bank"
      attempts = 2
    }
  }
}

service "bank" {}

service "audit" {
  depends_on "archive" {
    retry {
      attempts = 1
      budget   = 0.5 # one try has no retry to budget
    }
  }
}

service "archive" {}
