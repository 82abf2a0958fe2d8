# The status page does not depend on web, but dns takes out both: it shares
# web's fate and goes out with it.
service "status" {
  role     = "status"
  monitors = ["web"]
  depends_on "dns" {} # want error "^status monitors web but shares its fate: a failure of dns takes web out and fails status$" path "status -> dns"
}

service "web" {
  depends_on "dns" {}
}

service "dns" {
  role = "network"
}
