# Independent monitoring: mon runs on its own store; a service that is no
# observer may share anything; an observer may monitor itself.
service "mon" {
  role     = "monitoring"
  monitors = ["api", "mon"]
  depends_on "own-store" {}
}

service "api" {
  criticality = "critical"
  depends_on "db" {}
}

service "db" {
  role = "storage"
}

service "own-store" {
  role = "storage"
}

service "batch" {
  monitors = ["api"]
  depends_on "db" {}
}
