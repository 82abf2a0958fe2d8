# checkout's call to orders was seen; its failover path to orders-replica and
# reports' nightly batch were not, and reports was not seen at all.
service "checkout" {
  depends_on "orders" {}
  depends_on "orders-replica" { # want info "^checkout depends on orders-replica, but no call from checkout to orders-replica was observed$" path "checkout -> orders-replica"
    group  = "orders"
    tested = false
  }
}

service "orders" {}

service "orders-replica" {}

service "reports" {
  depends_on "orders" {} # want info "^reports depends on orders, but no call from reports to orders was observed \(reports itself was not seen in the observations\)$"
}
