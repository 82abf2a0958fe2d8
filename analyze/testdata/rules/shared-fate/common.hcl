# stream takes out metrics, auth and tool: three roles, two of them
# critical. db, upstream of stream, takes out exactly stream and what
# stream takes out, so the finding names stream, with a path from the
# observer it blinds.
service "db" {
  role        = "storage"
  criticality = "critical"
}

service "stream" { # want error "^stream is the hidden common dependency of 3 services across 3 roles \(auth, monitoring and tooling\), 2 of them critical \(auth and metrics\): they all fail when it fails$" path "metrics -> stream"
  criticality = "critical"
  depends_on "db" {}
}

service "metrics" {
  role        = "monitoring"
  criticality = "critical"
  depends_on "stream" {}
}

service "auth" {
  role        = "auth"
  criticality = "critical"
  depends_on "stream" {}
}

service "tool" {
  role        = "tooling"
  criticality = "low"
  depends_on "auth" {}
}
