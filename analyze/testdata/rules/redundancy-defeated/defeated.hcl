# The status page's two publishing tools both sign in through auth: one
# failure of auth (or of stream, upstream of it) takes out every
# alternative. The finding names the nearest, auth, and points at the
# group's first member by ID.
service "status" {
  role        = "status"
  criticality = "critical"
  depends_on "console" { group = "publish" }
  depends_on "backup" { # want error "^status's redundancy group \"publish\" \(backup and console\) is defeated: a failure of auth alone takes out every alternative$" path "status -> backup -> auth"
    group  = "publish"
    tested = false
  }
}

service "console" {
  role = "tooling"
  depends_on "auth" {}
}

service "backup" {
  role = "tooling"
  depends_on "auth" {}
}

service "auth" {
  role        = "auth"
  criticality = "critical"
  depends_on "stream" {}
}

service "stream" {
  criticality = "critical"
}
