# No hard cycle: a soft back edge, a back edge through one of two
# alternatives, and a buffer that drops when full.
service "auth" {
  depends_on "config" {}
}

service "config" {
  depends_on "auth" { impact = "degraded" }
}

service "x" {
  depends_on "y" { group = "g" }
  depends_on "z" { group = "g" }
}

service "y" {
  depends_on "x" {}
}

service "z" {}

service "p" {
  depends_on "q" {}
}

service "q" {
  depends_on "p" {
    impact = "none"
    buffer {
      fills_in = "1h"
      on_full  = "drop"
    }
  }
}
