# Two alternatives remove the single point of failure, unless they share a
# dependency: dns takes out both, so it is one.
service "api" {
  criticality = "critical"
  depends_on "a" { group = "g" } # want "^dns is a single point of failure of api \(critical\); its failure alone takes out 3 services in all$" path "api -> a -> dns"
  depends_on "b" { group = "g" }
}

service "a" {
  depends_on "dns" {}
}

service "b" {
  depends_on "dns" {}
}

service "dns" {
  role = "network"
}
