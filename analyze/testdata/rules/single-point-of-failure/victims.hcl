# A cause that takes out more than the critical service says how many.
service "web" {
  criticality = "critical"
  depends_on "auth" {} # want "^auth is a single point of failure of web \(critical\); its failure alone takes out 2 services in all$"
}

service "admin" {
  depends_on "auth" {}
}

service "auth" {
  role = "auth"
}
