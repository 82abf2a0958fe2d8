locals { per_peer = 7 }
service "fe" {
  criticality = "critical"
  fleet {
    servers = 4300
    cells   = 1
  }
  resource "threads" {
    per_server = 1000 + local.per_peer * (N - 1)
    limit      = 32768
    unit       = "threads"
  }
  resource "fds" {
    per_server = 64 * log(N, 2)
    limit      = 65536
    scope      = "cell"
  }
}
