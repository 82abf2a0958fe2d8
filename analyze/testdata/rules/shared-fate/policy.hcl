# The policy lowers the threshold to two roles.
policy {
  shared_fate_roles = 2
}

service "db" { # want warning "^db is the hidden common dependency of 2 services across 2 roles \(service and tooling\)"
  role = "storage"
}

service "a" {
  depends_on "db" {}
}

service "b" {
  role = "tooling"
  depends_on "db" {}
}
