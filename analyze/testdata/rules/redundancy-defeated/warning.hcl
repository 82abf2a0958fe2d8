# A defeated group of a medium service is a warning.
service "app" {
  depends_on "east" { group = "region" } # want warning "^app's redundancy group \"region\" \(east and west\) is defeated: a failure of dns alone"
  depends_on "west" { group = "region" }
}

service "east" {
  depends_on "dns" {}
}

service "west" {
  depends_on "dns" {}
}

service "dns" {
  role = "network"
}
