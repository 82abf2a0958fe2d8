# Redundancy intact: backup does not share console's dependency on auth; a
# group with one member is no redundancy, so there is nothing to defeat;
# and a degraded alternative never takes the group out.
service "status" {
  role        = "status"
  criticality = "critical"
  depends_on "console" { group = "publish" }
  depends_on "backup" {
    group  = "publish"
    tested = false
  }
  depends_on "auth" { group = "solo" }
}

service "console" {
  role = "tooling"
  depends_on "auth" {}
}

service "backup" {
  role = "tooling"
}

service "auth" {
  role        = "auth"
  criticality = "critical"
}

service "app" {
  depends_on "east" { group = "region" }
  depends_on "west" {
    group  = "region"
    impact = "degraded"
  }
}

service "east" {
  depends_on "dns" {}
}

service "west" {
  depends_on "dns" {}
}

service "dns" {}
