policy {
  shared_fate_roles    = 2
  shared_fate_critical = 1
  headroom             = 0.5
  ignore "shared-fate" {
    subjects = ["root"]
    reason   = "known"
  }
}
service "root" { role = "network" }
service "s1" {
  role        = "tooling"
  criticality = "critical"
  depends_on "root" {}
}
service "s2" {
  role = "control-plane"
  depends_on "root" { after = "1d" }
}
service "s3" {
  role     = "monitoring"
  monitors = ["s1", "s2", "root"]
  depends_on "s1" {}
}
