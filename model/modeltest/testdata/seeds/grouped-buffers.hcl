service "w" {
  depends_on "m1" {
    group = "g"
    impact = "degraded"
  }
  depends_on "m2" {
    group = "g"
    impact = "none"
    buffer {
      fills_in = "10m"
      on_full  = "block"
    }
  }
  depends_on "m3" { group = "h" }
}
service "m1" {
  depends_on "m2" {}
}
service "m2" {}
service "m3" {}
