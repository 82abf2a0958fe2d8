service "db" { criticality = "critical" }
service "api" {
  criticality = "critical"
  depends_on "db" {}
  depends_on "cache" { impact = "degraded" }
}
service "cache" {
  depends_on "db" { after = "5m" }
}
service "mon" {
  role     = "monitoring"
  monitors = ["api", "db"]
  depends_on "api" { impact = "degraded" }
}
