# A cycle that does not retry carries the product on: orders and ledger
# need each other without retries, so ledger gets orders' 9, and bank,
# below ledger, 9 x 2 = 18 on a chain through the cycle.
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
