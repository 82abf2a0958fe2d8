service "p" {
  criticality = "critical"
  depends_on "x" { group = "g" }
  depends_on "y" {
    group  = "g"
    tested = false
  }
}
service "x" {
  depends_on "z" {}
}
service "y" {
  depends_on "z" {}
}
service "z" { role = "storage" }
