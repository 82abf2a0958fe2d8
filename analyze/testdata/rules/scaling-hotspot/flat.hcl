# Per-server use that does not grow with the fleet, and a resource of a
# service without a fleet: no hotspot.
service "api" {
  fleet {
    servers = 500
  }
  resource "mem" {
    per_server = 512
    limit      = 4096
    unit       = "MiB"
  }
}

service "lib" {}
