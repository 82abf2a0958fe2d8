# A cycle with a critical member is an error; web, which needs the cycle,
# is not part of it. The path is a shortest cycle through the first member.
service "auth" {
  role        = "auth"
  criticality = "critical"
  depends_on "config" {} # want error "^auth, config and secrets need each other" path "auth -> config -> auth"
}

service "config" {
  role = "control-plane"
  depends_on "auth" {}
  depends_on "secrets" {}
}

service "secrets" {
  depends_on "auth" {}
}

service "web" {
  depends_on "auth" {}
}
