# Far from the limit, or closer than the default headroom but within the
# policy's 10%.
policy {
  headroom = 0.1
}

service "api" {
  fleet {
    servers = 3000
  }
  resource "threads" {
    per_server = 2 * N
    limit      = 32768
  }
}

service "search" {
  fleet {
    servers = 5000
  }
  resource "fds" {
    per_server = 4000 + 200 * log(N, 2)
    limit      = 6500
  }
}
