# One cause, several nearest victims and several taken out through each:
# the message groups them by the nearest victim they go through.
service "payments" {
  criticality = "critical"
  depends_on "db" {}
}

service "orders" {
  criticality = "critical"
  depends_on "db" {} # want "^db is a single point of failure of 5 critical services: orders and payments, and cart through orders, billing and ledger through payments$" path "orders -> db"
}

service "cart" {
  criticality = "critical"
  depends_on "orders" {} # want "^orders is a single point of failure of cart \(critical\)$"
}

service "billing" {
  criticality = "critical"
  depends_on "payments" {} # want "^payments is a single point of failure of 2 critical services: billing and ledger$"
}

service "ledger" {
  criticality = "critical"
  depends_on "payments" {}
}

service "db" {
  role = "storage"
}
