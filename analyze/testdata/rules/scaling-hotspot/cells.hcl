# A cell-scoped law grows within a cell only: cells bound it while the
# fleet grows by cells. Info.
service "kinesis-frontend" {
  fleet {
    servers = 4300
    cells   = 10
  }
  resource "threads" { # want info "^kinesis-frontend: threads per server grow as N within a cell \(430 servers today\), so a cell's total grows as N\^2; cells bound it as long as the fleet grows by adding cells \(a cell holds at most 4,539 servers within the 32,768-thread limit\)$"
    per_server = 1000 + 7 * (N - 1)
    limit      = 32768
    unit       = "threads"
    scope      = "cell"
  }
}
