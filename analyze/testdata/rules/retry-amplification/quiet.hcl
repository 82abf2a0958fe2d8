# Retries at one layer only, or capped by a budget, stay within the limit:
# 3 x 3 = 9 at most, and a 10% budget counts 1.1. A cycle without retries
# multiplies nothing.
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
}

service "audit" {
  depends_on "archive" {
    retry {
      attempts = 1
      budget   = 0.5 # one try has no retry to budget
    }
  }
}

service "archive" {}
