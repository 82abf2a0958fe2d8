# A gossip mesh keeps a connection to every peer: linear per-server use,
# quadratic in all, a warning. Logarithmic growth is info.
service "gossip" {
  fleet {
    servers = 2000
  }
  resource "connections" { # want warning "^gossip: connections per server grow as N \(3 per peer\), so the fleet's total grows as N\^2: every server added makes every other server heavier; the 8,192-connection limit is crossed at 2,710 servers$"
    per_server = 64 + 3 * N
    limit      = 8192
  }
}

service "cloudwatch" {
  fleet {
    servers = 1200
  }
  resource "fds" { # want info "^cloudwatch: file descriptors per server grow as log N, so the fleet's total grows as N log N: slowly, but it never levels off$"
    per_server = 2048 + 4 * ceil(log(N, 2))
    limit      = 65536
    unit       = "file descriptors"
  }
}
