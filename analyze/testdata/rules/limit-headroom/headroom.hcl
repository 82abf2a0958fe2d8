# Kinesis ran 239 servers (5.6%) below its thread limit, less than the
# default 25% headroom: a warning. A proxy over its limit is an error that
# says how large a fleet fits.
service "kinesis-frontend" {
  fleet {
    servers = 4300
  }
  resource "threads" { # want warning "^kinesis-frontend: adding 240 servers \(5.6%\) crosses the 32,768-thread limit \(31,093 threads per server today at 4,300 servers; the policy headroom is 25%\)$"
    per_server = 1000 + 7 * (N - 1)
    limit      = 32768
    unit       = "threads"
  }
}

service "db-proxy" {
  fleet {
    servers = 1500
  }
  resource "connections" { # want error "^db-proxy uses 22,600 connections per server at 1,500 servers, over the 20,000-connection limit: at most 1,410 servers fit$"
    per_server = 100 + 0.01 * N * N
    limit      = 20000
  }
}
