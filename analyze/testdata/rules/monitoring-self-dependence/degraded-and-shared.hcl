# mon is degraded when api fails, which it watches; and net, which takes db
# out, degrades mon: it shares db's fate. Both are warnings (mon is only
# degraded), located at the first hop of the path.
service "mon" {
  role        = "monitoring"
  criticality = "high"
  monitors    = ["api", "db"]
  depends_on "api" { impact = "degraded" } # want warning "^mon monitors api but is degraded when it fails" path "mon -> api"
  depends_on "net" { impact = "degraded" } # want warning "^mon monitors db but shares its fate: a failure of net takes db out and degrades mon$" path "mon -> net"
}

service "api" {
  criticality = "critical"
}

service "db" {
  role        = "storage"
  criticality = "critical"
  depends_on "net" {}
}

service "net" {
  role        = "network"
  criticality = "critical"
}
