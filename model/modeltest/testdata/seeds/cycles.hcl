service "a" {
  criticality = "high"
  depends_on "b" {}
}
service "b" {
  depends_on "c" {}
}
service "c" {
  depends_on "a" {}
  depends_on "d" { impact = "degraded" }
}
service "d" {
  depends_on "b" { impact = "none" }
}
