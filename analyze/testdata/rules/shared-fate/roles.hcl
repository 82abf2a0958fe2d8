# Three roles and no critical service: a warning, with the path from the
# first victim.
service "net" { # want warning "^net is the hidden common dependency of 3 services across 3 roles \(control-plane, service and tooling\): they all fail when it fails$" path "api -> net"
  role = "network"
}

service "api" {
  depends_on "net" {}
}

service "deploy" {
  role = "tooling"
  depends_on "net" {}
}

service "scheduler" {
  role = "control-plane"
  depends_on "net" {}
}
