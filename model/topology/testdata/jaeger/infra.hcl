service "frontend" {
  tags = ["web"]

  depends_on "orders" {}
}

service "orders" {
  depends_on "postgres" {
    impact = "degraded"
  }
}

service "postgres" {
  role = "storage"
}
